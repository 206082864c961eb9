from django.core.management.base import BaseCommand

from posts.models import Post
from posts.reach import pagecache
from posts.search.index import index_post


class Command(BaseCommand):
    help = "Rebuild the search keys and folded text of every request."

    def handle(self, *args, **options):
        count = 0
        for post in Post.objects.order_by("pk").iterator(chunk_size=500):
            index_post(post)
            count += 1
        pagecache.listing_changed()  # Searches may find other requests now; the index is written by updates.
        self.stdout.write(f"Reindexed {count} requests.")

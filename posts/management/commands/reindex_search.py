from django.core.management.base import BaseCommand

from posts.models import Post
from posts.reach import pagecache
from posts.search.index import bulk_index_posts


class Command(BaseCommand):
    help = "Rebuild the search keys, folded text and typo variants of every request."

    def handle(self, *args, **options):
        count = bulk_index_posts(Post.objects.order_by("pk").iterator(chunk_size=2_000))
        pagecache.listing_changed()  # Searches may find other requests now; the index is written by updates.
        self.stdout.write(f"Reindexed {count} requests.")

from django.core.management.base import BaseCommand

from accounts.privacy.data import prune_exports


class Command(BaseCommand):
    help = "Delete data-export zips older than a week, when their download links stop working (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {prune_exports()} old data exports.")

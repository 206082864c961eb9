from django.core.management.base import BaseCommand

from posts.requests.uploads import purge_expired


class Command(BaseCommand):
    help = (
        "Delete photos parked across a form that came back with errors once they are older than "
        "RECONNECT_PARKED_PHOTO_HOURS (run hourly)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {purge_expired()} parked photo files.")

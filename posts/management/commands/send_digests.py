from django.core.management.base import BaseCommand

from posts.reach.delivery import send_digests


class Command(BaseCommand):
    help = "Email the daily digest to members who chose it (run once a day, e.g. from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_digests()} digests.")

from django.core.management.base import BaseCommand

from posts.reach.delivery import send_due_request_emails


class Command(BaseCommand):
    help = (
        "Send the coalesced emails about requests that are due (run every few minutes, e.g. from cron; "
        "with a worker it only catches what the worker has not sent yet)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Looked at {send_due_request_emails()} due emails.")

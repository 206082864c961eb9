from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.roles import moderators
from posts.models import Comment, Message, Moderation, Post, Report
from posts.moderation.policy import QUEUE_REMINDER_AFTER
from reconnect.emails import send_to_user

HOURS = int(QUEUE_REMINDER_AFTER.total_seconds() // 3600)


class Command(BaseCommand):
    help = (
        "Email moderators when requests, comments, messages or reports have waited in the queue longer than "
        "QUEUE_REMINDER_AFTER (posts/moderation/policy.py)."
    )

    def handle(self, *args, **options):
        cutoff = timezone.now() - QUEUE_REMINDER_AFTER
        waiting = {
            "posts": Post.objects.filter(moderation=Moderation.PENDING, created_at__lt=cutoff).count(),
            "comments": Comment.objects.filter(moderation=Moderation.PENDING, created_at__lt=cutoff).count(),
            "messages": Message.objects.filter(moderation=Moderation.PENDING, created_at__lt=cutoff).count(),
            "reports": Report.objects.open().filter(created_at__lt=cutoff).count(),
        }
        if not any(waiting.values()):
            self.stdout.write(f"Nothing has waited more than {HOURS} hours.")
            return
        recipients = moderators()
        for moderator in recipients:
            send_to_user(moderator, "moderators_reminder", {**waiting, "hours": HOURS})
        self.stdout.write(f"Reminded {recipients.count()} moderators: {waiting}.")

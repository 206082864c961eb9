from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.roles import moderators
from posts.models import Comment, Message, Moderation, Post, Report
from reconnect.emails import send_to_user

WAITING = timedelta(hours=24)


class Command(BaseCommand):
    help = "Email moderators when requests, comments, messages or reports have waited in the queue over 24 hours."

    def handle(self, *args, **options):
        cutoff = timezone.now() - WAITING
        waiting = {
            "posts": Post.objects.filter(moderation=Moderation.PENDING, created_at__lt=cutoff).count(),
            "comments": Comment.objects.filter(moderation=Moderation.PENDING, created_at__lt=cutoff).count(),
            "messages": Message.objects.filter(moderation=Moderation.PENDING, created_at__lt=cutoff).count(),
            "reports": Report.objects.open().filter(created_at__lt=cutoff).count(),
        }
        if not any(waiting.values()):
            self.stdout.write("Nothing has waited more than 24 hours.")
            return
        recipients = moderators()
        for moderator in recipients:
            send_to_user(moderator, "moderators_reminder", waiting)
        self.stdout.write(f"Reminded {recipients.count()} moderators: {waiting}.")

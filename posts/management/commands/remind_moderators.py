from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db.models import Count, Q
from django.utils import timezone

from accounts.roles import moderators
from posts.models import Comment, Message, Post, ReviewItem
from posts.moderation.policy import QUEUE_REMINDER_AFTER
from posts.moderation.review import HOLDS
from reconnect.emails import send_to_user

HOURS = int(QUEUE_REMINDER_AFTER.total_seconds() // 3600)


class Command(BaseCommand):
    help = (
        "Email moderators when requests, comments, messages or reports have waited in the queue longer than "
        "QUEUE_REMINDER_AFTER (posts/moderation/policy.py)."
    )

    def handle(self, *args, **options):
        cutoff = timezone.now() - QUEUE_REMINDER_AFTER
        old = ReviewItem.objects.pending().filter(updated_at__lt=cutoff)
        content_type = ContentType.objects.get_for_model
        counts = old.aggregate(
            posts=Count("pk", filter=Q(reason__in=HOLDS, target_type=content_type(Post))),
            comments=Count("pk", filter=Q(reason__in=HOLDS, target_type=content_type(Comment))),
            messages=Count("pk", filter=Q(reason__in=HOLDS, target_type=content_type(Message))),
            # Reported or flagged: what was published and someone (or the site) asked a moderator to look at.
            reports=Count("pk", filter=~Q(reason__in=HOLDS)),
        )
        waiting = {name: counts[name] for name in ("posts", "comments", "messages", "reports")}
        if not any(waiting.values()):
            self.stdout.write(f"Nothing has waited more than {HOURS} hours.")
            return
        recipients = moderators()
        for moderator in recipients:
            send_to_user(moderator, "moderators_reminder", {**waiting, "hours": HOURS})
        self.stdout.write(f"Reminded {recipients.count()} moderators: {waiting}.")

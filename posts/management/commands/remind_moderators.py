from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db.models import Count, Q
from django.utils import timezone

from posts.models import Comment, Message, Post, ReviewItem
from posts.moderation.review import HOLDS
from reconnect.emails import send_to_user

WAITING = timedelta(hours=24)


class Command(BaseCommand):
    help = "Email moderators when requests, comments, messages or reports have waited in the queue over 24 hours."

    def handle(self, *args, **options):
        cutoff = timezone.now() - WAITING
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
            self.stdout.write("Nothing has waited more than 24 hours.")
            return
        moderators = (
            get_user_model()
            .objects.filter(Q(groups__name="Moderators") | Q(is_superuser=True), is_active=True)
            .distinct()
        )
        for moderator in moderators:
            send_to_user(moderator, "moderators_reminder", waiting)
        self.stdout.write(f"Reminded {moderators.count()} moderators: {waiting}.")

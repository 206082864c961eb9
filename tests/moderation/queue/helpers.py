"""Shared by the queue tests: held items and the log entries the services write."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from posts.models import Moderation
from tests.factories import CommentFactory, PostFactory


def held_post(**kwargs):
    return PostFactory(moderation=Moderation.PENDING, published_at=None, **kwargs)


def held_comment(**kwargs):
    return CommentFactory(moderation=Moderation.PENDING, **kwargs)


def log_messages(obj) -> list[str]:
    content_type = ContentType.objects.get_for_model(obj)
    return list(
        LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk))
        .order_by("pk")
        .values_list("change_message", flat=True)
    )

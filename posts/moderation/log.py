"""The moderation log: `record` is the only writer of ModerationAction.

Every action a moderator (or the site on its own, with no actor) takes on a request, comment, message, report,
revision or member goes through `record`, typed by `ModerationActionKind`, with the reason the moderator gave and
the facts of the action as JSON details (days of a sanction, levels before and after, counts). Nothing reads free
text to learn what happened. There is no copy in django's admin log: the admin's History pages read this one.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from posts.models import ModerationAction, ModerationActionKind

__all__ = ["ModerationActionKind", "record"]


def member_of(target: models.Model):
    """The member an action concerns: the account itself, or the author of what was acted on."""
    if target._meta.label == settings.AUTH_USER_MODEL:
        return target
    for field in ("author", "user"):
        if getattr(target, f"{field}_id", None) is not None:
            return getattr(target, field)
    # A report or an earlier version concerns whoever wrote what it is about.
    inner = getattr(target, "target", None)
    return member_of(inner) if isinstance(inner, models.Model) else None


def record(
    *,
    actor,
    action: str,
    target: models.Model,
    reason: str = "",
    member=None,
    at: datetime | None = None,
    **details: Any,
) -> ModerationAction:
    """Write one typed moderation action; `actor` is None when the site acted on its own, `at` defaults to now."""
    if action not in ModerationActionKind.values:
        raise ValueError(f"Unknown moderation action: {action}")
    fields = {"created_at": at} if at is not None else {}
    return ModerationAction.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=target.pk,
        target_repr=str(target)[:200],
        member=member if member is not None else member_of(target),
        reason=reason.strip(),
        details=details,
        **fields,
    )

"""The moderation log: `record` is the only writer of ModerationAction.

Every action a moderator (or the site on its own, with no actor) takes on a request, comment, message, report,
revision or member goes through `record`, typed by `ModerationActionKind`, with the reason the moderator gave and
any details as JSON. Nothing reads free text to learn what happened.
"""

from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

from posts.models import ModerationAction, ModerationActionKind

__all__ = ["ModerationActionKind", "audit", "record"]


def _member_of(target: models.Model):
    """The member an action concerns: the account itself, or the author of what was acted on."""
    if target._meta.label == "accounts.User":
        return target
    for field in ("author", "user"):
        if hasattr(target, f"{field}_id"):
            return getattr(target, field)
    return None


def record(
    *, actor, action: str, target: models.Model, reason: str = "", member=None, **details: Any
) -> ModerationAction:
    """Write one typed moderation action; `actor` is None when the site acted on its own."""
    if action not in ModerationActionKind.values:
        raise ValueError(f"Unknown moderation action: {action}")
    return ModerationAction.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=target.pk,
        target_repr=str(target)[:200],
        member=member if member is not None else _member_of(target),
        reason=reason.strip(),
        details=details,
    )


def audit(*, by, obj: models.Model, message: str) -> None:
    """Write a moderation action to the admin log, whichever page it came from."""
    LogEntry.objects.create(
        user_id=by.pk,
        content_type_id=ContentType.objects.get_for_model(obj, for_concrete_model=False).pk,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=CHANGE,
        change_message=message,
    )

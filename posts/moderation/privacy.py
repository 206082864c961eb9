"""A member's reports, and their name in the moderation log: their part of the export and of an account deletion.

Receivers of accounts.privacy.signals, connected in posts/apps.py.
"""

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from accounts.privacy.signals import UserDataExport
from posts.models import Comment, ModerationAction, Post, Report

User = get_user_model()


def export_reports(sender, *, user, export: UserDataExport, **kwargs) -> None:
    export.add("reports", [_report(report) for report in Report.objects.filter(reporter=user).order_by("pk")])


def _report(report: Report) -> dict[str, Any]:
    return {
        "reason": report.reason,
        "details": report.details,
        "status": report.status,
        "request_id": report.post_id,
        "comment_id": report.comment_id,
        "message_id": report.message_id,
        "created_at": report.created_at,
    }


def scrub_admin_log(sender, *, user, placeholder, marker: str, **kwargs) -> None:
    """Keep the moderation log, but without their name or text in it.

    What they did as a moderator stays, done by the placeholder. What was done to them or to what they wrote
    keeps its kind, date and facts, and loses the reason and the name of the target, which may quote them.
    The admin's own change log (edits made in its forms, not moderation) loses their names the same way.
    """
    post_ids = list(Post.objects.filter(author=user).values_list("pk", flat=True))
    comment_ids = set(Comment.objects.filter(author=user).values_list("pk", flat=True))
    report_ids = set(
        Report.objects.filter(Q(reporter=user) | Q(post__in=post_ids) | Q(comment__in=comment_ids)).values_list(
            "pk", flat=True
        )
    )
    ModerationAction.objects.filter(actor=user).update(actor=placeholder)
    ModerationAction.objects.filter(member=user).update(member=placeholder, target_repr=marker, reason="")
    LogEntry.objects.filter(user=user).update(user=placeholder)
    about, about_entries = Q(), Q()
    for model, ids in ((User, [user.pk]), (Post, post_ids), (Comment, comment_ids), (Report, report_ids)):
        if ids:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            about |= Q(target_type=content_type, target_id__in=ids)
            about_entries |= Q(content_type=content_type, object_id__in=[str(pk) for pk in ids])
    if about:
        ModerationAction.objects.filter(about).update(target_repr=marker, reason="")
        LogEntry.objects.filter(about_entries).update(object_repr=marker)


def erase_reports(sender, *, user, **kwargs) -> None:
    Report.objects.filter(reporter=user).delete()

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from posts.models import (
    Comment,
    Message,
    Moderation,
    Post,
    Report,
    ReportReason,
    ReportStatus,
    ReviewReason,
    ReviewStatus,
)
from posts.moderation import review
from posts.moderation.actions import _require_moderator, hide_comment, hide_post
from posts.moderation.log import audit
from posts.moderation.policy import AUTO_HIDE_REPORTERS
from posts.reach.alerts import refresh_matches_later
from posts.reach.delivery import notify
from posts.requests import permissions

User = get_user_model()


def report_content(
    *, reporter, reason: str, details: str = "", post: Post | None = None, comment: Comment | None = None
) -> Report:
    if not permissions.can_report(reporter):
        raise PermissionDenied(_("Please verify your email address before reporting."))
    if (post is None) == (comment is None):
        raise ValueError("Report exactly one request or one comment.")
    if reason not in ReportReason.values:
        raise ValidationError(_("Choose a reason."), code="reason")
    with transaction.atomic():
        report = Report.objects.open().filter(reporter=reporter, post=post, comment=comment).first()
        if report:
            report.reason, report.details = reason, details.strip()
            report.save(update_fields=["reason", "details"])
        else:
            report = Report.objects.create(
                reporter=reporter, post=post, comment=comment, reason=reason, details=details.strip()
            )
        if post is not None and reason == ReportReason.THIS_IS_ME and not post.photos_withheld:
            # The person sought asked for removal: their photos stop being shown before anyone reviews it.
            Post.objects.filter(pk=post.pk).update(photos_withheld=True)
            post.photos_withheld = True
            audit(by=reporter, obj=post, message="Photos withheld: removal requested by the person sought")
        _hide_when_reported_by_many(report)
        review.needs_review(
            target=post or comment,
            reason=ReviewReason.REMOVAL_REQUEST if reason == ReportReason.THIS_IS_ME else ReviewReason.REPORTS,
        )
    return report




def _hide_when_reported_by_many(report: Report) -> None:
    """Something reported by three different people is hidden until a moderator looks."""
    target = report.post or report.comment
    if target.moderation != Moderation.PUBLISHED:
        return
    # Members only: a report the site filed for a watched word is not one more person.
    same_target = Report.objects.open().filter(post=report.post, comment=report.comment, reporter__isnull=False)
    if same_target.values("reporter").distinct().count() < AUTO_HIDE_REPORTERS:
        return
    target.moderation = Moderation.HIDDEN
    target.moderation_reason = _("Hidden automatically after several reports, until a moderator has looked at it.")
    target.save(update_fields=["moderation", "moderation_reason"])
    audit(by=report.reporter, obj=target, message=f"Hidden automatically: reported by {AUTO_HIDE_REPORTERS} people")
    if isinstance(target, Post):
        refresh_matches_later(target)


def _close_report(report: Report, *, by, status: str, log: bool = True) -> Report:
    report.status = status
    report.handled_by = by
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "handled_by", "handled_at"])
    if log:
        audit(by=by, obj=report, message=f"Report {status}")
    post = report.post
    if (
        post is not None
        and post.photos_withheld
        and post.moderation == Moderation.PUBLISHED
        and not Report.objects.open().filter(post=post, reason=ReportReason.THIS_IS_ME).exists()
    ):
        # Nobody is left asking for removal and the request stays up: its photos come back.
        Post.objects.filter(pk=post.pk).update(photos_withheld=False)
    notify(report.reporter, "report_outcome", report_id=report.pk)
    review.resolve(
        target=report.target,
        by=by,
        status=ReviewStatus.APPROVED if status == ReportStatus.RESOLVED else ReviewStatus.IGNORED,
    )
    return report


def close_reports(*, target: Post | Comment | Message, by, status: str, log: bool = True) -> list[Report]:
    """Close every open report about `target` and tell each reporter, with one log entry for them all.

    With `log=False` there is none: the moderator's action on the content itself says what happened.
    """
    _require_moderator(by)
    with transaction.atomic():
        # Read now, after any change to the content, so that each report sees the content as it is.
        open_reports = (
            Report.objects.open()
            .filter(**{target._meta.model_name: target})
            .select_related("reporter", "post", "comment", "message")
            .order_by("created_at", "pk")
        )
        closed = [_close_report(report, by=by, status=status, log=False) for report in open_reports]
        if log and closed:
            audit(
                by=by, obj=target, message=f"Report {status}" if len(closed) == 1 else f"{len(closed)} reports {status}"
            )
    return closed


def resolve_report(*, report: Report, by) -> Report:
    _require_moderator(by)
    with transaction.atomic():
        return _close_report(report, by=by, status=ReportStatus.RESOLVED)


def dismiss_report(*, report: Report, by) -> Report:
    _require_moderator(by)
    with transaction.atomic():
        return _close_report(report, by=by, status=ReportStatus.DISMISSED)


def hide_reported_content(*, report: Report, by, reason: str) -> Report:
    """Hide what was reported and close every open report about it, in one step."""
    _require_moderator(by)
    with transaction.atomic():
        if report.post_id:
            hide_post(post=report.post, by=by, reason=reason)
            siblings = Report.objects.open().filter(post_id=report.post_id)
        elif report.message_id:
            from posts.contact.relay import remove_message

            remove_message(message=report.message, by=by, reason=reason)
            siblings = Report.objects.open().filter(message_id=report.message_id)
        else:
            hide_comment(comment=report.comment, by=by, reason=reason)
            siblings = Report.objects.open().filter(comment_id=report.comment_id)
        for sibling in siblings.exclude(pk=report.pk):
            _close_report(sibling, by=by, status=ReportStatus.RESOLVED)
        return _close_report(report, by=by, status=ReportStatus.RESOLVED)

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
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
from posts.moderation import permissions as report_permissions
from posts.moderation import review
from posts.moderation.actions import _require_moderator, hide_comment, hide_post, remove_message
from posts.moderation.log import ModerationActionKind, record
from posts.moderation.policy import AUTO_HIDE_SCORE
from posts.reach import pagecache
from posts.reach.alerts import refresh_matches_later
from posts.reach.delivery import notify

User = get_user_model()


def report_content(
    *, reporter, reason: str, details: str = "", post: Post | None = None, comment: Comment | None = None
) -> tuple[Report, bool]:
    """File `reporter`'s report of a request or a comment, and say whether it is new.

    A member has one open report per thing: reporting it again (even twice at once) updates that one.
    """
    if (post is None) == (comment is None):
        raise ValueError("Report exactly one request or one comment.")
    reported: Post | Comment
    if post is not None:
        report_permissions.check_report_post(reporter, post)
        reported = post
    elif comment is not None:
        report_permissions.check_report_comment(reporter, comment)
        reported = comment
    if reason not in ReportReason.values:
        raise ValidationError(_("Choose a reason."), code="reason")
    with transaction.atomic():
        report, created = review.file_report(reporter=reporter, target=reported, reason=reason, details=details.strip())
        if post is not None and reason == ReportReason.THIS_IS_ME and not post.photos_withheld:
            # The person sought asked for removal: their photos stop being shown before anyone reviews it.
            Post.objects.filter(pk=post.pk).update(photos_withheld=True)
            post.photos_withheld = True
            pagecache.request_changed(post.pk)  # An update sends no signal: the kept pages drop the photos here.
            # The site did this on its own, in answer to the report: the log names the report, not the reporter.
            record(actor=None, action=ModerationActionKind.WITHHOLD_PHOTOS, target=post, report_id=report.pk)
        _hide_when_reports_weigh_enough(report, target=reported)
        review.needs_review(
            target=reported,
            reason=ReviewReason.REMOVAL_REQUEST if reason == ReportReason.THIS_IS_ME else ReviewReason.REPORTS,
        )
    return report, created


def _hide_when_reports_weigh_enough(report: Report, *, target: Post | Comment) -> None:
    """Published content whose members' reports weigh AUTO_HIDE_SCORE is hidden until a moderator looks.

    Weighed by each reporter's trust (policy.REPORT_WEIGHTS), not counted: new accounts are cheap to make.
    """
    if target.moderation != Moderation.PUBLISHED:
        return
    # Members only: a report the site filed for a watched word is not one more person.
    score = review.members_score(target)
    if score < AUTO_HIDE_SCORE:
        return
    reporters = Report.objects.open().filter(**{target._meta.model_name: target}, reporter__isnull=False).count()
    target.moderation = Moderation.HIDDEN
    target.moderation_reason = _("Hidden automatically after several reports, until a moderator has looked at it.")
    target.save(update_fields=["moderation", "moderation_reason"])
    record(
        actor=None,
        action=ModerationActionKind.AUTO_HIDE,
        target=target,
        reporters=reporters,
        score=score,
        report_id=report.pk,
    )
    if isinstance(target, Post):
        refresh_matches_later(target)


def _close_report(report: Report, *, by, status: str, log: bool = True) -> Report:
    report.status = status
    report.handled_by = by
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "handled_by", "handled_at"])
    if log:
        record(
            actor=by,
            action=ModerationActionKind.RESOLVE_REPORT
            if status == ReportStatus.RESOLVED
            else ModerationActionKind.DISMISS_REPORT,
            target=report,
            report_reason=report.reason,
        )
    post = report.post
    if (
        post is not None
        and post.photos_withheld
        and post.moderation == Moderation.PUBLISHED
        and not Report.objects.open().filter(post=post, reason=ReportReason.THIS_IS_ME).exists()
    ):
        # Nobody is left asking for removal and the request stays up: its photos come back.
        Post.objects.filter(pk=post.pk).update(photos_withheld=False)
        pagecache.request_changed(post.pk)
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
            record(
                actor=by,
                action=ModerationActionKind.RESOLVE_REPORT
                if status == ReportStatus.RESOLVED
                else ModerationActionKind.DISMISS_REPORT,
                target=target,
                reports=len(closed),
                report_ids=[report.pk for report in closed],
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
        # Reading a relation whose id is null costs no query.
        if report.post is not None:
            hide_post(post=report.post, by=by, reason=reason)
            siblings = Report.objects.open().filter(post_id=report.post_id)
        elif report.message is not None:
            remove_message(message=report.message, by=by, reason=reason)
            siblings = Report.objects.open().filter(message_id=report.message_id)
        elif report.comment is not None:
            hide_comment(comment=report.comment, by=by, reason=reason)
            siblings = Report.objects.open().filter(comment_id=report.comment_id)
        else:
            raise ValueError("A report is about a request, a comment or a message.")
        for sibling in siblings.exclude(pk=report.pk):
            _close_report(sibling, by=by, status=ReportStatus.RESOLVED)
        return _close_report(report, by=by, status=ReportStatus.RESOLVED)

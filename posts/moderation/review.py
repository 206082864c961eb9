"""The review queue's items: every hold, flag and report puts its target here; every decision takes it out.

After Discourse's `Reviewable.needs_review!`: `needs_review` is called wherever a request, comment or message
is held, flagged by a watched word or reported, and keeps one pending `ReviewItem` per target, creating it,
updating it, or reopening the one a moderator handled before. `resolve` is called wherever a moderator decides
about a request, comment or message (from the queue or anywhere else in the admin) and closes its item,
unless something about the target still waits.

This module sits below the services so that each of them can call it; the actions a moderator may take on an
item, and `perform`, which calls those services, are in `review_actions`.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import is_moderator
from posts.models import (
    Comment,
    Message,
    Moderation,
    Post,
    Report,
    ReportReason,
    ReviewItem,
    ReviewReason,
    ReviewStatus,
    Translation,
)
from posts.moderation import trust
from posts.moderation.policy import MODERATOR_REPORT_WEIGHT, REPORT_WEIGHTS, SITE_FLAG_WEIGHT

Reviewable = Post | Comment | Message | Translation
# What a member can report (Report has a field for each); translations come to the queue only when held or left to it.
REPORTED = frozenset({"post", "comment", "message"})

# Reasons that hold the content back until a moderator lets it through.
HOLDS = frozenset(
    {
        ReviewReason.NEW_MEMBER,
        ReviewReason.CONTACT_DETAILS,
        ReviewReason.WATCHED_HOLD,
        ReviewReason.OPT_OUT,
        ReviewReason.IMPORTED,
        ReviewReason.HELD,
    }
)
# A weightier reason replaces a lighter one on a pending item. While the content is held, the hold decides what a
# moderator can do with it; a removal request outranks other reports, and a member's report the site's own flag.
WEIGHT: dict[str, int] = {
    ReviewReason.WATCHED_FLAG: 0,
    ReviewReason.REPORTS: 1,
    ReviewReason.REMOVAL_REQUEST: 2,
    ReviewReason.HELD: 3,
    ReviewReason.IMPORTED: 3,
    ReviewReason.NEW_MEMBER: 4,
    ReviewReason.WATCHED_HOLD: 5,
    ReviewReason.CONTACT_DETAILS: 6,
    ReviewReason.OPT_OUT: 7,
}


def needs_review(*, target: Reviewable, reason: str) -> ReviewItem:
    """Put `target` in the review queue, or update (or reopen) the item about it, and weigh its reports again."""
    if reason not in ReviewReason.values:
        raise ValueError(f"Unknown review reason: {reason}")
    try:
        with transaction.atomic():
            return _needs_review(target, reason)
    except IntegrityError:
        # Another request opened an item about the same target at the same moment: update that one.
        with transaction.atomic():
            return _needs_review(target, reason)


def _needs_review(target: Reviewable, reason: str) -> ReviewItem:
    now = timezone.now()
    item = _pending_item(target)
    if item is None:
        item = ReviewItem.objects.for_target(target).select_for_update().order_by("-updated_at", "-pk").first()
        if item is None:
            item = ReviewItem(
                target_type=ContentType.objects.get_for_model(target),
                target_id=target.pk,
                post_id=_post_id(target),
                author_id=target.author_id,
                created_at=now,
            )
        # A new item, or one handled before and now back: either way it waits from now on.
        item.status, item.handled_by, item.handled_at, item.flagged_by_site = ReviewStatus.PENDING, None, None, False
        item.reason, item.updated_at = reason, now
    elif WEIGHT[reason] > WEIGHT[item.reason]:
        item.reason, item.updated_at = reason, now
    if reason == ReviewReason.WATCHED_FLAG:
        item.flagged_by_site = True
    item.score = score_of(target, flagged_by_site=item.flagged_by_site)
    item.save()
    return item


def resolve(*, target: Reviewable, by, status: str) -> ReviewItem | None:
    """Close the pending item about `target` after `by` decided about it, wherever they did.

    It stays open while something about the target still waits (the content is still held, or reports on it are
    still open), with the reason and score of what still waits. Closed here, an item whose content ends hidden or
    removed is rejected, whichever step closed it; `review_actions.perform` then records the moderator's own choice.
    """
    with transaction.atomic():
        item = _pending_item(target)
        if item is None:
            return None
        open_reports = _open_reports(target)
        if target.moderation == Moderation.PENDING or open_reports.exists():
            if target.moderation != Moderation.PENDING and item.reason in HOLDS | {ReviewReason.REMOVAL_REQUEST}:
                removal = open_reports.filter(reason=ReportReason.THIS_IS_ME).exists()
                item.reason = ReviewReason.REMOVAL_REQUEST if removal else ReviewReason.REPORTS
            item.score = score_of(target, flagged_by_site=item.flagged_by_site)
            item.save(update_fields=["reason", "score"])
            return item
        if target.moderation in (Moderation.HIDDEN, Moderation.REMOVED):
            status = ReviewStatus.REJECTED  # Whatever closed the last report: the content is no longer shown.
        item.status, item.handled_by, item.handled_at = status, by, timezone.now()
        item.save(update_fields=["status", "handled_by", "handled_at"])
    return item


def score_of(target: Reviewable, *, flagged_by_site: bool = False) -> float:
    """The sum of the weights of the open reports on `target`, by each reporter's trust, and of the site's flag."""
    reporter_ids = list(_open_reports(target).values_list("reporter_id", flat=True))
    weights = _weights(reporter_ids)
    # A report with no reporter is the site's own, from before the queue had flags of its own.
    total = sum(weights.get(pk, SITE_FLAG_WEIGHT) for pk in reporter_ids)
    return total + (SITE_FLAG_WEIGHT if flagged_by_site else 0)


def members_score(target: Reviewable) -> float:
    """The weights of members' open reports on `target` added up: what hides it before review (no site flags)."""
    reporter_ids = list(_open_reports(target).filter(reporter__isnull=False).values_list("reporter_id", flat=True))
    weights = _weights(reporter_ids)
    return sum(weights[pk] for pk in reporter_ids if pk in weights)


def _weights(reporter_ids: list[int | None]) -> dict[int, float]:
    """Each reporter's weight by their trust level, in one query however many reporters."""
    User = get_user_model()
    reporters = trust.with_standing(User.objects.filter(pk__in={pk for pk in reporter_ids if pk is not None}))
    return {reporter.pk: report_weight(reporter) for reporter in reporters}


def report_weight(reporter) -> float:
    if is_moderator(reporter):
        return MODERATOR_REPORT_WEIGHT
    return REPORT_WEIGHTS[trust.level_of(reporter).value]


def file_report(*, reporter, target: Reviewable, reason: str, details: str = "") -> tuple[Report, bool]:
    """The member's one open report on `target`, and whether it is new: a second report updates the first.

    The database holds one open report per reporter and target (a unique constraint), so two reports sent at the
    same moment make one row: the one that loses the race finds the winner's and updates it.
    """
    about = {str(target._meta.model_name): target}
    report = Report.objects.open().filter(reporter=reporter, **about).select_for_update().first()
    if report is None:
        try:
            with transaction.atomic():
                return Report.objects.create(reporter=reporter, reason=reason, details=details, **about), True
        except IntegrityError:
            report = Report.objects.open().filter(reporter=reporter, **about).select_for_update().get()
    report.reason, report.details = reason, details
    report.save(update_fields=["reason", "details"])
    return report, False


def _pending_item(target: Reviewable) -> ReviewItem | None:
    return ReviewItem.objects.for_target(target).filter(status=ReviewStatus.PENDING).select_for_update().first()


def _open_reports(target: Reviewable):
    name = str(target._meta.model_name)
    if name not in REPORTED:
        return Report.objects.none()
    return Report.objects.open().filter(**{name: target})


def _post_id(target: Reviewable) -> int:
    if isinstance(target, Post):
        return target.pk
    if isinstance(target, Comment | Translation):
        return target.post_id
    return target.conversation.post_id

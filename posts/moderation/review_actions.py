"""What a moderator can do with each kind of review item, and `perform`, which does it.

After Discourse's `build_actions` and `perform`: the actions are declared here, per kind of item, and the queue
page shows exactly these; `perform` refuses any other, then calls the service that owns the change (which checks
the permission and writes the moderation log) and leaves the item closed. Each action writes one log entry:
hiding or removing content closes its open reports with it, without an entry of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from posts.models import (
    Comment,
    Message,
    Moderation,
    Post,
    ReportStatus,
    ReviewItem,
    ReviewReason,
    ReviewStatus,
    Translation,
    TranslationStatus,
)
from posts.moderation import actions, reports, review
from posts.moderation.log import ModerationActionKind, record

Reviewable = Post | Comment | Message | Translation


class AlreadyHandled(Exception):
    """Someone closed the item before this moderator's action arrived."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str | Promise
    # What the moderator is told once it is done; %(item)s is what was reviewed.
    done: str | Promise
    # What the item's status says afterwards.
    status: str
    # A reason the author will read; the queue asks for it beside the button.
    needs_reason: bool = False


PUBLISH = Action("publish", _("Publish"), _("Published “%(item)s”."), ReviewStatus.APPROVED)
LET_THROUGH = Action("publish", _("Let it through"), _("Let the message “%(item)s” through."), ReviewStatus.APPROVED)
HIDE = Action("hide", _("Hide"), _("Hid “%(item)s”."), ReviewStatus.REJECTED, needs_reason=True)
HIDE_REPORTED = Action(
    "hide",
    _("Hide content"),
    _("Hid “%(item)s” and resolved its reports."),
    ReviewStatus.REJECTED,
    needs_reason=True,
)
REMOVE = Action("remove", _("Remove"), _("Removed “%(item)s”."), ReviewStatus.REJECTED, needs_reason=True)
REMOVE_MESSAGE = Action(
    "remove", _("Remove"), _("Removed the message “%(item)s”."), ReviewStatus.REJECTED, needs_reason=True
)
RESOLVE = Action("resolve", _("Resolve"), _("Resolved the reports on “%(item)s”."), ReviewStatus.APPROVED)
DISMISS = Action("dismiss", _("Dismiss"), _("Dismissed the reports on “%(item)s”."), ReviewStatus.IGNORED)
KEEP = Action("keep", _("Keep it"), _("Kept “%(item)s”."), ReviewStatus.APPROVED)
KEEP_WITH_PHOTOS = Action(
    "keep",
    _("Keep it and show its photos again"),
    _("Kept “%(item)s”; its photos are shown again."),
    ReviewStatus.APPROVED,
)
APPROVE_TRANSLATION = Action(
    "publish", _("Approve the translation"), _("Approved the translation “%(item)s”."), ReviewStatus.APPROVED
)
REJECT_TRANSLATION = Action(
    "hide",
    _("Reject the translation"),
    _("Rejected the translation “%(item)s”."),
    ReviewStatus.REJECTED,
    needs_reason=True,
)

# Every action name any item may offer; anything else posted to the queue is not a moderator's button.
ACTION_NAMES = frozenset(action.name for action in (PUBLISH, HIDE, REMOVE, RESOLVE, DISMISS, KEEP))


def build_actions(item: ReviewItem) -> tuple[Action, ...]:
    """The actions `item` allows, for its kind and the state its target is in now."""
    target = cast(Reviewable, item.target)
    message = isinstance(target, Message)
    if item.reason == ReviewReason.TRANSLATION:
        return (APPROVE_TRANSLATION, REJECT_TRANSLATION)
    if item.reason in review.HOLDS:
        return (LET_THROUGH, REMOVE_MESSAGE) if message else (PUBLISH, HIDE, REMOVE)
    if item.reason == ReviewReason.REMOVAL_REQUEST:
        return (REMOVE, KEEP_WITH_PHOTOS if isinstance(target, Post) else KEEP)
    if item.reason == ReviewReason.WATCHED_FLAG:
        return (KEEP, REMOVE_MESSAGE if message else HIDE_REPORTED)
    found = [DISMISS, RESOLVE]
    if not message and target.moderation == Moderation.PUBLISHED:
        found.append(HIDE_REPORTED)
    if target.moderation != Moderation.REMOVED:
        found.append(REMOVE_MESSAGE if message else REMOVE)
    return tuple(found)


def perform(item: ReviewItem, action: str, *, by, reason: str = "") -> str:
    """Do `action` on what `item` is about, through the service that owns it, and say what was done.

    Raises PermissionDenied for anyone but a moderator, AlreadyHandled when the item was closed meanwhile, and
    ValidationError for an action this item does not allow or a reason missing where the author must read one.
    """
    actions._require_moderator(by)
    with transaction.atomic():
        item = ReviewItem.objects.select_for_update().get(pk=item.pk)
        if not item.is_pending:
            raise AlreadyHandled
        chosen = {allowed.name: allowed for allowed in build_actions(item)}.get(action)
        if chosen is None:
            raise ValidationError(
                gettext("“%(action)s” is not one of the actions for this item; nothing was changed.")
                % {"action": action},
                code="not_allowed",
            )
        reason = reason.strip()
        if chosen.needs_reason and not reason:
            raise ValidationError(
                gettext("Choose a common reason or write one; the author will see it."), code="reason_required"
            )
        target = cast(Reviewable, item.target)
        _PERFORMERS[chosen.name](target, by=by, reason=reason)
        review.resolve(target=target, by=by, status=chosen.status)
        item.refresh_from_db()
        if not item.is_pending and item.status != chosen.status:
            # The service closed it on its own terms (a dismissed report); the moderator's choice says what it was.
            item.status = chosen.status
            item.save(update_fields=["status"])
    return str(chosen.done) % {"item": target}


def _publish(target: Reviewable, *, by, reason: str) -> None:
    if isinstance(target, Translation):
        if target.moderation == Moderation.PENDING:
            actions.publish_translation(translation=target, by=by)
        else:  # Left to the moderators by the poster.
            actions.settle_translation(translation=target, by=by, approve=True)
    elif isinstance(target, Post):
        actions.publish_post(post=target, by=by)
    elif isinstance(target, Comment):
        actions.publish_comment(comment=target, by=by)
    else:
        actions.publish_message(message=target, by=by)


def _hide(target: Reviewable, *, by, reason: str) -> None:
    if isinstance(target, Translation):
        if target.status == TranslationStatus.MODERATORS and target.moderation == Moderation.PUBLISHED:
            actions.settle_translation(translation=target, by=by, approve=False, reason=reason)
        else:  # Held, or flagged for a watched word.
            actions.hide_translation(translation=target, by=by, reason=reason)
        return
    if isinstance(target, Post):
        actions.hide_post(post=target, by=by, reason=reason)
    elif isinstance(target, Comment):
        actions.hide_comment(comment=target, by=by, reason=reason)
    else:
        raise ValueError("A message is removed, not hidden.")  # build_actions never offers it
    reports.close_reports(target=target, by=by, status=ReportStatus.RESOLVED, log=False)


def _remove(target: Reviewable, *, by, reason: str) -> None:
    if isinstance(target, Translation):
        actions.remove_translation(translation=target, by=by, reason=reason)
        return
    if isinstance(target, Post):
        actions.remove_post(post=target, by=by, reason=reason)
    elif isinstance(target, Comment):
        actions.remove_comment(comment=target, by=by, reason=reason)
    else:
        actions.remove_message(message=target, by=by, reason=reason)
    reports.close_reports(target=target, by=by, status=ReportStatus.RESOLVED, log=False)


def _reported(target: Reviewable) -> Post | Comment | Message:
    if isinstance(target, Translation):
        raise ValueError("Translations are not reported.")  # build_actions never offers it
    return target


def _resolve(target: Reviewable, *, by, reason: str) -> None:
    target = _reported(target)
    reports.close_reports(target=target, by=by, status=ReportStatus.RESOLVED)


def _dismiss(target: Reviewable, *, by, reason: str) -> None:
    target = _reported(target)
    reports.close_reports(target=target, by=by, status=ReportStatus.DISMISSED)


def _keep(target: Reviewable, *, by, reason: str) -> None:
    # A removal request's reports are dismissed, which shows the request's photos again (reports.py).
    if isinstance(target, Translation):
        record(actor=by, action=ModerationActionKind.KEEP, target=target)  # Only ever flagged, never reported.
    elif not reports.close_reports(target=target, by=by, status=ReportStatus.DISMISSED):
        # Only the site's flag: no report to close, so the decision is logged here.
        record(actor=by, action=ModerationActionKind.KEEP, target=target)


_PERFORMERS: dict[str, Callable[..., None]] = {
    "publish": _publish,
    "hide": _hide,
    "remove": _remove,
    "resolve": _resolve,
    "dismiss": _dismiss,
    "keep": _keep,
}

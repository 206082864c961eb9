"""Who may do what with requests, comments, follows and reports.

Each `check_*` raises `PermissionDenied` with the true reason, in the reader's language: first the
account's (accounts.permissions: logged out, suspended, banned, unverified, silenced), then the
object's (not yours, removed, closed). Services call the checks; a view that shows a form calls the
same check before it, so a refused member is told why rather than shown the form; templates ask the
`can_*` wrappers. Nothing else decides.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import allows, check_active_member, check_can_write
from accounts.roles import is_moderator
from posts.models import Comment, Moderation, Post, Status
from posts.moderation.policy import COMMENT_EDIT_WINDOW

__all__ = [
    "can_comment",
    "can_delete_comment",
    "can_edit_comment",
    "can_edit_post",
    "can_follow",
    "can_post",
    "can_resolve_post",
    "check_close_post",
    "check_comment",
    "check_create_post",
    "check_delete_comment",
    "check_edit_comment",
    "check_edit_post",
    "check_follow",
    "check_reopen_post",
    "check_resolve_post",
    "check_unfollow",
    "check_view_photos",
    "is_moderator",
]


# Requests -------------------------------------------------------------------------------------


def check_create_post(user) -> None:
    check_can_write(user)


def _check_poster(user, post: Post, not_yours: str) -> None:
    check_can_write(user)
    if post.author_id != user.pk:
        raise PermissionDenied(not_yours)
    if post.moderation == Moderation.REMOVED:
        raise PermissionDenied(_("A moderator has removed this request: it can no longer be changed."))


def check_edit_post(user, post: Post) -> None:
    _check_poster(user, post, _("Only the person who posted this request can edit it."))


def check_resolve_post(user, post: Post) -> None:
    _check_poster(user, post, _("Only the person who posted this request can mark it reunited."))
    if post.moderation == Moderation.PENDING:  # Never seen by anyone else yet (a hidden one was).
        raise PermissionDenied(
            _("Nobody else can see this request yet, so it cannot be marked reunited. You can still close it.")
        )


def check_close_post(user, post: Post) -> None:
    _check_poster(user, post, _("Only the person who posted this request can close it."))


def check_reopen_post(user, post: Post) -> None:
    _check_poster(user, post, _("Only the person who posted this request can reopen it."))


def check_view_photos(user, post: Post) -> None:
    """The photos of a request one may read: withheld ones, while a removal request is reviewed, for moderators only."""
    if post.photos_withheld and not is_moderator(user):
        raise PermissionDenied(
            _("The photos of this request are withheld while a moderator reviews a removal request.")
        )


def can_post(user) -> bool:
    return allows(check_create_post, user)


def can_resolve_post(user, post: Post) -> bool:
    return allows(check_resolve_post, user, post)


def can_edit_post(user, post: Post) -> bool:
    return allows(check_edit_post, user, post)


# Comments -------------------------------------------------------------------------------------


def check_comment(user, post: Post) -> None:
    check_can_write(user)
    if not post.is_published:
        raise PermissionDenied(_("This request is not published, so it is not taking comments."))
    if post.status == Status.CLOSED:
        raise PermissionDenied(_("This request is closed and is not taking comments."))


def check_edit_comment(user, comment: Comment, now: datetime | None = None) -> None:
    check_can_write(user)
    if comment.author_id != user.pk:
        raise PermissionDenied(_("Only the author of a comment can edit it."))
    if comment.moderation == Moderation.REMOVED:
        raise PermissionDenied(_("A moderator has removed this comment: it can no longer be changed."))
    if (now or timezone.now()) > comment.created_at + COMMENT_EDIT_WINDOW:
        minutes = int(COMMENT_EDIT_WINDOW.total_seconds() // 60)
        raise PermissionDenied(
            _("Comments can be edited by their author for %(minutes)d minutes after posting.") % {"minutes": minutes}
        )


def check_delete_comment(user, comment: Comment) -> None:
    """Taking back one's own words is left even to a silenced member."""
    check_active_member(user)
    if comment.author_id != user.pk:
        raise PermissionDenied(_("Only the author of a comment can delete it."))


def can_comment(user, post: Post) -> bool:
    return allows(check_comment, user, post)


def can_edit_comment(user, comment: Comment, now: datetime | None = None) -> bool:
    return allows(check_edit_comment, user, comment, now)


def can_delete_comment(user, comment: Comment) -> bool:
    return allows(check_delete_comment, user, comment)


# Following ------------------------------------------------------------------------------------


def check_follow(user, post: Post) -> None:
    """Following is a way of reading: a silenced member may still follow."""
    check_active_member(user)
    if not post.is_published:
        raise PermissionDenied(_("Only a published request can be followed."))


def check_unfollow(user, post: Post) -> None:
    check_active_member(user)


def can_follow(user, post: Post) -> bool:
    return allows(check_follow, user, post)

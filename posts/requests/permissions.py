"""Who may do what. Services, views and templates all ask these."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from accounts.roles import is_moderator
from posts.models import Comment, Conversation, Moderation, Post, Status

__all__ = [
    "can_change_status",
    "can_comment",
    "can_delete_comment",
    "can_edit_comment",
    "can_edit_post",
    "can_post",
    "can_read_conversation",
    "can_report",
    "can_send_message",
    "can_start_conversation",
    "has_verified_email",
    "is_moderator",
    "may_write",
]


def has_verified_email(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached


def may_write(user) -> bool:
    """A verified member who is not silenced or suspended by a moderator."""
    return has_verified_email(user) and not user.is_silenced


def can_post(user) -> bool:
    return may_write(user)


def can_edit_post(user, post: Post) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and post.author_id == user.pk
        and post.moderation != Moderation.REMOVED
    )


def can_change_status(user, post: Post) -> bool:
    """Resolve, close and reopen belong to the poster alone."""
    return can_edit_post(user, post)


def can_comment(user, post: Post) -> bool:
    return may_write(user) and post.is_published and post.status != Status.CLOSED


def can_edit_comment(user, comment: Comment, now=None) -> bool:
    now = now or timezone.now()
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and comment.author_id == user.pk
        and comment.moderation != Moderation.REMOVED
        and now <= comment.created_at + timedelta(minutes=settings.RECONNECT_COMMENT_EDIT_MINUTES)
    )


def can_delete_comment(user, comment: Comment) -> bool:
    return bool(user and user.is_authenticated and user.is_active and comment.author_id == user.pk)


def can_report(user) -> bool:
    return may_write(user)


def can_start_conversation(user, post: Post) -> bool:
    """A verified member other than the poster may write to the poster of a published request."""
    return may_write(user) and post.is_published and post.author_id != user.pk


def can_read_conversation(user, conversation: Conversation) -> bool:
    """Only its two participants; moderators read conversations through the admin alone."""
    return bool(user and user.is_authenticated and user.is_active and conversation.is_participant(user))


def can_send_message(user, conversation: Conversation) -> bool:
    """Participants may write while the request is published."""
    return can_read_conversation(user, conversation) and may_write(user) and conversation.post.is_published

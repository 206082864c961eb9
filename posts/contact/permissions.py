"""Who may write to a poster, read and write a conversation, report a message, and register an opt-out.

Each `check_*` raises `PermissionDenied` with the true reason: the account's first
(accounts.permissions), then the conversation's or the request's. relay.py and optouts.py call them;
views show what they raise; templates ask the `can_*` wrappers.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.permissions import allows, check_active_member, check_can_write
from posts.models import Conversation, Message, Moderation, OptOut, Post

__all__ = [
    "can_give_story_consent",
    "can_report_message",
    "can_start_conversation",
    "check_give_story_consent",
    "check_read_conversation",
    "check_register_opt_out",
    "check_report_message",
    "check_send_message",
    "check_start_conversation",
    "check_withdraw_opt_out",
]


def check_start_conversation(user, post: Post) -> None:
    """ "I think this is me" and "I know this person": a member writes to the poster of a published request."""
    check_can_write(user)
    if post.author_id == user.pk:
        raise PermissionDenied(_("This is your own request."))
    if not post.is_published:
        raise PermissionDenied(_("This request is not published: its poster cannot be written to now."))


def check_read_conversation(user, conversation: Conversation) -> None:
    """Only its two participants; moderators read conversations through the admin alone."""
    if not (user and user.is_authenticated and user.is_active and conversation.is_participant(user)):
        raise PermissionDenied(_("This conversation is not yours."))


def check_send_message(user, conversation: Conversation) -> None:
    """Participants may write while the request is published."""
    check_can_write(user)
    check_read_conversation(user, conversation)
    if not conversation.post.is_published:
        raise PermissionDenied(_("This conversation is closed: its request is no longer published."))


def check_report_message(user, message: Message) -> None:
    """Only the other participant reports a message, and only one that was delivered to them."""
    check_can_write(user)
    if (
        message.author_id == user.pk
        or message.moderation != Moderation.PUBLISHED
        or not message.conversation.is_participant(user)
    ):
        raise PermissionDenied(_("You cannot report this message."))


def can_start_conversation(user, post: Post) -> bool:
    return allows(check_start_conversation, user, post)


def can_report_message(user, message: Message) -> bool:
    return allows(check_report_message, user, message)


# Opt-outs -------------------------------------------------------------------------------------


def check_register_opt_out(user) -> None:
    """An opt-out holds other members' requests for review, so registering one is writing."""
    check_can_write(user)


def check_withdraw_opt_out(user, opt_out: OptOut) -> None:
    check_active_member(user)
    if opt_out.user_id != user.pk:
        raise PermissionDenied(_("This is not your opt-out."))


# Reunion stories ------------------------------------------------------------------------------


def check_give_story_consent(user, conversation: Conversation) -> None:
    """Only the member who wrote to the poster speaks for themselves; agreeing or withdrawing is theirs even
    while silenced."""
    check_active_member(user)
    if user.pk != conversation.starter_id:
        raise PermissionDenied(_("Only the person who wrote to the poster can agree to a reunion story."))


def can_give_story_consent(user, conversation: Conversation) -> bool:
    return allows(check_give_story_consent, user, conversation)

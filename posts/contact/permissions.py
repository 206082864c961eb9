"""Who may write to a poster, read and write a conversation, report a message, and register an opt-out.

Each `check_*` raises `PermissionDenied` with the true reason: the account's first
(accounts.permissions), then the conversation's or the request's. relay.py and optouts.py call them;
views show what they raise; templates ask the `can_*` wrappers.
"""

from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.permissions import allows, check_active_member, check_can_write
from posts.models import Conversation, Message, Moderation, OptOut, Post, Visitor, VisitorRequest, VisitorRequestKind

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
    "check_visitor_conversation",
    "check_visitor_link",
    "check_visitor_request",
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


# Visitors: the person sought, or someone who knows them, acting without an account -------------


def check_visitor_request(user, post: Post | None, kind: str) -> None:
    """Anyone may write to the poster of a published request, ask for its removal, or ask that requests about them
    are held (an opt-out, about no request), from an email address they verify; a member does it from their
    account. The request's state is the reason told otherwise."""
    if user is not None and user.is_authenticated:
        raise PermissionDenied(_("You are logged in: write from your account."))
    if kind == VisitorRequestKind.OPT_OUT:
        return
    if post is None:
        raise ValueError("Only an opt-out is about no request.")
    if post.moderation in (Moderation.HIDDEN, Moderation.REMOVED):
        raise PermissionDenied(_("A moderator has taken this request down: nobody can see it or write about it now."))
    if not post.is_published:
        if kind == VisitorRequestKind.REMOVAL:
            raise PermissionDenied(
                _("Nobody can see this request now: it waits for a moderator's review, who will take it into account.")
            )
        raise PermissionDenied(_("This request is not published: its poster cannot be written to now."))


def check_visitor_link(visitor_request: VisitorRequest) -> None:
    """A verification link acts once: what it sent is sent."""
    if visitor_request.verified_at is not None:
        raise PermissionDenied(
            _("This link was already used, on %(date)s: what you wrote was sent then, and a link works only once.")
            % {"date": formats.date_format(timezone.localtime(visitor_request.verified_at), "DATETIME_FORMAT")}
        )


def check_visitor_conversation(user, conversation: Conversation) -> None:
    """A conversation link opens the conversation of the visitor it was sent to, while they have no account."""
    visitor = Visitor.objects.filter(user=user).first() if user is not None and user.pk else None
    if visitor is None or conversation.starter_id != user.pk:
        raise PermissionDenied(_("This conversation is not yours."))
    if visitor.account_made_at is not None:
        raise PermissionDenied(_("You made an account: please log in to read this conversation."))
    check_active_member(user)  # A ban or a suspension is told as such.
    check_read_conversation(user, conversation)

"""The header's unread counts (notifications, messages), kept per member between their requests.

Counting them is cheap for the database but not for Django: the visibility subqueries cost some 14 ms a page
to compile and plan. So both counts are kept in the cache under the versions of what they read:

- `member:<pk>` (accounts.roles.member_version): the member's notifications and messages, and their reading;
  bumped by every write to them (the receivers below, and `accounts.roles.member_changed` where a write goes
  round the signals: bulk creation, QuerySet updates);
- LISTING and SITE (posts.reach.pagecache): which requests and comments the member may still see;
- ROLES and the member's own version again: whether they moderate (a moderator sees more).

A member only ever reads their own counts: the key is made from their primary key and their versions.
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string

from accounts.roles import ROLES, member_changed, member_version, want_role
from posts.models import Conversation, Message, Notification, Post
from posts.reach.pagecache import LISTING, SITE
from reconnect import pagecache

HEADER_PREFIX = "header:unread:"


@dataclass(frozen=True)
class Unread:
    notifications: int
    messages: int


def header_key(user) -> str:
    parts = [*pagecache.versions([SITE, LISTING, ROLES, member_version(user.pk)]), str(user.pk)]
    return HEADER_PREFIX + pagecache.digest(parts)


def unread(user) -> Unread:
    """The member's unread notifications and messages, from the cache when nothing they read has changed."""
    return pagecache.kept_or_made(lambda: header_key(user), lambda: _count(user))


def member_chrome(request, user) -> pagecache.SharedFragments | None:
    """The header's navigation as this member sees it (their links, counts, role, log-out form), kept for their
    next pages under the same versions as the counts and role; None when it cannot be (no CSRF cookie yet).

    The kept copy holds a placeholder for the log-out form's CSRF token, which each page fills with the
    member's own (posts.templatetags.reach); the key still names a digest of their CSRF secret, so a new
    log-in starts a new copy.
    """
    secret = request.META.get("CSRF_COOKIE")
    if not pagecache.seconds() or not secret or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    return pagecache.SharedFragments(
        request,
        depends_on=(SITE, LISTING, ROLES, member_version(user.pk)),
        vary_on=("member", str(user.pk), pagecache.digest([secret])),
        names=("nav",),
    )


def member_nav(request) -> str | None:
    """The member's header navigation (kept as `member_chrome`'s "nav" block), for a page kept whole for many
    members (reconnect.pagecache.PageShell); None when it cannot be kept (no CSRF cookie yet)."""
    chrome = member_chrome(request, request.user)
    if chrome is None:
        return None
    return chrome.fragment(
        "nav",
        lambda: render_to_string(
            "includes/member_nav.html", {"csrf_token": pagecache.CSRF_PLACEHOLDER}, request=request
        ),
    )


def page_chrome(request) -> pagecache.SharedFragments:
    """The footer (its language links lead back to this address), the same for everyone on this address."""
    return pagecache.SharedFragments(request, depends_on=(SITE,), vary_on=(request.get_full_path(),), names=("footer",))


class MemberPagesMiddleware:
    """For a member's request: read the versions and kept values their page will ask for (their role, their
    header's counts) together, in two round trips, whichever asks first. After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if pagecache.seconds() and user is not None and user.is_authenticated:
            pagecache.want_versions(SITE, LISTING, ROLES, member_version(user.pk))
            want_role(user)
            pagecache.want_values(lambda: [header_key(user)])
        return self.get_response(request)


def _count(user) -> Unread:
    return Unread(
        notifications=Notification.objects.for_user(user).unread().count(),
        messages=Message.objects.unread_by(user).count(),
    )


# Receivers ------------------------------------------------------------------------------------------------------


def _participants(conversation_id: int) -> tuple[int | None, ...]:
    found = Conversation.objects.filter(pk=conversation_id).values_list("starter_id", "post__author_id").first()
    return found or ()


def _notification_changed(sender, instance: Notification, **kwargs) -> None:
    member_changed(instance.recipient_id)


def _message_changed(sender, instance: Message, **kwargs) -> None:
    member_changed(*_participants(instance.conversation_id))


def _conversation_changed(sender, instance: Conversation, **kwargs) -> None:
    author_id = Post.objects.filter(pk=instance.post_id).values_list("author_id", flat=True).first()
    member_changed(instance.starter_id, author_id)


def connect() -> None:
    """Connect the receivers (posts.apps, once the models are loaded).

    Deletions of notifications and messages go without: they are deleted with their request or comment (which
    bumps LISTING), their conversation (below) or their member (which bumps SITE), or by the writers
    themselves, which call `member_changed`.
    """
    post_save.connect(_notification_changed, sender=Notification, dispatch_uid="header-notification-saved")
    post_save.connect(_message_changed, sender=Message, dispatch_uid="header-message-saved")
    post_save.connect(_conversation_changed, sender=Conversation, dispatch_uid="header-conversation-saved")
    post_delete.connect(_conversation_changed, sender=Conversation, dispatch_uid="header-conversation-deleted")

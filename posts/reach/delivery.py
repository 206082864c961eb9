"""Emails to members about what happened: one for each event, or a daily digest, as each member chose per
kind; every email carries a signed one-click unsubscribe link for its kind. posts.reach.notifications decides
who hears of what; this sends it.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tasks import task

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from accounts.models import Sanction
from accounts.permissions import check_active_member
from posts.models import (
    Comment,
    EmailMode,
    Message,
    Moderation,
    Notification,
    NotificationKind,
    NotificationSetting,
    Post,
    Report,
    SavedSearch,
)
from posts.reach.unsubscribe import notification_unsubscribe_url, saved_search_unsubscribe_url
from reconnect.emails import send_to_user

User = get_user_model()


# Messages are emailed one by one or not at all: they make no `Notification` rows for the daily digest
# to gather, and a message waiting a day for its email defeats the point of writing privately.
NO_DIGEST_KINDS = frozenset({NotificationKind.MESSAGE})


def email_choices(kind: str) -> list[tuple[str, "StrOrPromise"]]:
    """The email modes a member may choose for `kind`."""
    if kind in NO_DIGEST_KINDS:
        return [(mode, label) for mode, label in EmailMode.choices if mode != EmailMode.DAILY]
    return list(EmailMode.choices)


def email_mode(user, kind: str) -> str:
    setting = NotificationSetting.objects.filter(user=user, kind=kind).first()
    return setting.email if setting else EmailMode.EACH


def set_email_mode(*, user, kind: str, mode: str) -> None:
    """Reached from a signed unsubscribe link too, which needs no log-in: the link is the proof."""
    NotificationSetting.objects.update_or_create(user=user, kind=kind, defaults={"email": mode})


def save_email_settings(*, user, modes: dict[str, str]) -> None:
    """The settings page: every kind's mode at once, by a member whose account is open."""
    check_active_member(user)
    for kind, mode in modes.items():
        set_email_mode(user=user, kind=kind, mode=mode)


def still_visible(notification: Notification) -> bool:
    """Whether the recipient may still read what the notification is about."""
    user, post = notification.recipient, notification.post
    if not Post.objects.visible_to(user).filter(pk=post.pk).exists():
        return False
    if notification.comment_id:
        return Comment.objects.visible_to(user, post).filter(pk=notification.comment_id).exists()
    return True


def notify(user, kind: str, **object_ids: int) -> None:
    """Email `user` about `kind` once the surrounding transaction has committed."""
    if user is None or not user.is_active or not user.email:  # None: the site itself filed the report.
        return
    transaction.on_commit(lambda: send_notification.enqueue(user_id=user.pk, kind=kind, **object_ids))


KINDS = {
    "new_lead",
    "lead_helped",
    "post_published",
    "post_hidden",
    "post_removed",
    "possible_match",
    "saved_search_match",
    "report_outcome",
    "sanction",
    "sanction_lifted",
}


@task()
def send_notification(
    *,
    user_id: int,
    kind: str,
    post_id: int | None = None,
    comment_id: int | None = None,
    other_post_id: int | None = None,
    saved_search_id: int | None = None,
    report_id: int | None = None,
    sanction_id: int | None = None,
) -> None:
    """Email one user about one event, in the user's own interface language."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    post = Post.objects.filter(pk=post_id).first() if post_id else None
    comment = Comment.objects.filter(pk=comment_id).first() if comment_id else None
    other_post = Post.objects.published().filter(pk=other_post_id).first() if other_post_id else None
    if other_post_id and other_post is None:
        return  # The other request was hidden in the meantime.
    saved_search = None
    headers = {}
    if saved_search_id:
        saved_search = SavedSearch.objects.filter(pk=saved_search_id, user=user, alert=True).first()
        if saved_search is None:
            return  # Unsubscribed in the meantime.
        link = saved_search_unsubscribe_url(saved_search)
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    report = None
    if report_id:
        report = Report.objects.select_related("post", "comment__post").filter(pk=report_id, reporter=user).first()
        if report is None:
            return
    sanction = None
    if sanction_id:
        sanction = Sanction.objects.filter(pk=sanction_id, user=user).first()
    context = {
        "sanction": sanction,
        "report": report,
        "user": user,
        "post": post,
        "comment": comment,
        "other_post": other_post,
        "saved_search": saved_search,
        "unsubscribe_url": headers and link,
        "site_url": settings.RECONNECT_SITE_URL.rstrip("/"),
    }
    send_to_user(user, kind, context, headers=headers)


@task()
def deliver_notification(*, notification_id: int) -> None:
    """Email one notification if its recipient wants each one by email and may still read it."""
    notification = (
        Notification.objects.select_related("recipient", "post", "comment__author")
        .filter(pk=notification_id, emailed_at__isnull=True, recipient__is_active=True)
        .first()
    )
    if notification is None or email_mode(notification.recipient, notification.kind) != EmailMode.EACH:
        return
    if not still_visible(notification):
        return
    user = notification.recipient
    link = notification_unsubscribe_url(user, notification.kind)
    send_to_user(
        user,
        f"notify_{notification.kind}",
        {
            "notification": notification,
            "post": notification.post,
            "comment": notification.comment,
            "unsubscribe_url": link,
        },
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def send_digests() -> int:
    """Send each member who chose daily emails one email with what is waiting; return how many were sent."""
    daily = NotificationSetting.objects.filter(email=EmailMode.DAILY, user__is_active=True)
    kinds_by_user: dict[int, set[str]] = {}
    for user_id, kind in daily.values_list("user_id", "kind"):
        kinds_by_user.setdefault(user_id, set()).add(kind)
    sent = 0
    for user in get_user_model().objects.filter(pk__in=kinds_by_user):
        waiting = [
            n
            for n in Notification.objects.for_user(user).filter(
                kind__in=kinds_by_user[user.pk], emailed_at__isnull=True
            )
            if still_visible(n)
        ]
        if not waiting:
            continue
        links = {kind: notification_unsubscribe_url(user, kind) for kind in kinds_by_user[user.pk]}
        send_to_user(user, "notify_digest", {"notifications": waiting, "unsubscribe_urls": links.values()})
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=timezone.now())
        sent += 1
    return sent


@task()
def send_message_notice(*, message_id: int) -> None:
    """Tell the other participant a message is waiting; never the message itself, which stays on the site.

    A held message is told of only once a moderator lets it through (that enqueues this task again).
    """
    message = (
        Message.objects.select_related("author", "conversation__post__author", "conversation__starter")
        .filter(pk=message_id, moderation=Moderation.PUBLISHED)
        .first()
    )
    if message is None:
        return
    conversation = message.conversation
    recipient = conversation.other_side(message.author)
    if not recipient.is_active or not recipient.email:
        return
    if email_mode(recipient, NotificationKind.MESSAGE) == EmailMode.NONE:
        return
    link = notification_unsubscribe_url(recipient, NotificationKind.MESSAGE)
    send_to_user(
        recipient,
        "message_received",
        {
            "sender": message.author,
            "post": conversation.post,
            "conversation_url": settings.RECONNECT_SITE_URL.rstrip("/") + conversation.get_absolute_url(),
            "unsubscribe_url": link,
        },
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )

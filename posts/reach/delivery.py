from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from posts.reach.unsubscribe import notification_unsubscribe_url, saved_search_unsubscribe_url
from reconnect.emails import send_to_user

User = get_user_model()


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
    from posts.models import Comment, Post

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
        from posts.models import SavedSearch

        saved_search = SavedSearch.objects.filter(pk=saved_search_id, user=user, alert=True).first()
        if saved_search is None:
            return  # Unsubscribed in the meantime.
        unsubscribe_url = saved_search_unsubscribe_url(saved_search)
        headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    report = None
    if report_id:
        from posts.models import Report

        report = Report.objects.select_related("post", "comment__post").filter(pk=report_id, reporter=user).first()
        if report is None:
            return
    sanction = None
    if sanction_id:
        from accounts.models import Sanction

        sanction = Sanction.objects.filter(pk=sanction_id, user=user).first()
    context = {
        "sanction": sanction,
        "report": report,
        "user": user,
        "post": post,
        "comment": comment,
        "other_post": other_post,
        "saved_search": saved_search,
        "unsubscribe_url": headers and unsubscribe_url,
        "site_url": settings.RECONNECT_SITE_URL.rstrip("/"),
    }
    send_to_user(user, kind, context, headers=headers)


@task()
def deliver_notification(*, notification_id: int) -> None:
    """Email one notification if its recipient wants each one by email and may still read it."""
    from django.utils import timezone

    from posts.models import EmailMode, Notification
    from posts.reach import notifications

    notification = (
        Notification.objects.select_related("recipient", "post", "comment__author")
        .filter(pk=notification_id, emailed_at__isnull=True, recipient__is_active=True)
        .first()
    )
    if notification is None or notifications.email_mode(notification.recipient, notification.kind) != EmailMode.EACH:
        return
    if not notifications.still_visible(notification):
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
    from django.utils import timezone

    from posts.models import EmailMode, Notification, NotificationSetting
    from posts.reach import notifications

    daily = NotificationSetting.objects.filter(email=EmailMode.DAILY, user__is_active=True)
    kinds_by_user: dict[int, set[str]] = {}
    for user_id, kind in daily.values_list("user_id", "kind"):
        kinds_by_user.setdefault(user_id, set()).add(kind)
    sent = 0
    for user in get_user_model().objects.filter(pk__in=kinds_by_user):
        waiting = [
            n
            for n in notifications.for_user(user).filter(kind__in=kinds_by_user[user.pk], emailed_at__isnull=True)
            if notifications.still_visible(n)
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
    from posts.models import EmailMode, Message, Moderation, NotificationKind
    from posts.reach import notifications

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
    if notifications.email_mode(recipient, NotificationKind.MESSAGE) == EmailMode.NONE:
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

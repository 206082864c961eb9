"""Emails to members about what happened, as each member chose per kind: coalesced, a daily digest, or none.

Coalesced ("each", the default): at most one email an hour per member and request, listing everything new
on that request since the last one. A `RequestEmail` row per (member, request) remembers when the last went
and when the next is due. `schedule_request_emails` is called as notifications are written: if no email is
waiting for the pair, the next is due now (nothing sent in the last hour) or an hour after the last one.
`send_request_email` then sends whatever is unemailed for the pair.

With a worker (a backend that can defer, such as django_tasks_db.DatabaseBackend), an email due later is
queued with `run_after`. Inline (the default ImmediateBackend cannot defer), an email due now is sent at
once and one due later waits for whichever comes first: the next event on that request after the hour,
or `manage.py send_due_emails`, run every few minutes from cron, which sends every email that is due.
Nothing is lost either way: the notifications stay unemailed until one of them sends them.

Every email carries a signed one-click unsubscribe link per kind. posts.reach.notifications decides who
hears of what; this sends it.
"""

from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
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
    RequestEmail,
    SavedSearch,
    Visitor,
)
from posts.reach import visitor_links
from posts.reach.unsubscribe import notification_unsubscribe_url, saved_search_unsubscribe_url
from reconnect.emails import send_to_user

User = get_user_model()


# Messages and claims are emailed one by one (send_message_notice) or not at all, never in a digest or a
# request's coalesced email: a message waiting a day for its email defeats the point of writing privately.
NO_DIGEST_KINDS = frozenset({NotificationKind.MESSAGE, NotificationKind.CLAIM})


# How long at least between two emails to one member about one request.
EMAIL_INTERVAL = timedelta(hours=1)
# A coalesced email lists this many events and counts the rest.
EMAIL_LISTS_AT_MOST = 20


def email_choices(kind: str) -> list[tuple[str, "StrOrPromise"]]:
    """The email modes a member may choose for `kind`."""
    if kind in NO_DIGEST_KINDS:
        return [(mode, label) for mode, label in EmailMode.choices if mode != EmailMode.DAILY]
    return [
        (mode, gettext_lazy("at most one email an hour per request") if mode == EmailMode.EACH else label)
        for mode, label in EmailMode.choices
    ]


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


def schedule_request_emails(*, post: Post, kinds: dict[int, str]) -> None:
    """Make sure an email is on its way to each member told of something on `post` (user id → kind).

    Members who chose a daily digest or no email for that kind are left out. At most one email waits
    per member and request, so a burst of comments queues one email task per member, not one per comment.
    """
    quiet = set(
        NotificationSetting.objects.filter(user_id__in=kinds, kind__in=set(kinds.values()))
        .exclude(email=EmailMode.EACH)
        .values_list("user_id", "kind")
    )
    user_ids = [user_id for user_id, kind in kinds.items() if (user_id, kind) not in quiet]
    if not user_ids:
        return
    now = timezone.now()
    RequestEmail.objects.bulk_create(
        [RequestEmail(user_id=user_id, post=post) for user_id in user_ids], ignore_conflicts=True
    )
    backend = send_request_email.get_backend()
    queue: list[RequestEmail] = []
    with transaction.atomic():
        scheduled = []
        rows = RequestEmail.objects.select_for_update().filter(post=post, user_id__in=user_ids).order_by("pk")
        for row in rows:
            if row.due_at is None:
                last = row.last_sent_at
                row.due_at = max(now, last + EMAIL_INTERVAL) if last else now
                scheduled.append(row)
                if backend.supports_defer or row.due_at <= now:
                    queue.append(row)
            elif row.due_at <= now and not backend.supports_defer:
                queue.append(row)  # Overdue: no worker picked it up; this event sends it.
        RequestEmail.objects.bulk_update(scheduled, ["due_at"], batch_size=500)

    def enqueue():
        for row in queue:
            email = send_request_email
            if row.due_at is not None and row.due_at > now:
                email = email.using(run_after=row.due_at)
            email.enqueue(user_id=row.user_id, post_id=row.post_id)

    transaction.on_commit(enqueue)


def _waiting(user, post: Post) -> list[Notification]:
    """The member's unemailed notifications about `post`, of kinds they want by email as they come, that they may
    still read; oldest first."""
    quiet = NotificationSetting.objects.filter(user=user).exclude(email=EmailMode.EACH).values_list("kind", flat=True)
    notifications = list(
        Notification.objects.filter(recipient=user, post=post, emailed_at__isnull=True)
        .exclude(kind__in=[*quiet, *NO_DIGEST_KINDS])
        .select_related("comment__author", "translation__translator")
        .order_by("created_at", "pk")
    )
    if not notifications or not Post.objects.visible_to(user).filter(pk=post.pk).exists():
        return []
    comment_ids = [n.comment_id for n in notifications if n.comment_id]
    readable = set(Comment.objects.visible_to(user, post).filter(pk__in=comment_ids).values_list("pk", flat=True))
    for notification in notifications:
        notification.post = post
        if notification.comment is not None:
            notification.comment.post = post
    return [n for n in notifications if n.comment_id is None or n.comment_id in readable]


@task()
def send_request_email(*, user_id: int, post_id: int) -> None:
    """Email one member everything new on one request since the last email about it, if it is due."""
    now = timezone.now()
    row = RequestEmail.objects.select_related("user", "post").filter(user_id=user_id, post_id=post_id).first()
    if row is None or row.due_at is None or row.due_at > now:
        return  # Sent already (a duplicate task), or not yet due.
    # Claim the email: of two tasks for the same pair, only one sends.
    claimed = RequestEmail.objects.filter(pk=row.pk, due_at=row.due_at).update(due_at=None, last_sent_at=now)
    if not claimed:
        return
    user, post = row.user, row.post
    waiting = _waiting(user, post) if user.is_active and user.email else []
    if not waiting:
        # Nothing went out: the hour runs from the last email that did.
        RequestEmail.objects.filter(pk=row.pk, last_sent_at=now).update(last_sent_at=row.last_sent_at)
        return
    kind = Counter(n.kind for n in waiting).most_common(1)[0][0]
    link = notification_unsubscribe_url(user, kind)
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    context: dict[str, Any]
    if len(waiting) == 1:
        [notification] = waiting
        context = {"notification": notification, "post": post, "comment": notification.comment, "unsubscribe_url": link}
        sent = send_to_user(user, f"notify_{notification.kind}", context, headers=headers)
    else:
        labels = dict(NotificationKind.choices)
        kinds = sorted({n.kind for n in waiting}, key=lambda k: list(labels).index(k))
        context = {
            "post": post,
            "notifications": waiting[:EMAIL_LISTS_AT_MOST],
            "more": len(waiting) - EMAIL_LISTS_AT_MOST,
            "unsubscribe_links": [(labels[k], notification_unsubscribe_url(user, k)) for k in kinds],
        }
        sent = send_to_user(user, "notify_request", context, headers=headers)
    if not sent:
        # Logged and recorded for moderators by send_to_user; what it held goes in the next email.
        RequestEmail.objects.filter(pk=row.pk, last_sent_at=now).update(last_sent_at=row.last_sent_at)
        return
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)


def send_due_request_emails() -> int:
    """Send every coalesced email that is due; return how many pairs were looked at.

    With a worker these are queued already, to run when due; this catches any the inline default could
    not queue for later (and any a worker lost).
    """
    due = RequestEmail.objects.filter(due_at__lte=timezone.now()).values_list("user_id", "post_id")
    count = 0
    for user_id, post_id in due.iterator(chunk_size=500):
        send_request_email.call(user_id=user_id, post_id=post_id)
        count += 1
    return count


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
        if not send_to_user(user, "notify_digest", {"notifications": waiting, "unsubscribe_urls": links.values()}):
            continue  # Logged and recorded by send_to_user; tomorrow's digest carries them.
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
    claim = message.author_id == conversation.starter_id and message.opens_conversation
    kind = NotificationKind.CLAIM if claim else NotificationKind.MESSAGE
    if email_mode(recipient, kind) == EmailMode.NONE:
        return
    link = notification_unsubscribe_url(recipient, kind)
    # A visitor has no log-in: their email carries a signed link that opens this conversation alone.
    for_visitor = Visitor.objects.filter(user=recipient, account_made_at__isnull=True).exists()
    send_to_user(
        recipient,
        "visitor_message_received" if for_visitor else "message_received",
        {
            "sender": message.author,
            "post": conversation.post,
            "conversation_url": visitor_links.conversation_link(conversation)
            if for_visitor
            else settings.RECONNECT_SITE_URL.rstrip("/") + conversation.get_absolute_url(),
            "link_days": settings.RECONNECT_VISITOR_CONVERSATION_LINK_DAYS,
            "unsubscribe_url": link,
        },
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )

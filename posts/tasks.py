"""Background work: run inline by default, by a worker when DJANGO_TASKS_BACKEND names one."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django_tasks import task

from posts.emails import send_to_user

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
        unsubscribe_url = settings.RECONNECT_SITE_URL.rstrip("/") + unsubscribe_path(saved_search)
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
def refresh_matches(*, post_id: int) -> None:
    """Recompute a request's possible matches and tell both posters of each strong new one."""
    from posts.matching import update_matches
    from posts.models import Post

    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return
    for match in update_matches(post):
        for mine, theirs in ((match.post, match.other), (match.other, match.post)):
            send_notification.enqueue(
                user_id=mine.author_id, kind="possible_match", post_id=mine.pk, other_post_id=theirs.pk
            )


UNSUBSCRIBE_SALT = "reconnect.saved-search-unsubscribe"


def unsubscribe_path(saved_search) -> str:
    token = signing.dumps(saved_search.pk, salt=UNSUBSCRIBE_SALT)
    return reverse("posts:saved_search_unsubscribe", kwargs={"token": token})


def filter_input(query: str) -> tuple[tuple[str, str], ...]:
    """What the list page's filters read of a saved query string: equal for queries that filter alike.

    Each filter's widget reads only its own name, as `data.get(name)` (the last value) and, for
    the check box, whether the name is there at all; other parameters (`page`) are ignored.
    So "q=Simon&page=2", "page=3&q=Simon" and "q=Simon" give the same input and the same results.
    """
    from django.http import QueryDict

    from posts.filters import PostFilter

    data = QueryDict(query)
    return tuple((name, data.get(name)) for name in PostFilter.base_filters if name in data)


def saved_searches_matching(post, searches) -> list[int]:
    """The ids of the (id, query) pairs in `searches` whose query finds the published request `post`.

    The same decision as `PostFilter(QueryDict(query), queryset=Post.objects.published().filter(pk=post.pk))
    .qs.exists()` for each, made once per distinct filter input (`filter_input`) and with the
    name lookups limited to the request's own keys (`posts.search.only_keys_of`).
    """
    from django.http import QueryDict

    from posts.filters import PostFilter
    from posts.models import Post
    from posts.search import only_keys_of

    found: dict[tuple, bool] = {}
    matching = []
    with only_keys_of(post):
        for pk, query in searches:
            key = filter_input(query)
            if key not in found:
                candidates = Post.objects.published().filter(pk=post.pk)
                found[key] = PostFilter(QueryDict(query), queryset=candidates).qs.exists()
            if found[key]:
                matching.append(pk)
    return matching


@task()
def alert_saved_searches(*, post_id: int) -> None:
    """Email everyone whose saved search a newly published request matches."""
    from django.utils import timezone

    from posts.models import Post, SavedSearch

    post = Post.objects.published().filter(pk=post_id).first()
    if post is None:
        return
    searches = SavedSearch.objects.filter(alert=True, user__is_active=True).exclude(user_id=post.author_id)
    rows = list(searches.values_list("pk", "user_id", "query"))
    matching = set(saved_searches_matching(post, ((pk, query) for pk, _user_id, query in rows)))
    for pk, user_id, _query in rows:
        if pk in matching:
            send_notification.enqueue(user_id=user_id, kind="saved_search_match", post_id=post.pk, saved_search_id=pk)
    ids = sorted(matching)
    for start in range(0, len(ids), 500):
        SavedSearch.objects.filter(pk__in=ids[start : start + 500]).update(last_alerted_at=timezone.now())


@task()
def deliver_notification(*, notification_id: int) -> None:
    """Email one notification if its recipient wants each one by email and may still read it."""
    from django.utils import timezone

    from posts import notifications
    from posts.models import EmailMode, Notification

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
    link = notifications.unsubscribe_url(user, notification.kind)
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

    from posts import notifications
    from posts.models import EmailMode, Notification, NotificationSetting

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
        links = {kind: notifications.unsubscribe_url(user, kind) for kind in kinds_by_user[user.pk]}
        send_to_user(user, "notify_digest", {"notifications": waiting, "unsubscribe_urls": links.values()})
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=timezone.now())
        sent += 1
    return sent


@task()
def send_message_notice(*, message_id: int) -> None:
    """Tell the other participant a message is waiting; never the message itself, which stays on the site.

    A held message is told of only once a moderator lets it through (that enqueues this task again).
    """
    from posts import notifications
    from posts.models import EmailMode, Message, Moderation, NotificationKind

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
    link = notifications.unsubscribe_url(recipient, NotificationKind.MESSAGE)
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

"""Who hears of what: followers, posters and commenters, on the site and by email.

* Followers of a request hear of new public leads and of its reunion.
* The poster hears of every lead, private ones included.
* Commenters hear of later comments on a request they commented on, when they may read them.

Each event makes at most one `Notification` per person, never for the person
who caused it and never about something they may not see. Each member chooses
per kind whether to be emailed for each, once a day (`send_digests`), or not at
all; every email carries a signed one-click unsubscribe link for its kind (posts.reach.unsubscribe).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from posts.models import (
    Comment,
    EmailMode,
    Follow,
    Moderation,
    Notification,
    NotificationKind,
    NotificationSetting,
    Post,
)

# Messages are emailed one by one or not at all: they make no `Notification` rows for the daily digest
# to gather, and a message waiting a day for its email defeats the point of writing privately.
NO_DIGEST_KINDS = frozenset({NotificationKind.MESSAGE})


def email_choices(kind: str) -> list[tuple[str, str]]:
    """The email modes a member may choose for `kind`."""
    if kind in NO_DIGEST_KINDS:
        return [(mode, label) for mode, label in EmailMode.choices if mode != EmailMode.DAILY]
    return list(EmailMode.choices)


def email_mode(user, kind: str) -> str:
    setting = NotificationSetting.objects.filter(user=user, kind=kind).first()
    return setting.email if setting else EmailMode.EACH


def set_email_mode(*, user, kind: str, mode: str) -> None:
    NotificationSetting.objects.update_or_create(user=user, kind=kind, defaults={"email": mode})


def _notify(recipients: dict[int, str], *, post: Post, comment: Comment | None) -> list[Notification]:
    if not recipients:
        # Else the fallback below would pick up older, never-emailed notifications of the same event
        # (an earlier reunion of this request) and email them, even to people who stopped following.
        return []
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient_id=user_id, kind=kind, post=post, comment=comment)
            for user_id, kind in recipients.items()
        ]
    )
    ids = [n.pk for n in notifications if n.pk]
    if not ids:  # Backends that do not return ids from bulk inserts.
        ids = list(
            Notification.objects.filter(post=post, comment=comment, emailed_at__isnull=True).values_list(
                "pk", flat=True
            )
        )

    def deliver():
        from posts.reach.delivery import deliver_notification

        for pk in ids:
            deliver_notification.enqueue(notification_id=pk)

    transaction.on_commit(deliver)
    return notifications


def comment_added(comment: Comment) -> None:
    """Tell the poster, followers and earlier commenters about a new comment, as far as each may read it."""
    post = comment.post
    if comment.moderation != Moderation.PUBLISHED:
        return
    recipients: dict[int, str] = {}
    if comment.is_private:
        if post.author_id != comment.author_id:
            recipients[post.author_id] = NotificationKind.PRIVATE_LEAD
    else:
        earlier = (
            Comment.objects.filter(post=post, moderation=Moderation.PUBLISHED, created_at__lt=comment.created_at)
            .values_list("author_id", flat=True)
            .distinct()
        )
        for user_id in earlier:
            recipients[user_id] = NotificationKind.REPLY
        if comment.is_lead and post.is_published:
            for user_id in Follow.objects.filter(post=post).values_list("user_id", flat=True):
                recipients[user_id] = NotificationKind.NEW_LEAD
        if comment.is_lead:
            recipients[post.author_id] = NotificationKind.PRIVATE_LEAD
    recipients.pop(comment.author_id, None)
    if not post.is_published:
        recipients = {uid: kind for uid, kind in recipients.items() if uid == post.author_id}
    active = set(get_user_model().objects.filter(pk__in=recipients, is_active=True).values_list("pk", flat=True))
    _notify({uid: kind for uid, kind in recipients.items() if uid in active}, post=post, comment=comment)


def post_resolved(post: Post) -> None:
    if not post.is_published:
        return
    followers = Follow.objects.filter(post=post, user__is_active=True).exclude(user_id=post.author_id)
    _notify(
        dict.fromkeys(followers.values_list("user_id", flat=True), NotificationKind.RESOLVED), post=post, comment=None
    )


def still_visible(notification: Notification) -> bool:
    """Whether the recipient may still read what the notification is about."""
    user, post = notification.recipient, notification.post
    if not Post.objects.visible_to(user).filter(pk=post.pk).exists():
        return False
    if notification.comment_id:
        return Comment.objects.visible_to(user, post).filter(pk=notification.comment_id).exists()
    return True


def for_user(user):
    """The member's notifications about things they may still see, newest first."""
    visible_posts = Post.objects.visible_to(user)
    return (
        Notification.objects.filter(recipient=user, post__in=visible_posts)
        .filter(Q(comment__isnull=True) | Q(comment__moderation=Moderation.PUBLISHED) | Q(comment__author=user))
        .select_related("post", "comment__author")
    )


def mark_read(*, user, notification: Notification | None = None) -> None:
    notifications = Notification.objects.filter(recipient=user).unread()
    if notification is not None:
        notifications = notifications.filter(pk=notification.pk)
    notifications.update(read_at=timezone.now())

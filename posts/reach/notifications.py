"""Who hears of what: the poster, followers and the author of a comment replied to, on the site and by email.

* A new comment or public lead reaches the poster and the request's followers. The poster hears of
  every lead, private ones included, whether or not they still follow their own request.
* A reply (`Comment.reply_to`) reaches the author of the comment it answers as well; earlier commenters
  who are neither replied to nor following hear nothing, so a busy request does not reach everyone who
  ever wrote on it.
* A private lead reaches the poster only.
* Followers hear of the reunion.
* A claim ("I think this is me", "I know this person"), the first message of a conversation, reaches
  the poster; every later message reaches the other participant. Each is written once the message is
  let through, never while it is held. Their emails are the message notices (delivery.send_message_notice).
* Translations: the poster hears of one offered (once screened), its translator of the decision, and
  followers who read its language (among their languages, or as their interface language) of one approved.

Plain comments collapse: while a member has a waiting notification of a plain comment on a request
(unread, not yet emailed), later plain comments there add no row, so a request with thousands of
comments and followers writes rows by followers × visits and emails, not by followers × comments.
Leads, replies and private leads are each kept. Messages collapse the same way, per conversation:
while the reader has unread news of a conversation, a new message there adds no row; claims are each kept.

Each event makes at most one `Notification` per person, never for the person who caused it, never for
an inactive account and never about something they may not see. The request path only queues one task
per event, on commit (`comment_added`, `post_resolved`); the task works out who hears of it and writes
the notifications in batches, in the worker when one is configured. How each is emailed (coalesced,
at most one email an hour per request; once a day; or not at all, as the member chose per kind) is
posts.reach.delivery's part.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from accounts.roles import member_changed
from posts.models import (
    Comment,
    Follow,
    Message,
    Moderation,
    Notification,
    NotificationKind,
    Post,
    Translation,
    TranslationStatus,
)
from posts.reach.delivery import schedule_request_emails

BATCH = 500

# When one person fits several reasons to hear of a comment, the most specific kind wins.
_RANK: dict[str, int] = {
    NotificationKind.COMMENT: 0,
    NotificationKind.REPLY: 1,
    NotificationKind.NEW_LEAD: 2,
    NotificationKind.PRIVATE_LEAD: 3,
}


def comment_added(comment: Comment) -> None:
    """Tell the people a newly published comment concerns, from the worker once it is committed."""
    if comment.moderation != Moderation.PUBLISHED:
        return
    transaction.on_commit(lambda: fan_out_comment.enqueue(comment_id=comment.pk))


def post_resolved(post: Post) -> None:
    """Tell the followers of a published request of its reunion, from the worker once it is committed."""
    if not post.is_published:
        return
    transaction.on_commit(lambda: fan_out_resolution.enqueue(post_id=post.pk))


def message_published(message: Message) -> None:
    """Tell the other participant of a message they may now read, once it is committed."""
    if message.moderation != Moderation.PUBLISHED:
        return
    transaction.on_commit(lambda: notify_message.enqueue(message_id=message.pk))


@task()
def notify_message(*, message_id: int) -> None:
    """Write the notification of a claim or a message, unless unread news of that conversation waits."""
    message = (
        Message.objects.select_related("conversation__post", "conversation__starter", "author")
        .filter(pk=message_id, moderation=Moderation.PUBLISHED)
        .first()
    )
    if message is None:
        return  # Removed, or held again, before the worker came to it.
    conversation = message.conversation
    recipient = conversation.other_side(message.author)
    if not recipient.is_active:
        return
    claim = message.author_id == conversation.starter_id and message.opens_conversation
    waiting = Notification.objects.filter(recipient=recipient, conversation=conversation, read_at__isnull=True)
    if not claim and waiting.exists():
        return  # Coalesced: the unread one already leads to the conversation (and a retry writes nothing).
    if claim and waiting.filter(kind=NotificationKind.CLAIM).exists():
        return  # Run twice: told once.
    Notification.objects.create(
        recipient=recipient,
        kind=NotificationKind.CLAIM if claim else NotificationKind.MESSAGE,
        post=conversation.post,
        conversation=conversation,
        created_at=message.created_at,
    )


def comment_recipients(comment: Comment) -> dict[int, str]:
    """Who hears of `comment`, and as which kind: user id → kind (inactive accounts not yet left out)."""
    post = comment.post
    recipients: dict[int, str] = {}

    def tell(user_id: int, kind: str) -> None:
        if _RANK[kind] > _RANK.get(recipients.get(user_id, ""), -1):
            recipients[user_id] = kind

    if comment.is_private:
        tell(post.author_id, NotificationKind.PRIVATE_LEAD)
    elif post.is_published:
        follower_kind = NotificationKind.NEW_LEAD if comment.is_lead else NotificationKind.COMMENT
        for user_id in Follow.objects.filter(post=post).values_list("user_id", flat=True).iterator(chunk_size=2000):
            tell(user_id, follower_kind)
        tell(post.author_id, NotificationKind.PRIVATE_LEAD if comment.is_lead else NotificationKind.COMMENT)
        replied = comment.reply_to
        if replied is not None and replied.post_id == post.pk and replied.is_published:
            tell(replied.author_id, NotificationKind.REPLY)
    else:
        # Only the poster may read an unpublished request.
        tell(post.author_id, NotificationKind.PRIVATE_LEAD if comment.is_lead else NotificationKind.COMMENT)
    recipients.pop(comment.author_id, None)
    return recipients


@task()
def fan_out_comment(*, comment_id: int) -> None:
    """Write the notifications of a new comment and schedule their emails, in batches."""
    comment = Comment.objects.select_related("post", "reply_to").filter(pk=comment_id).first()
    if comment is None or comment.moderation != Moderation.PUBLISHED:
        return  # Deleted, hidden or sent back to review before the worker came to it.
    recipients = comment_recipients(comment)
    # Run twice (a retry), the task tells nobody twice.
    for user_id in Notification.objects.filter(comment=comment).values_list("recipient_id", flat=True):
        recipients.pop(user_id, None)
    _notify(recipients, post=comment.post, comment=comment)


@task()
def fan_out_resolution(*, post_id: int) -> None:
    """Write the notifications of a reunion for the request's followers and schedule their emails."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None or not post.is_published:
        return
    followers = Follow.objects.filter(post=post).exclude(user_id=post.author_id).values_list("user_id", flat=True)
    _notify(dict.fromkeys(followers, NotificationKind.RESOLVED), post=post, comment=None)


def translation_offered(translation: Translation) -> None:
    """Tell the poster a screened translation of their request waits for their decision."""
    if translation.moderation != Moderation.PUBLISHED or translation.translator_id == translation.post.author_id:
        return
    transaction.on_commit(lambda: fan_out_translation.enqueue(translation_id=translation.pk, event="offered"))


def translation_decided(translation: Translation) -> None:
    """Tell the translator their translation was approved or rejected."""
    if translation.translator_id == translation.decided_by_id:
        return
    transaction.on_commit(lambda: fan_out_translation.enqueue(translation_id=translation.pk, event="decided"))


def translation_published(translation: Translation) -> None:
    """Tell the followers who read its language that a translation of the request is there, from the worker."""
    transaction.on_commit(lambda: fan_out_translation.enqueue(translation_id=translation.pk, event="published"))


def translation_readers(translation: Translation) -> list[int]:
    """Followers of the request who read the translation's language, but not its translator or the poster."""
    language = translation.language
    reads = Q(user__languages__contains=f",{language},") | Q(user__interface_language=language)
    followers = Follow.objects.filter(post_id=translation.post_id).filter(reads)
    followers = followers.exclude(user_id__in=(translation.translator_id, translation.post.author_id))
    return list(followers.values_list("user_id", flat=True).iterator(chunk_size=2000))


@task()
def fan_out_translation(*, translation_id: int, event: str) -> None:
    """Write the notifications of a translation offered, decided or published, and schedule their emails."""
    translation = Translation.objects.select_related("post").filter(pk=translation_id).first()
    if translation is None or translation.moderation != Moderation.PUBLISHED:
        return
    post = translation.post
    recipients: dict[int, str]
    if event == "offered":
        recipients = {post.author_id: NotificationKind.TRANSLATION_OFFERED}
    elif event == "decided":
        recipients = {translation.translator_id: NotificationKind.TRANSLATION_DECIDED}
    elif translation.status == TranslationStatus.APPROVED and post.is_published:
        recipients = dict.fromkeys(translation_readers(translation), NotificationKind.TRANSLATION)
    else:
        return  # Replaced, or its request hidden, before the worker came to it.
    # Run twice (a retry), the task tells nobody twice.
    kinds = set(recipients.values())
    told = Notification.objects.filter(translation=translation, kind__in=kinds).values_list("recipient_id", flat=True)
    for user_id in told:
        recipients.pop(user_id, None)
    _notify(recipients, post=post, comment=None, translation=translation)


def _notify(
    recipients: dict[int, str], *, post: Post, comment: Comment | None, translation: Translation | None = None
) -> None:
    active_users = get_user_model().objects.filter(is_active=True)
    now = timezone.now()
    ordered = sorted(recipients.items())
    for start in range(0, len(ordered), BATCH):
        kinds = dict(ordered[start : start + BATCH])
        with transaction.atomic():
            active = set(active_users.filter(pk__in=kinds).values_list("pk", flat=True))
            told = {user_id: kind for user_id, kind in kinds.items() if user_id in active}
            if comment is not None:
                told = _without_waiting_comment_news(told, post=post)
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=user_id,
                        kind=kind,
                        post=post,
                        comment=comment,
                        translation=translation,
                        created_at=now,
                    )
                    for user_id, kind in told.items()
                ]
            )
            member_changed(*told)  # bulk_create sends no signal: their headers' kept counts are stale.
            schedule_request_emails(post=post, kinds=told)


def _without_waiting_comment_news(kinds: dict[int, str], *, post: Post) -> dict[int, str]:
    """Leave out plain-comment news for members who already have some waiting on this request."""
    plain = [user_id for user_id, kind in kinds.items() if kind == NotificationKind.COMMENT]
    if not plain:
        return kinds
    waiting = set(
        Notification.objects.filter(
            post=post,
            kind=NotificationKind.COMMENT,
            recipient_id__in=plain,
            read_at__isnull=True,
            emailed_at__isnull=True,
        ).values_list("recipient_id", flat=True)
    )
    return {user_id: kind for user_id, kind in kinds.items() if user_id not in waiting}


def mark_read(*, user, notification: Notification | None = None) -> None:
    notifications = Notification.objects.filter(recipient=user).unread()
    if notification is not None:
        notifications = notifications.filter(pk=notification.pk)
    if notifications.update(read_at=timezone.now()):
        member_changed(user.pk)  # An update sends no signal: the header's kept count is stale.

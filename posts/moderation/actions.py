from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Sanction, SanctionKind
from accounts.roles import is_moderator
from posts.models import (
    Comment,
    Conversation,
    Message,
    Moderation,
    Post,
    ReviewStatus,
    Translation,
    TranslationStatus,
)
from posts.moderation import review
from posts.moderation.log import ModerationActionKind, record
from posts.moderation.policy import SANCTION_DAYS
from posts.reach import notifications, pagecache
from posts.reach.alerts import alert_saved_searches, refresh_matches_later
from posts.reach.delivery import notify, send_message_notice
from posts.search.index import index_post

User = get_user_model()


def _require_moderator(by) -> None:
    if not is_moderator(by):
        raise PermissionDenied(_("Only moderators can do this."))


def _check_sanctionable(user, *, by) -> None:
    """Moderators are not banned or sanctioned by each other: whoever runs the site takes them out of the group."""
    if user.pk == by.pk:
        raise PermissionDenied(_("You cannot ban or sanction your own account."))
    if is_moderator(user):
        raise PermissionDenied(
            _("Moderators cannot be banned or sanctioned here: take them out of the Moderators group first.")
        )


def _moderate(obj: Post | Comment | Translation, *, by, state: str, reason: str, action: str) -> None:
    before = obj.moderation
    obj.moderation = state
    obj.moderation_reason = reason.strip()
    fields = ["moderation", "moderation_reason"]
    if isinstance(obj, Post) and state == Moderation.PUBLISHED and obj.published_at is None:
        obj.published_at = timezone.now()
        fields.append("published_at")
    obj.save(update_fields=fields)
    record(actor=by, action=action, target=obj, reason=reason, before=before)
    # Wherever the moderator decided, the review queue's item about it is settled too.
    review.resolve(
        target=obj, by=by, status=ReviewStatus.APPROVED if state == Moderation.PUBLISHED else ReviewStatus.REJECTED
    )


def publish_post(*, post: Post, by) -> Post:
    _require_moderator(by)
    with transaction.atomic():
        _moderate(post, by=by, state=Moderation.PUBLISHED, reason="", action=ModerationActionKind.PUBLISH)
        notify(post.author, "post_published", post_id=post.pk)
        refresh_matches_later(post)
        transaction.on_commit(lambda: alert_saved_searches.enqueue(post_id=post.pk))
    return post


def hide_post(*, post: Post, by, reason: str) -> Post:
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    with transaction.atomic():
        _moderate(post, by=by, state=Moderation.HIDDEN, reason=reason, action=ModerationActionKind.HIDE)
        notify(post.author, "post_hidden", post_id=post.pk)
        refresh_matches_later(post)
    return post


def remove_post(*, post: Post, by, reason: str) -> Post:
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    with transaction.atomic():
        _moderate(post, by=by, state=Moderation.REMOVED, reason=reason, action=ModerationActionKind.REMOVE)
        notify(post.author, "post_removed", post_id=post.pk)
        refresh_matches_later(post)
    return post


def restore_post(*, post: Post, by) -> Post:
    """Undo a hide or removal: the request is published again."""
    _require_moderator(by)
    with transaction.atomic():
        post.hidden_by_ban = False
        post.save(update_fields=["hidden_by_ban"])
        _moderate(post, by=by, state=Moderation.PUBLISHED, reason="", action=ModerationActionKind.RESTORE)
        refresh_matches_later(post)
    return post


def publish_comment(*, comment: Comment, by) -> Comment:
    """Let a held comment through; the people it concerns hear of it as if it were new."""
    _require_moderator(by)
    with transaction.atomic():
        _moderate(comment, by=by, state=Moderation.PUBLISHED, reason="", action=ModerationActionKind.PUBLISH)
        notifications.comment_added(comment)
    return comment


def hide_comment(*, comment: Comment, by, reason: str) -> Comment:
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    with transaction.atomic():
        _moderate(comment, by=by, state=Moderation.HIDDEN, reason=reason, action=ModerationActionKind.HIDE)
    return comment


def remove_comment(*, comment: Comment, by, reason: str) -> Comment:
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    with transaction.atomic():
        _moderate(comment, by=by, state=Moderation.REMOVED, reason=reason, action=ModerationActionKind.REMOVE)
    return comment


def restore_comment(*, comment: Comment, by) -> Comment:
    _require_moderator(by)
    with transaction.atomic():
        comment.hidden_by_ban = False
        comment.save(update_fields=["hidden_by_ban"])
        _moderate(comment, by=by, state=Moderation.PUBLISHED, reason="", action=ModerationActionKind.RESTORE)
    return comment


def ban_user(*, user, by, reason: str) -> None:
    """Deactivate an account and hide all it published; `unban_user` undoes exactly this."""
    _require_moderator(by)
    _check_sanctionable(user, by=by)
    if not reason.strip():
        raise ValidationError(_("Give a reason for the ban."), code="reason_required")
    now = timezone.now()
    with transaction.atomic():
        user.is_active = False
        user.banned_at = now
        user.save(update_fields=["is_active", "banned_at"])
        hidden_requests = Post.objects.filter(author=user, moderation=Moderation.PUBLISHED).update(
            moderation=Moderation.HIDDEN, moderation_reason=reason.strip(), hidden_by_ban=True
        )
        hidden_comments = Comment.objects.filter(author=user, moderation=Moderation.PUBLISHED).update(
            moderation=Moderation.HIDDEN, moderation_reason=reason.strip(), hidden_by_ban=True
        )
        # Updates send no signal; what they hid was on any page (their requests, comments anywhere).
        pagecache.everything_changed()
        record(
            actor=by,
            action=ModerationActionKind.BAN,
            target=user,
            reason=reason,
            hidden_requests=hidden_requests,
            hidden_comments=hidden_comments,
        )


def unban_user(*, user, by) -> None:
    _require_moderator(by)
    with transaction.atomic():
        user.is_active = True
        user.banned_at = None
        user.save(update_fields=["is_active", "banned_at"])
        restored_requests = Post.objects.filter(author=user, hidden_by_ban=True).update(
            moderation=Moderation.PUBLISHED, moderation_reason="", hidden_by_ban=False
        )
        restored_comments = Comment.objects.filter(author=user, hidden_by_ban=True).update(
            moderation=Moderation.PUBLISHED, moderation_reason="", hidden_by_ban=False
        )
        pagecache.everything_changed()
        record(
            actor=by,
            action=ModerationActionKind.UNBAN,
            target=user,
            restored_requests=restored_requests,
            restored_comments=restored_comments,
        )


def sanction_user(*, user, by, kind: str, days: int, reason: str):
    """Silence (can read, cannot write) or suspend (cannot log in) a member for 1 to 30 days, and tell them why."""
    _require_moderator(by)
    _check_sanctionable(user, by=by)
    if kind not in SanctionKind.values:
        raise ValidationError(_("Choose silence or suspension."), code="kind")
    if days not in SANCTION_DAYS:
        raise ValidationError(
            _("Choose a length of %(shortest)d to %(longest)d days."),
            code="days",
            params={"shortest": min(SANCTION_DAYS), "longest": max(SANCTION_DAYS)},
        )
    if not reason.strip():
        raise ValidationError(_("Give a reason; the member will see it."), code="reason_required")
    now = timezone.now()
    with transaction.atomic():
        sanction = Sanction.objects.create(
            user=user,
            kind=kind,
            reason=reason.strip(),
            starts_at=now,
            ends_at=now + timedelta(days=days),
            created_by=by,
        )
        if kind == SanctionKind.SUSPEND:
            # End the member's open sessions: log-in itself is refused by accounts.backends.
            for session in Session.objects.filter(expire_date__gt=now).iterator():
                if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                    session.delete()
        record(
            actor=by,
            action=ModerationActionKind.SILENCE if kind == SanctionKind.SILENCE else ModerationActionKind.SUSPEND,
            target=user,
            reason=reason,
            days=days,
            sanction_id=sanction.pk,
        )
        notify(user, "sanction", sanction_id=sanction.pk)
    return sanction


def lift_sanction(*, sanction, by):
    _require_moderator(by)
    if sanction.lifted_at is not None:
        return sanction
    with transaction.atomic():
        sanction.lifted_at = timezone.now()
        sanction.lifted_by = by
        sanction.save(update_fields=["lifted_at", "lifted_by"])
        record(
            actor=by,
            action=ModerationActionKind.LIFT_SANCTION,
            target=sanction.user,
            kind=sanction.kind,
            sanction_id=sanction.pk,
        )
        notify(sanction.user, "sanction_lifted", sanction_id=sanction.pk)
    return sanction


# Held and reported messages -----------------------------------------------------------------


def publish_message(*, message: Message, by) -> Message:
    """Let a held message through: it is delivered now, counts as new for the other side, and they hear of it."""
    _require_moderator(by)
    if message.moderation == Moderation.PUBLISHED:
        return message
    now = timezone.now()
    with transaction.atomic():
        before = message.moderation
        # Dated when delivered, so that it is new to a reader who opened the conversation while it waited.
        message.moderation, message.moderation_reason, message.created_at = Moderation.PUBLISHED, "", now
        message.save(update_fields=["moderation", "moderation_reason", "created_at"])
        Conversation.objects.filter(pk=message.conversation_id).update(last_message_at=now)
        record(actor=by, action=ModerationActionKind.PUBLISH, target=message, before=before)
        review.resolve(target=message, by=by, status=ReviewStatus.APPROVED)
        transaction.on_commit(lambda: send_message_notice.enqueue(message_id=message.pk))
        notifications.message_published(message)
    return message


def remove_message(*, message: Message, by, reason: str) -> Message:
    """Take a message away from the other side; its author still sees it, marked as removed, with the reason."""
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    with transaction.atomic():
        before = message.moderation
        message.moderation, message.moderation_reason = Moderation.REMOVED, reason.strip()
        message.save(update_fields=["moderation", "moderation_reason"])
        record(actor=by, action=ModerationActionKind.REMOVE, target=message, reason=reason, before=before)
        review.resolve(target=message, by=by, status=ReviewStatus.REJECTED)
    return message


# Translations -------------------------------------------------------------------------------------------------


def publish_translation(*, translation: Translation, by) -> Translation:
    """Let a held translation through: the poster is asked to decide, or, approved already, readers get it."""
    _require_moderator(by)
    with transaction.atomic():
        _moderate(translation, by=by, state=Moderation.PUBLISHED, reason="", action=ModerationActionKind.PUBLISH)
        if translation.status == TranslationStatus.APPROVED:
            index_post(translation.post)
            notifications.translation_published(translation)
        else:
            notifications.translation_offered(translation)
    return translation


def hide_translation(*, translation: Translation, by, reason: str) -> Translation:
    return _take_down_translation(translation, by=by, reason=reason, state=Moderation.HIDDEN)


def remove_translation(*, translation: Translation, by, reason: str) -> Translation:
    return _take_down_translation(translation, by=by, reason=reason, state=Moderation.REMOVED)


def _take_down_translation(translation: Translation, *, by, reason: str, state: str) -> Translation:
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    action = ModerationActionKind.HIDE if state == Moderation.HIDDEN else ModerationActionKind.REMOVE
    with transaction.atomic():
        _moderate(translation, by=by, state=state, reason=reason, action=action)
        index_post(translation.post)  # Its words no longer find the request.
    return translation


def settle_translation(*, translation: Translation, by, approve: bool, reason: str = "") -> Translation:
    """Approve or reject an undecided translation: the poster's decision, or the moderators' when left to them.

    The caller checks who may (posts.translations.permissions). An approved translation replaces the one approved
    before in its language, is indexed with its request, and its readers hear of it; a moderator's decision is
    logged, the poster's is their own.
    """
    with transaction.atomic():
        translation = Translation.objects.select_for_update().select_related("post").get(pk=translation.pk)
        post = translation.post
        now = timezone.now()
        left_to_moderators = translation.status == TranslationStatus.MODERATORS
        if approve:
            replaced = Translation.objects.filter(
                post=post, language=translation.language, status=TranslationStatus.APPROVED
            ).exclude(pk=translation.pk)
            replaced.update(status=TranslationStatus.REPLACED, updated_at=now)
            translation.status, translation.out_of_date, translation.rejection_reason = (
                TranslationStatus.APPROVED,
                False,
                "",
            )
        else:
            translation.status, translation.rejection_reason = TranslationStatus.REJECTED, reason.strip()
        translation.decided_by, translation.decided_at = by, now
        translation.save(update_fields=["status", "out_of_date", "rejection_reason", "decided_by", "decided_at"])
        pagecache.request_changed(post.pk)
        if is_moderator(by) and by.pk != post.author_id:
            record(
                actor=by,
                action=ModerationActionKind.PUBLISH if approve else ModerationActionKind.HIDE,
                target=translation,
                reason=reason,
                decision=translation.status,
            )
        if left_to_moderators:
            # The queue's item about the decision is settled; a hold or flag of the text stays for a moderator.
            status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
            review.resolve(target=translation, by=by, status=status)
        if approve:
            index_post(post)
            notifications.translation_published(translation)
        notifications.translation_decided(translation)
    return translation

"""Every change of state of requests, photos, comments and reports.

Each function checks the permission that owns it, does the change in one
transaction, and queues what follows from it (emails, the audit entry).
Refusals raise `PermissionDenied`; bad values raise `ValidationError`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from posts.contact.detection import HELD_MESSAGE, contains_contact_details
from posts.contact.optouts import matches_an_opt_out
from posts.models import (
    Comment,
    Follow,
    Moderation,
    Photo,
    Post,
    Status,
)
from posts.moderation import revisions, trust, watched
from posts.moderation.actions import silenced_message
from posts.reach import notifications
from posts.reach.alerts import alert_saved_searches, refresh_matches_later
from posts.reach.delivery import notify
from posts.requests import permissions
from posts.requests.images import ProcessedImage
from posts.requests.stories import has_story_consent
from posts.requests.tasks import make_thumbnail_later
from posts.search.query import index_post

User = get_user_model()


POST_FIELDS = (
    "title",
    "sought_name",
    "sought_other_names",
    "sought_nickname",
    "relationship",
    "met_place",
    "met_city",
    "met_country",
    "year_from",
    "year_to",
    "now_country",
    "story",
    "languages",
    "on_behalf_of",
    "poster_then_name",
    "poster_then_nickname",
    "claim_question",
)


@dataclass(frozen=True)
class NewPhoto:
    image: ProcessedImage
    caption: str = ""
    alt_text: str = ""


@dataclass(frozen=True)
class PhotoChange:
    photo_id: int
    caption: str
    alt_text: str
    order: int
    delete: bool = False


def _needs_review(author) -> bool:
    """A new account's first request waits for a moderator; after that, requests go straight out."""
    if permissions.is_moderator(author) or trust.skips_first_request_review(author):
        return False
    return not Post.objects.filter(author=author, published_at__isnull=False).exists()


def _store_photos(post: Post, photos: Iterable[NewPhoto], start: int) -> None:
    for offset, photo in enumerate(photos):
        stored = Photo.objects.create(
            post=post,
            image=photo.image.full,
            thumbnail=photo.image.thumbnail or "",
            caption=photo.caption,
            alt_text=photo.alt_text,
            order=start + offset,
        )
        if not stored.thumbnail:
            make_thumbnail_later(stored)


def _check_photo_count(count: int, author) -> None:
    from django.conf import settings

    trust.check_photo_count(author, count)
    if count > settings.RECONNECT_MAX_PHOTOS:
        raise ValidationError(
            _("A request can have at most %(limit)d photos."),
            code="too_many_photos",
            params={"limit": settings.RECONNECT_MAX_PHOTOS},
        )


def create_post(*, author, data: dict[str, Any], photos: Iterable[NewPhoto] = ()) -> Post:
    if permissions.has_verified_email(author) and author.is_silenced:
        raise PermissionDenied(silenced_message(author))
    if not permissions.can_post(author):
        raise PermissionDenied(_("Please verify your email address before posting a request."))
    photos = list(photos)
    _check_photo_count(len(photos), author)
    trust.check_daily_requests(author)
    verdict = watched.screen_post(author=author, data=data)
    now = timezone.now()
    with transaction.atomic():
        post = Post(author=author, **{field: data[field] for field in POST_FIELDS if field in data})
        post.created_at = post.last_activity_at = now
        if _needs_review(author):
            post.moderation = Moderation.PENDING
        else:
            post.moderation = Moderation.PUBLISHED
            post.published_at = now
        if post.moderation == Moderation.PUBLISHED and matches_an_opt_out(post):
            post.moderation = Moderation.PENDING
            post.published_at = None
            post.moderation_reason = _(
                "Held for review: the person you are looking for may have asked not to be posted about."
            )
        post.full_clean()
        post.save()
        watched.apply(verdict, post, created=True)
        index_post(post)
        Follow.objects.create(user=author, post=post)
        _store_photos(post, photos, start=0)
        refresh_matches_later(post)
        if post.is_published:
            transaction.on_commit(lambda: alert_saved_searches.enqueue(post_id=post.pk))
    return post


def edit_post(
    *,
    post: Post,
    by,
    data: dict[str, Any],
    new_photos: Iterable[NewPhoto] = (),
    photo_changes: Iterable[PhotoChange] = (),
) -> Post:
    if not permissions.can_edit_post(by, post):
        raise PermissionDenied(_("Only the person who posted this request can edit it."))
    new_photos = list(new_photos)
    changes = {change.photo_id: change for change in photo_changes}
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        before = {field: getattr(post, field) for field in POST_FIELDS}
        verdict = watched.screen_post(author=by, data=data, before=before)
        for field in POST_FIELDS:
            if field in data:
                setattr(post, field, data[field])
        post.full_clean()
        revisions.record_post_revision(before, post, by)
        post.save()
        watched.apply(verdict, post)
        index_post(post)
        refresh_matches_later(post)
        kept = []
        for photo in post.photos.all():
            change = changes.get(photo.pk)
            if change and change.delete:
                _delete_photo_files(photo)
                photo.delete()
                continue
            if change:
                photo.caption, photo.alt_text, photo.order = change.caption, change.alt_text, change.order
                photo.save(update_fields=["caption", "alt_text", "order"])
            kept.append(photo)
        _check_photo_count(len(kept) + len(new_photos), by)
        _store_photos(post, new_photos, start=max((p.order for p in kept), default=-1) + 1)
    return post


def _delete_photo_files(photo: Photo) -> None:
    image, thumbnail = photo.image, photo.thumbnail

    def delete_files():
        image.delete(save=False)
        thumbnail.delete(save=False)

    transaction.on_commit(delete_files)


def resolve_post(*, post: Post, by, note: str = "", lead: Comment | None = None) -> Post:
    """Mark the request reunited; a story of the reunion only if the other person agreed to one."""
    if not permissions.can_change_status(by, post):
        raise PermissionDenied(_("Only the person who posted this request can mark it reunited."))
    if lead is not None and (lead.post_id != post.pk or not lead.is_published):
        raise ValidationError(_("Choose a comment on this request."), code="foreign_lead")
    note = note.strip()
    if note and not has_story_consent(post):
        raise ValidationError(
            {
                "note": ValidationError(
                    _(
                        "Nobody you wrote with has agreed to a story of your reunion (or they withdrew). "
                        "Leave this empty, or ask them to agree in your conversation first."
                    ),
                    code="no_story_consent",
                )
            }
        )
    with transaction.atomic():
        post.status = Status.RESOLVED
        post.resolved_note = note
        post.resolved_comment = lead
        post.resolved_at = post.last_activity_at = timezone.now()
        post.save(update_fields=["status", "resolved_note", "resolved_comment", "resolved_at", "last_activity_at"])
        if lead is not None and lead.author_id != post.author_id:
            notify(lead.author, "lead_helped", post_id=post.pk)
        notifications.post_resolved(post)
    return post


def close_post(*, post: Post, by) -> Post:
    if not permissions.can_change_status(by, post):
        raise PermissionDenied(_("Only the person who posted this request can close it."))
    post.status = Status.CLOSED
    post.last_activity_at = timezone.now()
    post.save(update_fields=["status", "last_activity_at"])
    return post


def reopen_post(*, post: Post, by) -> Post:
    if not permissions.can_change_status(by, post):
        raise PermissionDenied(_("Only the person who posted this request can reopen it."))
    post.status = Status.OPEN
    post.resolved_at = None
    post.resolved_comment = None
    post.last_activity_at = timezone.now()
    post.save(update_fields=["status", "resolved_at", "resolved_comment", "last_activity_at"])
    return post


def add_comment(*, post: Post, author, body: str, is_lead: bool = False, is_private: bool = False) -> Comment:
    if not permissions.has_verified_email(author):
        raise PermissionDenied(_("Please verify your email address before commenting."))
    if author.is_silenced:
        raise PermissionDenied(silenced_message(author))
    if not permissions.can_comment(author, post):
        raise PermissionDenied(_("This request is not taking comments."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Please write something."), code="empty")
    trust.check_comment_links(author, body)
    verdict = watched.screen_text(author=author, text=body)
    with transaction.atomic():
        held = contains_contact_details(body) and not permissions.is_moderator(author)
        # A new member's first comments wait too (accounts/trust.py); the author is told why.
        reason = str(HELD_MESSAGE) if held else trust.comment_hold_reason(author)
        held = bool(reason)
        comment = Comment.objects.create(
            post=post,
            author=author,
            body=body,
            is_lead=is_lead or is_private,
            is_private=is_private,
            moderation=Moderation.PENDING if held else Moderation.PUBLISHED,
            moderation_reason=reason,
        )
        watched.apply(verdict, comment)
        Post.objects.filter(pk=post.pk).update(last_activity_at=comment.created_at)
        notifications.comment_added(comment)
    return comment


def edit_comment(*, comment: Comment, by, body: str) -> Comment:
    if not permissions.can_edit_comment(by, comment):
        raise PermissionDenied(_("This comment can no longer be edited."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Please write something."), code="empty")
    trust.check_comment_links(by, body)
    with transaction.atomic():
        # Read from the database: a bound ModelForm has already put the new body on `comment`.
        before = Comment.objects.select_for_update().values("body").get(pk=comment.pk)
        verdict = watched.screen_text(author=by, text=body, before=before["body"])
        comment.body = body
        comment.edited_at = timezone.now()
        revisions.record_comment_revision(before, comment, by)
        comment.save(update_fields=["body", "edited_at"])
        watched.apply(verdict, comment)
    return comment


def delete_comment(*, comment: Comment, by) -> None:
    if not permissions.can_delete_comment(by, comment):
        raise PermissionDenied(_("Only the author of a comment can delete it."))
    comment.delete()


def follow_post(*, user, post: Post) -> None:
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Log in to follow a request."))
    if not Post.objects.visible_to(user).filter(pk=post.pk).exists():
        raise PermissionDenied(_("You cannot follow this request."))
    Follow.objects.get_or_create(user=user, post=post)


def unfollow_post(*, user, post: Post) -> None:
    Follow.objects.filter(user=user, post=post).delete()

"""Every change of state of requests, photos, comments and reports.

Each function checks the permission that owns it, does the change in one
transaction, and queues what follows from it (emails, the audit entry).
Refusals raise `PermissionDenied`; bad values raise `ValidationError`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from posts.contact.optouts import matches_an_opt_out
from posts.contact.stories import has_story_consent
from posts.models import (
    Comment,
    Follow,
    Moderation,
    Photo,
    PhotoStatus,
    Post,
    ReviewReason,
    Status,
)
from posts.moderation import review, revisions, trust, watched
from posts.moderation.detection import HELD_MESSAGE, HELD_POST_MESSAGE, brings_in_contact_details, regions_of
from posts.reach import notifications, pagecache
from posts.reach.alerts import alert_saved_searches, refresh_matches_later
from posts.reach.delivery import notify
from posts.requests import permissions
from posts.requests.images import CheckedUpload, ProcessedImage
from posts.requests.photos import check_photo_count
from posts.requests.tasks import make_thumbnail_later, process_photo_later
from posts.search.index import index_post
from posts.translations.services import mark_out_of_date
from reconnect.normalise import is_blank

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
    # Re-encoded already, or checked from its header and left to the worker (posts/requests/uploads.accept).
    image: ProcessedImage | CheckedUpload
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


def _post_texts(data: dict[str, Any], photos: Iterable[NewPhoto | PhotoChange] = ()) -> list[str]:
    """Every free text of a request a member wrote: its text fields and its photos' captions and alt texts."""
    texts = [str(data.get(field) or "") for field in watched.POST_TEXT_FIELDS]
    return texts + [text for photo in photos for text in (photo.caption, photo.alt_text)]


def _brings_in_contact_details(
    author, texts: Iterable[str], *, before: Iterable[str] = (), regions: Iterable[str] = ()
) -> bool:
    """Whether a request's texts bring in contact details; a moderator's own writing is never held."""
    return not permissions.is_moderator(author) and brings_in_contact_details(texts, before=before, regions=regions)


def _hold_for_contact_details(post: Post, *, created: bool) -> None:
    """Take a request out of public view until a moderator has seen its contact details; its author is told why.

    A published request that is edited keeps the date it was first published, as for a held watched word.
    """
    if post.moderation not in (Moderation.PUBLISHED, Moderation.PENDING):
        return  # Hidden or removed: nobody else reads it anyway, and the moderator's reason stands.
    post.moderation = Moderation.PENDING
    post.moderation_reason = str(HELD_POST_MESSAGE)
    fields = ["moderation", "moderation_reason"]
    if created:
        post.published_at = None
        fields.append("published_at")
    post.save(update_fields=fields)
    review.needs_review(target=post, reason=ReviewReason.CONTACT_DETAILS)


def _store_photos(post: Post, photos: Iterable[NewPhoto], start: int) -> None:
    for offset, photo in enumerate(photos):
        described = {"post": post, "caption": photo.caption, "alt_text": photo.alt_text, "order": start + offset}
        image = photo.image
        if isinstance(image, CheckedUpload):
            stored = Photo.objects.create(
                **described,
                original=image.original,
                status=PhotoStatus.PROCESSING,
                width=image.width,
                height=image.height,
            )
            process_photo_later(stored)
            continue
        stored = Photo.objects.create(**described, image=image.full, thumbnail=image.thumbnail or "")
        if not stored.thumbnail:
            make_thumbnail_later(stored)


def create_post(*, author, data: dict[str, Any], photos: Iterable[NewPhoto] = ()) -> Post:
    permissions.check_create_post(author)
    photos = list(photos)
    check_photo_count(user=author, count=len(photos))
    trust.check_daily_requests(author)
    verdict = watched.screen_post(author=author, data=data)
    now = timezone.now()
    with transaction.atomic():
        post = Post(author=author, **{field: data[field] for field in POST_FIELDS if field in data})
        contact_details = _brings_in_contact_details(author, _post_texts(data, photos), regions=regions_of(post))
        post.created_at = post.last_activity_at = now
        held_for = ""
        if _needs_review(author):
            post.moderation = Moderation.PENDING
            held_for = ReviewReason.NEW_MEMBER
        else:
            post.moderation = Moderation.PUBLISHED
            post.published_at = now
        if post.moderation == Moderation.PUBLISHED and matches_an_opt_out(post):
            post.moderation = Moderation.PENDING
            post.published_at = None
            post.moderation_reason = _(
                "Held for review: the person you are looking for may have asked not to be posted about."
            )
            held_for = ReviewReason.OPT_OUT
        post.full_clean()
        post.save()
        if held_for:
            review.needs_review(target=post, reason=held_for)
        watched.apply(verdict, post, created=True)
        if contact_details:
            _hold_for_contact_details(post, created=True)
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
    permissions.check_edit_post(by, post)
    new_photos = list(new_photos)
    changes = {change.photo_id: change for change in photo_changes}
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        before = {field: getattr(post, field) for field in POST_FIELDS}
        verdict = watched.screen_post(author=by, data=data, before=before)
        captions_before = [text for photo in post.photos.values_list("caption", "alt_text") for text in photo]
        for field in POST_FIELDS:
            if field in data:
                setattr(post, field, data[field])
        after = {field: getattr(post, field) for field in POST_FIELDS}
        contact_details = _brings_in_contact_details(
            by,
            _post_texts(after, [*(change for change in changes.values() if not change.delete), *new_photos]),
            before=_post_texts(before) + captions_before,
            regions=regions_of(post),
        )
        post.full_clean()
        revisions.record_post_revision(before, post, by)
        post.save()
        mark_out_of_date(post=post, before=before)
        watched.apply(verdict, post)
        if contact_details:
            _hold_for_contact_details(post, created=False)
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
        check_photo_count(user=by, count=len(kept) + len(new_photos))
        _store_photos(post, new_photos, start=max((p.order for p in kept), default=-1) + 1)
    return post


def _delete_photo_files(photo: Photo) -> None:
    files = (photo.image, photo.thumbnail, photo.original)

    def delete_files():
        for file in files:
            file.delete(save=False)

    transaction.on_commit(delete_files)


def resolve_post(*, post: Post, by, note: str = "", lead: Comment | None = None) -> Post:
    """Mark the request reunited; a story of the reunion only if the other person agreed to one."""
    permissions.check_resolve_post(by, post)
    if lead is not None and (lead.post_id != post.pk or not lead.is_published):
        raise ValidationError(_("Choose a comment on this request."), code="foreign_lead")
    if lead is not None and lead.author_id == post.author_id:
        raise ValidationError(
            _("Choose a comment someone else wrote: your own did not lead you to them."), code="own_lead"
        )
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
    if note and not permissions.is_moderator(by) and brings_in_contact_details((note,), regions=regions_of(post)):
        # A story of the reunion has nobody to hold it for: it goes out with the request's new status.
        raise ValidationError(
            {
                "note": ValidationError(
                    _(
                        "Everyone can read a story of your reunion: please leave out email addresses, phone "
                        "numbers, messenger IDs and street addresses."
                    ),
                    code="contact_details",
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
    permissions.check_close_post(by, post)
    post.status = Status.CLOSED
    post.last_activity_at = timezone.now()
    post.save(update_fields=["status", "last_activity_at"])
    return post


def reopen_post(*, post: Post, by) -> Post:
    permissions.check_reopen_post(by, post)
    post.status = Status.OPEN
    post.resolved_at = None
    post.resolved_comment = None
    post.last_activity_at = timezone.now()
    post.save(update_fields=["status", "resolved_at", "resolved_comment", "last_activity_at"])
    return post


def add_comment(
    *,
    post: Post,
    author,
    body: str,
    is_lead: bool = False,
    is_private: bool = False,
    reply_to: Comment | None = None,
) -> Comment:
    permissions.check_comment(author, post)
    body = body.strip()
    if is_blank(body):
        raise ValidationError(_("Please write something."), code="empty")
    if reply_to is not None and not can_reply_to(author, reply_to, post=post):
        raise ValidationError(_("The comment you are replying to is no longer there."), code="foreign_reply")
    trust.check_comment_links(author, body)
    verdict = watched.screen_text(author=author, text=body)
    with transaction.atomic():
        held_for, reason = _comment_hold(author=author, body=body, post=post)
        held = bool(reason)
        comment = Comment.objects.create(
            post=post,
            author=author,
            body=body,
            is_lead=is_lead or is_private,
            is_private=is_private,
            moderation=Moderation.PENDING if held else Moderation.PUBLISHED,
            moderation_reason=reason,
            reply_to=reply_to,
        )
        if held:
            review.needs_review(target=comment, reason=held_for)
        watched.apply(verdict, comment)
        Post.objects.filter(pk=post.pk).update(last_activity_at=comment.created_at)
        pagecache.request_changed(post.pk)  # The comment's own signal bumps too; the update sends none.
        notifications.comment_added(comment)
    return comment


def _comment_hold(*, author, body: str, post: Post, before: str | None = None) -> tuple[str, str]:
    """Why a comment waits for a moderator: the review queue's reason and the words its author reads, or ("", "").

    The same for a new comment and for an edit, so that an edit cannot bring in what a new comment could not;
    with `before`, contact details a moderator already let through do not send the comment back.
    """
    before_texts = () if before is None else (before,)
    if not permissions.is_moderator(author) and brings_in_contact_details(
        (body,), before=before_texts, regions=regions_of(post)
    ):
        return ReviewReason.CONTACT_DETAILS, str(HELD_MESSAGE)
    # A new member's first comments wait too (posts/moderation/trust.py); the author is told why.
    reason = trust.comment_hold_reason(author)
    return (ReviewReason.NEW_MEMBER, reason) if reason else ("", "")


def can_reply_to(user, comment: Comment, *, post: Post) -> bool:
    """Whether `user` may answer `comment` on `post`: a published comment of that request they can read."""
    return (
        comment.post_id == post.pk and Comment.objects.visible_to(user, post).published().filter(pk=comment.pk).exists()
    )


def edit_comment(*, comment: Comment, by, body: str) -> Comment:
    permissions.check_edit_comment(by, comment)
    body = body.strip()
    if is_blank(body):
        raise ValidationError(_("Please write something."), code="empty")
    trust.check_comment_links(by, body)
    with transaction.atomic():
        # Read from the database: a bound ModelForm has already put the new body on `comment`.
        before = Comment.objects.select_for_update().values("body", "moderation").get(pk=comment.pk)
        verdict = watched.screen_text(author=by, text=body, before=before["body"])
        held_for, reason = ("", "")
        if body != before["body"]:
            held_for, reason = _comment_hold(author=by, body=body, post=comment.post, before=before["body"])
        comment.body = body
        comment.edited_at = timezone.now()
        revisions.record_comment_revision({"body": before["body"]}, comment, by)
        fields = ["body", "edited_at"]
        if reason and before["moderation"] in (Moderation.PUBLISHED, Moderation.PENDING):
            # Held as the same comment would be if it were new: out of public view, the author told why.
            comment.moderation, comment.moderation_reason = Moderation.PENDING, reason
            fields += ["moderation", "moderation_reason"]
        comment.save(update_fields=fields)
        if reason and comment.moderation == Moderation.PENDING:
            review.needs_review(target=comment, reason=held_for)
        watched.apply(verdict, comment)
    return comment


def delete_comment(*, comment: Comment, by) -> None:
    permissions.check_delete_comment(by, comment)
    comment.delete()


def follow_post(*, user, post: Post) -> None:
    permissions.check_follow(user, post)
    Follow.objects.get_or_create(user=user, post=post)


def unfollow_post(*, user, post: Post) -> None:
    permissions.check_unfollow(user, post)
    Follow.objects.filter(user=user, post=post).delete()


# Records from other tracing systems (posts.interchange.importer) ------------------------------------------------


def import_post(
    *, author, data: dict[str, Any], pfif_record_id: str, pfif_source: str, created_at: datetime, now: datetime
) -> Post:
    """Save a request read from another tracing system: it waits for a moderator, and can be searched at once."""
    with transaction.atomic():
        post = Post(
            author=author,
            **{field: data[field] for field in POST_FIELDS if field in data},
            moderation=Moderation.PENDING,
            pfif_record_id=pfif_record_id,
            pfif_source=pfif_source,
            created_at=created_at,
            last_activity_at=now,
        )
        post.full_clean(exclude=["story", "languages"])
        post.save()
        index_post(post)
        review.needs_review(target=post, reason=ReviewReason.IMPORTED)
    return post


def import_comment(
    *, post: Post, author, body: str, is_lead: bool, pfif_record_id: str, created_at: datetime
) -> Comment:
    """Save a note read from another tracing system as a comment on `post`.

    It goes public only after a moderator has seen it: with its request when that is waiting for review,
    on its own otherwise.
    """
    moderation = Moderation.PUBLISHED if post.moderation == Moderation.PENDING else Moderation.PENDING
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            author=author,
            body=body,
            is_lead=is_lead,
            moderation=moderation,
            pfif_record_id=pfif_record_id,
            created_at=created_at,
        )
        if moderation == Moderation.PENDING:
            review.needs_review(target=comment, reason=ReviewReason.IMPORTED)
    return comment

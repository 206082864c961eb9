"""Every change of state of requests, photos, comments and reports.

Each function checks the permission that owns it, does the change in one
transaction, and queues what follows from it (emails, the audit entry).
Refusals raise `PermissionDenied`; bad values raise `ValidationError`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import trust
from posts import notifications, permissions, revisions, watched
from posts.contact_details import HELD_MESSAGE, contains_contact_details
from posts.images import ProcessedImage
from posts.models import (
    Comment,
    Follow,
    Moderation,
    OptOut,
    Photo,
    Post,
    Report,
    ReportReason,
    ReportStatus,
    SavedSearch,
    Status,
)
from posts.search import index_post
from posts.stories import has_story_consent
from posts.tasks import alert_saved_searches, refresh_matches, send_notification

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


def audit(*, by, obj: models.Model, message: str) -> None:
    """Write a moderation action to the admin log, whichever page it came from."""
    LogEntry.objects.create(
        user_id=by.pk,
        content_type_id=ContentType.objects.get_for_model(obj, for_concrete_model=False).pk,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=CHANGE,
        change_message=message,
    )


def refresh_matches_later(post: Post) -> None:
    """Recompute possible matches once the change is committed (see posts.matching)."""
    transaction.on_commit(lambda: refresh_matches.enqueue(post_id=post.pk))


def notify(user, kind: str, **object_ids: int) -> None:
    """Email `user` about `kind` once the surrounding transaction has committed."""
    if user is None or not user.is_active or not user.email:  # None: the site itself filed the report.
        return
    transaction.on_commit(lambda: send_notification.enqueue(user_id=user.pk, kind=kind, **object_ids))


# Requests ------------------------------------------------------------------


def _needs_review(author) -> bool:
    """A new account's first request waits for a moderator; after that, requests go straight out."""
    if permissions.is_moderator(author) or trust.skips_first_request_review(author):
        return False
    return not Post.objects.filter(author=author, published_at__isnull=False).exists()


def _store_photos(post: Post, photos: Iterable[NewPhoto], start: int) -> None:
    for offset, photo in enumerate(photos):
        Photo.objects.create(
            post=post,
            image=photo.image.full,
            thumbnail=photo.image.thumbnail,
            caption=photo.caption,
            alt_text=photo.alt_text,
            order=start + offset,
        )


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


# Comments and leads --------------------------------------------------------


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


# Reports ---------------------------------------------------------------------


def report_content(
    *, reporter, reason: str, details: str = "", post: Post | None = None, comment: Comment | None = None
) -> Report:
    if not permissions.can_report(reporter):
        raise PermissionDenied(_("Please verify your email address before reporting."))
    if (post is None) == (comment is None):
        raise ValueError("Report exactly one request or one comment.")
    if reason not in ReportReason.values:
        raise ValidationError(_("Choose a reason."), code="reason")
    with transaction.atomic():
        report = Report.objects.open().filter(reporter=reporter, post=post, comment=comment).first()
        if report:
            report.reason, report.details = reason, details.strip()
            report.save(update_fields=["reason", "details"])
        else:
            report = Report.objects.create(
                reporter=reporter, post=post, comment=comment, reason=reason, details=details.strip()
            )
        if post is not None and reason == ReportReason.THIS_IS_ME and not post.photos_withheld:
            # The person sought asked for removal: their photos stop being shown before anyone reviews it.
            Post.objects.filter(pk=post.pk).update(photos_withheld=True)
            post.photos_withheld = True
            audit(by=reporter, obj=post, message="Photos withheld: removal requested by the person sought")
        _hide_when_reported_by_many(report)
    return report


AUTO_HIDE_REPORTERS = 3


def _hide_when_reported_by_many(report: Report) -> None:
    """Something reported by three different people is hidden until a moderator looks."""
    target = report.post or report.comment
    if target.moderation != Moderation.PUBLISHED:
        return
    # Members only: a report the site filed for a watched word is not one more person.
    same_target = Report.objects.open().filter(post=report.post, comment=report.comment, reporter__isnull=False)
    if same_target.values("reporter").distinct().count() < AUTO_HIDE_REPORTERS:
        return
    target.moderation = Moderation.HIDDEN
    target.moderation_reason = _("Hidden automatically after several reports, until a moderator has looked at it.")
    target.save(update_fields=["moderation", "moderation_reason"])
    audit(by=report.reporter, obj=target, message=f"Hidden automatically: reported by {AUTO_HIDE_REPORTERS} people")
    if isinstance(target, Post):
        refresh_matches_later(target)


# Moderation ------------------------------------------------------------------


def _require_moderator(by) -> None:
    if not permissions.is_moderator(by):
        raise PermissionDenied(_("Only moderators can do this."))


def _moderate(obj: Post | Comment, *, by, state: str, reason: str, verb: str) -> None:
    obj.moderation = state
    obj.moderation_reason = reason.strip()
    fields = ["moderation", "moderation_reason"]
    if isinstance(obj, Post) and state == Moderation.PUBLISHED and obj.published_at is None:
        obj.published_at = timezone.now()
        fields.append("published_at")
    obj.save(update_fields=fields)
    audit(by=by, obj=obj, message=f"{verb}: {reason}".strip(": ") if reason else verb)


def publish_post(*, post: Post, by) -> Post:
    _require_moderator(by)
    with transaction.atomic():
        _moderate(post, by=by, state=Moderation.PUBLISHED, reason="", verb="Published")
        notify(post.author, "post_published", post_id=post.pk)
        refresh_matches_later(post)
        transaction.on_commit(lambda: alert_saved_searches.enqueue(post_id=post.pk))
    return post


def hide_post(*, post: Post, by, reason: str) -> Post:
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    with transaction.atomic():
        _moderate(post, by=by, state=Moderation.HIDDEN, reason=reason, verb="Hidden")
        notify(post.author, "post_hidden", post_id=post.pk)
        refresh_matches_later(post)
    return post


def remove_post(*, post: Post, by, reason: str) -> Post:
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    with transaction.atomic():
        _moderate(post, by=by, state=Moderation.REMOVED, reason=reason, verb="Removed")
        notify(post.author, "post_removed", post_id=post.pk)
        refresh_matches_later(post)
    return post


def restore_post(*, post: Post, by) -> Post:
    """Undo a hide or removal: the request is published again."""
    _require_moderator(by)
    with transaction.atomic():
        post.hidden_by_ban = False
        post.save(update_fields=["hidden_by_ban"])
        _moderate(post, by=by, state=Moderation.PUBLISHED, reason="", verb="Restored")
        refresh_matches_later(post)
    return post


def publish_comment(*, comment: Comment, by) -> Comment:
    """Let a held comment through; the people it concerns hear of it as if it were new."""
    _require_moderator(by)
    with transaction.atomic():
        _moderate(comment, by=by, state=Moderation.PUBLISHED, reason="", verb="Published")
        notifications.comment_added(comment)
    return comment


def hide_comment(*, comment: Comment, by, reason: str) -> Comment:
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    with transaction.atomic():
        _moderate(comment, by=by, state=Moderation.HIDDEN, reason=reason, verb="Hidden")
    return comment


def remove_comment(*, comment: Comment, by, reason: str) -> Comment:
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError(_("Give a reason; the author will see it."), code="reason_required")
    with transaction.atomic():
        _moderate(comment, by=by, state=Moderation.REMOVED, reason=reason, verb="Removed")
    return comment


def restore_comment(*, comment: Comment, by) -> Comment:
    _require_moderator(by)
    with transaction.atomic():
        comment.hidden_by_ban = False
        comment.save(update_fields=["hidden_by_ban"])
        _moderate(comment, by=by, state=Moderation.PUBLISHED, reason="", verb="Restored")
    return comment


def _close_report(report: Report, *, by, status: str) -> Report:
    report.status = status
    report.handled_by = by
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "handled_by", "handled_at"])
    audit(by=by, obj=report, message=f"Report {status}")
    post = report.post
    if (
        post is not None
        and post.photos_withheld
        and post.moderation == Moderation.PUBLISHED
        and not Report.objects.open().filter(post=post, reason=ReportReason.THIS_IS_ME).exists()
    ):
        # Nobody is left asking for removal and the request stays up: its photos come back.
        Post.objects.filter(pk=post.pk).update(photos_withheld=False)
    notify(report.reporter, "report_outcome", report_id=report.pk)
    return report


def resolve_report(*, report: Report, by) -> Report:
    _require_moderator(by)
    with transaction.atomic():
        return _close_report(report, by=by, status=ReportStatus.RESOLVED)


def dismiss_report(*, report: Report, by) -> Report:
    _require_moderator(by)
    with transaction.atomic():
        return _close_report(report, by=by, status=ReportStatus.DISMISSED)


def hide_reported_content(*, report: Report, by, reason: str) -> Report:
    """Hide what was reported and close every open report about it, in one step."""
    _require_moderator(by)
    with transaction.atomic():
        if report.post_id:
            hide_post(post=report.post, by=by, reason=reason)
            siblings = Report.objects.open().filter(post_id=report.post_id)
        elif report.message_id:
            from posts.contact import remove_message

            remove_message(message=report.message, by=by, reason=reason)
            siblings = Report.objects.open().filter(message_id=report.message_id)
        else:
            hide_comment(comment=report.comment, by=by, reason=reason)
            siblings = Report.objects.open().filter(comment_id=report.comment_id)
        for sibling in siblings.exclude(pk=report.pk):
            _close_report(sibling, by=by, status=ReportStatus.RESOLVED)
        return _close_report(report, by=by, status=ReportStatus.RESOLVED)


def ban_user(*, user, by, reason: str) -> None:
    """Deactivate an account and hide all it published; `unban_user` undoes exactly this."""
    _require_moderator(by)
    if user.pk == by.pk or user.is_superuser:
        raise PermissionDenied(_("This account cannot be banned."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for the ban."), code="reason_required")
    now = timezone.now()
    with transaction.atomic():
        user.is_active = False
        user.banned_at = now
        user.save(update_fields=["is_active", "banned_at"])
        Post.objects.filter(author=user, moderation=Moderation.PUBLISHED).update(
            moderation=Moderation.HIDDEN, moderation_reason=reason.strip(), hidden_by_ban=True
        )
        Comment.objects.filter(author=user, moderation=Moderation.PUBLISHED).update(
            moderation=Moderation.HIDDEN, moderation_reason=reason.strip(), hidden_by_ban=True
        )
        audit(by=by, obj=user, message=f"{trust.BAN_LOG_PREFIX}{reason.strip()}")


def unban_user(*, user, by) -> None:
    _require_moderator(by)
    with transaction.atomic():
        user.is_active = True
        user.banned_at = None
        user.save(update_fields=["is_active", "banned_at"])
        Post.objects.filter(author=user, hidden_by_ban=True).update(
            moderation=Moderation.PUBLISHED, moderation_reason="", hidden_by_ban=False
        )
        Comment.objects.filter(author=user, hidden_by_ban=True).update(
            moderation=Moderation.PUBLISHED, moderation_reason="", hidden_by_ban=False
        )
        audit(by=by, obj=user, message="Ban lifted")


# Saved searches --------------------------------------------------------------------------

SAVED_SEARCH_LIMIT = 50


def save_search(*, user, query: str, name: str = "") -> SavedSearch:
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Log in to save a search."))
    query = clean_search_query(query)
    if SavedSearch.objects.filter(user=user).count() >= SAVED_SEARCH_LIMIT:
        raise ValidationError(
            _("You can keep at most %(limit)d saved searches."), code="limit", params={"limit": SAVED_SEARCH_LIMIT}
        )
    existing = SavedSearch.objects.filter(user=user, query=query).first()
    if existing:
        return existing
    return SavedSearch.objects.create(user=user, query=query, name=(name.strip() or describe_search(query))[:120])


def update_saved_search(*, saved_search: SavedSearch, by, name: str, alert: bool) -> SavedSearch:
    if saved_search.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("This is not your saved search."))
    saved_search.name = name.strip()[:120] or saved_search.name
    saved_search.alert = alert
    saved_search.save(update_fields=["name", "alert"])
    return saved_search


def delete_saved_search(*, saved_search: SavedSearch, by) -> None:
    if saved_search.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("This is not your saved search."))
    saved_search.delete()


def set_saved_search_alert(*, saved_search: SavedSearch, alert: bool) -> SavedSearch:
    """Switch the emails on or off; reached through a signed link, so no log-in is needed."""
    saved_search.alert = alert
    saved_search.save(update_fields=["alert"])
    return saved_search


def clean_search_query(query: str) -> str:
    """Keep only the list page's own parameters, without the page number."""
    from django.http import QueryDict

    from posts.filters import PostFilter

    allowed = set(PostFilter.base_filters)
    params = QueryDict(query.lstrip("?"), mutable=True)
    for key in list(params):
        if key not in allowed or not any(value.strip() for value in params.getlist(key)):
            del params[key]
    return params.urlencode()[:1000]


def describe_search(query: str) -> str:
    from django.http import QueryDict

    params = QueryDict(query)
    return params.get("q", "").strip() or _("Requests with my filters")


# Following -------------------------------------------------------------------------------


def follow_post(*, user, post: Post) -> None:
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Log in to follow a request."))
    if not Post.objects.visible_to(user).filter(pk=post.pk).exists():
        raise PermissionDenied(_("You cannot follow this request."))
    Follow.objects.get_or_create(user=user, post=post)


def unfollow_post(*, user, post: Post) -> None:
    Follow.objects.filter(user=user, post=post).delete()


# Opt-outs ----------------------------------------------------------------------------------


def matches_an_opt_out(post: Post) -> bool:
    """Whether a sought name of this request is close to a name someone registered as "do not post about me"."""
    from posts.namekeys import split_names
    from posts.search import name_matches, parse_query, sought_names

    queries = [parse_query(name) for name in sought_names(post)]
    for opt_out in OptOut.objects.exclude(user_id=post.author_id).only("name", "other_names"):
        for name in [opt_out.name, *split_names(opt_out.other_names)]:
            if any(name_matches(query, name) for query in queries):
                return True
    return False


def register_opt_out(*, user, name: str, other_names: str = "", details: str = "") -> OptOut:
    if not permissions.has_verified_email(user):
        raise PermissionDenied(_("Please verify your email address first."))
    if not name.strip():
        raise ValidationError(_("Please give your name."), code="required")
    return OptOut.objects.create(user=user, name=name.strip(), other_names=other_names.strip(), details=details.strip())


def withdraw_opt_out(*, opt_out: OptOut, by) -> None:
    if opt_out.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("This is not your opt-out."))
    opt_out.delete()


# Sanctions -----------------------------------------------------------------------------------

SANCTION_DAYS = (1, 3, 7, 14, 30)


def silenced_message(user) -> str:
    sanction = user.active_sanction()
    if sanction is None:
        return ""
    if sanction.ends_at is None:
        return _("A moderator has stopped your account from writing.")
    return _("A moderator has stopped your account from writing until %(date)s.") % {
        "date": formats.date_format(timezone.localtime(sanction.ends_at), "DATETIME_FORMAT")
    }


def sanction_user(*, user, by, kind: str, days: int, reason: str):
    """Silence (can read, cannot write) or suspend (cannot log in) a member for 1 to 30 days, and tell them why."""
    from django.contrib.sessions.models import Session

    from accounts.models import Sanction, SanctionKind

    _require_moderator(by)
    if user.pk == by.pk or user.is_superuser or permissions.is_moderator(user):
        raise PermissionDenied(_("This account cannot be sanctioned here."))
    if kind not in SanctionKind.values:
        raise ValidationError(_("Choose silence or suspension."), code="kind")
    if days not in SANCTION_DAYS:
        raise ValidationError(_("Choose a length of 1 to 30 days."), code="days")
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
        audit(by=by, obj=user, message=f"{sanction.get_kind_display()} for {days} days: {reason.strip()}")
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
        audit(by=by, obj=sanction.user, message=f"Lifted: {sanction.get_kind_display()}")
        notify(sanction.user, "sanction_lifted", sanction_id=sanction.pk)
    return sanction

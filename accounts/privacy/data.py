"""A member's own data: everything they wrote and uploaded, as a zip, and the deletion of their account.

Deleting keeps only what others' conversations need to stay readable: a comment that helped reunite
someone, or that others replied to, and the messages of a conversation someone else takes part in.
Those are handed to one shared, inactive "deleted user" with their text replaced by a marker.
"""

import io
import json
import secrets
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import DELETED_USER_EMAIL
from posts.models import (
    Comment,
    Conversation,
    Follow,
    Message,
    NameKey,
    NameVocabulary,
    Notification,
    NotificationSetting,
    OptOut,
    Photo,
    Post,
    Report,
    SavedSearch,
)

User = get_user_model()

DELETED_USER_NAME = "deleted user"
DELETED_MARKER = gettext_lazy("[deleted]")
EXPORTS_DIR = "exports"
# Derived copies of a request's text, rebuilt from the fields that are exported.
POST_FIELDS_LEFT_OUT = {"search_text", "search_places", "search_pinyin"}


# Export --------------------------------------------------------------------------------------


def build_export(user) -> bytes:
    """Zip `data.json` with everything `user` wrote, and the files of their photos."""
    photos = list(Photo.objects.filter(post__author=user).order_by("post_id", "order", "pk"))
    files = {photo.pk: _photo_files(photo) for photo in photos}
    data = {
        "exported_at": timezone.now(),
        "profile": _profile(user),
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        "requests": [_request(post, photos, files) for post in Post.objects.filter(author=user).order_by("pk")],
        "comments": [_comment(comment) for comment in Comment.objects.filter(author=user).select_related("post")],
        "reports": [_report(report) for report in Report.objects.filter(reporter=user).order_by("pk")],
        "follows": list(Follow.objects.filter(user=user).order_by("pk").values("post_id", "created_at")),
        "saved_searches": list(
            SavedSearch.objects.filter(user=user).values("name", "query", "alert", "created_at", "last_alerted_at")
        ),
        "opt_outs": list(OptOut.objects.filter(user=user).values("name", "other_names", "details", "created_at")),
        "conversations": _conversations(user),
        "notifications": list(
            Notification.objects.filter(recipient=user).values(
                "kind", "post_id", "comment_id", "created_at", "read_at", "emailed_at"
            )
        ),
        "notification_settings": list(NotificationSetting.objects.filter(user=user).values("kind", "email")),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, default=_plain, ensure_ascii=False, indent=2))
        for photo in photos:
            for field, name in zip((photo.image, photo.thumbnail), files[photo.pk], strict=True):
                if field.name and field.storage.exists(field.name):
                    with field.storage.open(field.name, "rb") as stored:
                        archive.writestr(name, stored.read())
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """Dates as ISO 8601; countries, lazy strings and the like as their text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _photo_files(photo: Photo) -> tuple[str, str]:
    def name(field, size: str) -> str:
        extension = field.name.rsplit(".", 1)[-1] if "." in field.name else "jpg"
        return f"photos/{photo.pk}-{size}.{extension}"

    return name(photo.image, "full"), name(photo.thumbnail, "thumb")


def _profile(user) -> dict[str, Any]:
    fields = ("email", "display_name", "country", "languages", "bio", "interface_language")
    profile = {field: getattr(user, field) for field in fields}
    profile.update(id=user.pk, date_joined=user.date_joined, last_login=user.last_login)
    return profile


def _request(post: Post, photos: Iterable[Photo], files: dict[int, tuple[str, str]]) -> dict[str, Any]:
    data = {
        field.attname: getattr(post, field.attname)
        for field in Post._meta.concrete_fields
        if field.name not in POST_FIELDS_LEFT_OUT
    }
    data["photos"] = [
        {
            "id": photo.pk,
            "caption": photo.caption,
            "alt_text": photo.alt_text,
            "order": photo.order,
            "created_at": photo.created_at,
            "full": files[photo.pk][0],
            "thumbnail": files[photo.pk][1],
        }
        for photo in photos
        if photo.post_id == post.pk
    ]
    return data


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "request": {"id": comment.post_id, "title": comment.post.title},
        "body": comment.body,
        "is_lead": comment.is_lead,
        "is_private": comment.is_private,
        "moderation": comment.moderation,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
    }


def _report(report: Report) -> dict[str, Any]:
    return {
        "reason": report.reason,
        "details": report.details,
        "status": report.status,
        "request_id": report.post_id,
        "comment_id": report.comment_id,
        "message_id": report.message_id,
        "created_at": report.created_at,
    }


def _conversations(user) -> list[dict[str, Any]]:
    """Conversations `user` takes part in, with only the messages they wrote: the other side's are theirs."""
    conversations = Conversation.objects.for_user(user).select_related("post").order_by("pk")
    mine = {}
    for message in Message.objects.filter(author=user, conversation__in=conversations).order_by("created_at", "pk"):
        mine.setdefault(message.conversation_id, []).append({"body": message.body, "sent_at": message.created_at})
    exported = []
    for conversation in conversations:
        started = conversation.starter_id == user.pk
        exported.append(
            {
                "id": conversation.pk,
                "request": {"id": conversation.post_id, "title": conversation.post.title},
                "kind": conversation.kind,
                "role": "starter" if started else "poster",
                "started_at": conversation.created_at,
                # The answer is the starter's own writing; the poster's copy of it is not theirs to take.
                "claim_question": conversation.claim_question,
                "claim_answer": conversation.claim_answer if started else "",
                "my_messages": mine.get(conversation.pk, []),
            }
        )
    return exported


def export_owner_key(user_id: int) -> str:
    """An unguessable prefix for one member's export files, so deleting the account can find them."""
    return salted_hmac("reconnect.data-export-owner", str(user_id)).hexdigest()[:20]


def store_export(user) -> str:
    """Build `user`'s export and save it under a name nobody can guess; return that name."""
    name = f"{EXPORTS_DIR}/{export_owner_key(user.pk)}-{secrets.token_hex(16)}.zip"
    return default_storage.save(name, ContentFile(build_export(user)))


def prune_exports(*, now: datetime | None = None) -> int:
    """Delete export zips older than their download links' week; return how many were deleted."""
    from accounts.privacy.tasks import EXPORT_VALID_FOR

    try:
        _dirs, files = default_storage.listdir(EXPORTS_DIR)
    except FileNotFoundError:
        return 0
    cutoff = (now or timezone.now()) - EXPORT_VALID_FOR
    pruned = 0
    for name in files:
        path = f"{EXPORTS_DIR}/{name}"
        if name.endswith(".zip") and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            pruned += 1
    return pruned


def _export_files_of(user_id: int) -> list[str]:
    try:
        _dirs, files = default_storage.listdir(EXPORTS_DIR)
    except FileNotFoundError:
        return []
    prefix = export_owner_key(user_id) + "-"
    return [f"{EXPORTS_DIR}/{name}" for name in files if name.startswith(prefix)]


# Deletion ------------------------------------------------------------------------------------


def deleted_user():
    """The one inactive member that kept comments and messages of deleted accounts belong to."""
    placeholder, created = User.objects.get_or_create(
        email=DELETED_USER_EMAIL, defaults={"display_name": DELETED_USER_NAME, "is_active": False}
    )
    if created:
        placeholder.set_unusable_password()
        placeholder.save(update_fields=["password"])
    return placeholder


def _marker() -> str:
    # Stored text, so in the site's language rather than the deleting member's.
    with translation.override(settings.LANGUAGE_CODE):
        return str(DELETED_MARKER)


def _comments_others_need(user) -> models.QuerySet:
    """`user`'s comments on others' requests that a reunion or a later reply by someone else refers to."""
    later_by_others = (
        Comment.objects.filter(post=OuterRef("post"))
        .exclude(author=user)
        .filter(Q(created_at__gt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk")))
    )
    helped = Post.objects.filter(resolved_comment=OuterRef("pk")).exclude(author=user)
    return (
        Comment.objects.filter(author=user).exclude(post__author=user).filter(Exists(later_by_others) | Exists(helped))
    )


def delete_account(*, user, password: str) -> None:
    """Delete `user` and everything personal of theirs, once they have given their password again."""
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("That password is not right.")}, code="wrong_password")
    marker = _marker()
    with transaction.atomic():
        placeholder = deleted_user()
        user_id = user.pk
        posts = Post.objects.filter(author=user)
        post_ids = list(posts.values_list("pk", flat=True))
        photo_files = [
            name for pair in Photo.objects.filter(post__in=post_ids).values_list("image", "thumbnail") for name in pair
        ]
        name_keys = set(NameKey.objects.filter(post__in=post_ids).values_list("key", flat=True))
        comment_ids = set(Comment.objects.filter(author=user).values_list("pk", flat=True))
        report_ids = set(
            Report.objects.filter(Q(reporter=user) | Q(post__in=post_ids) | Q(comment__in=comment_ids)).values_list(
                "pk", flat=True
            )
        )
        _scrub_admin_log(user, placeholder, post_ids=post_ids, comment_ids=comment_ids, report_ids=report_ids)

        # Their requests go with their photos, comments, conversations, follows and matches.
        posts.delete()
        kept = _comments_others_need(user)
        kept.update(author=placeholder, body=marker, edited_at=None, moderation_reason="", pfif_record_id="")
        Comment.objects.filter(author=user).delete()

        _hand_over_conversations(user, placeholder)
        Message.objects.filter(author=user).update(author=placeholder, body=marker)

        SavedSearch.objects.filter(user=user).delete()
        Follow.objects.filter(user=user).delete()
        Notification.objects.filter(recipient=user).delete()
        NotificationSetting.objects.filter(user=user).delete()
        OptOut.objects.filter(user=user).delete()
        Report.objects.filter(reporter=user).delete()
        # Spellings of names only their requests used would still say whom they looked for.
        NameVocabulary.objects.filter(key__in=name_keys).exclude(
            Exists(NameKey.objects.filter(key=OuterRef("key")))
        ).delete()
        user.delete()  # Email addresses go with it.

        export_files = _export_files_of(user_id)
        transaction.on_commit(lambda: _delete_files([*photo_files, *export_files]))


def _hand_over_conversations(user, placeholder) -> None:
    """Keep conversations `user` started on others' requests readable for the poster, without their answer."""
    for conversation in Conversation.objects.filter(starter=user):
        existing = Conversation.objects.filter(
            post_id=conversation.post_id, starter=placeholder, kind=conversation.kind
        ).first()
        if existing is None:
            # Their agreement to a reunion story leaves with them: the story stops being shown.
            conversation.starter, conversation.claim_answer, conversation.story_consent_at = placeholder, "", None
            conversation.save(update_fields=["starter", "claim_answer", "story_consent_at"])
            continue
        # Another deleted member already holds this slot (one conversation per kind and starter): join it.
        conversation.messages.update(conversation=existing)
        last = max(existing.last_message_at, conversation.last_message_at)
        Conversation.objects.filter(pk=existing.pk).update(last_message_at=last)
        conversation.delete()


def _scrub_admin_log(user, placeholder, *, post_ids, comment_ids, report_ids) -> None:
    """Keep the moderation log, but without their name or text in it."""
    LogEntry.objects.filter(user=user).update(user=placeholder)
    about = Q()
    for model, ids in ((User, [user.pk]), (Post, post_ids), (Comment, comment_ids), (Report, report_ids)):
        if ids:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            about |= Q(content_type=content_type, object_id__in=[str(pk) for pk in ids])
    if about:
        LogEntry.objects.filter(about).update(object_repr=_marker())


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)

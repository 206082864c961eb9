"""A member's requests, photos, comments and follows: their part of the export, and of an account deletion.

Receivers of accounts.privacy.signals, connected in posts/apps.py.
"""

from collections.abc import Iterable
from typing import Any

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q

from accounts.privacy.signals import UserDataExport
from posts.models import Comment, Follow, Photo, Post
from posts.reach import pagecache
from posts.requests import uploads
from posts.search.index import unindex_posts
from reconnect.markdown import render_markdown

# Derived copies of a request's text, rebuilt from the fields that are exported.
POST_FIELDS_LEFT_OUT = {"search_text", "search_places", "search_pinyin"}


def export_requests(sender, *, user, export: UserDataExport, **kwargs) -> None:
    photos = list(Photo.objects.filter(post__author=user).order_by("post_id", "order", "pk"))
    files = {photo.pk: _photo_files(photo) for photo in photos}
    export.add("requests", [_request(post, photos, files) for post in Post.objects.filter(author=user).order_by("pk")])
    export.add(
        "comments", [_comment(comment) for comment in Comment.objects.filter(author=user).select_related("post")]
    )
    for photo in photos:
        for field, name in zip((photo.image, photo.thumbnail), files[photo.pk], strict=True):
            export.add_file(name, field)


def export_follows(sender, *, user, export: UserDataExport, **kwargs) -> None:
    export.add("follows", list(Follow.objects.filter(user=user).order_by("pk").values("post_id", "created_at")))


def _photo_files(photo: Photo) -> tuple[str, str]:
    def name(field, size: str) -> str:
        extension = field.name.rsplit(".", 1)[-1] if "." in field.name else "jpg"
        return f"photos/{photo.pk}-{size}.{extension}"

    return name(photo.image, "full"), name(photo.thumbnail, "thumb")


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


def erase_requests(sender, *, user, placeholder, marker: str, **kwargs) -> None:
    posts = Post.objects.filter(author=user)
    post_ids = list(posts.values_list("pk", flat=True))
    photo_files = [
        name
        for pair in Photo.objects.filter(post__in=post_ids).values_list("image", "thumbnail", "original")
        for name in pair
    ]
    # Spellings of names only their requests used would still say whom they looked for.
    unindex_posts(post_ids)
    # Their requests go with their photos, comments, conversations, follows and matches.
    posts.delete()
    kept = _comments_others_need(user)
    kept.update(
        author=placeholder,
        body=marker,
        body_html=render_markdown(marker),  # update() skips what save() renders.
        edited_at=None,
        moderation_reason="",
        pfif_record_id="",
    )
    pagecache.everything_changed()  # The update sends no signal; their comments were on others' pages.
    Comment.objects.filter(author=user).delete()
    Follow.objects.filter(user=user).delete()
    # Photos parked across a form that came back with errors (posts/requests/uploads.py) go too.
    parked = uploads.parked_files_of(user.pk)
    transaction.on_commit(lambda: _delete_files([*photo_files, *parked]))


def _comments_others_need(user) -> models.QuerySet[Comment]:
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


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)

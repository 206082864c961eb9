"""Earlier versions of requests, comments and translations.

Every edit keeps the text as it was before; moderators read the differences
in the admin and hide a version that leaked private details. Nobody else
sees versions at all.
"""

import difflib
import re
from typing import Any, cast

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts.roles import is_moderator
from posts.models import Comment, Post, Revision, Translation
from posts.moderation import log

# A word carries the spaces after it, so that a change of several words reads as one run.
_WORDS = re.compile(r"\S+\s*|\s+")


def _is_free_text(field: models.Field | models.ForeignObjectRel | GenericForeignKey) -> bool:
    # Choices, countries, years and the languages list hold nothing a person wrote in their own words.
    return isinstance(field, models.Field) and type(field) in (models.CharField, models.TextField) and not field.choices


def _post_text(values: dict[str, Any]) -> dict[str, str]:
    return {name: value for name, value in values.items() if _is_free_text(Post._meta.get_field(name))}


def record_post_revision(post_before: dict[str, Any], post: Post, by) -> Revision | None:
    """Keep the request's text as it was before this edit, if the edit changes any of it."""
    before = _post_text(post_before)
    if all(getattr(post, name) == value for name, value in before.items()):
        return None
    return Revision.objects.create(post=post, fields=before, edited_by=by)


def record_comment_revision(comment_before: dict[str, Any], comment: Comment, by) -> Revision | None:
    """Keep the comment's body as it was before this edit, if the edit changes it."""
    if comment.body == comment_before["body"]:
        return None
    return Revision.objects.create(comment=comment, fields={"body": comment_before["body"]}, edited_by=by)


def record_translation_revision(translation_before: dict[str, Any], translation: Translation, by) -> Revision | None:
    """Keep a translation's title and story as they were before this edit, if the edit changes them."""
    if all(getattr(translation, name) == value for name, value in translation_before.items()):
        return None
    return Revision.objects.create(translation=translation, fields=dict(translation_before), edited_by=by)


def _words_diff(before: str, after: str) -> SafeString:
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    parts = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        removed, added = "".join(old[old_start:old_end]), "".join(new[new_start:new_end])
        if operation == "equal":
            parts.append(format_html("{}", removed))
            continue
        if removed:
            parts.append(format_html('<del style="background:#fdd">{}</del>', removed))
        if added:
            parts.append(format_html('<ins style="background:#dfd">{}</ins>', added))
    return format_html(
        '<div style="white-space:pre-wrap">{}</div>', format_html_join("", "{}", ((part,) for part in parts))
    )


def diff(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, SafeString]]:
    """The fields whose text differs, each with a word-by-word diff; every piece of text is escaped."""
    return [
        (name, _words_diff(str(old or ""), str(after.get(name) or "")))
        for name, old in before.items()
        if (old or "") != (after.get(name) or "")
    ]


def following_text(revision: Revision) -> dict[str, str] | None:
    """The text that replaced `revision`'s: the next version's, or the current one; None if that one is hidden."""
    # Exactly one of the two is set (revision_has_one_target); the other must be null in the versions found too.
    same_target = Revision.objects.filter(
        models.Q(post_id=revision.post_id)
        & models.Q(comment_id=revision.comment_id)
        & models.Q(translation_id=revision.translation_id)
    )
    later = (
        same_target.filter(
            models.Q(created_at__gt=revision.created_at) | models.Q(created_at=revision.created_at, pk__gt=revision.pk)
        )
        .order_by("created_at", "pk")
        .first()
    )
    if later is not None:
        return None if later.hidden else later.fields
    target = revision.target
    return {name: getattr(target, name) for name in revision.fields}


def hide_revision(*, revision: Revision, by, reason: str) -> Revision:
    """Stop showing a version's text to anyone, moderators included; the database keeps it."""
    if not is_moderator(by):
        raise PermissionDenied(_("Only moderators can do this."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for hiding this version."), code="reason_required")
    if revision.hidden:
        raise ValidationError(_("This version is already hidden."), code="already_hidden")
    with transaction.atomic():
        revision.hidden, revision.hidden_by, revision.hidden_reason = True, by, reason
        revision.save(update_fields=["hidden", "hidden_by", "hidden_reason"])
        of = "post_id" if revision.post_id else "comment_id" if revision.comment_id else "translation_id"
        log.record(
            actor=by,
            action=log.ModerationActionKind.HIDE_REVISION,
            target=revision,
            reason=reason,
            **cast(dict[str, Any], {of: revision.post_id or revision.comment_id or revision.translation_id}),
        )
    return revision

"""Moderators' private notes about a member: a record kept for moderators only, never shown to the member."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import StaffNote
from accounts.roles import is_moderator

NOTE_MAX_LENGTH = 4000


def add_staff_note(*, user, by, body: str) -> StaffNote:
    """Write a note about `user`, signed by the moderator `by` and dated now."""
    if not is_moderator(by):
        raise PermissionDenied(_("Only moderators can write staff notes."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": ValidationError(_("Please write the note."), code="empty")})
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": ValidationError(
                    _("Keep a note under %(limit)d characters."), code="too_long", params={"limit": NOTE_MAX_LENGTH}
                )
            }
        )
    return StaffNote.objects.create(user=user, author=by, body=body)

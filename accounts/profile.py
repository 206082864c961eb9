"""A member's own profile: what others read beside their requests and comments."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.permissions import check_edit_profile
from accounts.roles import is_moderator
from reconnect.contactdetails import contains_contact_details

PROFILE_FIELDS = ("display_name", "country", "languages", "bio", "interface_language")
# What others read of a profile, written freely.
PROFILE_TEXT_FIELDS = ("display_name", "bio")

CONTACT_DETAILS_REFUSED = _(
    "Everyone can read this, so it cannot contain an email address, a phone number, a messenger ID or a street "
    "address. Please take it out; people can write to you through the site."
)


def check_profile_texts(*, user: User, data: dict[str, Any]) -> None:
    """Refuse contact details in a display name or bio, beside the field, before anything is saved.

    A profile has no moderation state to wait in, and holding a name from view would hide every comment it signs:
    refusing at once tells the member the true reason while what they typed is still in the form.
    """
    if is_moderator(user):
        return
    refuse_contact_details(data)


def refuse_contact_details(data: dict[str, Any], fields: tuple[str, ...] = PROFILE_TEXT_FIELDS) -> None:
    """Refuse contact details in the public texts among `fields`, each beside its own field (sign-up asks too)."""
    errors = {
        field: ValidationError(CONTACT_DETAILS_REFUSED, code="contact_details")
        for field in fields
        if contains_contact_details(str(data.get(field) or ""), regions=[str(data.get("country") or "")])
    }
    if errors:
        raise ValidationError(errors)


def update_profile(*, user: User, data: dict[str, Any]) -> User:
    check_edit_profile(user)
    check_profile_texts(user=user, data=data)
    changed = [field for field in PROFILE_FIELDS if field in data]
    for field in changed:
        setattr(user, field, data[field])
    user.save(update_fields=changed)
    return user

"""A member's own profile: what others read beside their requests and comments."""

from typing import Any

from accounts.models import User
from accounts.permissions import check_edit_profile

PROFILE_FIELDS = ("display_name", "country", "languages", "bio", "interface_language")


def update_profile(*, user: User, data: dict[str, Any]) -> User:
    check_edit_profile(user)
    changed = [field for field in PROFILE_FIELDS if field in data]
    for field in changed:
        setattr(user, field, data[field])
    user.save(update_fields=changed)
    return user

"""How the rest of the site answers for a member's data, without accounts knowing what that data is.

accounts sits below posts and never imports it. When a member downloads their data or deletes their
account, accounts sends these signals and each room of posts answers for what it holds of them (its
receivers are connected in posts/apps.py), as Misago's `archive_user_data` and `delete_user_content` do.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models.fields.files import FieldFile
from django.dispatch import Signal


@dataclass
class UserDataExport:
    """What goes into a member's zip: the sections of `data.json`, and the files beside it."""

    data: dict[str, Any] = field(default_factory=dict)
    files: dict[str, FieldFile] = field(default_factory=dict)

    def add(self, section: str, value: Any) -> None:
        if section in self.data:
            raise ValueError(f"The export already has a section named {section!r}.")
        self.data[section] = value

    def add_file(self, name: str, stored: FieldFile) -> None:
        """Put a stored file in the zip as `name` (it is left out if it no longer exists)."""
        self.files[name] = stored


# Sent by accounts.privacy.data.build_export with `user` and `export` (a UserDataExport). Add to `export`
# what your room holds that `user` wrote, uploaded or chose; never what others wrote.
collect_user_data = Signal()

# Sent first by accounts.privacy.data.delete_account, while all of the member's data still exists, with
# `user`, `placeholder` (the shared, inactive "deleted user") and `marker` (the text that stands in for
# theirs). Take their name and text out of records that outlive them, such as the moderation log.
anonymise_user = Signal()

# Sent next, with the same arguments, in the same transaction. Delete what your room holds of `user`; what
# others' pages still need (a comment that helped, a conversation) goes to `placeholder`, its text `marker`.
erase_user_data = Signal()

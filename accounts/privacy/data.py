"""A member's own data: everything they wrote and uploaded, as a zip, and the deletion of their account.

Deleting keeps only what others' conversations need to stay readable: a comment that helped reunite
someone, or that others replied to, and the messages of a conversation someone else takes part in.
Those are handed to one shared, inactive "deleted user" with their text replaced by a marker.

What a member wrote lives in posts, which accounts does not import: each room of posts answers the
signals in accounts.privacy.signals with its part of the export and of the deletion.
"""

import io
import json
import secrets
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import DELETED_USER_EMAIL
from accounts.privacy.signals import UserDataExport, anonymise_user, collect_user_data, erase_user_data

User = get_user_model()

DELETED_USER_NAME = "deleted user"
DELETED_MARKER = gettext_lazy("[deleted]")
EXPORTS_DIR = "exports"
# How long a download link works (accounts.privacy.tasks signs it); older zips are pruned.
EXPORT_VALID_FOR = timedelta(days=7)


# Export --------------------------------------------------------------------------------------


def build_export(user) -> bytes:
    """Zip `data.json` with everything `user` wrote, and the files they uploaded; each room adds its part."""
    export = UserDataExport()
    export.add("exported_at", timezone.now())
    export.add("profile", _profile(user))
    export.add("email_addresses", list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")))
    export.add(
        "messages_to_moderators",
        list(user.contact_messages.values("created_at", "topic", "name", "email", "body", "handled_at")),
    )
    collect_user_data.send(sender=User, user=user, export=export)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(export.data, default=_plain, ensure_ascii=False, indent=2))
        for name, stored in export.files.items():
            if stored.name and stored.storage.exists(stored.name):
                with stored.storage.open(stored.name, "rb") as opened:
                    archive.writestr(name, opened.read())
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """Dates as ISO 8601; countries, lazy strings and the like as their text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _profile(user) -> dict[str, Any]:
    fields = ("email", "display_name", "country", "languages", "bio", "interface_language")
    profile = {field: getattr(user, field) for field in fields}
    profile.update(id=user.pk, date_joined=user.date_joined, last_login=user.last_login)
    return profile


def export_owner_key(user_id: int) -> str:
    """An unguessable prefix for one member's export files, so deleting the account can find them."""
    return salted_hmac("reconnect.data-export-owner", str(user_id)).hexdigest()[:20]


def store_export(user) -> str:
    """Build `user`'s export and save it under a name nobody can guess; return that name."""
    name = f"{EXPORTS_DIR}/{export_owner_key(user.pk)}-{secrets.token_hex(16)}.zip"
    return default_storage.save(name, ContentFile(build_export(user)))


def prune_exports(*, now: datetime | None = None) -> int:
    """Delete export zips older than their download links' week; return how many were deleted."""
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


def delete_account(*, user, password: str) -> None:
    """Delete `user` and everything personal of theirs, once they have given their password again."""
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("That password is not right.")}, code="wrong_password")
    marker = _marker()
    with transaction.atomic():
        placeholder = deleted_user()
        user_id = user.pk
        anonymise_user.send(sender=User, user=user, placeholder=placeholder, marker=marker)
        erase_user_data.send(sender=User, user=user, placeholder=placeholder, marker=marker)
        user.delete()  # Email addresses go with it.

        export_files = _export_files_of(user_id)
        transaction.on_commit(lambda: _delete_files(export_files))


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)

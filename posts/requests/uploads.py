"""Keep checked photos across a form that comes back with errors.

Browsers never re-send a chosen file, so when a request form fails on another
field the photos already checked would be lost. They are parked in storage
under a random name behind a prefix only that member's id gives (so that deleting
the account finds them), and the form carries a signed token that only the same
member can redeem, for RECONNECT_PARKED_PHOTO_HOURS. Older parked files are
removed by `purge_expired` (on every new stash, and by `manage.py purge_parked_photos`).

What a new upload becomes is decided here too (`accept`): re-encoded at once when
tasks run inline, or only checked from its header and kept as it came for the
worker (posts/requests/tasks.py), so that the request path decodes nothing.
"""

import base64
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.crypto import salted_hmac

from posts.requests.images import CheckedUpload, ProcessedImage, check_upload, make_thumbnail, process_upload
from posts.requests.tasks import photos_wait_for_worker

SALT = "reconnect.photo-stash"
FOLDER = "pending"


def parked_for() -> timedelta:
    """How long a parked photo is kept, and its token works."""
    return timedelta(hours=settings.RECONNECT_PARKED_PHOTO_HOURS)


def owner_key(user_id: int) -> str:
    """An unguessable prefix for one member's parked files."""
    return salted_hmac("reconnect.parked-photo-owner", str(user_id)).hexdigest()[:20]


Accepted = ProcessedImage | CheckedUpload


def accept(upload) -> Accepted:
    """The new photo as the form hands it on: re-encoded here, or checked and left to the worker."""
    if photos_wait_for_worker():
        return check_upload(upload)
    return process_upload(upload)


def stash(image: Accepted, *, user) -> str:
    """Park a checked photo and return the token that gets it back."""
    purge_expired()
    key = f"{owner_key(user.pk)}-{uuid.uuid4().hex}"
    names = {}
    if isinstance(image, CheckedUpload):
        parts = (("o", image.original),)
    else:
        parts = (("f", image.full), ("t", image.thumbnail))
    for part, content in parts:
        if content is None:
            continue
        extension = content.name.rsplit(".", 1)[-1]
        content.seek(0)
        names[part] = default_storage.save(f"{FOLDER}/{key}-{part}.{extension}", ContentFile(content.read()))
    payload = {**names, "w": image.width, "h": image.height, "u": user.pk}
    return signing.dumps(payload, salt=SALT)


def restore(token: str, *, user) -> Accepted | None:
    """The parked photo for this token, or None if it is not this member's, has expired or is gone."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=parked_for())
    except signing.BadSignature:
        return None
    if payload.get("u") != user.pk:
        return None
    try:
        if payload.get("o"):
            with default_storage.open(payload["o"]) as original:
                name = payload["o"].rsplit("/", 1)[-1]
                return CheckedUpload(
                    original=ContentFile(original.read(), name=name), width=payload["w"], height=payload["h"]
                )
        with default_storage.open(payload["f"]) as full:
            full_bytes = full.read()
        thumbnail = None
        if payload.get("t"):
            with default_storage.open(payload["t"]) as stored:
                thumbnail = ContentFile(stored.read(), name=payload["t"].rsplit("/", 1)[-1])
    except (FileNotFoundError, KeyError):
        return None
    return ProcessedImage(
        full=ContentFile(full_bytes, name=payload["f"].rsplit("/", 1)[-1]),
        thumbnail=thumbnail,
        width=payload["w"],
        height=payload["h"],
    )


def discard(token: str) -> None:
    try:
        payload = signing.loads(token, salt=SALT, max_age=parked_for())
    except signing.BadSignature:
        return
    for part in ("f", "t", "o"):
        if payload.get(part, "").startswith(f"{FOLDER}/"):
            default_storage.delete(payload[part])


def _parked_files() -> list[str]:
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    return [f"{FOLDER}/{name}" for name in files]


def purge_expired(*, now: datetime | None = None) -> int:
    """Delete parked files older than `parked_for()`; return how many were deleted."""
    cutoff = (now or timezone.now()) - parked_for()
    purged = 0
    for path in _parked_files():
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            purged += 1
    return purged


def parked_files_of(user_id: int) -> list[str]:
    """Every file parked for this member (deleting the account deletes them)."""
    prefix = f"{FOLDER}/{owner_key(user_id)}-"
    return [path for path in _parked_files() if path.startswith(prefix)]


def keep_checked_photos(formset, *, user) -> None:
    """Park every photo the formset has checked, so that the re-shown form still carries it.

    The formset's data is replaced by a copy holding the tokens; each form gets a
    small preview (a data: URL of the thumbnail) to show what was kept.
    """
    data = formset.data.copy()
    for form in formset.forms:
        image = form.cleaned_data.get("image") if hasattr(form, "cleaned_data") else None
        if image is None:
            continue
        key = form.add_prefix("kept")
        if not (form.files.get(form.add_prefix("image")) is None and data.get(key)):
            data[key] = stash(image, user=user)
        preview = _preview(image)
        preview.seek(0)
        encoded = base64.b64encode(preview.read()).decode("ascii")
        extension = preview.name.rsplit(".", 1)[-1].replace("jpg", "jpeg")
        form.kept_preview = f"data:image/{extension};base64,{encoded}"
    formset.data = data
    for form in formset.forms:
        form.data = data


def _preview(image: Accepted) -> ContentFile:
    # Only when the form comes back with errors does an upload left to the worker get decoded here,
    # at thumbnail size (a JPEG at 1/8 of its scale).
    if isinstance(image, ProcessedImage) and image.thumbnail is not None:
        return image.thumbnail
    content = image.original if isinstance(image, CheckedUpload) else image.full
    content.seek(0)
    return make_thumbnail(content.read())


def discard_all(tokens) -> None:
    for token in tokens:
        discard(token)

"""Keep checked photos across a form that comes back with errors.

Browsers never re-send a chosen file, so when a request form fails on another
field the photos already checked would be lost. They are parked in storage
under a random name, and the form carries a signed token that only the same
member can redeem, for one day.
"""

import base64
import uuid
from datetime import timedelta

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from posts.requests.images import ProcessedImage, make_thumbnail

SALT = "reconnect.photo-stash"
MAX_AGE = timedelta(days=1)
FOLDER = "pending"


def stash(image: ProcessedImage, *, user) -> str:
    """Park a checked photo and return the token that gets it back."""
    _purge_expired()
    key = uuid.uuid4().hex
    names = {}
    for part, content in (("f", image.full), ("t", image.thumbnail)):
        if content is None:
            continue
        extension = content.name.rsplit(".", 1)[-1]
        content.seek(0)
        names[part] = default_storage.save(f"{FOLDER}/{key}-{part}.{extension}", ContentFile(content.read()))
    payload = {**names, "w": image.width, "h": image.height, "u": user.pk}
    return signing.dumps(payload, salt=SALT)


def restore(token: str, *, user) -> ProcessedImage | None:
    """The parked photo for this token, or None if it is not this member's, has expired or is gone."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("u") != user.pk:
        return None
    try:
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
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return
    for part in ("f", "t"):
        if payload.get(part, "").startswith(f"{FOLDER}/"):
            default_storage.delete(payload[part])


def _purge_expired() -> None:
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - MAX_AGE
    for name in files:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


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
        preview = image.thumbnail
        if preview is None:
            image.full.seek(0)
            preview = make_thumbnail(image.full.read())
        preview.seek(0)
        encoded = base64.b64encode(preview.read()).decode("ascii")
        extension = preview.name.rsplit(".", 1)[-1].replace("jpg", "jpeg")
        form.kept_preview = f"data:image/{extension};base64,{encoded}"
    formset.data = data
    for form in formset.forms:
        form.data = data


def discard_all(tokens) -> None:
    for token in tokens:
        discard(token)

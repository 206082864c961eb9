"""Background work on photos, run by the task worker (`manage.py db_worker`) or inline by default.

With a worker configured, an upload is only checked from its header on the request path and kept
as it came (Photo.original, never served); `process_photo` re-encodes it, strips its metadata and
makes its thumbnail, one photo per task, and deletes the original.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from posts.models import Photo, PhotoStatus
from posts.requests.images import make_thumbnail, process_upload
from reconnect import pagecache


def photos_wait_for_worker() -> bool:
    """Whether uploads are re-encoded by a worker: any task backend but the one that runs tasks inline."""
    return not isinstance(task_backends[process_photo.backend], ImmediateBackend)


def process_photo_later(photo: Photo) -> None:
    """Once the photo's row is stored for good, have the worker re-encode it."""
    transaction.on_commit(lambda: process_photo.enqueue(photo_id=photo.pk))


@task()
def process_photo(*, photo_id: int) -> None:
    photo = Photo.objects.filter(pk=photo_id, status=PhotoStatus.PROCESSING).exclude(original="").first()
    if photo is None:
        return
    original = photo.original
    try:
        with original.open("rb") as uploaded:
            processed = process_upload(uploaded)
    except (ValidationError, FileNotFoundError):
        # The header passed, the pixels did not (a damaged file): the poster is told on the page.
        if Photo.objects.filter(pk=photo_id, status=PhotoStatus.PROCESSING).update(
            status=PhotoStatus.FAILED, original=""
        ):
            photo_processed(photo)
        original.storage.delete(original.name)
        return
    storage = photo.image.storage
    full = storage.save(photo.image.field.generate_filename(photo, processed.full.name), processed.full, max_length=100)
    assert processed.thumbnail is not None  # process_upload makes one unless told not to.
    thumbnail = storage.save(
        photo.thumbnail.field.generate_filename(photo, processed.thumbnail.name), processed.thumbnail, max_length=100
    )
    done = Photo.objects.filter(pk=photo_id, status=PhotoStatus.PROCESSING, original=original.name).update(
        image=full,
        thumbnail=thumbnail,
        width=processed.width,
        height=processed.height,
        status=PhotoStatus.READY,
        original="",
    )
    original.storage.delete(original.name)
    if done:
        photo_processed(photo)
    else:
        # The photo was deleted, or processed by another run, meanwhile: its new files go too.
        storage.delete(full)
        storage.delete(thumbnail)


def photo_processed(photo: Photo) -> None:
    """What shows the photo has changed: its request's page (ready, or the "could not be read" notice)."""
    # The status is written by update(), which sends no signal; uploads sit below reach, hence the bare bump
    # (posts.reach.pagecache.request_changed's names).
    pagecache.bump("listing", f"request:{photo.post_id}")


def make_thumbnail_later(photo: Photo) -> None:
    """Once the photo is stored for good, have its thumbnail made; until then its full photo stands in."""
    transaction.on_commit(lambda: make_photo_thumbnail.enqueue(photo_id=photo.pk))


@task()
def make_photo_thumbnail(*, photo_id: int) -> None:
    """A thumbnail for a re-encoded photo that has none (kept uploads and tasks queued before process_photo)."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or photo.thumbnail or not photo.image:
        return
    with photo.image.open("rb") as full:
        thumbnail = make_thumbnail(full.read())
    name = photo.thumbnail.storage.save(
        photo.thumbnail.field.generate_filename(photo, thumbnail.name), thumbnail, max_length=100
    )
    # The photo may have been deleted, or given a thumbnail by another run, meanwhile: then this one goes.
    if not Photo.objects.filter(pk=photo_id, thumbnail="").update(thumbnail=name):
        photo.thumbnail.storage.delete(name)

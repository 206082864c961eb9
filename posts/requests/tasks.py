"""Background work on photos, run by the task worker (`manage.py db_worker`) or inline by default."""

from django.db import transaction
from django_tasks import task

from posts.models import Photo
from posts.requests.images import make_thumbnail


def make_thumbnail_later(photo: Photo) -> None:
    """Once the photo is stored for good, have its thumbnail made; until then its full photo stands in."""
    transaction.on_commit(lambda: make_photo_thumbnail.enqueue(photo_id=photo.pk))


@task()
def make_photo_thumbnail(*, photo_id: int) -> None:
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or photo.thumbnail:
        return
    with photo.image.open("rb") as full:
        thumbnail = make_thumbnail(full.read())
    name = photo.thumbnail.storage.save(
        photo.thumbnail.field.generate_filename(photo, thumbnail.name), thumbnail, max_length=100
    )
    # The photo may have been deleted, or given a thumbnail by another run, meanwhile: then this one goes.
    if not Photo.objects.filter(pk=photo_id, thumbnail="").update(thumbnail=name):
        photo.thumbnail.storage.delete(name)

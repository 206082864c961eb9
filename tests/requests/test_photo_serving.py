"""Photos are served through a view that checks who may see their request, and carry no metadata."""

import io
from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from posts.models import Moderation, Photo, Post
from tests.factories import PhotoFactory, PostFactory
from tests.helpers import NEW_REQUEST

GPS_IFD = 0x8825
MAKE = 0x010F
GPS_LATITUDE = 2


def photo_url(photo: Photo, size: str = "full") -> str:
    return reverse("posts:photo", kwargs={"pk": photo.pk, "size": size})


def served_bytes(response) -> bytes:
    # Reading it to the end lets the test client close the file; calling response.close()
    # here would also close the database connection in the middle of the test.
    return b"".join(response.streaming_content)


def phone_photo() -> SimpleUploadedFile:
    """A JPEG as a phone writes it: with the camera make and the GPS position in its EXIF."""
    exif = Image.Exif()
    exif[MAKE] = "SpyPhone"
    exif.get_ifd(GPS_IFD)[GPS_LATITUDE] = (52.0, 31.0, 12.0)
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 200)).save(buffer, "JPEG", exif=exif)
    assert b"SpyPhone" in buffer.getvalue()
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize("size", ["full", "thumb"])
def test_photo_of_published_request_is_served_to_anyone(client, post, size):
    photo = PhotoFactory(post=post)

    response = client.get(photo_url(photo, size))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("image/")
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Content-Type-Options"] == "nosniff"
    Image.open(io.BytesIO(served_bytes(response))).verify()


def test_uploaded_phone_photo_is_served_without_exif(member_client, member, post, client):
    create = reverse("posts:create")
    data = {**NEW_REQUEST, "photos-0-image": phone_photo()}
    response = member_client.post(create, data)
    assert response.status_code == HTTPStatus.FOUND
    photo = Photo.objects.get(post__title=NEW_REQUEST["title"])

    for size in ("full", "thumb"):
        served = served_bytes(client.get(photo_url(photo, size)))
        image = Image.open(io.BytesIO(served))
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert b"SpyPhone" not in served
        assert b"Exif\x00\x00" not in served


def test_thumbnail_is_smaller_than_the_full_photo(client, post):
    photo = PhotoFactory(post=post)
    photo.refresh_from_db()

    full = Image.open(io.BytesIO(served_bytes(client.get(photo_url(photo, "full")))))
    thumb = Image.open(io.BytesIO(served_bytes(client.get(photo_url(photo, "thumb")))))

    assert full.size == (photo.width, photo.height)
    assert thumb.size[0] <= full.size[0] and thumb.size[1] <= full.size[1]


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN, Moderation.REMOVED])
@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("anonymous", HTTPStatus.NOT_FOUND),
        ("stranger", HTTPStatus.NOT_FOUND),
        ("author", HTTPStatus.OK),
        ("moderator", HTTPStatus.OK),
    ],
)
@pytest.mark.parametrize("size", ["full", "thumb"])
def test_photo_of_unpublished_request_is_served_only_to_its_author_and_moderators(
    client, member, stranger, moderator, moderation, viewer, expected, size
):
    photo = PhotoFactory(post=PostFactory(author=member, moderation=moderation))
    viewers = {"stranger": stranger, "author": member, "moderator": moderator}
    if viewer in viewers:
        client.force_login(viewers[viewer])

    response = client.get(photo_url(photo, size))

    assert response.status_code == expected
    if expected == HTTPStatus.OK:
        assert response["Content-Type"].startswith("image/")
        served_bytes(response)


def test_photo_stops_being_served_once_its_request_is_hidden(client, post):
    photo = PhotoFactory(post=post)
    served_bytes(client.get(photo_url(photo)))

    Post.objects.filter(pk=post.pk).update(moderation=Moderation.HIDDEN)

    assert client.get(photo_url(photo)).status_code == HTTPStatus.NOT_FOUND


def test_unknown_photo_is_not_found(client, db):
    assert client.get(reverse("posts:photo", kwargs={"pk": 9999, "size": "full"})).status_code == HTTPStatus.NOT_FOUND


def test_photo_whose_file_is_missing_is_not_found(client, post):
    photo = PhotoFactory(post=post)
    default_storage.delete(photo.image.name)

    assert client.get(photo_url(photo)).status_code == HTTPStatus.NOT_FOUND


def test_stored_photo_files_are_not_reachable_under_media_url(client, post, settings):
    photo = PhotoFactory(post=post)

    response = client.get(f"{settings.MEDIA_URL}{photo.image.name}")

    assert response.status_code == HTTPStatus.NOT_FOUND

"""Photos, thumbnails, kept uploads and data exports on S3-compatible object storage (a real SeaweedFS).

The visibility check stays in Reconnect: a visible photo is streamed or answered with a
signed redirect that expires within a minute; a hidden or withheld one is 404 at once.
"""

import io
import re
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.privacy.data import prune_exports
from posts.models import Photo, ReportReason
from posts.moderation import actions
from posts.requests import uploads
from posts.requests.images import THUMBNAIL_SIZE, process_upload
from tests.factories import PhotoFactory, PostFactory, UserFactory, image_upload
from tests.helpers import NEW_REQUEST

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # The factories' password.


def photo_url(photo: Photo, size: str = "full") -> str:
    return reverse("posts:photo", kwargs={"pk": photo.pk, "size": size})


def served(response) -> bytes:
    return b"".join(response.streaming_content)


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test's own SeaweedFS
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def stored_bytes(bucket, name: str) -> bytes:
    key = f"{bucket.location}/{name}"
    return bucket.server.client().get_object(Bucket=bucket.name, Key=key)["Body"].read()


def create_request_with_a_photo(client) -> Photo:
    data = {**NEW_REQUEST, "photos-0-image": image_upload(size=(1200, 900))}
    response = client.post(reverse("posts:create"), data)
    assert response.status_code == HTTPStatus.FOUND
    return Photo.objects.get(post__title=NEW_REQUEST["title"])


def test_an_upload_goes_to_the_bucket_with_its_thumbnail_and_is_served_from_it(
    on_s3, member_client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # The thumbnail is made once the photo is stored.
        photo = create_request_with_a_photo(member_client)
    photo.refresh_from_db()
    client = member_client  # A first request waits for review: its poster sees it.

    assert on_s3.keys() == sorted([photo.image.name, photo.thumbnail.name])
    assert not (settings.MEDIA_ROOT.exists() and any(settings.MEDIA_ROOT.rglob("*.*")))
    full = served(client.get(photo_url(photo)))
    thumbnail = served(client.get(photo_url(photo, "thumb")))
    assert full == stored_bytes(on_s3, photo.image.name)
    assert thumbnail == stored_bytes(on_s3, photo.thumbnail.name)
    assert Image.open(io.BytesIO(full)).size == (1200, 900)
    assert max(Image.open(io.BytesIO(thumbnail)).size) == THUMBNAIL_SIZE


def test_objects_are_private_to_anyone_without_a_signature(on_s3, post):
    photo = PhotoFactory(post=post)
    status, _ = fetch(f"{on_s3.server.endpoint}/{on_s3.name}/{on_s3.location}/{photo.image.name}")
    assert status == HTTPStatus.FORBIDDEN


def test_redirect_delivery_hands_out_a_signed_address_that_expires_within_a_minute(on_s3, settings, client, post):
    settings.RECONNECT_PHOTO_DELIVERY = "redirect"
    photo = PhotoFactory(post=post)

    response = client.get(photo_url(photo))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Cache-Control"] == "private, no-store"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(response["Location"]).query)
    assert 0 < int(query["X-Amz-Expires"][0]) <= 60
    status, body = fetch(response["Location"])
    assert (status, body) == (HTTPStatus.OK, stored_bytes(on_s3, photo.image.name))


@pytest.mark.parametrize("delivery", ["stream", "redirect"])
def test_a_hidden_requests_photos_are_refused_at_once(on_s3, settings, client, stranger_client, moderator, delivery):
    settings.RECONNECT_PHOTO_DELIVERY = delivery
    post = PostFactory()
    photo = PhotoFactory(post=post)
    assert client.get(photo_url(photo)).status_code in (HTTPStatus.OK, HTTPStatus.FOUND)

    actions.hide_post(post=post, by=moderator, reason="Posted without consent")

    for reader in (client, stranger_client):
        for size in ("full", "thumb"):
            assert reader.get(photo_url(photo, size)).status_code == HTTPStatus.NOT_FOUND
    # The files stay in the bucket, so that undoing the hide brings the photos back.
    assert on_s3.keys() == sorted([photo.image.name, photo.thumbnail.name])


def test_photos_are_withheld_from_the_moment_the_person_sought_asks_for_removal(
    on_s3, client, stranger_client, moderator_client, post
):
    photo = PhotoFactory(post=post)

    report = reverse("posts:report", kwargs={"pk": post.pk})
    response = stranger_client.post(report, {"reason": ReportReason.THIS_IS_ME})

    assert response.status_code == HTTPStatus.FOUND
    assert client.get(photo_url(photo)).status_code == HTTPStatus.NOT_FOUND
    assert stranger_client.get(photo_url(photo, "thumb")).status_code == HTTPStatus.NOT_FOUND
    # Moderators still see them, to review the request.
    assert served(moderator_client.get(photo_url(photo))) == stored_bytes(on_s3, photo.image.name)


def test_kept_uploads_are_parked_in_the_bucket_and_come_back(on_s3, member):
    image = process_upload(image_upload(size=(300, 200)))

    token = uploads.stash(image, user=member)

    parked = [key for key in on_s3.keys() if key.startswith("pending/")]
    assert len(parked) == 2
    restored = uploads.restore(token, user=member)
    image.full.seek(0)
    assert restored.full.read() == image.full.read()
    assert uploads.restore(token, user=UserFactory()) is None
    uploads.discard(token)
    assert not [key for key in on_s3.keys() if key.startswith("pending/")]


def test_deleting_an_account_removes_its_photos_and_exports_from_the_bucket(
    on_s3, django_capture_on_commit_callbacks, mailoutbox
):
    leaver, other = UserFactory(), UserFactory()
    mine = [PhotoFactory(post=PostFactory(author=leaver)) for _ in range(2)]
    theirs = PhotoFactory(post=PostFactory(author=other))
    client = Client()
    client.force_login(leaver)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:data_export"))
    assert any(key.startswith("exports/") for key in on_s3.keys())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == HTTPStatus.FOUND
    assert not Photo.objects.filter(pk__in=[photo.pk for photo in mine]).exists()
    # Only the other member's photo is left: no photo, thumbnail or export zip of theirs.
    assert on_s3.keys() == sorted([theirs.image.name, theirs.thumbnail.name])


def test_data_export_zips_are_stored_in_the_bucket_with_the_photos_from_it(
    on_s3, django_capture_on_commit_callbacks, mailoutbox
):
    member = UserFactory()
    photo = PhotoFactory(post=PostFactory(author=member))
    client = Client()
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:data_export"))

    [zip_key] = [key for key in on_s3.keys() if key.startswith("exports/")]
    path = re.search(r"https?://[^/\s]+(/settings/data/export/\S+/)", mailoutbox[0].body).group(1)
    download = client.get(path)
    assert download.status_code == HTTPStatus.OK
    content = b"".join(download.streaming_content)
    assert content == stored_bytes(on_s3, zip_key)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.read(f"photos/{photo.pk}-full.jpg") == stored_bytes(on_s3, photo.image.name)
        assert archive.read(f"photos/{photo.pk}-thumb.jpg") == stored_bytes(on_s3, photo.thumbnail.name)

    # A week on, the zip is pruned from the bucket like from a folder.
    assert prune_exports(now=timezone.now() + timedelta(days=8)) == 1
    assert not [key for key in on_s3.keys() if key.startswith("exports/")]
    assert not default_storage.exists(zip_key)

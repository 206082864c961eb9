"""Photo decoding is bounded in memory, and with a worker configured re-encoding leaves the request path."""

import io
import json
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFile

from posts.models import Photo, PhotoStatus
from posts.requests import images
from posts.requests.tasks import process_photo
from tests.helpers import NEW_REQUEST
from tests.requests.test_images import _png_claiming_size
from tests.requests.test_photo_serving import phone_photo, served_bytes

CHILD = Path(__file__).with_name("photo_memory.py")
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _scan(path: Path, shift: int) -> None:
    """A 36-megapixel 1-bit PNG, as a scanner writes one: it compresses to a few hundred KB."""
    img = Image.new("1", (7200, 5000), 1)
    draw = ImageDraw.Draw(img)
    for x in range(0, 7200, 97):
        draw.line((x, 0, 7200 - x, 5000), fill=0, width=3)
    draw.rectangle((1000 + shift, 1000, 3000, 2500), fill=0)
    img.save(path)


def test_six_36_megapixel_1_bit_pngs_are_processed_in_under_250_mb(tmp_path):
    files = [tmp_path / f"scan{i}.png" for i in range(6)]
    for shift, path in enumerate(files):
        _scan(path, shift * 100)

    run = subprocess.run([sys.executable, str(CHILD), *map(str, files)], capture_output=True, text=True, check=True)  # noqa: S603

    figures = json.loads(run.stdout.strip().splitlines()[-1])
    baseline, peak = figures["baseline_kb"] / 1024, figures["peak_kb"] / 1024
    print(f"baseline after imports {baseline:.0f} MB, peak {peak:.0f} MB")  # shown with -s
    assert peak < 250, f"peak {peak:.0f} MB (baseline after imports {baseline:.0f} MB)"
    # Decoding one scan takes 36 MB (one byte a pixel); nothing may hold it as RGB (144 MB).
    assert peak - baseline < 100, f"processing took {peak - baseline:.0f} MB over the baseline of {baseline:.0f} MB"


@pytest.mark.parametrize("check", [images.process_upload, images.check_upload])
def test_header_claiming_too_many_pixels_is_refused_before_decoding(check):
    upload = SimpleUploadedFile("scan.png", _png_claiming_size(10_000, 5_000), content_type="image/png")

    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")) as load:
        with pytest.raises(images.ValidationError) as caught:
            check(upload)

    assert not load.called
    assert caught.value.error_list[0].code == "too_many_pixels"
    assert "50 megapixels" in str(caught.value.messages[0])


@pytest.mark.parametrize("check", [images.process_upload, images.check_upload])
def test_header_over_the_memory_budget_is_refused_before_decoding(check, settings):
    settings.RECONNECT_PHOTO_MEMORY_BYTES = 64 * 1024 * 1024
    # 20 MP of RGB: under the pixel limit, but 80 MB decoded (Pillow holds RGB in four bytes a pixel).
    upload = SimpleUploadedFile("photo.png", _png_claiming_size(5_000, 4_000), content_type="image/png")

    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")) as load:
        with pytest.raises(images.ValidationError) as caught:
            check(upload)

    assert not load.called
    assert caught.value.error_list[0].code == "too_much_memory"
    assert "5000 × 4000 pixels" in str(caught.value.messages[0])
    assert "at most 17 megapixels" in str(caught.value.messages[0])


def test_photos_are_stored_no_larger_than_the_maximum_side(settings):
    settings.RECONNECT_PHOTO_MAX_SIDE = 1000
    buffer = io.BytesIO()
    Image.new("1", (3000, 2000), 1).save(buffer, "PNG")

    result = images.process_upload(SimpleUploadedFile("scan.png", buffer.getvalue()))

    assert (result.width, result.height) == (1000, 667)
    result.full.seek(0)
    assert Image.open(result.full).mode == "RGB"


def _post_phone_photo(client) -> Photo:
    response = client.post(reverse("posts:create"), {**NEW_REQUEST, "photos-0-image": phone_photo()})
    assert response.status_code == HTTPStatus.FOUND
    return Photo.objects.get(post__title=NEW_REQUEST["title"])


def test_with_a_worker_the_upload_request_does_no_re_encoding(member_client, post, settings):
    settings.TASKS = DUMMY_TASKS
    with mock.patch.object(images, "_encode", wraps=images._encode) as encode:
        photo = _post_phone_photo(member_client)

    assert encode.call_count == 0
    assert photo.status == PhotoStatus.PROCESSING
    assert (photo.image.name, photo.thumbnail.name) == ("", "")
    assert default_storage.exists(photo.original.name)


def test_without_a_worker_the_photo_is_ready_within_the_request(member_client, post):
    with mock.patch.object(images, "_encode", wraps=images._encode) as encode:
        photo = _post_phone_photo(member_client)

    assert encode.call_count == 2  # The photo and its thumbnail.
    assert photo.status == PhotoStatus.READY and photo.thumbnail and not photo.original


def test_processing_photo_is_shown_to_its_poster_only_until_the_task_has_run(
    member_client, post, client, stranger_client, settings
):
    settings.TASKS = DUMMY_TASKS
    photo = _post_phone_photo(member_client)
    page = reverse("posts:detail", kwargs={"pk": photo.post_id})
    thumb = reverse("posts:photo", kwargs={"pk": photo.pk, "size": "thumb"})
    original = photo.original.name

    assert "Processing your photo…" in member_client.get(page).text
    for reader in (client, stranger_client):
        text = reader.get(page).text
        assert "Processing" not in text and thumb not in text
        assert reader.get(thumb).status_code == HTTPStatus.NOT_FOUND
    # Not even its poster is sent the original.
    assert member_client.get(thumb).status_code == HTTPStatus.NOT_FOUND

    process_photo.call(photo_id=photo.pk)

    photo.refresh_from_db()
    assert photo.status == PhotoStatus.READY
    assert photo.original.name == "" and not default_storage.exists(original)
    assert thumb in client.get(page).text
    assert "Processing your photo…" not in member_client.get(page).text
    for size in ("full", "thumb"):
        served = served_bytes(client.get(reverse("posts:photo", kwargs={"pk": photo.pk, "size": size})))
        assert b"SpyPhone" not in served and b"Exif\x00\x00" not in served
        assert dict(Image.open(io.BytesIO(served)).getexif()) == {}


def test_a_damaged_photo_is_marked_failed_and_its_original_deleted(member_client, post, settings):
    settings.TASKS = DUMMY_TASKS
    whole = phone_photo().read()
    damaged = SimpleUploadedFile("IMG_0002.jpg", whole[: len(whole) // 2], content_type="image/jpeg")
    response = member_client.post(reverse("posts:create"), {**NEW_REQUEST, "photos-0-image": damaged})
    assert response.status_code == HTTPStatus.FOUND
    photo = Photo.objects.get()
    original = photo.original.name

    process_photo.call(photo_id=photo.pk)

    photo.refresh_from_db()
    assert photo.status == PhotoStatus.FAILED and not default_storage.exists(original)
    page = member_client.get(reverse("posts:detail", kwargs={"pk": photo.post_id}))
    assert "We could not read this photo" in page.text

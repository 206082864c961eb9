"""HEIC (what iPhones send by default) and AVIF photos are accepted and re-encoded like any other photo.

Every file is written in the test: HEIC by pillow-heif's encoder, AVIF by Pillow's own, each carrying
a camera make, a GPS position and an EXIF orientation, as a phone writes them.
"""

import io
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from posts.models import Photo
from posts.requests.images import check_upload, process_upload
from tests.helpers import NEW_REQUEST

GPS_IFD = 0x8825
GPS_LATITUDE = 2
MAKE = 0x010F
ORIENTATION = 0x0112
ROTATE_90_CW = 6  # "the camera was held on its side": shown turned a quarter to the right

FORMATS = {"HEIF": ("IMG_0001.HEIC", "image/heic"), "AVIF": ("IMG_0001.avif", "image/avif")}


def phone_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "SpyPhone"
    exif[ORIENTATION] = ROTATE_90_CW
    exif.get_ifd(GPS_IFD)[GPS_LATITUDE] = (52.0, 31.0, 12.0)
    return exif


def phone_picture(size=(120, 60)) -> Image.Image:
    """Red on the left half, blue on the right: where red ends up tells how the photo was turned."""
    img = Image.new("RGB", size, (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    return img


def phone_file(fmt: str, size=(120, 60)) -> bytes:
    buffer = io.BytesIO()
    phone_picture(size).save(buffer, fmt, exif=phone_exif().tobytes(), quality=90)
    data = buffer.getvalue()
    assert b"SpyPhone" in data  # The metadata really is in the upload.
    return data


def upload(fmt: str, size=(120, 60)) -> SimpleUploadedFile:
    name, content_type = FORMATS[fmt]
    return SimpleUploadedFile(name, phone_file(fmt, size), content_type=content_type)


def assert_clean(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert b"SpyPhone" not in data
    assert b"Exif\x00\x00" not in data
    return image


@pytest.mark.parametrize("fmt", FORMATS)
def test_phone_photo_is_re_encoded_as_jpeg_upright_and_without_gps(fmt):
    processed = process_upload(upload(fmt))

    full = assert_clean(processed.full.read())
    assert full.format == "JPEG"
    assert processed.full.name.endswith(".jpg")
    # Stored 60 × 120, turned as the camera was held: red, the left half, is now on top.
    assert full.size == (60, 120) == (processed.width, processed.height)
    rgb = full.convert("RGB")
    top, bottom = rgb.getpixel((30, 10)), rgb.getpixel((30, 110))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom
    thumbnail = assert_clean(processed.thumbnail.read())
    assert thumbnail.format == "JPEG"


@pytest.mark.parametrize("fmt", FORMATS)
def test_header_check_accepts_heic_and_avif(fmt):
    checked = check_upload(upload(fmt))

    assert checked.original.name.endswith({"HEIF": ".heic", "AVIF": ".avif"}[fmt])


@pytest.mark.parametrize("fmt", FORMATS)
@override_settings(RECONNECT_MAX_IMAGE_PIXELS=5000)
def test_heic_and_avif_keep_the_pixel_limit(fmt):
    with pytest.raises(ValidationError) as caught:
        process_upload(upload(fmt, size=(120, 60)))

    assert caught.value.error_list[0].code == "too_many_pixels"


@pytest.mark.parametrize("fmt", FORMATS)
@override_settings(RECONNECT_PHOTO_MEMORY_BYTES=4 * 120 * 60 - 1)
def test_heic_and_avif_keep_the_decoding_bound(fmt):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(fmt))

    assert caught.value.error_list[0].code == "too_much_memory"


@pytest.mark.parametrize("fmt", FORMATS)
@override_settings(RECONNECT_MAX_UPLOAD_BYTES=100)
def test_heic_and_avif_keep_the_size_limit(fmt):
    with pytest.raises(ValidationError) as caught:
        process_upload(upload(fmt))

    assert caught.value.error_list[0].code == "too_large"


@pytest.mark.parametrize("fmt", FORMATS)
def test_request_with_an_iphone_photo_is_posted_and_served_without_gps(member_client, fmt):
    response = member_client.post(reverse("posts:create"), {**NEW_REQUEST, "photos-0-image": upload(fmt)})

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    photo = Photo.objects.get(post__title=NEW_REQUEST["title"])
    assert photo.is_ready
    for size in ("full", "thumb"):
        served = member_client.get(reverse("posts:photo", kwargs={"pk": photo.pk, "size": size}))
        image = assert_clean(b"".join(served.streaming_content))
        assert image.format == "JPEG"
        assert served["Content-Type"] == "image/jpeg"


def test_photo_field_offers_heic_and_avif(member_client):
    page = member_client.get(reverse("posts:create")).text

    assert "image/heic" in page and "image/avif" in page and ".heic" in page

"""Tests for posts.requests.images: photo uploads are checked from their bytes and re-encoded without metadata.

Pure function tests: no database. Every image is generated in memory with Pillow.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image, ImageCms, PngImagePlugin

from posts.requests.images import ALLOWED_FORMATS, THUMBNAIL_SIZE, ProcessedImage, process_upload

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
MODEL = 0x0110


# -- helpers -----------------------------------------------------------------------------------


def _picture(size: tuple[int, int] = (320, 240), mode: str = "RGB", noise: bool = True) -> Image.Image:
    """A picture with real detail, so encoders produce realistic, non-trivial data."""
    width, height = size
    red = Image.linear_gradient("L").resize(size)
    green = Image.linear_gradient("L").rotate(90).resize(size)
    blue = Image.effect_noise(size, 40) if noise else Image.radial_gradient("L").resize(size)
    img = Image.merge("RGB", (red, green, blue))
    if mode == "RGBA":
        alpha = Image.radial_gradient("L").resize(size)
        img = Image.merge("RGBA", (red, green, blue, alpha))
    elif mode != "RGB":
        img = img.convert(mode)
    assert img.size == (width, height)
    return img


def _encode(img: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Phone 12 Pro"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (48.0, 51.0, 29.0)  # GPSLatitude
    gps[3] = "E"  # GPSLongitudeRef
    gps[4] = (2.0, 17.0, 40.0)  # GPSLongitude
    return exif


def _upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _reopen(content) -> tuple[Image.Image, bytes]:
    content.seek(0)
    data = content.read()
    img = Image.open(io.BytesIO(data))
    img.load()
    return img, data


def _assert_no_exif(img: Image.Image, data: bytes) -> None:
    assert len(img.getexif()) == 0
    assert "exif" not in img.info
    assert b"Exif\x00\x00" not in data
    assert b"PhoneMaker" not in data
    assert b"Phone 12 Pro" not in data


def _refusal(data: bytes, **upload_kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        process_upload(_upload(data, **upload_kwargs))
    exc = caught.value
    assert exc.error_list[0].message, "the refusal must explain itself to the user"
    assert str(exc.messages[0]).strip()
    return exc


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _png_claiming_size(width: int, height: int) -> bytes:
    """A few-hundred-byte PNG whose header claims a huge canvas: the shape of a decompression bomb.

    Crafting the header keeps the test fast and small; the pixels must never be decoded anyway.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


# -- metadata is stripped --------------------------------------------------------------------


def test_jpeg_gps_and_camera_exif_is_removed_and_size_kept():
    original = _encode(_picture((640, 480)), "JPEG", exif=_gps_exif(), quality=90)
    assert b"Exif" in original and b"PhoneMaker" in original  # The fixture really carries metadata.

    result = process_upload(_upload(original))

    assert isinstance(result, ProcessedImage)
    img, data = _reopen(result.full)
    _assert_no_exif(img, data)
    assert img.format == "JPEG"
    assert img.size == (640, 480)
    assert (result.width, result.height) == (640, 480)
    assert result.full.name.endswith(".jpg")


def test_exif_orientation_is_applied_and_then_dropped():
    picture = Image.new("RGB", (200, 100), "red")
    picture.paste(Image.new("RGB", (100, 100), "blue"), (100, 0))  # Left red, right blue.
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # "Rotate 90 degrees clockwise to display".

    result = process_upload(_upload(_encode(picture, "JPEG", exif=exif)))

    img, data = _reopen(result.full)
    assert img.size == (100, 200)
    assert (result.width, result.height) == (100, 200)
    assert ORIENTATION not in img.getexif()
    _assert_no_exif(img, data)
    # Rotated clockwise, the left (red) half ends up on top.
    top_red, _, top_blue = img.getpixel((50, 20))
    bottom_red, _, bottom_blue = img.getpixel((50, 180))
    assert top_red > 200 and top_blue < 60
    assert bottom_blue > 200 and bottom_red < 60


def test_png_text_chunks_are_removed():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at home")
    text.add_text("GPS", "GPS 48.8582 N, 2.2945 E")
    text.add_itxt("Author", "Jane Doe", zip=True)
    original = _encode(_picture(), "PNG", pnginfo=text)
    assert b"tEXt" in original  # The fixture really carries text chunks.

    result = process_upload(_upload(original, name="photo.png", content_type="image/png"))

    img, data = _reopen(result.full)
    assert img.format == "PNG"
    assert img.text == {}
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
        assert chunk not in data
    assert b"taken at home" not in data and b"48.8582" not in data
    thumb, thumb_data = _reopen(result.thumbnail)
    assert thumb.text == {} and b"tEXt" not in thumb_data


def test_webp_exif_is_removed():
    original = _encode(_picture(), "WEBP", exif=_gps_exif())
    assert b"EXIF" in original

    result = process_upload(_upload(original, name="photo.webp", content_type="image/webp"))

    img, data = _reopen(result.full)
    assert img.format == "WEBP"
    assert b"EXIF" not in data
    _assert_no_exif(img, data)


def test_output_is_always_re_encoded_never_the_original_bytes():
    original = _encode(_picture(), "JPEG", quality=95)

    result = process_upload(_upload(original))

    _, data = _reopen(result.full)
    assert data != original
    assert data[:2] == b"\xff\xd8"


def test_rgb_colour_profile_is_kept_so_colours_stay_right():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = _encode(_picture(), "JPEG", icc_profile=srgb, exif=_gps_exif())

    result = process_upload(_upload(original))

    img, data = _reopen(result.full)
    assert img.info.get("icc_profile") == srgb
    _assert_no_exif(img, data)


# -- formats, modes and thumbnails -----------------------------------------------------------


def test_png_with_alpha_keeps_format_and_transparency():
    original = _encode(_picture((1600, 1200), mode="RGBA", noise=False), "PNG")

    result = process_upload(_upload(original, name="photo.png", content_type="image/png"))

    img, _ = _reopen(result.full)
    assert (img.format, img.mode, img.size) == ("PNG", "RGBA", (1600, 1200))
    assert img.getextrema()[3][0] < 255  # Some pixels are still see-through.
    assert result.full.name.endswith(".png")
    thumb, thumb_data = _reopen(result.thumbnail)
    assert (thumb.format, thumb.mode) == ("PNG", "RGBA")
    assert max(thumb.size) == THUMBNAIL_SIZE == 480
    assert result.thumbnail.name.endswith(".png")
    _assert_no_exif(thumb, thumb_data)


def test_webp_keeps_format_and_gets_a_webp_thumbnail_without_exif():
    original = _encode(_picture((1600, 1200), noise=False), "WEBP", exif=_gps_exif())

    result = process_upload(_upload(original, name="photo.webp", content_type="image/webp"))

    img, _ = _reopen(result.full)
    assert (img.format, img.size) == ("WEBP", (1600, 1200))
    assert result.full.name.endswith(".webp")
    thumb, thumb_data = _reopen(result.thumbnail)
    assert thumb.format == "WEBP"
    assert thumb.size == (480, 360)
    _assert_no_exif(thumb, thumb_data)


def test_jpeg_thumbnail_fits_480_and_has_no_exif():
    original = _encode(_picture((1200, 1600)), "JPEG", exif=_gps_exif())

    result = process_upload(_upload(original))

    thumb, thumb_data = _reopen(result.thumbnail)
    assert thumb.format == "JPEG"
    assert thumb.size == (360, 480)
    assert result.thumbnail.name.endswith(".jpg")
    _assert_no_exif(thumb, thumb_data)


def test_small_photos_are_not_enlarged_for_the_thumbnail():
    result = process_upload(_upload(_encode(_picture((300, 200)), "JPEG")))

    thumb, _ = _reopen(result.thumbnail)
    assert thumb.size == (300, 200)


@pytest.mark.parametrize(
    ("mode", "fmt", "expected_mode"),
    [
        ("CMYK", "JPEG", "RGB"),
        ("L", "JPEG", "RGB"),
        ("P", "PNG", "RGB"),
        ("LA", "PNG", "RGBA"),
        ("I;16", "PNG", "RGB"),
        ("1", "PNG", "RGB"),
    ],
)
def test_unusual_colour_modes_are_converted(mode, fmt, expected_mode):
    original = _encode(_picture((64, 48), mode=mode), fmt)

    result = process_upload(_upload(original, name="photo.bin", content_type="application/octet-stream"))

    img, _ = _reopen(result.full)
    assert (img.format, img.mode, img.size) == (fmt, expected_mode, (64, 48))


def test_palette_png_with_transparency_keeps_its_alpha():
    picture = _picture((64, 48), mode="P")
    see_through = picture.getpixel((0, 0))  # A palette index the picture really uses.
    original = _encode(picture, "PNG", transparency=see_through)

    result = process_upload(_upload(original, name="photo.png", content_type="image/png"))

    img, _ = _reopen(result.full)
    assert img.mode == "RGBA"
    assert img.getpixel((0, 0))[3] == 0
    assert img.getextrema()[3] == (0, 255)


def _sixteen_bit_grey(value: int, mode: str = "I;16") -> Image.Image:
    """A 16-bit grey picture: its left half `value`, its right half a quarter of it (deep samples, not 0..255)."""
    left, right = struct.pack("<H", value) * 32, struct.pack("<H", value // 4) * 32
    img = Image.frombytes("I;16", (64, 48), (left + right) * 48)
    return img if mode == "I;16" else img.convert(mode)


def _grey_at(img: Image.Image, xy: tuple[int, int]) -> int:
    pixel = img.convert("RGB").getpixel(xy)
    assert max(pixel) - min(pixel) <= 2, "grey stays grey"
    return pixel[0]


def test_sixteen_bit_grey_png_keeps_its_tones_not_pure_white():
    """A 16-bit PNG was stored as pure white: samples above 255 were clipped, not scaled (issue 11, #13)."""
    original = _encode(_sixteen_bit_grey(40000), "PNG")

    result = process_upload(_upload(original, name="scan.png", content_type="image/png"))

    img, _ = _reopen(result.full)
    assert _grey_at(img, (10, 10)) == pytest.approx(40000 / 256, abs=2)
    assert _grey_at(img, (50, 10)) == pytest.approx(10000 / 256, abs=2)
    thumb, _ = _reopen(result.thumbnail)
    assert _grey_at(thumb, (10, 10)) == pytest.approx(40000 / 256, abs=2)


@pytest.mark.parametrize("mode", ["I", "F"])
def test_32_bit_and_float_grey_pixels_are_scaled_like_sixteen_bit_ones(mode):
    from posts.requests.images import _convert

    converted = _convert(_sixteen_bit_grey(40000, mode), "RGB")

    assert converted.getpixel((10, 10))[0] == pytest.approx(156, abs=1)
    assert converted.getpixel((50, 10))[0] == pytest.approx(39, abs=1)


def test_cmyk_jpeg_keeps_its_colours():
    cmyk = Image.new("CMYK", (64, 48), (0, 255, 255, 0))  # Red.
    cmyk.paste((255, 0, 255, 0), (32, 0, 64, 48))  # Green.

    result = process_upload(_upload(_encode(cmyk, "JPEG", quality=95)))

    img, _ = _reopen(result.full)
    assert img.mode == "RGB"
    for xy, expected in (((10, 10), (255, 0, 0)), ((50, 10), (0, 255, 0))):
        assert img.getpixel(xy) == pytest.approx(expected, abs=12)


def test_palette_png_with_transparency_keeps_colours_and_see_through_pixels():
    picture = Image.new("P", (64, 48), 1)
    picture.putpalette([255, 255, 255, 200, 30, 40] + [0] * 762)
    picture.paste(0, (32, 0, 64, 48))

    result = process_upload(_upload(_encode(picture, "PNG", transparency=0), name="p.png", content_type="image/png"))

    img, _ = _reopen(result.full)
    assert img.mode == "RGBA"
    assert img.getpixel((10, 10)) == (200, 30, 40, 255)
    assert img.getpixel((50, 10))[3] == 0


def test_grey_with_alpha_keeps_grey_and_alpha():
    original = _encode(Image.new("LA", (64, 48), (100, 128)), "PNG")

    result = process_upload(_upload(original, name="la.png", content_type="image/png"))

    img, _ = _reopen(result.full)
    assert img.mode == "RGBA"
    assert img.getpixel((10, 10)) == pytest.approx((100, 100, 100, 128), abs=1)


@pytest.mark.parametrize(("fmt", "options"), [("PNG", {}), ("WEBP", {"lossless": True})])
def test_rgba_keeps_its_colours_and_alpha(fmt, options):
    original = _encode(Image.new("RGBA", (64, 48), (10, 200, 30, 128)), fmt, **options)

    result = process_upload(_upload(original, name=f"a.{fmt.lower()}", content_type=f"image/{fmt.lower()}"))

    img, _ = _reopen(result.full)
    assert img.mode == "RGBA"
    assert img.getpixel((10, 10)) == pytest.approx((10, 200, 30, 128), abs=3)


def test_upload_is_read_from_the_start():
    upload = _upload(_encode(_picture(), "JPEG"))
    upload.read()  # Something else already consumed the file.

    result = process_upload(upload)

    assert (result.width, result.height) == (320, 240)


def test_allowed_formats_are_exactly_jpeg_png_webp_heif_avif():
    assert ALLOWED_FORMATS == {"JPEG", "PNG", "WEBP", "HEIF", "AVIF"}


# -- refusals --------------------------------------------------------------------------------


def test_text_file_named_like_a_jpeg_is_refused():
    exc = _refusal(b"this is not a photo, just some text\n" * 10, name="photo.jpg", content_type="image/jpeg")

    assert exc.error_list[0].code == "not_an_image"


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", b"\xff\xd8\xff\xe0garbage"])
def test_empty_pdf_and_garbage_are_refused(data):
    exc = _refusal(data)

    assert exc.error_list[0].code in {"not_an_image", "corrupt"}


def test_gif_is_refused_as_unsupported_type():
    exc = _refusal(_encode(_picture(noise=False), "GIF"), name="photo.gif", content_type="image/gif")

    assert exc.error_list[0].code == "unsupported_type"


def test_gif_renamed_to_jpg_is_still_refused():
    exc = _refusal(_encode(_picture(noise=False), "GIF"), name="photo.jpg", content_type="image/jpeg")

    assert exc.error_list[0].code == "unsupported_type"


@override_settings(RECONNECT_MAX_UPLOAD_BYTES=1000)
def test_oversized_upload_is_refused():
    exc = _refusal(_encode(_picture(), "JPEG"))

    assert exc.code == "too_large"
    assert exc.error_list[0].code == "too_large"


@override_settings(RECONNECT_MAX_UPLOAD_BYTES=1000)
def test_oversized_upload_without_a_size_attribute_is_refused():
    stream = io.BytesIO(_encode(_picture(), "JPEG"))
    assert not hasattr(stream, "size")

    with pytest.raises(ValidationError) as caught:
        process_upload(stream)

    assert caught.value.code == "too_large"


def test_decompression_bomb_over_our_limit_is_refused_before_decoding():
    data = _png_claiming_size(10_000, 5_000)  # 50 megapixels, over the 40 MP limit.
    assert len(data) < 200

    exc = _refusal(data, name="photo.png", content_type="image/png")

    assert exc.error_list[0].code == "too_many_pixels"
    assert "50" in str(exc.messages[0])


@pytest.mark.parametrize("size", [(10_000, 10_000), (20_000, 20_000)])
def test_decompression_bomb_over_pillows_limits_is_refused(size):
    # 100 MP makes Pillow warn and 400 MP makes it raise; both must become a clean refusal.
    exc = _refusal(_png_claiming_size(*size), name="photo.png", content_type="image/png")

    assert exc.error_list[0].code == "too_many_pixels"


@override_settings(RECONNECT_MAX_IMAGE_PIXELS=10_000)
def test_pixel_limit_comes_from_settings():
    exc = _refusal(_encode(_picture((200, 100)), "JPEG"))

    assert exc.error_list[0].code == "too_many_pixels"


def test_pixel_check_leaves_global_pillow_state_alone():
    before_limit = Image.MAX_IMAGE_PIXELS
    before_filters = list(warnings.filters)

    _refusal(_png_claiming_size(10_000, 10_000), name="photo.png", content_type="image/png")
    process_upload(_upload(_encode(_picture(), "JPEG")))

    assert Image.MAX_IMAGE_PIXELS == before_limit
    assert list(warnings.filters) == before_filters


def test_truncated_jpeg_is_refused_as_corrupt():
    whole = _encode(_picture((800, 600)), "JPEG")

    exc = _refusal(whole[: len(whole) // 2])

    assert exc.error_list[0].code == "corrupt"


def test_truncated_png_is_refused_as_corrupt():
    whole = _encode(_picture((800, 600), noise=False), "PNG")

    exc = _refusal(whole[: len(whole) // 2], name="photo.png", content_type="image/png")

    assert exc.error_list[0].code == "corrupt"

"""Checking and re-encoding uploaded photos of "looking for" requests.

Uploads come from strangers, so nothing about them is trusted: the type is sniffed from the
bytes, the pixel count and the memory decoding would take are checked from the header before any
pixel is decoded, and what gets stored is always a fresh encoding of the pixels alone. Phone
photos routinely carry GPS coordinates and device details in their metadata, and a request must
never reveal where its poster lives.

HEIC/HEIF (what iPhones send by default) and AVIF are read too, through pillow-heif's opener and
Pillow's own AVIF plugin, and stored as JPEG (PNG when they have transparency), which every browser,
email client and PFIF reader shows; the same checks, limits and re-encoding apply to them.

Decoding is bounded: a JPEG is decoded at the smallest DCT scale that still covers the stored
size (`draft`), and everything else is converted and shrunk a band of rows at a time (`reduce`),
so a 36-megapixel 1-bit scan never exists as 144 MB of RGB. One image is decoded at a time, and
each is closed before the next.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# HEIC/HEIF become a format Image.open knows (as "HEIF"); only ever asked for through `_open` below.
pillow_heif.register_heif_opener()

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "AVIF"}
THUMBNAIL_SIZE = 480

_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic", "AVIF": "avif"}
# Formats read but not stored as they came: re-encoded as JPEG, or PNG when they have transparency.
_CONVERTED_FORMATS = frozenset({"HEIF", "AVIF"})
_QUALITY = 85
# Rows are converted and reduced this many bytes of decoded pixels at a time.
_BAND_BYTES = 4 * 1024 * 1024
# Bytes per pixel as Pillow holds a decoded image: one for 1-bit, grey and palette images, two for
# 16-bit grey, and four for everything else (RGB too is padded to four bytes a pixel).
_DECODED_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
# Modes holding more than 8 bits a sample (16-bit grey PNGs open as one of these): scaled to 8 bits,
# not clipped, which would turn every sample above 255 white.
_HIGH_DEPTH_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I", "F"})
_ORIENTATION = 0x0112
_TRANSPOSITIONS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# Signatures of image formats we recognise but refuse, so that people get a "convert it" message
# rather than "this is not a photo". Matching them never involves a parser.
_OTHER_IMAGE_SIGNATURES = (
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"8BPS",
    b"\x00\x00\x01\x00",
)
# Still-image HEIF and AVIF are read; these are the image sequences and their relatives, which are not.
_OTHER_IMAGE_BRANDS = (b"hevc", b"hevx", b"heim", b"heis", b"msf1", b"avis")

MESSAGE_TOO_LARGE = _("This photo is larger than %(limit)s MB. Please choose a smaller one.")
MESSAGE_NOT_AN_IMAGE = _(
    "This file is not a photo we can read. Please upload a JPEG, PNG, WebP, HEIC or AVIF image."
)
MESSAGE_UNSUPPORTED_TYPE = _(
    "This type of image is not supported. Please save it as a JPEG, PNG, WebP, HEIC or AVIF image and try again."
)
MESSAGE_TOO_MANY_PIXELS = _(
    "This image is too large to process (%(pixels)s megapixels; the limit is %(limit)s). "
    "Please resize it and try again."
)
MESSAGE_TOO_MUCH_MEMORY = _(
    "This image is too large to process (%(width)s × %(height)s pixels). "
    "Please resize it to at most %(limit)s megapixels, or save it as a JPEG, and try again."
)
MESSAGE_CORRUPT = _("This photo seems damaged or incomplete. Please try another copy.")


@dataclass(frozen=True)
class ProcessedImage:
    """The only thing ever served for a photo: re-encoded pixels, never the uploaded bytes."""

    full: ContentFile
    # None when the caller asked for none (process_upload(thumbnail=False)).
    thumbnail: ContentFile | None
    width: int
    height: int


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose header passed every check, kept as uploaded for the worker to re-encode.

    Its bytes still carry their metadata: they are stored only where nothing serves them
    (Photo.original) and deleted once the worker has re-encoded them.
    """

    original: ContentFile
    width: int
    height: int


def check_upload(upload: IO[bytes] | Any) -> CheckedUpload:
    """Refuse what process_upload would refuse from the header alone, without decoding a pixel.

    For the request path when a worker re-encodes later: what it costs does not grow with the
    image. A file that is damaged past its header is only found by the worker (Photo.Status.FAILED).
    """
    data = _read_limited(upload)
    with _bomb_guard():
        with _open(data) as img:
            width, height = img.size
            _check_header(img, max_side=int(settings.RECONNECT_PHOTO_MAX_SIDE))
            extension = _EXTENSIONS[str(img.format)]
    return CheckedUpload(original=ContentFile(data, name=f"original.{extension}"), width=width, height=height)


def process_upload(upload: IO[bytes] | Any, *, thumbnail: bool = True) -> ProcessedImage:
    """Refuse anything unsafe or unreadable, then rebuild the photo so no metadata can leak.

    Raises ValidationError with code "too_large", "not_an_image", "unsupported_type",
    "too_many_pixels", "too_much_memory" or "corrupt"; every message can be shown to the person
    uploading. The stored photo fits RECONNECT_PHOTO_MAX_SIDE; smaller ones keep their size.
    """
    data = _read_limited(upload)
    clean, img_format, icc_profile = _decode_bounded(data, max_side=int(settings.RECONNECT_PHOTO_MAX_SIDE))
    del data
    extension = _EXTENSIONS[img_format]
    full = ContentFile(_encode(clean, img_format, icc_profile), name=f"photo.{extension}")
    small = _thumbnail(clean, img_format, icc_profile) if thumbnail else None
    width, height = clean.size
    clean.close()
    return ProcessedImage(full=full, thumbnail=small, width=width, height=height)


def make_thumbnail(full: bytes) -> ContentFile:
    """A thumbnail of a photo's bytes, decoded no larger than the thumbnail itself needs."""
    clean, img_format, icc_profile = _decode_bounded(full, max_side=THUMBNAIL_SIZE)
    try:
        return ContentFile(_encode(clean, img_format, icc_profile), name=f"thumbnail.{_EXTENSIONS[img_format]}")
    finally:
        clean.close()


def _thumbnail(clean: Image.Image, img_format: str, icc_profile: bytes | None) -> ContentFile:
    thumb = clean
    if max(clean.size) > THUMBNAIL_SIZE:
        thumb = clean.resize(_fit(clean.size, THUMBNAIL_SIZE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    try:
        return ContentFile(_encode(thumb, img_format, icc_profile), name=f"thumbnail.{_EXTENSIONS[img_format]}")
    finally:
        if thumb is not clean:
            thumb.close()


def _decode_bounded(data: bytes, *, max_side: int) -> tuple[Image.Image, str, bytes | None]:
    """The pixels of `data` in a fresh image at most `max_side` a side, with its format and vetted profile."""
    with _bomb_guard():
        try:
            with _open(data) as img:
                _check_header(img, max_side=max_side)
                img_format = _stored_format(img)
                # pillow-heif applies a HEIF's own rotation while decoding and sets this to 1; AVIF keeps it.
                orientation = img.getexif().get(_ORIENTATION)
                icc_profile = _vetted_profile(img)
                img.load()
                clean = _rebuild(img, img_format, max_side)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ValidationError(MESSAGE_CORRUPT, code="corrupt") from exc
    if transposition := _TRANSPOSITIONS.get(orientation):
        turned = clean.transpose(transposition)
        clean.close()
        clean = turned
    return clean, img_format, icc_profile


@contextmanager
def _bomb_guard() -> Iterator[None]:
    """Pillow only warns between its own limit and twice that: a warning must stop us too."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(None, int(settings.RECONNECT_MAX_IMAGE_PIXELS)) from None


def _check_header(img: Image.Image, *, max_side: int) -> None:
    """Image.open has only parsed the header: refuse here, before decoding any pixel."""
    _check_pixels(img.width, img.height, int(settings.RECONNECT_MAX_IMAGE_PIXELS))
    if img.format == "JPEG":
        # Decode at 1/2, 1/4 or 1/8 scale when the stored size allows: the DCT does the shrinking.
        img.draft(img.mode, _fit(img.size, max_side))
    _check_memory(img)


def _check_memory(img: Image.Image) -> None:
    """Refuse an image whose decoded pixels alone would take more than the budget of one upload."""
    budget = int(settings.RECONNECT_PHOTO_MEMORY_BYTES)
    per_pixel = _DECODED_BYTES_PER_PIXEL.get(img.mode, 4)
    if img.width * img.height * per_pixel > budget:
        raise ValidationError(
            MESSAGE_TOO_MUCH_MEMORY,
            code="too_much_memory",
            params={"width": img.width, "height": img.height, "limit": f"{budget / per_pixel / 1_000_000:.0f}"},
        )


def _rebuild(img: Image.Image, img_format: str, max_side: int) -> Image.Image:
    """Copy the pixels into a fresh image, converted and reduced a band of rows at a time.

    A fresh image carries no EXIF, XMP, comments or text chunks. Converting a band at a time keeps
    a mode change (a 1-bit or palette image to RGB) from ever holding the whole image twice.
    """
    target_mode = _target_mode(img, img_format)
    # Grey stays grey while it shrinks (1-bit cannot be reduced, and RGB would take four times the memory).
    grey = img.mode in ("1", "L") or img.mode in _HIGH_DEPTH_MODES
    work_mode = "L" if grey and target_mode == "RGB" else target_mode
    factor = max(1, max(img.size) // max_side)
    width, height = img.size
    rows = max(factor, _BAND_BYTES // (width * 4) // factor * factor)
    reduced = Image.new(work_mode, (-(-width // factor), -(-height // factor)))
    for top in range(0, height, rows):
        band = img.crop((0, top, width, min(top + rows, height)))
        converted = _convert(band, work_mode)
        shrunk = converted.reduce(factor) if factor > 1 else converted
        reduced.paste(shrunk, (0, top // factor))
        del band, converted, shrunk  # Each band's copies go before the next band's are made.
    img.close()  # The decoded pixels go before the next, smaller copy is made.
    if max(reduced.size) > max_side:
        resized = reduced.resize(_fit(reduced.size, max_side), Image.Resampling.LANCZOS)
        reduced.close()
        reduced = resized
    if reduced.mode != target_mode:
        converted = reduced.convert(target_mode)
        reduced.close()
        reduced = converted
    return reduced


def _convert(band: Image.Image, mode: str) -> Image.Image:
    """The band in `mode`; samples deeper than 8 bits are scaled down to 8 first."""
    if band.mode in _HIGH_DEPTH_MODES:
        # "I" from a 16-bit PNG holds 0..65535, as do the I;16 modes; F is read on the same scale.
        wide = band.convert("F") if band.mode != "F" else band
        band = wide.point(lambda value: value / 256).convert("L")
    return band if band.mode == mode else band.convert(mode)


def _stored_format(img: Image.Image) -> str:
    """The format the re-encoded photo is stored in: its own, or JPEG/PNG for HEIF and AVIF."""
    img_format = str(img.format)
    if img_format not in _CONVERTED_FORMATS:
        return img_format
    return "PNG" if _target_mode(img, "PNG") == "RGBA" else "JPEG"


def _target_mode(img: Image.Image, img_format: str) -> str:
    has_alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    return "RGB" if img_format == "JPEG" or not has_alpha else "RGBA"


def _vetted_profile(img: Image.Image) -> bytes | None:
    """Keep a colour profile only if it still describes the pixels.

    Wide-gamut phone photos look wrong without it, while a CMYK or grey profile on converted RGB
    pixels would be worse than none.
    """
    icc_profile = img.info.get("icc_profile")
    if isinstance(icc_profile, bytes) and icc_profile[16:20] == b"RGB " and img.mode in ("RGB", "RGBA"):
        return icc_profile
    return None


def _fit(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """`size` scaled down to fit `max_side`, never up."""
    width, height = size
    longest = max(width, height)
    if longest <= max_side:
        return size
    return max(1, round(width * max_side / longest)), max(1, round(height * max_side / longest))


def _read_limited(upload: Any) -> bytes:
    """Refuse oversized uploads before they are pulled into memory."""
    limit = int(settings.RECONNECT_MAX_UPLOAD_BYTES)
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    upload.seek(0)
    # Read one byte past the limit: a missing or wrong .size cannot smuggle in a bigger file.
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data


def _open(data: bytes) -> Image.Image:
    """Identify the file from its bytes; only the allowed parsers ever see the data."""
    try:
        img = Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS))
    except UnidentifiedImageError:
        if _looks_like_other_image(data):
            raise ValidationError(MESSAGE_UNSUPPORTED_TYPE, code="unsupported_type") from None
        raise ValidationError(MESSAGE_NOT_AN_IMAGE, code="not_an_image") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(MESSAGE_CORRUPT, code="corrupt") from exc
    if img.format not in ALLOWED_FORMATS:  # Defensive: formats= should already guarantee this.
        img.close()
        raise ValidationError(MESSAGE_UNSUPPORTED_TYPE, code="unsupported_type")
    return img


def _looks_like_other_image(data: bytes) -> bool:
    """Tell "wrong kind of image" from "not an image" so the message can say what to do."""
    if data.startswith(_OTHER_IMAGE_SIGNATURES):
        return True
    return data[4:8] == b"ftyp" and data[8:12] in _OTHER_IMAGE_BRANDS


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    """A tiny file can declare billions of pixels; decoding those would exhaust memory."""
    if width * height > max_pixels:
        raise _too_many_pixels(width * height, max_pixels)


def _encode(img: Image.Image, img_format: str, icc_profile: bytes | None) -> bytes:
    """Encode with explicit options only, so nothing from the upload is carried over."""
    options: dict[str, Any] = {}
    if img_format == "JPEG":
        options = {"quality": _QUALITY, "optimize": True}
    elif img_format == "PNG":
        # No optimize=True: it is several times slower on big photos and saves only a few percent.
        options = {"compress_level": 6}
    elif img_format == "WEBP":
        options = {"quality": _QUALITY}
    if icc_profile:
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    img.save(buffer, format=img_format, **options)
    return buffer.getvalue()


def _too_large(limit: int) -> ValidationError:
    megabytes = limit / (1024 * 1024)
    shown = f"{megabytes:.0f}" if megabytes >= 1 and megabytes.is_integer() else f"{megabytes:.1f}"
    return ValidationError(MESSAGE_TOO_LARGE, code="too_large", params={"limit": shown})


def _too_many_pixels(pixels: int | None, max_pixels: int) -> ValidationError:
    limit_shown = f"{max_pixels / 1_000_000:.0f}"
    if pixels is None:
        # Pillow refused while opening, so the exact size is unknown; its threshold is a true lower bound.
        pixels_shown = _("more than %(count)s") % {"count": f"{(Image.MAX_IMAGE_PIXELS or max_pixels) / 1_000_000:.0f}"}
    else:
        pixels_shown = f"{pixels / 1_000_000:.0f}"
    return ValidationError(
        MESSAGE_TOO_MANY_PIXELS,
        code="too_many_pixels",
        params={"pixels": pixels_shown, "limit": limit_shown},
    )

"""Checking and re-encoding uploaded photos of "looking for" requests.

Uploads come from strangers, so nothing about them is trusted: the type is sniffed from the
bytes, the pixel count is checked before any pixels are decoded, and what gets stored is always
a fresh encoding of the pixels alone. Phone photos routinely carry GPS coordinates and device
details in their metadata, and a request must never reveal where its poster lives.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_SIZE = 480

_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_QUALITY = 85

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
_OTHER_IMAGE_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis")

MESSAGE_TOO_LARGE = _("This photo is larger than %(limit)s MB. Please choose a smaller one.")
MESSAGE_NOT_AN_IMAGE = _("This file is not a photo we can read. Please upload a JPEG, PNG or WebP image.")
MESSAGE_UNSUPPORTED_TYPE = _(
    "This type of image is not supported. Please save it as a JPEG, PNG or WebP image and try again."
)
MESSAGE_TOO_MANY_PIXELS = _(
    "This image is too large to process (%(pixels)s megapixels; the limit is %(limit)s). "
    "Please resize it and try again."
)
MESSAGE_CORRUPT = _("This photo seems damaged or incomplete. Please try another copy.")


@dataclass(frozen=True)
class ProcessedImage:
    """The only thing ever stored for a photo: re-encoded pixels, never the uploaded bytes."""

    full: ContentFile
    # None when the worker makes it later from the stored photo (make_thumbnail).
    thumbnail: ContentFile | None
    width: int
    height: int


def process_upload(upload: IO[bytes] | Any, *, thumbnail: bool = True) -> ProcessedImage:
    """Refuse anything unsafe or unreadable, then rebuild the photo so no metadata can leak.

    Raises ValidationError with code "too_large", "not_an_image", "unsupported_type",
    "too_many_pixels" or "corrupt"; every message can be shown to the person uploading.
    With thumbnail=False no thumbnail is made: the task worker makes it after the photo is stored.
    """
    data = _read_limited(upload)
    max_pixels = int(settings.RECONNECT_MAX_IMAGE_PIXELS)

    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that; a warning must stop us too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = _open(data)
            # Image.open has only parsed the header here: refuse before decoding any pixel.
            _check_pixels(img.width, img.height, max_pixels)
            img_format = img.format
            img.load()
            rotated = ImageOps.exif_transpose(img)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(None, max_pixels) from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ValidationError(MESSAGE_CORRUPT, code="corrupt") from exc

    clean, icc_profile = _strip(rotated, img_format)
    extension = _EXTENSIONS[img_format]
    return ProcessedImage(
        full=ContentFile(_encode(clean, img_format, icc_profile), name=f"photo.{extension}"),
        thumbnail=_thumbnail(clean, img_format, icc_profile) if thumbnail else None,
        width=clean.width,
        height=clean.height,
    )


def make_thumbnail(full: bytes) -> ContentFile:
    """The thumbnail of a photo process_upload rebuilt: its bytes hold only pixels and a vetted colour profile."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        img = Image.open(io.BytesIO(full), formats=sorted(ALLOWED_FORMATS))
        img.load()
    # Only the allowed parsers opened it, so it has a format.
    return _thumbnail(img, str(img.format), img.info.get("icc_profile"))


def _thumbnail(clean: Image.Image, img_format: str, icc_profile: bytes | None) -> ContentFile:
    thumb = clean.copy()
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
    return ContentFile(_encode(thumb, img_format, icc_profile), name=f"thumbnail.{_EXTENSIONS[img_format]}")


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
    if img.format not in ALLOWED_FORMATS:  # Defensive: formats= should already guarantee this.
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


def _strip(img: Image.Image, img_format: str) -> tuple[Image.Image, bytes | None]:
    """Rebuild from raw pixels: a new image carries no EXIF, XMP, comments or text chunks."""
    has_alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    if img_format == "JPEG" or not has_alpha:
        target_mode = "RGB"
    else:
        target_mode = "RGBA"
    icc_profile = img.info.get("icc_profile")
    # Keep a colour profile only if it still describes the pixels: wide-gamut phone photos look
    # wrong without it, while a CMYK or grey profile on converted RGB pixels would be worse than none.
    if not (isinstance(icc_profile, bytes) and icc_profile[16:20] == b"RGB " and img.mode in ("RGB", "RGBA")):
        icc_profile = None
    converted = img if img.mode == target_mode else img.convert(target_mode)
    return Image.frombytes(target_mode, converted.size, converted.tobytes()), icc_profile


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

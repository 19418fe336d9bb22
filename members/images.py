"""Logos: checked by content, resized, stripped of metadata."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

#: Bytes: larger uploads are refused before they are decoded.
LOGO_MAX_BYTES = 2 * 1024 * 1024
#: Pixels: the longest side of a stored logo.
LOGO_MAX_SIDE = 512
#: Pillow format names accepted, and the extension each is stored under.
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
#: Decompression-bomb guard: refuse images with more pixels than this.
LOGO_MAX_PIXELS = 16_000_000


def _decoded_thumbnail(data: bytes, image_format: str) -> Image.Image:
    """Decode ``data`` small: JPEGs are decoded at reduced scale (``draft``) before loading."""
    with Image.open(io.BytesIO(data)) as image:
        if image_format == "JPEG":
            image.draft("RGB", (LOGO_MAX_SIDE * 2, LOGO_MAX_SIDE * 2))
        image = ImageOps.exif_transpose(image)
        image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
        image.load()
        return image


def logo_clean(upload) -> ContentFile:
    """Check an uploaded logo and return a clean copy to store.

    ``upload`` is a Django ``UploadedFile``. The file must be at most
    ``LOGO_MAX_BYTES`` and, whatever its name says, really a PNG, JPEG or
    WebP image (decoded with Pillow). The copy is turned upright (EXIF
    orientation), shrunk to ``LOGO_MAX_SIDE`` pixels on its longest side,
    and re-encoded without any metadata (EXIF, GPS position, XMP, ICC
    comments). Returns a ``ContentFile`` named ``logo.<png|jpg|webp>``.

    Raises ``ValidationError`` (translated) for a file too large, not an
    image, in another format, or too large in pixels.
    """
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is too large: at most 2 MB."), code="logo_too_large")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image. Upload a PNG, JPEG or WebP file."), code="logo_not_image"
        ) from None
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            _("This image format is not accepted. Upload a PNG, JPEG or WebP file."),
            code="logo_format",
        )
    if width * height > LOGO_MAX_PIXELS:
        raise ValidationError(_("The logo has too many pixels."), code="logo_too_many_pixels")
    try:
        image = _decoded_thumbnail(data, image_format)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        # A truncated or corrupt file that passed the header check.
        raise ValidationError(
            _("This file is not an image. Upload a PNG, JPEG or WebP file."), code="logo_not_image"
        ) from None
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    # A new image from the pixels alone: no EXIF, GPS, XMP, ICC or comments.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format=image_format, optimize=True)
    return ContentFile(out.getvalue(), name=f"logo.{LOGO_FORMATS[image_format]}")

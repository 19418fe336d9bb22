"""Private uploads (report attachments, evidence of indicator values): checked by content,
at most 10 MB, names kept in any alphabet. Any app may use it (it imports no app)."""

import io
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

#: Bytes: larger uploads are refused before they are read.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

#: What each accepted extension must really be, and the type it is served as.
KINDS = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("image", "image/png"),
    "jpg": ("image", "image/jpeg"),
    "jpeg": ("image", "image/jpeg"),
    "webp": ("image", "image/webp"),
    "docx": ("ooxml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("ooxml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ooxml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "odt": ("odf", "application/vnd.oasis.opendocument.text"),
    "ods": ("odf", "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": ("odf", "application/vnd.oasis.opendocument.presentation"),
    "doc": ("ole", "application/msword"),
    "xls": ("ole", "application/vnd.ms-excel"),
}
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    file: ContentFile


def _content_matches(extension: str, data: bytes) -> bool:
    family, _type = KINDS[extension]
    if family == "pdf":
        return data.startswith(b"%PDF-")
    if family == "ole":
        return data.startswith(OLE_MAGIC)
    if family in ("ooxml", "odf"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if family == "ooxml":
                    return "[Content_Types].xml" in names
                # Read at most a few bytes: a "mimetype" member that inflates to
                # gigabytes (a zip bomb) must not be decompressed whole.
                if archive.getinfo("mimetype").file_size > 200:
                    return False
                with archive.open("mimetype") as member:
                    return member.read(200).decode("ascii", "replace") == _type
        except (zipfile.BadZipFile, KeyError, OSError):
            return False
    if family == "image":
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                return image.format == IMAGE_FORMATS[extension]
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
            return False
    return False


def clean_name(name: str) -> str:
    """The uploaded name, normalised (NFC) and without folders or control characters.

    Letters of every alphabet are kept (Bambara ɛ, ɔ, ɲ, ŋ; N'Ko; Arabic).
    """
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= 10:
        return f"{stem[:190]}.{extension}" if stem else f"file.{extension}"
    return name[:200] or "file"


def attachment_check(upload) -> CheckedFile:
    """Check an uploaded report attachment; return what to store.

    Accepted: PDF, images (PNG, JPEG, WebP), office documents (Word,
    Excel, PowerPoint, OpenDocument), up to ``ATTACHMENT_MAX_BYTES``; the
    content must match the extension (a PDF renamed ``.docx`` is refused).
    Raises ``ValidationError`` (translated) otherwise.
    """
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("The file is too large: at most 10 MB."), code="too_large")
    name = clean_name(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise ValidationError(
            _("This kind of file is not accepted: PDF, images and office documents only."),
            code="extension",
        )
    data = upload.read()
    if not _content_matches(extension, data):
        raise ValidationError(
            _("The content of this file does not match its name (.%(extension)s).")
            % {"extension": extension},
            code="content",
        )
    if KINDS[extension][0] == "image":
        data = _without_metadata(data, IMAGE_FORMATS[extension])
    return CheckedFile(
        name=name, content_type=KINDS[extension][1], size=len(data), file=ContentFile(data)
    )


#: Pixels: larger images are refused (decompression bombs, memory).
IMAGE_MAX_PIXELS = 40_000_000


def _without_metadata(data: bytes, image_format: str) -> bytes:
    """The image re-encoded from its pixels alone: no EXIF, GPS, XMP or comments.

    DESIGN.md, "Do no harm": uploaded images lose their metadata (a photo of
    a dialogue can carry the position where it was taken). Raises
    ``ValidationError`` for an image too large or that cannot be decoded.
    """
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise ValidationError(_("This image has too many pixels."), code="pixels")
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA" if image_format != "JPEG" else "RGB")
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            clean = Image.frombytes(image.mode, image.size, image.tobytes())
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("The content of this file does not match its name (.%(extension)s).")
            % {"extension": image_format.lower()},
            code="content",
        ) from None
    out = io.BytesIO()
    clean.save(out, format=image_format, quality=90 if image_format != "PNG" else None)
    return out.getvalue()

"""Logos: checked by content, limited in size, stored without metadata."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from PIL import ExifTags, Image

from members.models import Organisation
from tests.factories import OrganisationPersonFactory

pytestmark = pytest.mark.django_db


def _jpeg_with_gps(size=(1600, 1200)) -> bytes:
    image = Image.new("RGB", size, "#123c5a")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telephone"
    exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (12.0, 39.0, 0.0), 3: "W", 4: (8.0, 0.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def editor(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = OrganisationPersonFactory()
    client.force_login(person.user)
    return person


def _post_logo(client, organisation, upload, lang="fr"):
    return client.post(
        f"/{lang}/members/{organisation.slug}/edit/",
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "description_fr": organisation.description_fr,
            "listed": "on",
            "version": organisation.version,
            "logo": upload,
        },
    )


def test_jpeg_with_gps_is_stored_without_metadata_and_resized(client, editor):
    organisation = editor.organisation
    upload = SimpleUploadedFile("photo.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    response = _post_logo(client, organisation, upload)

    organisation = Organisation.objects.get(pk=organisation.pk)
    assert response.status_code == 302
    with Image.open(organisation.logo.path) as stored:
        exif = stored.getexif()
        assert (stored.format, stored.size) == ("JPEG", (512, 384))
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert ExifTags.Base.Make not in exif
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.jpg", organisation.logo.name)


@pytest.mark.parametrize("lang", ["fr", "bm"])
def test_pdf_renamed_png_is_refused_with_a_translated_message(client, editor, lang):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    upload = SimpleUploadedFile("logo.png", pdf, content_type="image/png")

    response = _post_logo(client, editor.organisation, upload, lang=lang)

    with translation.override(lang):
        message = gettext("This file is not an image. Upload a PNG, JPEG or WebP file.")
    assert response.status_code == 200
    assert message != "This file is not an image. Upload a PNG, JPEG or WebP file."
    assert response.context["form"].errors["logo"] == [message]
    assert not Organisation.objects.get(pk=editor.organisation.pk).logo


def test_ten_megabyte_image_is_refused(client, editor):
    big = _jpeg_with_gps() + b"\0" * (10 * 1024 * 1024)
    upload = SimpleUploadedFile("big.jpg", big, content_type="image/jpeg")

    response = _post_logo(client, editor.organisation, upload, lang="en")

    assert response.context["form"].errors["logo"] == ["The logo is too large: at most 2 MB."]


def test_gif_is_refused_as_another_format(client, editor):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    upload = SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")

    response = _post_logo(client, editor.organisation, upload, lang="en")

    assert response.context["form"].errors["logo"] == [
        "This image format is not accepted. Upload a PNG, JPEG or WebP file."
    ]


def test_png_with_transparency_is_kept_as_png(client, editor):
    out = io.BytesIO()
    Image.new("RGBA", (64, 64), (255, 0, 0, 0)).save(out, "PNG")
    upload = SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")

    _post_logo(client, editor.organisation, upload)

    organisation = Organisation.objects.get(pk=editor.organisation.pk)
    with Image.open(organisation.logo.path) as stored:
        assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (64, 64))


def test_replaced_logo_file_is_deleted(client, editor):
    organisation = editor.organisation
    _post_logo(client, organisation, SimpleUploadedFile("a.jpg", _jpeg_with_gps(), "image/jpeg"))
    organisation = Organisation.objects.get(pk=organisation.pk)
    first_path = organisation.logo.path

    _post_logo(client, organisation, SimpleUploadedFile("b.jpg", _jpeg_with_gps(), "image/jpeg"))

    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.logo.path != first_path
    assert (Path(first_path).exists(), Path(organisation.logo.path).exists()) == (False, True)


def test_truncated_jpeg_is_refused_not_a_server_error(client, editor):
    data = _jpeg_with_gps()
    upload = SimpleUploadedFile("cut.jpg", data[: len(data) // 2], content_type="image/jpeg")

    response = _post_logo(client, editor.organisation, upload, lang="en")

    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [
        "This file is not an image. Upload a PNG, JPEG or WebP file."
    ]

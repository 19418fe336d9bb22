"""What a hostile or careless upload or form must not achieve (found by breaking the app)."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from dialogues import services
from dialogues.enums import EventStatus, Level
from network import files
from tests.factories.dialogues import DialogueEventFactory, RecommendationFactory


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (12.0, 39.0, 0.0), 3: "W", 4: (8.0, 0.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "#336699").save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_image_attachment_loses_its_metadata():
    upload = SimpleUploadedFile("photo.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    checked = files.attachment_check(upload)

    with Image.open(io.BytesIO(checked.file.read())) as stored:
        exif = stored.getexif()
        assert (stored.size, ExifTags.Base.Make in exif) == ((300, 200), False)
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert b"SecretCam" not in checked.file.open().read()


def test_zip_bomb_named_odt_is_refused_without_inflating_it():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_BZIP2) as archive:
        archive.writestr("mimetype", b"\0" * (200 * 1024 * 1024))
    upload = SimpleUploadedFile("rapport.odt", out.getvalue())
    started = time.monotonic()

    with pytest.raises(ValidationError) as refused:
        files.attachment_check(upload)

    assert refused.value.code == "content"
    assert time.monotonic() - started < 5


def test_long_file_name_keeps_its_extension():
    assert files.clean_name("a" * 300 + ".pdf") == "a" * 190 + ".pdf"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title_fr", "Titre\nBEGIN:VALARM", "Use a name on one line, without control characters."),
        ("starts_at", "31/12/9999 20:00", "Give a date between 1990 and 2100."),
        ("starts_at", "9999-12-31T20:00-05:00", "Give a date between 1990 and 2100."),
    ],
)
def test_event_form_refuses_what_would_break_pages_or_feeds(client, coordinator, field, value,
                                                            message):  # fmt: skip
    client.force_login(coordinator)
    data = {
        "title_fr": "Dialogue",
        "description_fr": "Texte",
        "level": Level.NATIONAL,
        "starts_at": "05/03/2014 09:00",
        "ends_at": "05/03/2014 17:00",
        "visibility": "public",
        field: value,
    }

    response = client.post("/en/dialogues/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [EventStatus.CANCELLED, EventStatus.PROPOSED])
def test_recommendation_cannot_be_forwarded_to_a_cancelled_or_proposed_event(
    client, coordinator, status
):
    made = RecommendationFactory(event=DialogueEventFactory(level=Level.COMMUNITY))
    target = DialogueEventFactory(level=Level.NATIONAL, status=status)
    client.force_login(coordinator)

    client.post(
        f"/en/dialogues/recommendations/{made.pk}/",
        {"decision": "forward", "to_event": target.pk},
    )

    made.refresh_from_db()
    assert made.status == "proposed"
    assert services.recommendation_path(made) == [made]

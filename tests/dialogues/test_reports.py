"""The event report through the views: writing, preview, publication, sanitising; attachments
checked by content and size, kept under names in any alphabet, served only to those who may
see them."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from dialogues import services
from dialogues.enums import Visibility
from dialogues.models import EventReport, ReportAttachment
from network import files
from tests.factories import OrganisationFactory, OrganisationPersonFactory
from tests.factories.dialogues import DialogueEventFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _report_url(event, language: str = "fr") -> str:
    with translation.override(language):
        return reverse("dialogues:report", kwargs={"slug": event.slug})


def _form(**changes) -> dict:
    data = {"body_fr": "Le dialogue a réuni 40 personnes.", "body_en": "", "body_bm": ""}
    data.update(changes)
    return data


def _attach(event, name: str, content: bytes, *, publish: bool, author=None):
    report = services.report_save(
        event=event, fields={"body_fr": "Compte rendu."}, author=author, publish=publish
    )
    checked = files.attachment_check(SimpleUploadedFile(name, content))
    return services.attachment_add(report=report, checked=checked, uploaded_by=author)


# --- Writing and publishing -----------------------------------------------------


def test_report_save_stores_the_three_texts_and_publishes(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)

    response = client.post(
        _report_url(event),
        _form(body_en="Forty people took part.", body_bm="Mɔgɔ 40 nana.", publish="on"),
    )

    report = EventReport.objects.get(event=event)
    assert response.status_code == 302
    assert response.url == f"{event.get_absolute_url()}#report"
    assert (report.body_fr, report.body_en, report.body_bm, report.published_at is not None) == (
        "Le dialogue a réuni 40 personnes.",
        "Forty people took part.",
        "Mɔgɔ 40 nana.",
        True,
    )


def test_published_report_stays_published_when_edited(client, coordinator):
    event = DialogueEventFactory()
    first = services.report_save(
        event=event, fields={"body_fr": "Première version"}, author=None, publish=True
    )
    client.force_login(coordinator)
    page = client.get(_report_url(event))

    client.post(
        _report_url(event),
        _form(body_fr="Version corrigée", loaded=page.context["form"]["loaded"].value()),
    )

    report = EventReport.objects.get(event=event)
    assert "publish" not in page.context["form"].fields
    assert (report.body_fr, report.published_at) == ("Version corrigée", first.published_at)


def test_report_without_french_text_is_refused_and_keeps_the_rest(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)

    response = client.post(_report_url(event), _form(body_fr="", body_en="Forty people."))

    form = response.context["form"]
    assert (response.status_code, list(form.errors)) == (200, ["body_fr"])
    assert form["body_en"].value() == "Forty people."
    assert EventReport.objects.count() == 0


def test_report_preview_keeps_the_text_and_saves_nothing(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)
    text = "Les femmes ont pris la **parole**.\n\n- Sécurité\n- Eau"

    response = client.post(_report_url(event), _form(body_fr=text, preview="1"))

    assert response.status_code == 200
    assert response.context["form"]["body_fr"].value() == text
    assert [(p["code"], str(p["html"])) for p in response.context["preview"]] == [
        (
            "fr",
            "<p>Les femmes ont pris la <strong>parole</strong>.</p>\n"
            "<ul>\n<li>Sécurité</li>\n<li>Eau</li>\n</ul>\n",
        )
    ]
    assert EventReport.objects.count() == 0


def test_report_preview_is_sanitised(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)
    text = '<script>alert("x")</script> [lien](javascript:alert(1)) <img src=x onerror=alert(1)>'

    response = client.post(_report_url(event), _form(body_fr=text, preview="1"))

    html = str(response.context["preview"][0]["html"])
    assert html == (
        '<p>&lt;script&gt;alert("x")&lt;/script&gt; [lien](javascript:alert(1)) '
        "&lt;img src=x onerror=alert(1)&gt;</p>\n"
    )  # raw HTML shown as text, the javascript: link not made a link
    assert response.context["form"]["body_fr"].value() == text


def test_published_report_is_rendered_sanitised_on_the_event_page(client, coordinator):
    event = DialogueEventFactory()
    services.report_save(
        event=event,
        fields={"body_fr": "**Conclusions**\n\n<script>alert(1)</script><b onclick=x>ok</b>"},
        author=coordinator,
        publish=True,
    )

    response = client.get(event.get_absolute_url())

    html = response.content.decode()
    assert "<strong>Conclusions</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "<b onclick" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onclick=x&gt;ok&lt;/b&gt;" in html


@pytest.mark.parametrize(("who", "shown"), [("visitor", False), ("organiser", True)])
def test_unpublished_report_is_shown_only_to_those_who_may_report(client, who, shown):
    organisation = OrganisationFactory()
    organiser = OrganisationPersonFactory(organisation=organisation).user
    event = DialogueEventFactory(organisers=[organisation])
    services.report_save(
        event=event, fields={"body_fr": "Brouillon du compte rendu"}, author=None, publish=False
    )
    if who == "organiser":
        client.force_login(organiser)

    response = client.get(event.get_absolute_url())

    assert ("Brouillon du compte rendu" in response.content.decode()) == shown


def test_report_saved_over_a_newer_version_keeps_the_text(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)
    opened = client.get(_report_url(event)).context["form"]["loaded"].value()
    services.report_save(
        event=event, fields={"body_fr": "Version d'un collègue"}, author=None, publish=False
    )

    response = client.post(_report_url(event), _form(body_fr="Ma version", loaded=opened))

    assert response.status_code == 200
    assert response.context["form"]["body_fr"].value() == "Ma version"
    assert response.context["conflict"].body_fr == "Version d'un collègue"
    assert EventReport.objects.get(event=event).body_fr == "Version d'un collègue"


# --- Attachments ----------------------------------------------------------------


def test_several_files_are_attached_at_once(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)
    uploads = [
        SimpleUploadedFile("liste.pdf", PDF),
        SimpleUploadedFile("photo.png", _png()),
        SimpleUploadedFile("synthèse.docx", _docx()),
    ]

    response = client.post(_report_url(event), _form(attachments=uploads))

    assert response.status_code == 302
    assert list(
        ReportAttachment.objects.order_by("pk").values_list("original_name", "content_type")
    ) == [
        ("liste.pdf", "application/pdf"),
        ("photo.png", "image/png"),
        (
            "synthèse.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [("rapport.docx", PDF, "docx"), ("photo.pdf", _png(), "pdf")],
    ids=["pdf-named-docx", "png-named-pdf"],
)
def test_upload_whose_content_does_not_match_its_extension_is_refused(
    client, coordinator, name, content, extension
):
    event = DialogueEventFactory()
    client.force_login(coordinator)

    response = client.post(
        _report_url(event, "en"), _form(attachments=[SimpleUploadedFile(name, content)])
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {
        "attachments": [f"{name}: The content of this file does not match its name (.{extension})."]
    }
    assert form["body_fr"].value() == "Le dialogue a réuni 40 personnes."
    assert (EventReport.objects.count(), ReportAttachment.objects.count()) == (0, 0)


def test_one_refused_file_stores_nothing_and_keeps_the_text(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)
    uploads = [SimpleUploadedFile("bon.pdf", PDF), SimpleUploadedFile("faux.pdf", b"MZ\x90\x00")]

    response = client.post(
        _report_url(event, "en"), _form(body_fr="Mon long texte", attachments=uploads)
    )

    form = response.context["form"]
    assert list(form.errors["attachments"]) == [
        "faux.pdf: The content of this file does not match its name (.pdf)."
    ]
    assert form["body_fr"].value() == "Mon long texte"
    assert (EventReport.objects.count(), ReportAttachment.objects.count()) == (0, 0)


def test_upload_of_more_than_10_mb_is_refused(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)
    big = SimpleUploadedFile("gros.pdf", PDF + b"0" * (10 * 1024 * 1024))

    response = client.post(_report_url(event), _form(attachments=[big]))

    assert response.context["form"].errors == {
        "attachments": ["gros.pdf: Le fichier est trop lourd\xa0: 10 Mo au plus."]
    }
    assert ReportAttachment.objects.count() == 0


def test_file_named_in_bambara_letters_downloads_with_its_name(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)
    client.post(
        _report_url(event),
        _form(publish="on", attachments=[SimpleUploadedFile("Ɲɔgɔndɛmɛ_jaabi.pdf", PDF)]),
    )
    attachment = ReportAttachment.objects.get()
    client.logout()

    response = client.get(attachment.get_absolute_url())

    assert attachment.original_name == "Ɲɔgɔndɛmɛ_jaabi.pdf"
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C6%9D%C9%94g%C9%94nd%C9%9Bm%C9%9B_jaabi.pdf"
    )
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "application/pdf",
        "nosniff",
    )
    assert b"".join(response.streaming_content) == PDF


def test_attachment_of_an_unpublished_report_is_404_for_a_visitor(client):
    attachment = _attach(DialogueEventFactory(), "liste.pdf", PDF, publish=False)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404


def test_attachment_of_a_restricted_event_is_404_for_an_outsider(client):
    organisation = OrganisationFactory()
    event = DialogueEventFactory(organisers=[organisation], visibility=Visibility.RESTRICTED)
    attachment = _attach(event, "liste.pdf", PDF, publish=True)
    client.force_login(OrganisationPersonFactory().user)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404


def test_attachment_whose_file_is_missing_is_404(client):
    attachment = _attach(DialogueEventFactory(), "liste.pdf", PDF, publish=True)
    attachment.file.storage.delete(attachment.file.name)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404

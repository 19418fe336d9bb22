"""The whole strategy as a printable page and as a PDF (``strategy/views_export.py``,
``strategy/export.py``): contents with numbers, the revisions it is made from, who sees
what, the PDF in each language, and query counts."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from pypdf import PdfReader

from strategy import export
from strategy import services as strategy_services
from strategy.enums import GENDER_CHECKLIST, SectionStatus
from strategy.models import SOURCE_LANGUAGE, Section
from strategy.services import latest_revision, section_save_revision
from tests.conftest import require_service
from tests.factories import OrganisationPersonFactory
from tests.factories.strategy import StrategyFactory, make_section

pytestmark = pytest.mark.django_db

PRINT = "strategy:print"


def _pdf_url(lang: str) -> str:
    return reverse("strategy:pdf", kwargs={"lang": lang})


def _print_url(page_language: str = "en") -> str:
    """The printable page under ``/<page_language>/`` (English: the strings' source, so the
    assertions do not depend on the catalogs)."""
    with translation.override(page_language):
        return reverse(PRINT)


def _validate(*sections: Section) -> None:
    Section.objects.filter(pk__in=[s.pk for s in sections]).update(status=SectionStatus.VALIDATED)


def _publish(strategy) -> None:
    strategy.published_at = timezone.now()
    strategy.save()


def _translate(section: Section, language: str, title: str, body: str = "Texte.") -> None:
    section_save_revision(
        section=section,
        language=language,
        title=title,
        body=body,
        author=None,
        base=None,
        source=latest_revision(section, SOURCE_LANGUAGE),
    )


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def weasyprint_ready():
    """WeasyPrint loads Pango and HarfBuzz (Debian packages, installed by .ci/run and
    ``make test`` as root): skipped without them, failed in CI."""
    try:
        import weasyprint  # noqa: F401
    except (OSError, UserWarning) as missing:  # a missing library; warnings are errors here
        require_service(False, f"WeasyPrint's system libraries ({missing})")


@pytest.fixture
def member(db):
    return OrganisationPersonFactory().user


@pytest.fixture
def outline(db):
    """A strategy with 1 Causes, 1.1 Jeunes, 1.2 Femmes, 2 Mise en œuvre (created out of order)."""
    strategy = StrategyFactory()
    causes = make_section(strategy=strategy, title="Causes profondes", order=1)
    implementation = make_section(strategy=strategy, title="Mise en œuvre", order=2)
    women = make_section(strategy=strategy, title="Femmes", parent=causes, order=2)
    youth = make_section(strategy=strategy, title="Jeunes", parent=causes, order=1)
    return strategy, causes, youth, women, implementation


# --- The printable page -------------------------------------------------------


def test_print_page_has_the_contents_with_section_numbers(client, coordinator, outline):
    client.force_login(coordinator)

    response = client.get(_print_url())

    html = response.content.decode()
    toc = html[html.index('id="toc-title"') : html.index("</div>", html.index('id="toc-title"'))]
    entries = re.findall(
        r'<a href="#([\w-]+)"><span class="number">([\d.]+)</span> <span[^>]*>([^<]+)', toc
    )
    assert response.status_code == 200
    assert entries == [
        ("section-1", "1", "Causes profondes"),
        ("section-1-1", "1.1", "Jeunes"),
        ("section-1-2", "1.2", "Femmes"),
        ("section-2", "2", "Mise en œuvre"),
    ]
    heading = '<h3 id="section-1-1-title"><span class="number">1.1</span> <span lang="fr">Jeunes'
    assert f"{heading}</span></h3>" in html


def test_print_page_links_the_print_stylesheet_and_the_three_pdfs(client, coordinator, outline):
    client.force_login(coordinator)

    html = client.get(_print_url()).content.decode()

    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    assert [_pdf_url(code) for code in ("fr", "en", "bm")] == re.findall(
        r'<a href="([^"]+)" type="application/pdf"', html
    )


def test_print_page_says_which_revision_each_section_is_made_from(client, coordinator, outline):
    _strategy, causes, *_ = outline
    section_save_revision(
        section=causes, language="fr", title="Causes profondes", body="Deuxième version.",
        author=coordinator, base=latest_revision(causes, "fr"),
    )  # fmt: skip
    client.force_login(coordinator)

    response = client.get(_print_url())

    document = response.context["document"]
    newest = latest_revision(causes, "fr")
    assert [(item.number, item.revision.number) for item in document.sections] == [
        ("1", 2), ("1.1", 1), ("1.2", 1), ("2", 1),
    ]  # fmt: skip
    assert document.newest_revision_at == newest.created_at
    assert "revision 2 of" in response.content.decode()


def test_print_page_in_bambara_shows_french_where_not_translated(client, coordinator, outline):
    _strategy, causes, youth, *_ = outline
    _translate(causes, "bm", "Kɛlɛ sababu juw", body="")
    client.force_login(coordinator)

    response = client.get(_print_url("bm"))

    by_number = {item.number: item for item in response.context["document"].sections}
    html = response.content.decode()
    assert (by_number["1"].section.title, by_number["1"].untranslated) == ("Kɛlɛ sababu juw", False)
    assert (by_number["1"].body_in_source, by_number["1.1"].untranslated) == (True, True)
    assert '<span class="number">1.1</span> <span lang="fr">Jeunes</span>' in html


def test_translation_made_before_the_french_changed_is_marked_behind(coordinator, outline):
    _strategy, causes, *_ = outline
    _translate(causes, "en", "Root causes")
    section_save_revision(
        section=causes, language="fr", title="Causes profondes", body="Nouveau texte.",
        author=coordinator, base=latest_revision(causes, "fr"),
    )  # fmt: skip

    document = export.strategy_document(user=coordinator, language="en")

    assert [(item.number, item.behind) for item in document.sections] == [
        ("1", True), ("1.1", False), ("1.2", False), ("2", False),
    ]  # fmt: skip


def test_print_page_body_is_sanitised_markdown(client, coordinator):
    make_section(title="Texte", body="**Fort** <script>alert(1)</script> [x](javascript:alert(1))")
    client.force_login(coordinator)

    html = client.get(_print_url()).content.decode()

    assert "<strong>Fort</strong>" in html
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html


# --- Who sees what ------------------------------------------------------------


@pytest.mark.parametrize("route", ["print", "pdf"])
@pytest.mark.parametrize("reader", ["visitor", "donor"])
def test_unpublished_strategy_answers_404_to_visitors_and_donors(client, donor, route, reader):
    section = make_section(title="Validée")
    _validate(section)
    if reader == "donor":
        client.force_login(donor)

    url = _print_url() if route == "print" else _pdf_url("fr")
    response = client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("reader", ["visitor", "donor"])
def test_published_strategy_shows_visitors_and_donors_only_validated_sections(
    client, donor, reader, outline
):
    strategy, causes, youth, women, implementation = outline
    _validate(causes, women)
    _publish(strategy)
    if reader == "donor":
        client.force_login(donor)

    response = client.get(_print_url())

    html = response.content.decode()
    shown = [(item.number, item.section.title) for item in response.context["document"].sections]
    assert (response.status_code, shown) == (200, [("1", "Causes profondes"), ("1.2", "Femmes")])
    assert "Jeunes" not in html
    assert "Mise en œuvre" not in html
    assert response.context["document"].working_copy is False


@pytest.mark.parametrize("reader", ["member", "coordinator", "administrator"])
def test_insiders_see_every_section_with_its_status(
    client, member, coordinator, administrator, reader, outline
):
    _strategy, causes, *_ = outline
    _validate(causes)
    client.force_login({"member": member, "coordinator": coordinator,
                        "administrator": administrator}[reader])  # fmt: skip

    response = client.get(_print_url())

    statuses = [(i.number, i.section.status) for i in response.context["document"].sections]
    assert statuses == [
        ("1", SectionStatus.VALIDATED), ("1.1", SectionStatus.DRAFT),
        ("1.2", SectionStatus.DRAFT), ("2", SectionStatus.DRAFT),
    ]  # fmt: skip
    assert "Status: Draft · revision 1 of" in response.content.decode()


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("reader", ["visitor", "member", "coordinator", "donor", "administrator"])
def test_export_shows_what_view_section_allows(
    rf, member, coordinator, donor, administrator, reader, published, outline
):
    from django.contrib.auth.models import AnonymousUser

    strategy, causes, youth, women, implementation = outline
    _validate(causes, implementation)
    Section.objects.filter(pk=youth.pk).update(status=SectionStatus.IN_REVIEW)
    if published:
        _publish(strategy)
    user = {"visitor": AnonymousUser(), "member": member, "coordinator": coordinator,
            "donor": donor, "administrator": administrator}[reader]  # fmt: skip

    document = export.strategy_document(user=user, language="fr")

    allowed = [s.pk for s in Section.objects.all() if user.has_perm("strategy.view_section", s)]
    shown = [item.section.pk for item in document.sections] if document else []
    assert sorted(shown) == sorted(allowed)
    assert sorted(export.sections_visible_to(user=user).values_list("pk", flat=True)) == sorted(
        allowed
    )


# --- PDF ----------------------------------------------------------------------


def test_pdf_export_in_bambara_contains_the_section_titles_with_their_bambara_letters(
    client, coordinator, weasyprint_ready
):
    strategy = StrategyFactory(title_bm="Hadamaden lakana fɛɛrɛ Mali kama")
    causes = make_section(strategy=strategy, title="Causes profondes du conflit", order=1)
    gender = make_section(strategy=strategy, title="Genre", order=2)
    _translate(causes, "bm", "Kɛlɛ sababu juw", body="Ɲɔgɔnye ni baro.")
    _translate(gender, "bm", "Cɛ ni muso danbɛ")
    client.force_login(coordinator)

    response = client.get(_pdf_url("bm"))

    text = _pdf_text(response.content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "Hadamaden lakana fɛɛrɛ Mali kama" in text
    assert "1 Kɛlɛ sababu juw" in text
    assert "2 Cɛ ni muso danbɛ" in text
    assert "Ɲɔgɔnye ni baro." in text


def test_pdf_is_a_download_named_after_the_strategy_language_and_day(
    client, coordinator, weasyprint_ready
):
    StrategyFactory(title="Stratégie de sécurité humaine")
    client.force_login(coordinator)

    response = client.get(_pdf_url("en"))

    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="strategie-de-securite-humaine-en-{day}.pdf"'
    )


def test_pdf_is_in_the_language_of_its_name_whatever_the_page_language(
    client, coordinator, weasyprint_ready
):
    section = make_section(title="Genre")
    _translate(section, "en", "Gender")
    client.force_login(coordinator)

    response = client.get("/fr/strategy/strategy-en.pdf")

    text = _pdf_text(response.content)
    assert "1 Gender" in text
    assert "Contents" in text


def test_pdf_shows_visitors_only_the_validated_sections_of_the_published_strategy(
    client, weasyprint_ready
):
    strategy = StrategyFactory()
    shown = make_section(strategy=strategy, title="Sécurité alimentaire", order=1)
    make_section(strategy=strategy, title="Brouillon secret", order=2)
    _validate(shown)
    _publish(strategy)

    text = _pdf_text(client.get(_pdf_url("fr")).content)

    assert "1 Sécurité alimentaire" in text
    assert "Brouillon secret" not in text


def test_same_document_is_rendered_once_then_served_from_the_cache(
    client, coordinator, monkeypatch, weasyprint_ready
):
    import weasyprint

    section = make_section(title="Genre")
    client.force_login(coordinator)
    first = client.get(_pdf_url("fr")).content
    monkeypatch.setattr(weasyprint, "HTML", None)  # a second rendering would fail

    again = client.get(_pdf_url("fr")).content

    section_save_revision(
        section=section, language="fr", title="Genre et paix", body="Nouveau.",
        author=coordinator, base=latest_revision(section, "fr"),
    )  # fmt: skip
    with pytest.raises(TypeError):
        client.get(_pdf_url("fr"))
    assert again == first


def test_pdf_in_a_language_the_portal_does_not_serve_answers_404(client, coordinator):
    make_section()
    client.force_login(coordinator)

    assert client.get(_pdf_url("de")).status_code == 404


def test_no_strategy_answers_404(client, coordinator):
    client.force_login(coordinator)

    assert client.get(_print_url()).status_code == 404


# --- Query counts -------------------------------------------------------------


def _sections(item_count: int) -> None:
    strategy = StrategyFactory()
    parent = None
    for n in range(item_count):
        section = make_section(
            strategy=strategy, title=f"Section {n}", order=n, parent=parent if n % 3 else None
        )
        _translate(section, "en", f"Section {n} (en)")
        parent = section if n % 3 == 0 else parent
    Section.objects.update(status=SectionStatus.VALIDATED)
    _publish(strategy)


@pytest.mark.parametrize("item_count", [1, 20])
def test_print_page_query_count_for_a_visitor(client, django_assert_num_queries, item_count):
    _sections(item_count)

    # the strategy, the document's stamp (sections, newest revision); on this first
    # request, the document: its sections, their newest revisions
    with django_assert_num_queries(5):
        response = client.get(_print_url())

    assert len(response.context["document"].sections) == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_print_page_query_count_for_a_coordinator(
    client, coordinator, django_assert_num_queries, item_count
):
    _sections(item_count)
    client.force_login(coordinator)

    # the strategy, then user and roles (strategy.view_drafts), the document's
    # stamp (sections, newest revision); on this first request, the document: its sections,
    # their newest revisions; the unread notifications of the header
    with django_assert_num_queries(8):
        response = client.get(_print_url())

    assert len(response.context["document"].sections) == item_count


# --- Cached: the second request ----------------------------------------------


def _article(html: str) -> str:
    """The document in a printable page (the rest holds per-request CSRF tokens)."""
    return html[html.index('<article class="strategy-document">') : html.index("</article>")]


def _forbid_building(monkeypatch) -> None:
    """From now on, building the document fails the test."""

    def fail(**kwargs):
        raise AssertionError("the document was built again")

    monkeypatch.setattr(export, "build_document", fail)
    monkeypatch.setattr(export, "strategy_document", fail)


def _forbid_rendering_pdf(monkeypatch) -> None:
    """From now on, rendering a PDF with WeasyPrint fails the test."""
    import weasyprint

    def fail(*args, **kwargs):
        raise AssertionError("a PDF was rendered again")

    monkeypatch.setattr(weasyprint, "HTML", fail)


@pytest.mark.parametrize("item_count", [1, 20])
def test_print_page_is_served_from_the_cache_to_a_visitor(
    client, django_assert_num_queries, monkeypatch, item_count
):
    _sections(item_count)
    first = client.get(_print_url())
    _forbid_building(monkeypatch)

    # the strategy, the document's stamp (sections, newest revision)
    with django_assert_num_queries(3):
        again = client.get(_print_url())

    assert again.status_code == 200
    assert _article(again.content.decode()) == _article(first.content.decode())
    assert f"Section {item_count - 1} (en)" in again.content.decode()


@pytest.mark.parametrize("item_count", [1, 20])
def test_print_page_is_served_from_the_cache_to_a_coordinator(
    client, coordinator, django_assert_num_queries, monkeypatch, item_count
):
    _sections(item_count)
    client.force_login(coordinator)
    first = client.get(_print_url())
    _forbid_building(monkeypatch)

    # the strategy, then user and roles (strategy.view_drafts), the document's
    # stamp (sections, newest revision); the unread notifications of the header
    with django_assert_num_queries(6):
        again = client.get(_print_url())

    assert again.status_code == 200
    assert _article(again.content.decode()) == _article(first.content.decode())


@pytest.mark.parametrize("item_count", [1, 20])
def test_pdf_is_served_from_the_cache_to_a_visitor(
    client, django_assert_num_queries, monkeypatch, weasyprint_ready, item_count
):
    _sections(item_count)
    first = client.get(_pdf_url("en"))
    _forbid_building(monkeypatch)
    _forbid_rendering_pdf(monkeypatch)

    # the strategy, the document's stamp (sections, newest revision)
    with django_assert_num_queries(3):
        again = client.get(_pdf_url("en"))

    day = timezone.localdate().isoformat()
    assert again.content == first.content
    assert again["Content-Disposition"] == (
        f'attachment; filename="strategie-de-securite-humaine-en-{day}.pdf"'
    )
    assert again["Cache-Control"] == "private"


@pytest.mark.parametrize("item_count", [1, 20])
def test_pdf_is_served_from_the_cache_to_a_coordinator(
    client, coordinator, django_assert_num_queries, monkeypatch, weasyprint_ready, item_count
):
    _sections(item_count)
    client.force_login(coordinator)
    first = client.get(_pdf_url("fr"))
    _forbid_building(monkeypatch)
    _forbid_rendering_pdf(monkeypatch)

    # the strategy, then user and roles (strategy.view_drafts), the document's
    # stamp (sections, newest revision)
    with django_assert_num_queries(5):
        again = client.get(_pdf_url("fr"))

    assert again.content == first.content
    assert again["Content-Type"] == "application/pdf"


# --- Cached: what makes it again ---------------------------------------------


@pytest.fixture
def builds(monkeypatch):
    """The documents built (``export.build_document``), as a list of their arguments."""
    calls = []
    build = export.build_document

    def spy(**kwargs):
        calls.append(kwargs)
        return build(**kwargs)

    monkeypatch.setattr(export, "build_document", spy)
    return calls


@pytest.fixture(params=["print", "pdf"])
def read(request, client):
    """Reads the strategy in English from the printable page or the PDF, as ``client``:
    ``(status code, text)`` (the page without its tags)."""
    if request.param == "pdf":
        request.getfixturevalue("weasyprint_ready")

    def read_document() -> tuple[int, str]:
        if request.param == "print":
            response = client.get(_print_url())
            return response.status_code, strip_tags(response.content.decode())
        response = client.get(_pdf_url("en"))
        ok = response.status_code == 200
        return response.status_code, _pdf_text(response.content) if ok else ""

    return read_document


def test_export_shows_a_new_revision(client, coordinator, read, builds):
    section = make_section(title="Genre")
    client.force_login(coordinator)
    _status, before = read()

    section_save_revision(
        section=section, language="fr", title="Genre et paix", body="Nouveau.",
        author=coordinator, base=latest_revision(section, "fr"),
    )  # fmt: skip
    _status, after = read()

    assert ("Genre et paix" in before, "Genre et paix" in after) == (False, True)
    assert len(builds) == 2


def test_export_shows_a_new_translation(client, coordinator, read, builds):
    section = make_section(title="Genre")
    client.force_login(coordinator)
    read()

    _translate(section, "en", "Gender")
    _status, after = read()

    assert "1 Gender" in after
    assert len(builds) == 2


def test_export_shows_a_status_change(client, coordinator, read, builds):
    section = make_section(title="Genre")
    client.force_login(coordinator)
    _status, before = read()

    strategy_services.section_set_status(
        section=section, status=SectionStatus.IN_REVIEW, changed_by=coordinator
    )
    _status, after = read()

    assert ("In review" in before, "In review" in after) == (False, True)
    assert len(builds) == 2


def test_export_shows_visitors_a_section_once_validated(client, coordinator, read, builds):
    strategy = StrategyFactory()
    make_section(strategy=strategy, title="Sécurité alimentaire", order=1)
    section = make_section(strategy=strategy, title="Genre", order=2)
    _validate(Section.objects.get(title_fr="Sécurité alimentaire"))
    _publish(strategy)
    _status, before = read()

    strategy_services.section_set_status(
        section=section, status=SectionStatus.IN_REVIEW, changed_by=coordinator
    )
    strategy_services.section_set_status(
        section=section, status=SectionStatus.VALIDATED, changed_by=coordinator,
        checklist=dict.fromkeys(GENDER_CHECKLIST, True),
    )  # fmt: skip
    _status, after = read()

    assert ("Genre" in before, "2 Genre" in after) == (False, True)
    assert len(builds) == 2


def test_export_is_made_again_after_the_strategy_is_withdrawn_and_published(
    client, coordinator, read, builds
):
    strategy = StrategyFactory()
    _validate(make_section(strategy=strategy, title="Genre"))
    strategy_services.strategy_publish(strategy=strategy, published_by=coordinator)
    statuses = [read()[0]]

    strategy_services.strategy_unpublish(strategy=strategy, unpublished_by=coordinator)
    statuses.append(read()[0])
    strategy_services.strategy_publish(strategy=strategy, published_by=coordinator)
    statuses.append(read()[0])

    assert statuses == [200, 404, 200]
    assert len(builds) == 2


def test_working_copy_is_made_again_after_the_strategy_is_published(
    client, coordinator, read, builds
):
    strategy = StrategyFactory()
    make_section(strategy=strategy, title="Genre")
    client.force_login(coordinator)
    read()

    strategy_services.strategy_publish(strategy=strategy, published_by=coordinator)
    status, _text = read()

    assert (status, len(builds)) == (200, 2)


def test_export_shows_a_new_strategy_title(client, coordinator, read, builds):
    strategy = StrategyFactory()
    make_section(strategy=strategy, title="Genre")
    client.force_login(coordinator)
    _status, before = read()

    strategy.title_en = "Human security strategy for Mali"
    strategy.save()  # as the admin does
    _status, after = read()

    assert "Human security strategy for Mali" not in before
    assert "Human security strategy for Mali" in after
    assert len(builds) == 2


def test_export_is_made_again_the_next_day(client, coordinator, read, builds, monkeypatch):
    make_section(title="Genre")
    client.force_login(coordinator)
    read()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)

    _status, text = read()

    with translation.override("en"):
        made = formats.date_format(timezone.localtime(tomorrow), "DATE_FORMAT")
    assert f"Made on {made}" in text
    assert len(builds) == 2


def test_visitor_never_gets_the_working_copy_cached_for_a_coordinator(client, coordinator, read):
    strategy = StrategyFactory()
    _validate(make_section(strategy=strategy, title="Sécurité alimentaire", order=1))
    make_section(strategy=strategy, title="Brouillon secret", order=2)
    _publish(strategy)
    client.force_login(coordinator)
    _status, working_copy = read()
    client.logout()

    status, text = read()

    assert "Brouillon secret" in working_copy
    assert (status, "Sécurité alimentaire" in text) == (200, True)
    assert "Brouillon secret" not in text
    assert "Working copy" not in text


def test_visitor_gets_404_before_publication_though_a_coordinator_s_copy_is_cached(
    client, coordinator, read
):
    make_section(title="Brouillon secret")
    client.force_login(coordinator)
    coordinator_status, _text = read()
    client.logout()

    status, text = read()

    assert (coordinator_status, status) == (200, 404)
    assert "Brouillon secret" not in text

"""A visitor's journey in a real browser, in Bambara: the public face of the network."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network.progress.enums import ValueStatus
from strategy import services as strategy_services
from strategy.enums import GENDER_CHECKLIST, SectionStatus
from tests.e2e.steps import label, main_menu, t, tn
from tests.factories import NewsPostFactory, OrganisationFactory, UserFactory
from tests.factories.dialogues import DialogueEventFactory
from tests.factories.progress import (
    IndicatorFactory,
    IndicatorValueFactory,
    PeriodFactory,
    semester,
)
from tests.factories.strategy import StrategyFactory, make_section

BM = "bm"


def _validated_section_in_bambara(*, strategy, author):
    """A section with a French and a Bambara text, validated (checklist complete)."""
    section = make_section(
        strategy=strategy,
        title="Sécurité alimentaire",
        body="Les greniers communautaires protègent les familles.",
        author=author,
    )
    strategy_services.section_save_revision(
        section=section,
        language=BM,
        title="Dumuni lakana",
        body="Duguw ka bɔgɔ sɔrɔ bɛ denbayaw lakana.",
        author=author,
        base=None,
        source=strategy_services.latest_revision(section, "fr"),
    )
    strategy_services.section_set_status(
        section=section, status=SectionStatus.IN_REVIEW, changed_by=author
    )
    strategy_services.section_set_status(
        section=section,
        status=SectionStatus.VALIDATED,
        changed_by=author,
        checklist=dict.fromkeys(GENDER_CHECKLIST, True),
    )
    return section


@pytest.mark.e2e
def test_visitor_browses_home_directory_event_strategy_and_progress_in_bambara(live_server, page):
    # Arrange: public content with its Bambara text, and what must stay hidden
    coordinator = UserFactory(roles=["coordinator"])
    news = NewsPostFactory(title="Dialogue à Mopti", title_bm="Baro Mopti la")
    organisation = OrganisationFactory(
        name="Association des femmes de Ségou",
        description_bm="Segu musow ka jɛkulu bɛ bɛnkan sabati.",
        contact_name="Kadiatou Contact-Privé",
    )
    OrganisationFactory(name="Jeunes de Kayes pour la paix")
    event = DialogueEventFactory(
        title="Dialogue communautaire de Sévaré",
        title_bm="Sévaré sigida baro",
        description_bm="Sigida bɛɛ bɛ baro in na.",
    )
    strategy = StrategyFactory(title_bm="Hadamadenya lakana fɛɛrɛ", published_at=timezone.now())
    section = _validated_section_in_bambara(strategy=strategy, author=coordinator)
    draft = make_section(strategy=strategy, title="Section en chantier", author=coordinator)
    indicator = IndicatorFactory(name="Organisations membres actives", public=True)
    first, second = semester(0), semester(1)
    IndicatorValueFactory(
        indicator=indicator,
        period=PeriodFactory(starts_on=first[0], ends_on=first[1], name_bm="Kalo 6 fɔlɔ"),
        value=Decimal("12"),
    )
    IndicatorValueFactory(
        indicator=indicator,
        period=PeriodFactory(starts_on=second[0], ends_on=second[1]),
        value=Decimal("99"),
        status=ValueStatus.DRAFT,
    )

    # Act: open the portal in French and choose Bambara
    page.goto(f"{live_server.url}/fr/")
    page.get_by_role("button", name="Bamanankan", exact=True).click()

    # Assert: the home page in Bambara, with the news in Bambara
    expect(page).to_have_url(f"{live_server.url}/bm/")
    expect(page.locator("html")).to_have_attribute("lang", BM)
    latest_news = page.get_by_role("region", name=t("Latest news", BM))
    expect(latest_news.get_by_role("link", name="Baro Mopti la")).to_be_visible()
    expect(latest_news).not_to_contain_text(news.title_fr)

    # Act: the member directory, then the organisation
    main_menu(page, BM).get_by_role("link", name=t("Members", BM)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Member organisations", BM))
    expect(page.get_by_role("main").get_by_role("heading", level=2)).to_have_count(2)
    search = page.get_by_role("search")
    search.get_by_label(label(t("Name or acronym", BM))).fill("Ségou")
    search.get_by_role("button", name=t("Search", BM)).click()
    found = tn("%(counter)s organisation", "%(counter)s organisations", 1, BM)
    expect(page.get_by_text(found, exact=True)).to_be_visible()
    expect(page.get_by_role("main").get_by_role("heading", level=2)).to_have_text(
        [organisation.name + f" ({organisation.acronym})"]
    )
    page.get_by_role("link", name=organisation.name).click()

    # Assert: its Bambara description; its private contact stays private
    expect(page.get_by_role("heading", level=1)).to_contain_text(organisation.name)
    expect(page.get_by_text("Segu musow ka jɛkulu bɛ bɛnkan sabati.")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Kadiatou Contact-Privé")

    # Act: the dialogues, then the event
    main_menu(page, BM).get_by_role("link", name=t("Dialogues", BM)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Upcoming dialogue events", BM))
    page.get_by_role("link", name="Sévaré sigida baro").click()

    # Assert: the event in Bambara, with a way in for the organisations' administrators
    expect(page.get_by_role("heading", level=1)).to_have_text("Sévaré sigida baro")
    expect(page.get_by_text("Sigida bɛɛ bɛ baro in na.")).to_be_visible()
    way_in = "Administrators of member organisations register their delegates here once logged in."
    expect(page.get_by_role("region", name=t("Delegates", BM))).to_contain_text(t(way_in, BM))
    assert event.slug in page.url

    # Act: the published strategy
    main_menu(page, BM).get_by_role("link", name=t("Strategy", BM)).click()

    # Assert: its Bambara title; the validated section only, never the draft
    expect(page.get_by_role("heading", level=1)).to_have_text("Hadamadenya lakana fɛɛrɛ")
    outline = page.get_by_role("navigation", name=t("Sections", BM))
    expect(outline.get_by_role("link")).to_have_text(["Dumuni lakana"])
    expect(page.get_by_role("main")).not_to_contain_text(draft.title_fr)

    # Act: read the section
    outline.get_by_role("link", name="Dumuni lakana").click()

    # Assert: its Bambara text, with no note that it falls back to French
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dumuni lakana")
    expect(page.get_by_role("article")).to_contain_text("Duguw ka bɔgɔ sɔrɔ bɛ denbayaw lakana.")
    expect(page.get_by_role("article")).not_to_contain_text(section.body_fr)

    # Act: the progress summary, from the main menu
    main_menu(page, BM).get_by_role("link", name=t("Progress", BM)).click()

    # Assert: the public indicator with its approved figure, never the draft value
    expect(page).to_have_url(f"{live_server.url}/bm/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Progress of the project", BM))
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=f"{indicator.code} {indicator.name}")
    )
    expect(card).to_contain_text(t("Latest value:", BM) + " 12 (Kalo 6 fɔlɔ)")
    expect(card).not_to_contain_text("99")

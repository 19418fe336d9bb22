"""A coordinator's journey in a real browser: a membership, a section, a conflict, an amendment."""

import pytest
from playwright.sync_api import expect

from members.enums import MembershipStatus, OrganisationKind
from members.services import organisation_apply
from strategy import services as strategy_services
from strategy.enums import AmendmentStatus, SectionStatus
from tests.e2e.steps import label, log_in, main_menu, messages, t
from tests.factories import OrganisationPersonFactory, UserFactory
from tests.factories.strategy import StrategyFactory, make_section


@pytest.mark.e2e
def test_coordinator_approves_member_drafts_section_reconciles_conflict_and_accepts_amendment(
    live_server, page
):
    # Arrange: an application, a strategy with a section a member proposes to amend
    coordinator = UserFactory(roles=["coordinator"], display_name="Moussa Keïta")
    colleague = UserFactory(roles=["coordinator"], display_name="Awa Sangaré")
    applicant = UserFactory(display_name="Fatoumata Coulibaly")
    applying = organisation_apply(
        applicant=applicant,
        fields={
            "name": "Jeunes pour la paix de Gao",
            "acronym": "JPG",
            "kind": OrganisationKind.YOUTH,
            "description_fr": "Des jeunes de Gao pour le dialogue.",
            "listed": True,
        },
    )
    strategy = StrategyFactory()
    amended = make_section(
        strategy=strategy,
        title="Gouvernance locale",
        body="Les conseils communaux écoutent les chefs de village.",
        author=colleague,
        order=1,
    )
    proposed_text = "Les conseils communaux écoutent les chefs de village et les associations."
    amendment = strategy_services.amendment_propose(
        section=amended,
        proposer=OrganisationPersonFactory(user__display_name="Kadiatou Maïga").user,
        body=proposed_text,
        rationale="Les associations de femmes et de jeunes doivent être entendues.",
    )

    # Act: from the dashboard to the waiting application
    log_in(page, live_server.url, coordinator)
    page.get_by_role("link", name=t("Membership applications and member organisations")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Membership applications"))
    waiting = page.get_by_role("table").first
    expect(waiting.get_by_role("row").nth(1)).to_contain_text(applicant.display_name)
    waiting.get_by_role("link", name=applying.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{applying.name} (JPG)")

    # Act: approve it
    decision = page.get_by_role("region", name=t("Decide on this application"))
    decision.get_by_label(label(t("Approve: the organisation becomes a member"))).check()
    decision.get_by_role("button", name=t("Record the decision")).click()

    # Assert: told so; the page now offers status changes, not a decision
    expect(messages(page)).to_have_text(t("The decision has been recorded and the applicant told."))
    expect(page.get_by_role("region", name=t("Change the membership status"))).to_be_visible()
    expect(page.get_by_role("region", name=t("Decide on this application"))).to_have_count(0)

    # Assert: nothing waits any more, and the organisation is listed as active
    main_menu(page).get_by_role("link", name=t("Dashboard")).click()
    page.get_by_role("link", name=t("Membership applications and member organisations")).click()
    expect(page.get_by_text(t("No application is waiting."))).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=applying.name))
    expect(row.get_by_role("cell").nth(1)).to_have_text(t(MembershipStatus.ACTIVE.label))

    # Act: draft a new section
    main_menu(page).get_by_role("link", name=t("Strategy")).click()
    page.get_by_role("link", name=t("Add a section")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Add a section to the strategy"))
    title = "Prévention des conflits fonciers"
    page.get_by_label(label(t("Title (French)"))).fill(title)
    page.get_by_label(label(t("Text (French)"))).fill(
        "Les commissions foncières réunissent éleveurs et agriculteurs.\n\n"
        "Les couloirs de transhumance sont balisés."
    )
    page.get_by_role("button", name=t("Create the section")).click()

    # Assert: told so, on the new section, a draft
    expect(messages(page)).to_have_text(t("The section has been created as a draft."))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.get_by_role("article")).to_contain_text(t(SectionStatus.DRAFT.label))

    # Act: open the editor; meanwhile a colleague saves the same paragraph
    page.get_by_role("link", name=t("Edit the French text")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Edit “%(title)s” (%(language)s)", title=title, language="Français")
    )
    drafted = strategy.sections.get(title_fr=title)
    theirs = (
        "Les commissions foncières réunissent éleveurs, agriculteurs et autorités coutumières.\n\n"
        "Les couloirs de transhumance sont balisés."
    )
    strategy_services.section_save_revision(
        section=drafted,
        language="fr",
        title=title,
        body=theirs,
        author=colleague,
        base=strategy_services.latest_revision(drafted, "fr"),
        summary="Autorités coutumières",
    )
    mine = (
        "Les commissions foncières réunissent éleveuses, éleveurs et agriculteurs.\n\n"
        "Les couloirs de transhumance sont balisés."
    )
    page.get_by_label(label(t("Text"))).fill(mine)
    page.get_by_role("button", name=t("Save"), exact=True).click()

    # Assert: the conflict page shows their text beside mine, kept, nothing saved
    expect(page.get_by_role("heading", name=t("Their text, saved meanwhile"))).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(
        t(
            "Someone saved this section after you opened it, changing the same "
            "paragraphs as you. Nothing of yours was saved yet, and nothing is lost: "
            "your text is kept in the form below, their text is beside it. Reconcile "
            "the two in the form, then save again."
        )
    )
    theirs_region = page.get_by_role("region", name=t("Their text, saved meanwhile"))
    expect(theirs_region).to_contain_text(colleague.display_name)
    expect(theirs_region).to_contain_text("autorités coutumières")
    mine_region = page.get_by_role("region", name=t("Your text, not saved yet"))
    expect(mine_region.get_by_label(label(t("Text")))).to_have_value(mine)

    # Act: reconcile the two and save again
    reconciled = (
        "Les commissions foncières réunissent éleveuses, éleveurs, agriculteurs "
        "et autorités coutumières.\n\n"
        "Les couloirs de transhumance sont balisés."
    )
    mine_region.get_by_label(label(t("Text"))).fill(reconciled)
    mine_region.get_by_role("button", name=t("Save"), exact=True).click()

    # Assert: saved as the third revision; the section reads the reconciled text
    expect(messages(page)).to_have_text(
        t("Revision %(number)s saved (%(language)s).", number=3, language="Français")
    )
    expect(page.get_by_role("article")).to_contain_text(
        "Les commissions foncières réunissent éleveuses, éleveurs, agriculteurs "
        "et autorités coutumières."
    )

    # Act: open the member's amendment from its section and accept it
    main_menu(page).get_by_role("link", name=t("Strategy")).click()
    page.get_by_role("link", name=amended.title).click()
    amendments = page.get_by_role("table", name=t("Amendments"))
    expect(amendments).to_contain_text("Kadiatou Maïga")
    amendments.get_by_role("link", name=amendment.rationale).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Amendment to “%(title)s”", title=amended.title)
    )
    page.get_by_role("button", name=t("Accept the amendment")).click()

    # Assert: told so, accepted; the section now reads the proposed text
    expect(messages(page)).to_have_text(
        t("The amendment has been accepted: it is revision %(number)s.", number=2)
    )
    expect(page.get_by_text(t(AmendmentStatus.ACCEPTED.label), exact=True)).to_be_visible()
    page.get_by_role("link", name=amended.title).click()
    expect(page.get_by_role("article")).to_contain_text(proposed_text)

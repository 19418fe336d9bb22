"""A member's journey in a real browser: profile, delegate, comment, amendment."""

import pytest
from playwright.sync_api import expect

from members.enums import OrganisationRole
from strategy.enums import AmendmentStatus
from tests.e2e.steps import label, log_in, main_menu, messages, t, tn
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.dialogues import DialogueEventFactory
from tests.factories.strategy import make_section


@pytest.mark.e2e
def test_member_edits_profile_registers_delegate_comments_and_proposes_amendment(
    live_server, page, browser
):
    # Arrange: an organisation administered by the member, with a colleague to send
    organisation = OrganisationFactory(name="Femmes pour la paix de Mopti", acronym="FPM")
    member = UserFactory(display_name="Aminata Traoré")
    OrganisationPersonFactory(organisation=organisation, user=member, role=OrganisationRole.ADMIN)
    colleague = OrganisationPersonFactory(
        organisation=organisation, user__display_name="Oumar Diallo"
    ).user
    event = DialogueEventFactory(title="Dialogue communautaire de Sévaré", capacity=30)
    section = make_section(
        title="Sécurité alimentaire",
        body="Les greniers communautaires protègent les familles.",
        author=UserFactory(roles=["coordinator"]),
    )
    new_description = "Nous accompagnons les femmes de Mopti dans la médiation des conflits."

    # Act: log in, then open the organisation from the dashboard
    log_in(page, live_server.url, member)
    page.get_by_role("link", name=organisation.name).click()

    # Assert: its page
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{organisation.name} (FPM)")

    # Act: edit the profile
    page.get_by_role("link", name=t("Edit the profile")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Edit %(name)s", name=organisation.name)
    )
    page.get_by_label(label(t("Description (French)"))).fill(new_description)
    page.get_by_role("button", name=t("Save"), exact=True).click()

    # Assert: told it is saved, back on the page with the new text
    expect(messages(page)).to_have_text(t("The profile has been saved."))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{organisation.name} (FPM)")
    expect(page.get_by_text(new_description)).to_be_visible()

    # Assert: a visitor reads the new text in the public directory
    visitor = browser.new_context(locale="fr-FR")
    try:
        public = visitor.new_page()
        public.goto(f"{live_server.url}/fr/members/")
        public.get_by_role("link", name=organisation.name).click()
        expect(public.get_by_role("heading", level=1)).to_have_text(f"{organisation.name} (FPM)")
        expect(public.get_by_text(new_description)).to_be_visible()
    finally:
        visitor.close()

    # Act: open the event from the dialogues page and register the colleague
    main_menu(page).get_by_role("link", name=t("Dialogues")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Upcoming dialogue events"))
    page.get_by_role("link", name=event.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    registration = page.get_by_role("form", name=t("Register a delegate"))
    expect(registration.get_by_label(label(t("Organisation")))).to_have_value(str(organisation.pk))
    registration.get_by_label(label(t("Delegate"))).select_option(label=colleague.display_name)
    registration.get_by_role("button", name=t("Register")).click()

    # Assert: told so, counted, and listed among the organisation's delegates
    expect(messages(page)).to_have_text(
        t(
            "%(name)s is registered as a delegate of %(organisation)s.",
            name=colleague.display_name,
            organisation=organisation.name,
        )
    )
    delegates = page.get_by_role("region", name=t("Delegates"))
    expect(delegates).to_contain_text(
        tn(
            "%(counter)s delegate registered, for %(capacity)s places.",
            "%(counter)s delegates registered, for %(capacity)s places.",
            1,
            capacity=30,
        )
    )
    own = page.get_by_role("table", name=t("Delegates of your organisations"))
    expect(own.get_by_role("rowheader")).to_have_text([colleague.display_name])

    # Act: comment on the strategy section
    main_menu(page).get_by_role("link", name=t("Strategy")).click()
    page.get_by_role("link", name=section.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(section.title)
    comment = "Il faut citer les banques de céréales gérées par les femmes."
    page.get_by_label(label(t("Comment"))).fill(comment)
    page.get_by_role("button", name=t("Add the comment")).click()

    # Assert: told so, and the comment stands under the section with its author
    expect(messages(page)).to_have_text(t("Your comment has been added."))
    comments = page.get_by_role("region", name=t("Comments"))
    expect(comments.get_by_role("article")).to_contain_text([comment])
    expect(comments.get_by_role("article")).to_contain_text([member.display_name])

    # Act: propose an amendment
    page.get_by_role("link", name=t("Propose an amendment")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Propose an amendment"))
    proposal = page.get_by_label(label(t("Proposed text (French)")))
    expect(proposal).to_have_value(section.body_fr)
    proposal.fill(
        "Les greniers communautaires, gérés aussi par les femmes, protègent les familles."
    )
    page.get_by_label(label(t("Rationale"))).fill("Les femmes gèrent la moitié des greniers.")
    page.get_by_role("button", name=t("Send the amendment")).click()

    # Assert: told so, on the amendment's page, waiting for a coordinator
    expect(messages(page)).to_have_text(
        t("Your amendment has been sent; you will be told when a coordinator decides on it.")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Amendment to “%(title)s”", title=section.title)
    )
    expect(page.get_by_text(t(AmendmentStatus.PROPOSED.label), exact=True)).to_be_visible()

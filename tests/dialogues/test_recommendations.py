"""Recommendations through the views: recording, the path up the levels, coordinators'
decisions, blocks from other apps; and the permission matrix of every outcomes route
(recommendations, report, attachments, follow-up actions)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from dialogues import services
from dialogues.enums import Level, RecommendationStatus, Visibility
from dialogues.models import FollowUpAction, Recommendation
from dialogues.urls_outcomes import urlpatterns as outcomes_urlpatterns
from dialogues.views_outcomes import OUTCOME_ERRORS
from members.enums import OrganisationRole
from network import files
from network.pages import blocks
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.dialogues import DialogueEventFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _page(recommendation: Recommendation) -> str:
    return reverse("dialogues:recommendation", kwargs={"pk": recommendation.pk})


# --- Recording ----------------------------------------------------------------


def test_recommendation_add_records_the_three_texts_and_the_level(client, coordinator):
    event = DialogueEventFactory(level=Level.COMMUNITY)
    client.force_login(coordinator)

    response = client.post(
        reverse("dialogues:recommendation_add", kwargs={"slug": event.slug}),
        {
            "text_fr": "Associer les femmes aux comités de paix",
            "text_en": "Include women in peace committees",
            "text_bm": "Musow ka don hɛrɛ komite la",
            "addressed_level": Level.LOCAL,
        },
    )

    recommendation = Recommendation.objects.get(event=event)
    assert response.status_code == 302
    assert response.url == _page(recommendation)
    assert (
        recommendation.text_fr,
        recommendation.text_en,
        recommendation.text_bm,
        recommendation.addressed_level,
        recommendation.status,
        recommendation.created_by,
    ) == (
        "Associer les femmes aux comités de paix",
        "Include women in peace committees",
        "Musow ka don hɛrɛ komite la",
        Level.LOCAL,
        RecommendationStatus.PROPOSED,
        coordinator,
    )


def test_recommendation_add_without_french_text_keeps_what_was_typed(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("dialogues:recommendation_add", kwargs={"slug": event.slug}),
        {"text_fr": "", "text_en": "Include women", "addressed_level": Level.LOCAL},
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.errors) == ["text_fr"]
    assert form["text_en"].value() == "Include women"
    assert Recommendation.objects.count() == 0


def test_recommendation_page_shows_text_in_the_active_language(client):
    recommendation = RecommendationFactory(
        text_fr="Associer les femmes", text_en="Include women", text_bm=""
    )

    english = client.get(f"/en/dialogues/recommendations/{recommendation.pk}/")
    bambara = client.get(f"/bm/dialogues/recommendations/{recommendation.pk}/")

    assert "Include women" in english.content.decode()
    assert "Associer les femmes" in bambara.content.decode()  # falls back to French


# --- The path up the levels ---------------------------------------------------


def test_recommendation_forwarded_community_regional_national_shows_that_whole_path(
    client, coordinator
):
    village = DialogueEventFactory(level=Level.COMMUNITY, title_fr="Dialogue de Sévaré")
    region = DialogueEventFactory(level=Level.REGIONAL, title_fr="Dialogue régional de Mopti")
    nation = DialogueEventFactory(level=Level.NATIONAL, title_fr="Dialogue national de Bamako")
    made = RecommendationFactory(event=village, text_fr="Associer les femmes aux comités")
    client.force_login(coordinator)

    to_region = client.post(_page(made), {"decision": "forward", "to_event": region.pk})
    at_region = Recommendation.objects.get(event=region)
    to_nation = client.post(_page(at_region), {"decision": "forward", "to_event": nation.pk})
    at_nation = Recommendation.objects.get(event=nation)
    response = client.get(_page(at_nation))

    assert (to_region.url, to_nation.url) == (_page(at_region), _page(at_nation))
    assert [
        (step["event"].title, step["recommendation"].status, step["current"])
        for step in response.context["steps"]
    ] == [
        ("Dialogue de Sévaré", RecommendationStatus.FORWARDED, False),
        ("Dialogue régional de Mopti", RecommendationStatus.FORWARDED, False),
        ("Dialogue national de Bamako", RecommendationStatus.PROPOSED, True),
    ]
    html = response.content.decode()
    assert (
        html.index("Dialogue de Sévaré")
        < html.index("Dialogue régional de Mopti")
        < html.index('aria-current="step"')
    )
    assert at_nation.text_fr == "Associer les femmes aux comités"


def test_recommendation_path_is_the_same_from_every_step(client, coordinator):
    village = DialogueEventFactory(level=Level.COMMUNITY)
    nation = DialogueEventFactory(level=Level.NATIONAL)
    made = RecommendationFactory(event=village)
    services.recommendation_forward(recommendation=made, to_event=nation, forwarded_by=coordinator)

    response = client.get(_page(made))

    assert [(step["event"], step["current"]) for step in response.context["steps"]] == [
        (village, True),
        (nation, False),
    ]


def test_recommendation_path_hides_the_events_the_reader_may_not_see(client, coordinator):
    village = DialogueEventFactory(
        level=Level.COMMUNITY, visibility=Visibility.RESTRICTED, title_fr="Réunion discrète"
    )
    nation = DialogueEventFactory(level=Level.NATIONAL, title_fr="Dialogue national")
    made = RecommendationFactory(event=village)
    at_nation = services.recommendation_forward(
        recommendation=made, to_event=nation, forwarded_by=coordinator
    )

    response = client.get(_page(at_nation))

    assert [step["visible"] for step in response.context["steps"]] == [False, True]
    assert "Réunion discrète" not in response.content.decode()


def test_recommendation_page_query_count_is_fixed(client, django_assert_num_queries):
    village = DialogueEventFactory(level=Level.COMMUNITY)
    region = DialogueEventFactory(level=Level.REGIONAL)
    made = RecommendationFactory(event=village)
    services.recommendation_forward(recommendation=made, to_event=region, forwarded_by=None)

    # the recommendation with its event; the path: the recommendation again, one step
    # down the chain, one more to find its end (services.recommendation_path); the
    # strategy's block: the sections it was taken into (strategy/links.py)
    with django_assert_num_queries(5):
        response = client.get(_page(made))

    assert response.status_code == 200


# --- Coordinators' decisions --------------------------------------------------


@pytest.mark.parametrize("level", [Level.REGIONAL, Level.LOCAL])
def test_forwarding_to_a_same_or_lower_level_event_is_refused_with_the_message(
    client, coordinator, level
):
    made = RecommendationFactory(event=DialogueEventFactory(level=Level.REGIONAL))
    target = DialogueEventFactory(level=level)
    client.force_login(coordinator)

    response = client.post(_page(made), {"decision": "forward", "to_event": target.pk})

    made.refresh_from_db()
    assert response.status_code == 200
    assert response.context["decision_forms"]["forward"].errors == {
        "to_event": [str(OUTCOME_ERRORS["not_higher"])]
    }
    assert str(OUTCOME_ERRORS["not_higher"]) in response.content.decode()
    assert (made.status, Recommendation.objects.filter(event=target).count()) == (
        RecommendationStatus.PROPOSED,
        0,
    )


def test_forward_choices_offer_only_higher_level_events(client, coordinator):
    made = RecommendationFactory(event=DialogueEventFactory(level=Level.REGIONAL))
    DialogueEventFactory(level=Level.COMMUNITY, title_fr="Plus bas")
    DialogueEventFactory(level=Level.REGIONAL, title_fr="Même niveau")
    higher = DialogueEventFactory(level=Level.NATIONAL, title_fr="Plus haut")
    client.force_login(coordinator)

    response = client.get(_page(made))

    choices = response.context["decision_forms"]["forward"].fields["to_event"].widget.choices
    assert [
        (str(group), [value for value, _label in options]) for group, options in choices[1:]
    ] == [("National", [higher.pk])]


def test_declining_without_a_reason_is_refused(client, coordinator):
    made = RecommendationFactory()
    client.force_login(coordinator)

    response = client.post(
        _page(made).replace("/fr/", "/en/", 1), {"decision": "decline", "reason": "   "}
    )

    made.refresh_from_db()
    assert response.context["decision_forms"]["decline"].errors == {
        "reason": ["Give a reason for declining this recommendation."]
    }
    assert made.status == RecommendationStatus.PROPOSED


def test_declining_with_a_reason_records_and_shows_it(client, coordinator):
    made = RecommendationFactory()
    reason = "Déjà couvert par la section 3."
    client.force_login(coordinator)

    response = client.post(_page(made), {"decision": "decline", "reason": reason}, follow=True)

    made.refresh_from_db()
    assert (made.status, made.decline_reason) == (RecommendationStatus.DECLINED, reason)
    assert reason in response.content.decode()
    assert "decision_forms" not in response.context


def test_taking_into_the_strategy_marks_it_taken(client, coordinator):
    made = RecommendationFactory()
    client.force_login(coordinator)

    response = client.post(_page(made), {"decision": "take"})

    made.refresh_from_db()
    assert (response.status_code, made.status) == (302, RecommendationStatus.TAKEN)


def test_deciding_twice_says_it_was_already_decided(client, coordinator):
    made = RecommendationFactory()
    services.recommendation_decide(
        recommendation=made, status=RecommendationStatus.TAKEN, decided_by=coordinator
    )
    client.force_login(coordinator)

    response = client.post(_page(made), {"decision": "decline", "reason": "Non"}, follow=True)

    made.refresh_from_db()
    assert [str(m) for m in response.context["messages"]] == [str(OUTCOME_ERRORS["not_proposed"])]
    assert made.status == RecommendationStatus.TAKEN


@pytest.mark.parametrize("role", ["organiser", "donor"])
def test_deciding_is_for_coordinators_only(client, role):
    organisation = OrganisationFactory()
    organiser = OrganisationPersonFactory(organisation=organisation).user
    made = RecommendationFactory(event=DialogueEventFactory(organisers=[organisation]))
    client.force_login(organiser if role == "organiser" else UserFactory(roles=["donor"]))

    response = client.post(_page(made), {"decision": "take"})

    made.refresh_from_db()
    assert (response.status_code, made.status) == (404, RecommendationStatus.PROPOSED)


def test_recommendation_page_renders_the_blocks_registered_for_it(
    client, settings, tmp_path, monkeypatch
):
    made = RecommendationFactory()
    (tmp_path / "linked_sections.html").write_text(
        "<p>Sections linked to {{ block.context.pk }}</p>", encoding="utf-8"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    block = blocks.PageBlock(
        name="linked_sections",
        template="linked_sections.html",
        get_context=lambda request: {"pk": request.resolver_match.kwargs["pk"]},
    )
    monkeypatch.setitem(blocks._registry, "recommendation", {"linked_sections": block})

    response = client.get(_page(made))

    assert f"<p>Sections linked to {made.pk}</p>" in response.content.decode()


# --- Permission matrix ----------------------------------------------------------

ROLES = ["visitor", "org_admin", "other_member", "coordinator", "donor", "administrator"]
LOGIN = 302
# (url name, case): expected status for each role, in ROLES order. A denied object is 404.
# Administrators are superusers: Django grants them every permission, as in members.
MATRIX = {
    ("recommendation", "public"): [200, 200, 200, 200, 200, 200],
    ("recommendation", "network"): [404, 200, 200, 200, 200, 200],
    ("recommendation", "restricted"): [404, 200, 404, 200, 404, 200],
    ("recommendation_add", "public"): [LOGIN, 200, 404, 200, 404, 200],
    ("recommendation_add", "restricted"): [LOGIN, 200, 404, 200, 404, 200],
    ("report", "public"): [LOGIN, 200, 404, 200, 404, 200],
    ("report", "restricted"): [LOGIN, 200, 404, 200, 404, 200],
    ("attachment", "public"): [200, 200, 200, 200, 200, 200],
    ("attachment", "unpublished"): [404, 200, 404, 200, 404, 200],
    ("attachment", "restricted"): [404, 200, 404, 200, 404, 200],
    ("action_add", "public"): [LOGIN, 200, 404, 200, 404, 200],
    ("action_edit", "public"): [LOGIN, 200, 404, 200, 404, 200],
    ("action_edit", "restricted"): [LOGIN, 200, 404, 200, 404, 200],
    ("actions_overdue", "public"): [LOGIN, 404, 404, 200, 404, 200],
}


def test_every_outcomes_route_has_a_row():
    names = {p.name for p in outcomes_urlpatterns if isinstance(p, URLPattern)}

    assert names == {name for name, _case in MATRIX}


def _event_with_outcomes(organisation, author, **event_fields):
    event = DialogueEventFactory(organisers=[organisation], **event_fields)
    recommendation = RecommendationFactory(event=event)
    action = FollowUpAction.objects.create(
        event=event, owner=organisation, description="Suivi", due_on=datetime.date(2014, 3, 5)
    )
    return event, recommendation, action


def _attachment(event, author, *, publish: bool):
    report = services.report_save(
        event=event, fields={"body_fr": "Compte rendu."}, author=author, publish=publish
    )
    checked = files.attachment_check(SimpleUploadedFile("compte-rendu.pdf", PDF))
    return services.attachment_add(report=report, checked=checked, uploaded_by=author)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    organisation = OrganisationFactory()
    admin = OrganisationPersonFactory(organisation=organisation, role=OrganisationRole.ADMIN).user
    users = {
        "visitor": None,
        "org_admin": admin,
        "other_member": OrganisationPersonFactory().user,
        "coordinator": UserFactory(roles=["coordinator"]),
        "donor": UserFactory(roles=["donor"]),
        "administrator": UserFactory(roles=["administrator"]),
    }
    cases = {}
    for case, visibility in (
        ("public", Visibility.PUBLIC),
        ("network", Visibility.NETWORK),
        ("restricted", Visibility.RESTRICTED),
        ("unpublished", Visibility.PUBLIC),
    ):
        event, recommendation, action = _event_with_outcomes(
            organisation, admin, visibility=visibility
        )
        attachment = _attachment(event, admin, publish=case != "unpublished")
        cases[case] = {
            "slug": {"slug": event.slug},
            "recommendation": {"pk": recommendation.pk},
            "attachment": {"pk": attachment.pk},
            "action_edit": {"pk": action.pk},
        }
    return {"users": users, "cases": cases}


def _url(name: str, case: dict) -> str:
    if name == "actions_overdue":
        return reverse("dialogues:actions_overdue")
    return reverse(f"dialogues:{name}", kwargs=case.get(name, case["slug"]))


@pytest.mark.parametrize(("name", "case"), sorted(MATRIX))
def test_outcomes_permission_matrix(client, world, name, case):
    url = _url(name, world["cases"][case])
    statuses = []

    for role in ROLES:
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        response = client.get(url)
        statuses.append(response.status_code)
        if response.streaming:
            # Reading it to the end closes the served file the way the test client
            # expects (response.close() would also close the database connection).
            b"".join(response.streaming_content)

    assert statuses == MATRIX[(name, case)]

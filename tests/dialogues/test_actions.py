"""Follow-up actions through the views (dates typed day/month/year in every language, owners
among active organisations), the coordinators' list of overdue actions, and the outcomes panel
of the event page with its fixed number of queries."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from dialogues import services
from dialogues.enums import ActionStatus
from dialogues.models import FollowUpAction
from dialogues.views_outcomes import outcomes_context
from members.enums import MembershipStatus
from network import files
from tests.factories import OrganisationFactory, OrganisationPersonFactory
from tests.factories.dialogues import DialogueEventFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _action(event, owner, *, days: int, status=ActionStatus.OPEN, description="Suivi"):
    return FollowUpAction.objects.create(
        event=event,
        owner=owner,
        description=description,
        due_on=timezone.localdate() + datetime.timedelta(days=days),
        status=status,
    )


# --- Adding and editing -----------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en", "bm"])
def test_action_add_reads_the_due_date_day_month_year_in_every_language(
    client, coordinator, language
):
    owner = OrganisationFactory()
    event = DialogueEventFactory()
    recommendation = RecommendationFactory(event=event)
    client.force_login(coordinator)

    response = client.post(
        f"/{language}/dialogues/{event.slug}/actions/new/",
        {
            "description": "Restituer les conclusions aux villages",
            "owner": owner.pk,
            "due_on": "05/03/2014",
            "status": ActionStatus.OPEN,
            "recommendation": recommendation.pk,
        },
    )

    action = FollowUpAction.objects.get()
    assert response.status_code == 302
    assert response.url == f"/{language}/dialogues/{event.slug}/#follow-up"
    assert (
        action.event,
        action.owner,
        action.due_on,
        action.recommendation,
        action.created_by,
    ) == (
        event,
        owner,
        datetime.date(2014, 3, 5),
        recommendation,
        coordinator,
    )


def test_action_add_shows_the_due_date_field_day_month_year(client, coordinator):
    event = DialogueEventFactory()
    action = _action(event, OrganisationFactory(), days=0)
    action.due_on = datetime.date(2014, 3, 5)
    action.save()
    client.force_login(coordinator)

    response = client.get(f"/bm/dialogues/actions/{action.pk}/edit/")

    assert response.context["form"]["due_on"].value() == datetime.date(2014, 3, 5)
    assert 'value="05/03/2014"' in response.content.decode()


def test_action_with_a_date_not_understood_is_refused_and_keeps_the_text(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("dialogues:action_add", kwargs={"slug": event.slug}),
        {
            "description": "Restituer",
            "owner": OrganisationFactory().pk,
            "due_on": "2014/13/45",
            "status": ActionStatus.OPEN,
        },
    )

    form = response.context["form"]
    assert (response.status_code, list(form.errors)) == (200, ["due_on"])
    assert (form["description"].value(), form["due_on"].value()) == ("Restituer", "2014/13/45")
    assert FollowUpAction.objects.count() == 0


def test_action_owner_is_chosen_among_active_organisations(client, coordinator):
    active = OrganisationFactory(name="Active")
    OrganisationFactory(name="Suspendue", status=MembershipStatus.SUSPENDED)
    OrganisationFactory(name="Candidate", status=MembershipStatus.APPLICANT)
    event = DialogueEventFactory()
    client.force_login(coordinator)

    response = client.get(reverse("dialogues:action_add", kwargs={"slug": event.slug}))

    assert list(response.context["form"].fields["owner"].queryset) == [active]


def test_action_edit_keeps_an_owner_that_has_left_selectable(client, coordinator):
    left = OrganisationFactory(name="Partie")
    action = _action(DialogueEventFactory(), left, days=3)
    left.status = MembershipStatus.LEFT
    left.save()
    client.force_login(coordinator)

    response = client.post(
        reverse("dialogues:action_edit", kwargs={"pk": action.pk}),
        {
            "description": "Suivi",
            "owner": left.pk,
            "due_on": "05/03/2014",
            "status": ActionStatus.DONE,
        },
    )

    action.refresh_from_db()
    assert response.status_code == 302
    assert (action.owner, action.status) == (left, ActionStatus.DONE)


def test_action_recommendation_must_be_one_of_this_event(client, coordinator):
    event = DialogueEventFactory()
    elsewhere = RecommendationFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("dialogues:action_add", kwargs={"slug": event.slug}),
        {
            "description": "Suivi",
            "owner": OrganisationFactory().pk,
            "due_on": "05/03/2014",
            "status": ActionStatus.OPEN,
            "recommendation": elsewhere.pk,
        },
    )

    assert list(response.context["form"].errors) == ["recommendation"]
    assert FollowUpAction.objects.count() == 0


# --- Overdue actions --------------------------------------------------------------


def test_overdue_list_shows_open_actions_due_before_today_oldest_first(client, coordinator):
    owner = OrganisationFactory(name="Femmes de Mopti")
    event = DialogueEventFactory(title_fr="Dialogue de Sévaré")
    late = _action(event, owner, days=-30, description="Le plus en retard")
    started = _action(event, owner, days=-1, status=ActionStatus.IN_PROGRESS)
    _action(event, owner, days=0, description="Due aujourd'hui")
    _action(event, owner, days=-10, status=ActionStatus.DONE)
    _action(event, owner, days=-10, status=ActionStatus.DROPPED)
    client.force_login(coordinator)

    response = client.get(reverse("dialogues:actions_overdue"))

    assert list(response.context["actions"]) == [late, started]
    html = response.content.decode()
    assert "Dialogue de Sévaré" in html
    assert "Femmes de Mopti" in html


def test_overdue_list_is_paginated_twenty_a_page(client, coordinator):
    owner, event = OrganisationFactory(), DialogueEventFactory()
    for days in range(-21, 0):
        _action(event, owner, days=days)
    client.force_login(coordinator)

    first = client.get(reverse("dialogues:actions_overdue"))
    second = client.get(reverse("dialogues:actions_overdue"), {"page": 2})

    assert (len(first.context["actions"]), len(second.context["actions"])) == (20, 1)
    assert second.context["actions"][0].due_on == timezone.localdate() - datetime.timedelta(days=1)


def test_overdue_list_empty_state(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("dialogues:actions_overdue"))

    assert list(response.context["actions"]) == []
    assert response.context["paginator"].count == 0


@pytest.mark.parametrize("item_count", [1, 20])
def test_overdue_list_query_count(client, coordinator, django_assert_num_queries, item_count):
    owner = OrganisationFactory()
    for _ in range(item_count):
        _action(DialogueEventFactory(), owner, days=-2)
    client.force_login(coordinator)

    # user, roles, unread notifications; count, page with events and owners
    with django_assert_num_queries(5):
        response = client.get(reverse("dialogues:actions_overdue"))

    assert len(response.context["actions"]) == item_count


# --- The outcomes panel of the event page -----------------------------------------


def _request(user=None):
    request = RequestFactory().get("/fr/dialogues/x/")
    request.user = user or AnonymousUser()
    return request


def test_outcomes_panel_marks_overdue_actions(client):
    owner, event = OrganisationFactory(), DialogueEventFactory()
    late = _action(event, owner, days=-1)
    today = _action(event, owner, days=0)
    done = _action(event, owner, days=-5, status=ActionStatus.DONE)

    context = outcomes_context(_request(), event)

    assert [(row["action"], row["is_overdue"]) for row in context["outcomes"]["actions"]] == [
        (done, False),
        (late, True),
        (today, False),
    ]


def test_outcomes_panel_names_an_unlisted_owner_only_to_its_people_and_staff(coordinator):
    unlisted = OrganisationFactory(listed=False)
    person = OrganisationPersonFactory(organisation=unlisted).user
    outsider = OrganisationPersonFactory().user
    event = DialogueEventFactory()
    _action(event, unlisted, days=5)

    shown = [
        outcomes_context(_request(user), event)["outcomes"]["actions"][0]["owner_shown"]
        for user in (None, outsider, person, coordinator)
    ]

    assert shown == [False, False, True, True]


@pytest.mark.parametrize("item_count", [1, 20])
def test_outcomes_panel_query_count(settings, tmp_path, django_assert_num_queries, item_count):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    organisation = OrganisationFactory()
    organiser = OrganisationPersonFactory(organisation=organisation).user
    event = DialogueEventFactory(organisers=[organisation])
    report = services.report_save(
        event=event, fields={"body_fr": "Compte rendu."}, author=organiser, publish=False
    )
    for number in range(item_count):
        RecommendationFactory(event=event)
        _action(event, OrganisationFactory(listed=number % 2 == 1), days=number - 5)
        checked = files.attachment_check(SimpleUploadedFile(f"annexe-{number}.pdf", PDF))
        services.attachment_add(report=report, checked=checked, uploaded_by=organiser)
    request = _request(organiser)

    # the user's network roles and organiser role (may they report?), report, its
    # attachments, actions with owners, their own organisations among the unlisted owners,
    # recommendations
    with django_assert_num_queries(7):
        context = outcomes_context(request, event)
        html = render_to_string(
            "dialogues/outcomes/panel.html", {**context, "event": event}, request=request
        )

    assert (
        len(context["outcomes"]["recommendations"]),
        len(context["outcomes"]["attachments"]),
        len(context["outcomes"]["actions"]),
    ) == (item_count, item_count, item_count)
    assert html.count("annexe-") == item_count

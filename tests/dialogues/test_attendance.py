"""Attendance of an event: the checks of the form (each with its translated message,
the typed input kept), recording, and the public view as totals and shares only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from dialogues.enums import EventStatus
from dialogues.forms_registration import ATTENDANCE_MESSAGES
from dialogues.models import Attendance
from members.enums import OrganisationRole
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.dialogues import DialogueEventFactory

pytestmark = pytest.mark.django_db


def _url(name: str, event, lang: str = "fr") -> str:
    with translation.override(lang):
        return reverse(f"dialogues:{name}", kwargs={"slug": event.slug})


def _fr(message, **params) -> str:
    """``message`` translated into French and filled in."""
    with translation.override("fr"):
        return str(message) % params


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def past_event(organisation):
    now = timezone.now()
    return DialogueEventFactory(
        organisers=[organisation],
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=6),
    )


@pytest.fixture
def reporter(client, organisation):
    user = OrganisationPersonFactory(organisation=organisation, role=OrganisationRole.EDITOR).user
    client.force_login(user)
    return user


# What was typed, and the French message the page must show for it.
BAD = {
    "negative": (
        {"total": "-4", "women": "2", "men": "2", "youth": "0"},
        "Un nombre de personnes ne peut pas être négatif.",
    ),
    "women and men do not add up": (
        {"total": "40", "women": "18", "men": "20", "youth": "9"},
        "Les femmes (18) et les hommes (20) font 38 au total, "
        "et non les 40 participants et participantes.",
    ),
    "more youth than participants": (
        {"total": "40", "women": "18", "men": "22", "youth": "41"},
        "Il ne peut pas y avoir plus de jeunes (41) que de participants et participantes "
        "au total (40).",
    ),
    "missing": (
        {"total": "40", "women": "", "men": "22", "youth": "9"},
        "Saisissez un nombre, 0 s'il n'y en avait aucun.",
    ),
    "not a whole number": (
        {"total": "40", "women": "dix-huit", "men": "22", "youth": "9"},
        "Saisissez un nombre entier, par exemple 12.",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_attendance_bad_combination_is_refused_with_message_and_input_kept(
    client, past_event, reporter, case
):
    typed, message = BAD[case]

    response = client.post(_url("attendance", past_event), typed)

    content = response.content.decode()
    assert response.status_code == 200
    assert escape(message) in content
    for name, value in typed.items():
        kept = f'name="{name}" value="{value}"' if value else f'name="{name}" step="1"'
        assert f'<input type="number" {kept}' in content
    assert Attendance.objects.count() == 0


def test_attendance_negative_youth_is_refused_on_its_field(client, past_event, reporter):
    typed = {"total": "40", "women": "18", "men": "22", "youth": "-1"}

    response = client.post(_url("attendance", past_event), typed)

    assert response.context["form"].errors == {
        "youth": ["Un nombre de personnes ne peut pas être négatif."]
    }
    assert 'name="youth" value="-1"' in response.content.decode()


def test_attendance_both_sums_wrong_gives_both_messages(client, past_event, reporter):
    typed = {"total": "40", "women": "18", "men": "20", "youth": "41"}

    response = client.post(_url("attendance", past_event), typed)

    assert response.context["form"].non_field_errors() == [
        _fr(ATTENDANCE_MESSAGES["parts"], women=18, men=20, parts=38, total=40),
        _fr(ATTENDANCE_MESSAGES["youth"], youth=41, total=40),
    ]


def test_attendance_good_counts_are_saved(client, past_event, reporter):
    response = client.post(
        _url("attendance", past_event), {"total": "40", "women": "18", "men": "22", "youth": "9"}
    )

    attendance = Attendance.objects.get(event=past_event)
    past_event.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == _url("detail", past_event) + "#attendance"
    assert (attendance.total, attendance.women, attendance.men, attendance.youth) == (40, 18, 22, 9)
    assert attendance.recorded_by == reporter
    assert past_event.status == EventStatus.HELD


def test_attendance_form_shows_the_counts_recorded_before(client, past_event, reporter):
    Attendance.objects.create(event=past_event, total=40, women=18, men=22, youth=9)

    content = client.get(_url("attendance", past_event)).content.decode()

    assert 'name="total" value="40"' in content
    assert 'name="youth" value="9"' in content


@pytest.mark.parametrize("role", ["visitor", "donor"])
def test_attendance_is_public_as_totals_and_shares_only(client, past_event, role):
    Attendance.objects.create(event=past_event, total=40, women=18, men=22, youth=9)
    if role == "donor":
        client.force_login(UserFactory(roles=["donor"]))

    response = client.get(_url("detail", past_event, "en"))

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        "<dl>\n<dt>Participants in all</dt><dd>40</dd>\n"
        "<dt>Women</dt><dd>45 %</dd>\n"
        "<dt>Youth (under 35)</dt><dd>22 %</dd>\n</dl>"
    ) in content
    assert ">18<" not in content
    assert ">22<" not in content
    assert _url("attendance", past_event, "en") not in content


def test_attendance_link_shown_to_organisers_once_started(client, past_event, reporter):
    content = client.get(_url("detail", past_event, "en")).content.decode()

    assert f'<a href="{_url("attendance", past_event, "en")}">Record the attendance</a>' in content


def test_attendance_before_the_event_answers_404(client, organisation, reporter):
    event = DialogueEventFactory(organisers=[organisation])

    response = client.get(_url("attendance", event))

    assert response.status_code == 404


def test_attendance_of_cancelled_event_answers_404(client, past_event, reporter):
    past_event.status = EventStatus.CANCELLED
    past_event.save()

    response = client.post(
        _url("attendance", past_event), {"total": "4", "women": "2", "men": "2", "youth": "0"}
    )

    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_attendance_by_member_of_another_organisation_answers_404(client, past_event):
    client.force_login(OrganisationPersonFactory(role=OrganisationRole.ADMIN).user)

    response = client.post(
        _url("attendance", past_event), {"total": "4", "women": "2", "men": "2", "youth": "0"}
    )

    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_attendance_of_a_very_small_event_shows_the_total_only(client, past_event):
    Attendance.objects.create(event=past_event, total=3, women=1, men=2, youth=1)

    content = client.get(_url("detail", past_event, "en")).content.decode()

    assert "<dt>Participants in all</dt><dd>3</dd>\n</dl>" in content
    assert "Women</dt>" not in content
    assert "so that nobody can be singled out" in content

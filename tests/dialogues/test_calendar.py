"""iCalendar: the feed of public events and the ``.ics`` of one event."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from dialogues.enums import EventStatus, Visibility
from network.pages.models import Region
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.dialogues import DialogueEventFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _events(response) -> list:
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_event_ics_is_right_with_another_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    starts_at = datetime.datetime(2014, 3, 5, 9, 0, tzinfo=UTC)
    event = DialogueEventFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=8)
    )

    response = client.get(f"/fr/dialogues/{event.slug}/event.ics")

    (component,) = _events(response)
    assert component.decoded("dtstart") == starts_at
    assert component.decoded("dtend") == datetime.datetime(2014, 3, 5, 17, 0, tzinfo=UTC)
    assert b"DTSTART:20140305T090000Z\r\n" in response.content


def test_calendar_feed_is_right_with_another_time_zone(client, settings):
    settings.TIME_ZONE = "America/New_York"
    starts_at = timezone.now().replace(microsecond=0, second=0) + datetime.timedelta(days=3)
    DialogueEventFactory(starts_at=starts_at)

    (component,) = _events(client.get("/fr/dialogues/calendar.ics"))

    assert component.decoded("dtstart") == starts_at.astimezone(UTC)
    assert component["dtstart"].to_ical().endswith(b"Z")


def test_event_ics_headers(client, db):
    event = DialogueEventFactory(slug="dialogue-de-ségou")

    response = client.get(event.get_absolute_url() + "event.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''dialogue-de-s%C3%A9gou.ics"
    )


def test_calendar_feed_headers(client, db):
    response = client.get("/fr/dialogues/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="dialogues.ics"'


def test_calendar_feed_holds_public_published_events_of_the_last_12_months(client, db):
    now = timezone.now()
    DialogueEventFactory(title="Planifié")
    DialogueEventFactory(title="Annulé", status=EventStatus.CANCELLED)
    DialogueEventFactory(
        title="Tenu",
        status=EventStatus.HELD,
        starts_at=now - datetime.timedelta(days=300),
        ends_at=now - datetime.timedelta(days=300) + datetime.timedelta(hours=6),
    )
    DialogueEventFactory(
        title="Trop ancien",
        status=EventStatus.HELD,
        starts_at=now - datetime.timedelta(days=400),
        ends_at=now - datetime.timedelta(days=400) + datetime.timedelta(hours=6),
    )
    DialogueEventFactory(title="Proposé", status=EventStatus.PROPOSED)
    DialogueEventFactory(title="Réseau", visibility=Visibility.NETWORK)
    DialogueEventFactory(title="Restreint", visibility=Visibility.RESTRICTED)
    client.force_login(UserFactory(roles=["coordinator"]))

    components = _events(client.get("/fr/dialogues/calendar.ics"))

    assert [(str(c["summary"]), str(c["status"])) for c in components] == [
        ("Tenu", "CONFIRMED"),
        ("Planifié", "CONFIRMED"),
        ("Annulé", "CANCELLED"),
    ]


def test_event_ics_texts_in_the_request_language_with_uid_and_url(client, db):
    event = DialogueEventFactory(
        title="Dialogue de Gao",
        title_en="Gao dialogue",
        description="Texte.",
        place="Gao, salle de la mairie",
        region=Region.objects.get(slug="gao"),
    )

    (english,) = _events(client.get(f"/en/dialogues/{event.slug}/event.ics"))
    (french,) = _events(client.get(f"/fr/dialogues/{event.slug}/event.ics"))

    assert (str(english["summary"]), str(english["description"])) == ("Gao dialogue", "Texte.")
    assert str(french["summary"]) == "Dialogue de Gao"
    assert str(english["location"]) == "Gao, salle de la mairie, Gao"
    assert str(english["uid"]) == str(french["uid"]) == f"event-{event.pk}@testserver"
    assert str(english["url"]) == f"http://testserver/en/dialogues/{event.slug}/"


def test_calendar_never_holds_personal_data(client, db):
    organisation = OrganisationFactory(
        public_email="contact@association.ml",
        contact_name="Aminata Traoré",
        contact_email="aminata@association.ml",
        contact_phone="+223 70 00 00 00",
    )
    person = OrganisationPersonFactory(organisation=organisation)
    event = DialogueEventFactory(organisers=[organisation], created_by=person.user)

    bodies = [
        client.get("/fr/dialogues/calendar.ics").content.decode(),
        client.get(f"/fr/dialogues/{event.slug}/event.ics").content.decode(),
    ]

    for body in bodies:
        for personal in (
            "ORGANIZER", "ATTENDEE", "@association.ml", "Aminata", "+223",
            person.user.email, person.user.display_name,
        ):  # fmt: skip
            assert personal not in body


def test_event_ics_only_for_those_who_may_see_the_event(client, db):
    event = DialogueEventFactory(visibility=Visibility.RESTRICTED)
    url = f"/fr/dialogues/{event.slug}/event.ics"

    visitor = client.get(url)
    client.force_login(OrganisationPersonFactory().user)
    outsider = client.get(url)

    assert (visitor.status_code, visitor["Location"]) == (302, f"/fr/accounts/login/?next={url}")
    assert outsider.status_code == 404


def test_event_ics_of_a_proposal_is_tentative(client, coordinator):
    event = DialogueEventFactory(status=EventStatus.PROPOSED)
    client.force_login(coordinator)

    (component,) = _events(client.get(f"/fr/dialogues/{event.slug}/event.ics"))

    assert str(component["status"]) == "TENTATIVE"


@pytest.mark.parametrize("item_count", [1, 20])
def test_calendar_feed_query_count(client, django_assert_num_queries, item_count):
    DialogueEventFactory.create_batch(item_count, region=Region.objects.get(slug="kayes"))

    # the feed's count and last change (cache key), the events with their region
    with django_assert_num_queries(2):
        response = client.get("/fr/dialogues/calendar.ics")
    # cached: the key alone
    with django_assert_num_queries(1):
        again = client.get("/fr/dialogues/calendar.ics")

    assert len(_events(response)) == item_count
    assert again.content == response.content


@pytest.mark.django_db
def test_calendar_feed_shows_an_edit_at_once_despite_the_cache(client):
    event = DialogueEventFactory(title_fr="Avant", title="Avant")
    client.get("/fr/dialogues/calendar.ics")
    event.title_fr = event.title = "Après"
    event.save()

    titles = [str(e["SUMMARY"]) for e in _events(client.get("/fr/dialogues/calendar.ics"))]

    assert titles == ["Après"]

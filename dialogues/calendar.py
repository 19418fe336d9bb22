"""iCalendar (RFC 5545) output of dialogue events, with the ``icalendar`` library.

Times are written in UTC (``DTSTART:20140305T090000Z``): correct whatever
the server's ``TIME_ZONE``, and no VTIMEZONE block to get wrong. Texts are
in the active language (modeltranslation falls back to French). Nothing
personal is written: no ORGANIZER, no ATTENDEE, no contact (DESIGN.md,
"Do no harm").
"""

import datetime

import icalendar
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils.translation import gettext as _

from dialogues.enums import EventStatus
from dialogues.models import DialogueEvent

#: RFC 5545 STATUS of a VEVENT for each event status.
ICAL_STATUS = {
    EventStatus.PROPOSED: "TENTATIVE",
    EventStatus.PLANNED: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}
PRODID = "-//Human security network, Mali//Dialogues//EN"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def event_uid(event: DialogueEvent, request: HttpRequest) -> str:
    """``event-<pk>@<host>``: the same for an event whatever its title, language or port."""
    domain, _port = split_domain_port(request.get_host())
    return f"event-{event.pk}@{domain or 'localhost'}"


def _location(event: DialogueEvent) -> str:
    parts = [event.place.strip()] if event.place.strip() else []
    if event.region is not None:
        parts.append(event.region.name)
    return ", ".join(parts)


def event_component(event: DialogueEvent, request: HttpRequest) -> icalendar.Event:
    """One VEVENT; ``event.region`` should be loaded with it (``select_related``)."""
    component = icalendar.Event()
    component.add("uid", event_uid(event, request))
    component.add("dtstamp", _utc(event.updated_at))
    component.add("last-modified", _utc(event.updated_at))
    component.add("sequence", event.version)
    component.add("dtstart", _utc(event.starts_at))
    component.add("dtend", _utc(event.ends_at))
    component.add("summary", event.title)
    if event.description:
        component.add("description", event.description)
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("categories", [event.get_level_display()])
    component.add("status", ICAL_STATUS[EventStatus(event.status)])
    component.add("url", request.build_absolute_uri(event.get_absolute_url()))
    return component


def calendar_for(events, request: HttpRequest, *, name: str) -> bytes:
    """A VCALENDAR holding ``events``, named ``name``, as bytes (UTF-8)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", " ".join(name.split()))  # one line, whatever the title held
    for event in events:
        calendar.add_component(event_component(event, request))
    return calendar.to_ical()


def feed_name() -> str:
    return _("Dialogue events of the human security network, Mali")

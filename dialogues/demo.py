"""Sample dialogue events for the demo network (``manage.py seed_demo``), labelled "(exemple)".

One upcoming regional dialogue in Mopti open for registration, and one past
community dialogue with its attendance and two recommendations, one of them
forwarded to the regional one, so that the ladder can be seen at once.
"""

import datetime

from django.utils import timezone

from dialogues.enums import EventStatus, Level, Visibility
from dialogues.models import Attendance, DialogueEvent, Recommendation
from members.models import Organisation
from network.pages.demo import translated_fields
from network.pages.models import Region, Theme

EVENTS = [
    {
        "slug": "dialogue-communautaire-sevare-exemple",
        "title": {
            "fr": "Dialogue communautaire de Sévaré (exemple)",
            "en": "Sévaré community dialogue (example)",
            "bm": "Sevare sigida baro (misali)",
        },
        "level": Level.COMMUNITY,
        "days": -40,
        "status": EventStatus.HELD,
        "themes": ["community-security", "gender"],
    },
    {
        "slug": "dialogue-regional-mopti-exemple",
        "title": {
            "fr": "Dialogue régional de Mopti (exemple)",
            "en": "Mopti regional dialogue (example)",
            "bm": "Mopti mara baro (misali)",
        },
        "level": Level.REGIONAL,
        "days": 20,
        "status": EventStatus.PLANNED,
        "themes": ["governance-dialogue", "countering-violent-extremism"],
    },
]

RECOMMENDATIONS = [
    {
        "fr": "Associer les associations de femmes aux comités locaux de sécurité.",
        "en": "Involve women's associations in the local security committees.",
        "bm": "Musow ka jɛkuluw sen don yɔrɔ lakana komitew la.",
    },
    {
        "fr": "Créer un cadre de concertation entre jeunes et autorités coutumières.",
        "en": "Set up a forum for consultation between young people and customary authorities.",
        "bm": "Ɲɔgɔnye sira dɔ sigi kamalenw ni laadala kuntigiw cɛ.",
    },
]


def seed(*, log) -> None:
    """Create the sample events once (nothing doubles on a second run)."""
    if DialogueEvent.objects.filter(slug=EVENTS[0]["slug"]).exists():
        log("sample dialogue events: already there")
        return
    mopti = Region.objects.get(slug="mopti")
    organiser = Organisation.objects.filter(slug="femmes-de-mopti-exemple").first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    events = []
    for sample in EVENTS:
        start = now + datetime.timedelta(days=sample["days"])
        event = DialogueEvent.objects.create(
            slug=sample["slug"],
            **translated_fields("title", sample["title"]),
            description="Exemple de rencontre pour essayer le portail.",
            description_fr="Exemple de rencontre pour essayer le portail.",
            level=sample["level"],
            region=mopti,
            place="Sévaré" if sample["level"] == Level.COMMUNITY else "Mopti",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            status=sample["status"],
            visibility=Visibility.PUBLIC,
            capacity=40,
        )
        event.themes.set(Theme.objects.filter(slug__in=sample["themes"]))
        if organiser is not None:
            event.organisers.add(organiser)
        events.append(event)
    held, upcoming = events
    Attendance.objects.create(event=held, total=52, women=27, men=25, youth=19)
    first = Recommendation.objects.create(
        event=held, addressed_level=Level.REGIONAL, status="forwarded",
        **translated_fields("text", RECOMMENDATIONS[0]),
    )  # fmt: skip
    Recommendation.objects.create(
        event=upcoming, addressed_level=Level.REGIONAL, forwarded_from=first,
        **translated_fields("text", RECOMMENDATIONS[0]),
    )  # fmt: skip
    Recommendation.objects.create(
        event=held, addressed_level=Level.LOCAL, **translated_fields("text", RECOMMENDATIONS[1]),
    )  # fmt: skip
    log(f"sample dialogue events: {len(events)}")

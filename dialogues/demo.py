"""Sample dialogue events for the demo network (``manage.py seed_demo``), labelled "(exemple)".

One upcoming regional dialogue in Mopti open for registration, and one past
community dialogue with its attendance and two recommendations, one of them
forwarded to the regional one, so that the ladder can be seen at once.

``HISTORY`` adds one held dialogue per semester of the project (November
2013 – October 2016) with its attendance and a recommendation, so that the
computed indicators of the progress pages have figures in the demo network.
"""

import datetime

from django.utils import timezone

from dialogues.enums import EventStatus, Level, RecommendationStatus, Visibility
from dialogues.models import Attendance, DialogueEvent, Recommendation
from members.models import Organisation
from network.pages.demo import translated_fields
from network.pages.models import Region, Theme
from network.periods import day_start

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


#: One held dialogue per semester of the project: (slug, date, level, place,
#: (total, women, youth), status of its recommendation, decided on).
HISTORY = [
    ("dialogue-communautaire-kati-2014-exemple", datetime.date(2014, 2, 12), Level.COMMUNITY,
     "Kati", (46, 21, 17), RecommendationStatus.FORWARDED, datetime.date(2014, 3, 1)),
    ("dialogue-local-bougouni-2014-exemple", datetime.date(2014, 7, 8), Level.LOCAL,
     "Bougouni", (58, 25, 22), RecommendationStatus.TAKEN, datetime.date(2014, 9, 15)),
    ("dialogue-regional-segou-2015-exemple", datetime.date(2015, 1, 20), Level.REGIONAL,
     "Ségou", (74, 30, 26), RecommendationStatus.TAKEN, datetime.date(2015, 3, 10)),
    ("dialogue-communautaire-tombouctou-2015-exemple", datetime.date(2015, 6, 3),
     Level.COMMUNITY, "Tombouctou", (39, 19, 15), RecommendationStatus.FORWARDED,
     datetime.date(2015, 7, 1)),
    ("dialogue-national-bamako-2016-exemple", datetime.date(2016, 2, 24), Level.NATIONAL,
     "Bamako", (120, 52, 41), RecommendationStatus.TAKEN, datetime.date(2016, 4, 5)),
    ("dialogue-international-bamako-2016-exemple", datetime.date(2016, 9, 14),
     Level.INTERNATIONAL, "Bamako", (85, 33, 20), RecommendationStatus.TAKEN,
     datetime.date(2016, 10, 3)),
]  # fmt: skip

LEVEL_WORDS = {
    Level.COMMUNITY: ("Dialogue communautaire de", "Community dialogue in", "Sigida baro"),
    Level.LOCAL: ("Dialogue local de", "Local dialogue in", "Yɔrɔ baro"),
    Level.REGIONAL: ("Dialogue régional de", "Regional dialogue in", "Mara baro"),
    Level.NATIONAL: ("Dialogue national de", "National dialogue in", "Jamana baro"),
    Level.INTERNATIONAL: ("Dialogue international de", "International dialogue in", "Diɲɛ baro"),
}


def seed_history(*, log) -> None:
    """The project's past dialogues, one per semester (idempotent: keyed by slug)."""
    created = 0
    for slug, day, level, place, (total, women, youth), status, decided in HISTORY:
        if DialogueEvent.objects.filter(slug=slug).exists():
            continue
        fr, en, bm = LEVEL_WORDS[level]
        start = day_start(day) + datetime.timedelta(hours=9)
        event = DialogueEvent.objects.create(
            slug=slug,
            **translated_fields(
                "title",
                {
                    "fr": f"{fr} {place} (exemple)",
                    "en": f"{en} {place} (example)",
                    "bm": f"{place} {bm.lower()} (misali)",
                },
            ),
            description="Exemple de dialogue passé du projet.",
            description_fr="Exemple de dialogue passé du projet.",
            level=level,
            place=place,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            status=EventStatus.HELD,
            visibility=Visibility.PUBLIC,
        )
        Attendance.objects.create(
            event=event, total=total, women=women, men=total - women, youth=youth
        )
        Recommendation.objects.create(
            event=event,
            addressed_level=level,
            status=status,
            decided_at=day_start(decided) + datetime.timedelta(hours=12),
            **translated_fields("text", RECOMMENDATIONS[created % len(RECOMMENDATIONS)]),
        )
        created += 1
    log(f"past dialogue events of the project: {created} added")


def seed(*, log) -> None:
    """Create the sample events once (nothing doubles on a second run)."""
    seed_history(log=log)
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

"""Sample member organisations for the demo network (``manage.py seed_demo``).

They are invented, and labelled "(exemple)" so that nobody mistakes them
for real organisations; their contact details use reserved example
addresses. The demo member is the administrator of the first one.
"""

import datetime

from members.enums import MembershipStatus, OrganisationRole
from members.models import Organisation, OrganisationPerson, StatusChange
from network.pages.demo import translated_fields
from network.pages.models import Region, Theme

#: When the sample organisations joined, unless a sample says otherwise.
JOINED = datetime.datetime(2014, 1, 15, 10, tzinfo=datetime.UTC)

SAMPLES = [
    {
        "slug": "organisation-exemple",
        "name": "Organisation exemple (démonstration)",
        "acronym": "OE-DEMO",
        "kind": "ngo",
        "regions": ["bamako", "koulikoro"],
        "themes": ["governance-dialogue", "gender"],
        "description": {
            "fr": "Organisation fictive pour essayer le portail.",
            "en": "A made-up organisation for trying the portal.",
            "bm": "Jɛkulu min tɛ yen tiɲɛ na, ka sitɛ kɔrɔbɔ.",
        },
    },
    {
        "slug": "femmes-de-mopti-exemple",
        "name": "Association des femmes de Mopti (exemple)",
        "acronym": "AFM-EX",
        "kind": "women",
        "regions": ["mopti"],
        "themes": ["gender", "community-security"],
        "description": {
            "fr": "Exemple : association de femmes qui anime des dialogues communautaires.",
            "en": "Example: a women's association that leads community dialogues.",
            "bm": "Misali: musow ka jɛkulu min bɛ sigida barow ɲɛminɛ.",
        },
    },
    {
        "joined": datetime.datetime(2015, 3, 2, 10, tzinfo=datetime.UTC),
        "slug": "jeunes-de-gao-exemple",
        "name": "Collectif des jeunes de Gao (exemple)",
        "acronym": "CJG-EX",
        "kind": "youth",
        "regions": ["gao", "menaka"],
        "themes": ["countering-violent-extremism", "economic-security"],
        "description": {
            "fr": "Exemple : collectif de jeunes engagés contre l'extrémisme violent.",
            "en": "Example: a youth collective working against violent extremism.",
            "bm": "Misali: kamalenw ka jɛkulu min bɛ fariya juguw kɛlɛ.",
        },
    },
]


def seed(*, log) -> None:
    """Create or refresh the sample organisations; the demo member administers the first."""
    from django.contrib.auth import get_user_model

    from network.accounts.demo import MEMBER_EMAIL

    for sample in SAMPLES:
        description = sample["description"]
        organisation, created = Organisation.objects.update_or_create(
            slug=sample["slug"],
            defaults={
                "name": sample["name"],
                "acronym": sample["acronym"],
                "kind": sample["kind"],
                "status": MembershipStatus.ACTIVE,
                "listed": True,
                **translated_fields("description", description),
                "public_email": f"contact@{sample['slug']}.example.org",
            },
        )
        organisation.regions.set(Region.objects.filter(slug__in=sample["regions"]))
        organisation.themes.set(Theme.objects.filter(slug__in=sample["themes"]))
        if created:
            # Members since the project's first months (the progress pages count
            # active organisations per semester from this history).
            StatusChange.objects.create(
                organisation=organisation, from_status="", to_status=MembershipStatus.ACTIVE,
                reason="seed_demo", created_at=sample.get("joined", JOINED),
            )  # fmt: skip
    member = get_user_model().objects.filter(email__iexact=MEMBER_EMAIL).first()
    if member is not None:
        OrganisationPerson.objects.update_or_create(
            organisation=Organisation.objects.get(slug=SAMPLES[0]["slug"]),
            user=member,
            defaults={"role": OrganisationRole.ADMIN},
        )
    log(f"sample member organisations: {len(SAMPLES)}")

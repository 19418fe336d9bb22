"""Do no harm: personal contact details never reach visitors or donors."""

import pytest
from django.core.management import call_command

from tests.factories import (
    NewsPostFactory,
    OrganisationFactory,
    OrganisationPersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CANARY = {
    "contact_name": "Canary-Person-7f3a",
    "contact_email": "canary-7f3a@private.example.org",
    "contact_phone": "+223 70 7F 3A 00",
}


def _pages(organisation) -> list[str]:
    urls = []
    for lang in ("fr", "en", "bm"):
        urls += [
            f"/{lang}/",
            f"/{lang}/about/",
            f"/{lang}/news/",
            f"/{lang}/news/feed/",
            f"/{lang}/members/",
            f"/{lang}/members/?q={organisation.name}",
            f"/{lang}/members/{organisation.slug}/",
            f"/{lang}/members/export/",
            f"/{lang}/members/{organisation.slug}/history/",
            f"/{lang}/members/{organisation.slug}/people/",
            f"/{lang}/dashboard/",
        ]
    return urls


@pytest.mark.parametrize("who", ["visitor", "donor"])
def test_private_contact_never_reaches_visitors_or_donors(client, who):
    call_command("seed_demo", stdout=__import__("io").StringIO())
    organisation = OrganisationFactory(**CANARY)
    OrganisationPersonFactory(organisation=organisation, role="admin")
    NewsPostFactory()
    if who == "donor":
        client.force_login(UserFactory(roles=["donor"]))
    leaks = []

    for url in _pages(organisation):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        leaks += [(url, value) for value in CANARY.values() if value in text]

    assert leaks == []


def test_private_contact_is_shown_to_the_organisations_people_and_coordinators(client):
    organisation = OrganisationFactory(**CANARY)
    editor = OrganisationPersonFactory(organisation=organisation)

    seen = []
    for user in (editor.user, UserFactory(roles=["coordinator"])):
        client.force_login(user)
        seen.append(
            CANARY["contact_email"] in client.get(organisation.get_absolute_url()).content.decode()
        )

    assert seen == [True, True]

"""The portal's main pages, described once for every audit test (tests/audit/).

An auditor looks at what people actually open: these pages, in each
language, as the role that sees them. ``MAIN_PAGES`` names each one, the URL
it lives at and the role that opens it; ``audit_world`` builds the small but
complete network they show: the demo network of ``manage.py seed_demo``
(project, partners, news, sample organisations, held dialogues with
attendance and recommendations, the strategy's sections, the objectives) plus
what a demo lacks and a page should show: a published report on the held
event, a validated and published section with a comment thread and an
amendment, an application waiting for a decision, notifications in the
inboxes. The results framework and its values come with the demo.

Usage::

    def test_something(audit_world):
        for visit in main_page_visits(audit_world):
            client = audit_world.client_for(visit.page.role)
            response = client.get(visit.path)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dialogues.models import DialogueEvent
from dialogues.services import report_save
from members.models import Organisation
from members.services import organisation_apply
from network.pages.models import NewsPost
from network.progress.enums import ValueStatus
from network.progress.models import Indicator
from strategy.enums import GENDER_CHECKLIST, SectionStatus
from strategy.models import Strategy
from strategy.services import amendment_propose, comment_add, section_set_status, strategy_publish
from tests.factories import UserFactory

LANGUAGES = ("fr", "en", "bm")

VISITOR = "visitor"
MEMBER = "member"
COORDINATOR = "coordinator"
DONOR = "donor"

#: The demo account that plays each logged-in role (``network/accounts/demo.py``).
ROLE_EMAILS = {
    MEMBER: "member@demo.example.org",
    COORDINATOR: "coordinator@demo.example.org",
    DONOR: "donor@demo.example.org",
}

#: The demo objects the pages show, by slug (``*/demo.py``).
ORGANISATION_SLUG = "organisation-exemple"  # the demo member administers it
HELD_EVENT_SLUG = "dialogue-communautaire-sevare-exemple"
NEWS_SLUG = "lancement-du-projet"


@dataclass
class World:
    """The demo network of ``audit_world``: its users by role and the objects pages show."""

    users: dict  # role → user (no visitor)
    organisation: object
    event: object
    news_post: object
    section: object
    indicator: object
    _clients: dict = field(default_factory=dict)

    def client_for(self, role: str) -> Client:
        """A test client logged in as ``role`` (anonymous for the visitor), one per role."""
        if role not in self._clients:
            client = Client()
            if role != VISITOR:
                client.force_login(self.users[role])
            self._clients[role] = client
        return self._clients[role]


@dataclass(frozen=True)
class MainPage:
    """One main page: ``url_name`` reversed with ``kwargs(world)``, opened by ``role``.

    ``path`` (with ``{language}``) replaces the URL name for pages that have
    none, such as the 404 page. ``status`` is the answer expected.
    """

    name: str
    role: str
    url_name: str = ""
    kwargs: Callable[[World], dict] | None = None
    path: str = ""
    status: int = 200

    def url(self, world: World, language: str) -> str:
        if self.path:
            return self.path.format(language=language)
        with translation.override(language):
            return reverse(self.url_name, kwargs=self.kwargs(world) if self.kwargs else None)


@dataclass(frozen=True)
class Visit:
    page: MainPage
    language: str
    path: str

    @property
    def label(self) -> str:
        return f"{self.page.name} [{self.language}, {self.page.role}]"


MAIN_PAGES: tuple[MainPage, ...] = (
    MainPage("home", VISITOR, "pages:home"),
    MainPage("about", VISITOR, "pages:about"),
    MainPage("news list", VISITOR, "pages:news_list"),
    MainPage("news post", VISITOR, "pages:news_detail", lambda w: {"slug": w.news_post.slug}),
    MainPage("members directory", VISITOR, "members:directory"),
    MainPage("organisation", VISITOR, "members:detail", lambda w: {"slug": w.organisation.slug}),
    MainPage("organisation edit", MEMBER, "members:edit", lambda w: {"slug": w.organisation.slug}),
    MainPage("dialogues list", VISITOR, "dialogues:list"),
    MainPage("dialogue event", VISITOR, "dialogues:detail", lambda w: {"slug": w.event.slug}),
    MainPage("strategy document", VISITOR, "strategy:document"),
    MainPage("strategy section", MEMBER, "strategy:section", lambda w: {"slug": w.section.slug}),
    MainPage(
        "strategy section history", MEMBER, "strategy:history", lambda w: {"slug": w.section.slug}
    ),
    MainPage(
        "recommendations to take into a section",
        COORDINATOR,
        "strategy:recommendations",
        lambda w: {"slug": w.section.slug},
    ),
    MainPage("dashboard (member)", MEMBER, "pages:dashboard"),
    MainPage("dashboard (coordinator)", COORDINATOR, "pages:dashboard"),
    MainPage("dashboard (donor)", DONOR, "pages:dashboard"),
    MainPage("notifications inbox", MEMBER, "notifications:inbox"),
    MainPage("login", VISITOR, "account_login"),
    MainPage("sign-up", VISITOR, "account_signup"),
    MainPage("membership applications", COORDINATOR, "members:applications"),
    MainPage("page not found", VISITOR, path="/{language}/no-such-page/", status=404),
    # Progress (network/progress/): the public summary, then the donor's and coordinators' pages.
    MainPage("progress summary", VISITOR, "progress:summary"),
    MainPage("progress overview", DONOR, "progress:overview"),
    MainPage("progress indicator", DONOR, "progress:indicator", lambda w: {"pk": w.indicator.pk}),
    MainPage("progress timeline", DONOR, "progress:timeline"),
    MainPage("progress of the strategy", DONOR, "progress:strategy"),
    MainPage("progress framework", COORDINATOR, "progress:framework"),
    MainPage("progress values", COORDINATOR, "progress:values"),
)


def main_page_visits(world: World, pages=MAIN_PAGES) -> Iterator[Visit]:
    """Every main page in every language, in the order of ``MAIN_PAGES``."""
    for page in pages:
        for language in LANGUAGES:
            yield Visit(page, language, page.url(world, language))


def build_world() -> World:
    """Load the demo network and add what its pages should show (see the module docstring)."""
    # A browser test's database was flushed by the transactional test before it, data
    # migrations included (serialized rollback cannot help: once Playwright runs,
    # the test thread holds another connection object than the one serialized).
    import_module("network.pages.migrations.0002_reference_data").load(django_apps, None)
    call_command("seed_demo", stdout=StringIO())
    User = get_user_model()
    users = {role: User.objects.get(email=email) for role, email in ROLE_EMAILS.items()}
    member, coordinator = users[MEMBER], users[COORDINATOR]

    event = DialogueEvent.objects.get(slug=HELD_EVENT_SLUG)
    report_save(
        event=event,
        fields={
            "body_fr": "Cinquante-deux personnes ont pris part au dialogue, dont 27 femmes.",
            "body_en": "Fifty-two people took part in the dialogue, 27 of them women.",
        },
        author=coordinator,
        publish=True,
    )

    strategy = Strategy.objects.order_by("pk").first()
    section = strategy.sections.order_by("order").first()
    section_set_status(section=section, status=SectionStatus.IN_REVIEW, changed_by=coordinator)
    section_set_status(
        section=section,
        status=SectionStatus.VALIDATED,
        changed_by=coordinator,
        checklist=dict.fromkeys(GENDER_CHECKLIST, True),
    )
    strategy_publish(strategy=strategy, published_by=coordinator)
    question = comment_add(
        section=section, author=member, body="Faut-il citer les comités locaux de sécurité ?"
    )
    comment_add(  # the member is told of the reply: their inbox is not empty
        section=section, author=coordinator, body="Oui, au deuxième paragraphe.", parent=question
    )
    amendment_propose(
        section=section,
        proposer=member,
        body="Cette section reste à rédiger, avec les comités locaux de sécurité.",
        rationale="Les dialogues de Sévaré l'ont recommandé.",
    )

    organisation_apply(
        applicant=UserFactory(display_name="Fatoumata Diarra"),
        fields={
            "name": "Radio communautaire de Ségou (exemple)",
            "acronym": "RCS-EX",
            "kind": "media",
            "description_fr": "Exemple : une radio qui demande à rejoindre le réseau.",
        },
    )

    # The progress demo holds the framework and illustrative approved values.
    indicator = (
        Indicator.objects.filter(values__status=ValueStatus.APPROVED)
        .order_by("objective__number", "number")
        .first()
    )
    assert indicator is not None, "the progress demo has no approved value any more"
    return World(
        users=users,
        organisation=Organisation.objects.get(slug=ORGANISATION_SLUG),
        event=event,
        news_post=NewsPost.objects.get(slug=NEWS_SLUG),
        section=section,
        indicator=indicator,
    )


@pytest.fixture
def audit_world(db) -> World:
    """The demo network with everything the main pages show (see ``build_world``)."""
    return build_world()

"""Do no harm: personal contact details never reach a visitor or a donor, anywhere.

DESIGN.md, "Do no harm": members work in a conflict zone; personal contact
details never reach anonymous or donor pages, feeds, exports or emails to
others. Every personal contact field of the world (``tests/world.py``) holds
a canary, a value found nowhere else: each user's email address and their
second address, each organisation's contact person (name, email, phone), the
invitation's address. Then:

- a small same-site crawler, as a visitor and as a donor, starts from the
  home page, the dashboard, the progress overview and every page of the
  permission matrix (tests/test_permission_matrix.py) in French, English and
  Bambara, follows every link it finds (``<a href>``, ``<link href>``,
  redirects) up to a bound, and reads every answer: HTML, the news feed,
  the iCalendar feeds, CSV, XLSX (openpyxl), PDF (pypdf), JSON;
- a realistic sequence of actions sends emails (an event published, a
  delegate registered, a value submitted and decided, a section changed, an
  amendment accepted, a reply, an invitation, an application and its
  decision, a report, a cancellation, the digests);

and no canary may appear in what a visitor or a donor reaches, nor in an
email, except the recipient's own address. Controls show that the canaries
are there to be found: the organisation's own people see its contact
person, a user sees their own address, the readers read the exports.

Links that carry a token (email confirmation, password reset, invitation,
unsubscribe) are not crawled: they are reached only through the email sent
to the address they are about, by its owner.
"""

from __future__ import annotations

import html
import io
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import openpyxl
import pypdf
import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import models
from django.test import Client

from dialogues import services as dialogue_services
from dialogues.enums import EventStatus
from members import services as member_services
from members.enums import MembershipStatus
from network.notifications.enums import Frequency
from network.notifications.services import digest_send
from network.pages.models import NewsPost
from network.pages.services import news_post_save
from network.progress import services as progress_services
from strategy import services as strategy_services
from tests.test_permission_matrix import MATRIX
from tests.world import CANARY, build_world, canary_email, canary_phone, url_for

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "en", "bm")
#: Routes whose address carries a token mailed to one person (see the module's docstring).
TOKEN_ROUTES = {
    "account_confirm_email",
    "account_reset_password_from_key",
    "members:invitation",
    "notifications:unsubscribe",
}
#: Pages a crawl reads at most (each language counts), and variants of one path it follows
#: (filters, pages of a list: their links are those of the first ones).
MAX_PAGES = 1500
MAX_QUERIES_PER_PATH = 4
SKIPPED_PREFIXES = ("/static/", "/media/")


# --- Reading what the portal answers ---------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])


def links_of(content: str) -> list[str]:
    parser = _Links()
    parser.feed(content)
    return parser.links


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def readable_text(response, body: bytes) -> str:
    """Everything a reader of the answer sees: its headers, and its text whatever the format
    (PDF pages and metadata through pypdf, XLSX cells through openpyxl), unescaped."""
    content_type = response.get("Content-Type", "")
    parts = [f"{name}: {value}" for name, value in response.items()]
    if content_type.startswith("application/pdf"):
        reader = pypdf.PdfReader(io.BytesIO(body))
        parts += [page.extract_text() for page in reader.pages]
        parts += [str(value) for value in (reader.metadata or {}).values()]
    elif "spreadsheetml" in content_type:
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        for sheet in workbook.worksheets:
            parts += [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
        parts += [str(workbook.properties.creator or ""), str(workbook.properties.title or "")]
    else:
        parts.append(body.decode("utf-8-sig", errors="replace"))
    text = "\n".join(parts)
    return text + "\n" + html.unescape(text) + "\n" + unquote(text)


def found_in(text: str, values) -> list[str]:
    return sorted(value for value in values if value in text)


@dataclass
class Crawl:
    """What one role reached: ``texts[path]`` and the status of every page asked."""

    texts: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)


def crawl(client: Client, starts: list[str], *, limit: int = MAX_PAGES) -> Crawl:
    """Read ``starts`` and every same-site page linked from them, breadth first."""
    result = Crawl()
    queue = deque(starts)
    queued = set(starts)
    variants: dict[str, int] = {}
    while queue and len(result.statuses) < limit:
        path = queue.popleft()
        cache.clear()  # rate limits
        response = client.get(path)
        body = body_of(response)
        result.statuses[path] = response.status_code
        result.texts[path] = readable_text(response, body)
        found = []
        if response.status_code in (301, 302):
            found.append(response["Location"])
        if "text/html" in response.get("Content-Type", ""):
            found += links_of(body.decode("utf-8", errors="replace"))
        for link in found:
            target = _same_site(path, link)
            if target is None or target in queued:
                continue
            bare = target.split("?")[0]
            if "?" in target:
                variants[bare] = variants.get(bare, 0) + 1
                if variants[bare] > MAX_QUERIES_PER_PATH:
                    continue
            queued.add(target)
            queue.append(target)
    return result


def _same_site(base: str, link: str) -> str | None:
    absolute = urljoin("http://testserver" + base, link.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- The world, the starting points ------------------------------------------------------------


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return build_world()


def starting_points(world) -> list[str]:
    """Home, dashboard, progress overview and every page of the permission matrix, in each
    language (its GET rows; token links aside)."""
    paths = []
    for language in LANGUAGES:
        for name in ("pages:home", "pages:dashboard", "progress:overview"):
            paths.append(url_for(name, world, language=language))
        for key in MATRIX:
            name, method, *label = key
            if method != "get" or name.startswith("admin:") or name in TOKEN_ROUTES:
                continue
            paths.append(url_for(name, world, label=label[0] if label else None,
                                 language=language))  # fmt: skip
    return list(dict.fromkeys(paths))


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- The canaries ------------------------------------------------------------------------------

#: Every personal contact field of the models, each filled with canaries by the world.
CONTACT_FIELDS = {
    ("accounts.User", "email"),
    ("account.EmailAddress", "email"),  # allauth: a user's other addresses
    ("members.Organisation", "contact_name"),
    ("members.Organisation", "contact_email"),
    ("members.Organisation", "contact_phone"),
    ("members.Invitation", "email"),
}
#: An organisation's own public contact, shown in the directory by design (DESIGN.md).
PUBLIC_CONTACT_FIELDS = {
    ("members.Organisation", "public_email"),
    ("members.Organisation", "public_phone"),
}
CONTACT_WORDS = {"email", "phone", "contact", "mobile", "address", "whatsapp"}


def test_every_contact_field_of_the_models_holds_canaries(world):
    """A new contact field (a delegate's phone…) fails here until the world plants canaries
    in it; and every row of every such field holds one."""
    found = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.EmailField)
        or (isinstance(field, models.CharField) and CONTACT_WORDS & set(field.name.split("_")))
    }
    planted = set(world.canaries.values())
    not_planted = {
        (label, name): value
        for label, name in CONTACT_FIELDS
        for value in apps.get_model(label).objects.values_list(name, flat=True)
        if value not in planted
    }

    assert found == CONTACT_FIELDS | PUBLIC_CONTACT_FIELDS
    assert not_planted == {}


# --- Pages, feeds, exports -------------------------------------------------------------------

#: What a reader of each format must find there: proof that the crawl read it through.
READ_BACK = {
    "/fr/news/feed/": "Nouvelle",
    "/fr/dialogues/calendar.ics": "Dialogue prochain",
    "/fr/dialogues/dialogue-tenu/event.ics": "Dialogue tenu",
    "/fr/strategy/strategy-fr.pdf": "Sécurité économique",
    "/en/strategy/strategy-en.pdf": "Sécurité économique",  # no English text: the French one
}
READ_BACK_BY_DONORS = {
    "/fr/progress/export.xlsx": "Indicateur",
    "/fr/progress/export.csv": "Indicateur",
}


@pytest.mark.parametrize("who", ["visitor", "donor"])
def test_no_contact_detail_reaches_a_visitor_or_a_donor(world, who):
    """Nor the name of a member organisation's person, nor (to a visitor) the name of an
    organisation that stays out of the public directory. Names are not contact details,
    but nothing a visitor or a donor reads needs them: were one to appear, it would be
    decided here, knowingly."""
    user = world.users[who]
    hidden = {value for value in world.canaries.values() if user is None or value != user.email}
    hidden |= set(world.names.values())
    if who == "visitor":
        hidden.add(world["unlisted"].name)

    reached = crawl(client_for(user), starting_points(world))

    leaks = {
        path: found for path, text in reached.texts.items() if (found := found_in(text, hidden))
    }
    assert leaks == {}
    # The crawl went everywhere: three languages, past the starting points, every format read.
    read_back = READ_BACK | (READ_BACK_BY_DONORS if who == "donor" else {})
    assert {path: text in reached.texts.get(path, "") for path, text in read_back.items()} == {
        path: True for path in read_back
    }
    assert len(reached.statuses) > len(starting_points(world)) + 50
    assert {path.split("/")[1] for path in reached.statuses} >= set(LANGUAGES)


def test_canaries_are_where_they_belong(world):
    """Control: the crawler's reading finds the canaries where DESIGN.md puts them, so the
    test above could fail: an organisation's people and coordinators see its contact person,
    every user their own address (and their own data)."""
    organisation = world["organisation"]
    member, coordinator = world.users["member"], world.users["coordinator"]
    pages = {
        (member, organisation.get_absolute_url()): organisation.contact_phone,
        (member, "/fr/accounts/email/"): member.email,
        (member, "/fr/accounts/my-data/download/"): world["second_address"].email,
        (member, f"/fr/members/{organisation.slug}/people/"): world["invitation"].email,
        (coordinator, world["applicant"].get_absolute_url()): world["applicant"].contact_email,
        (world.users["donor"], "/en/accounts/email/"): world.users["donor"].email,
    }

    seen = {}
    for (user, path), value in pages.items():
        response = client_for(user).get(path)
        seen[path] = value in readable_text(response, body_of(response))

    assert seen == dict.fromkeys(seen, True)


# --- Emails ------------------------------------------------------------------------------------


def send_the_emails_of_a_season(world, client: Client) -> None:
    """What a few weeks of the network send, through the services the views call (their
    emails go out after the commit: run this under ``django_capture_on_commit_callbacks``)."""
    member, coordinator = world.users["member"], world.users["coordinator"]
    # A proposed event is published (the region's people: daily digest), a delegate registered.
    dialogue_services.event_set_status(
        event=world["proposed"], status=EventStatus.PLANNED, changed_by=coordinator
    )
    dialogue_services.registration_create(
        event=world["network_only"], organisation=world["organisation"],
        delegate=world.people["editor"], registered_by=member,
    )  # fmt: skip
    # The organisation's draft contribution is submitted (to the coordinators) and approved.
    value = progress_services.value_submit(value=world["draft_contribution"], actor=member)
    progress_services.value_decide(value=value, actor=coordinator, approve=True)
    # The amendment is accepted, the section changed (its followers told), a comment answered.
    strategy_services.amendment_decide(
        amendment=world["amendment"], decided_by=coordinator, accept=True
    )
    section = world["draft"]
    strategy_services.section_save_revision(
        section=section, language="fr", title=section.title_fr, body="Paragraphe B, complété.",
        author=coordinator, base=strategy_services.latest_revision(section, "fr"),
    )  # fmt: skip
    strategy_services.comment_add(
        section=section, author=coordinator, body="Réponse.", parent=world["comment"]
    )
    # An invitation; an application decided, another one made.
    member_services.invitation_send(
        organisation=world["organisation"], email=canary_email("second-invitee"),
        role="editor", invited_by=member,
    )  # fmt: skip
    member_services.organisation_set_status(
        organisation=world["applicant"], to_status=MembershipStatus.ACTIVE, decided_by=coordinator
    )
    member_services.organisation_apply(
        applicant=world.people["applicant"],
        fields={
            "name": "Association Nouvelle", "description_fr": "Nouvelle.",
            "contact_name": f"ContactNouvelle{CANARY}",
            "contact_email": canary_email("contact-nouvelle"),
            "contact_phone": canary_phone(5), "listed": True,
        },
    )  # fmt: skip
    # A report published, an event cancelled, a news post published; then the digests.
    dialogue_services.report_save(
        event=world["upcoming"], fields={"body_fr": "Compte rendu."}, author=coordinator,
        publish=True,
    )  # fmt: skip
    dialogue_services.event_set_status(
        event=world["upcoming"], status=EventStatus.CANCELLED, changed_by=coordinator
    )
    news_post_save(
        post=NewsPost(title_fr="Atelier de Mopti", body_fr="Texte.", status="published"),
        author=coordinator,
    )
    digest_send(frequency=Frequency.DAILY)
    digest_send(frequency=Frequency.WEEKLY)
    # allauth: a password reset, a sign-up with a new address and one with a taken address.
    for path, data in (
        ("/fr/accounts/password/reset/", {"email": member.email}),
        ("/fr/accounts/signup/", _signup(canary_email("newcomer"))),
        ("/fr/accounts/signup/", _signup(world.users["other_member"].email)),
    ):
        cache.clear()
        client.post(path, data)
        client.logout()


def _signup(email: str) -> dict:
    return {"email": email, "password1": "Correct-horse-battery-9",
            "password2": "Correct-horse-battery-9", "display_name": f"Nouveau{CANARY}"}  # fmt: skip


def email_text(message) -> str:
    """Everything the recipient reads: the headers, the subject, the text and HTML bodies."""
    headers = {"To": ", ".join(message.to), "Cc": ", ".join(message.cc), **message.extra_headers}
    parts = [message.subject, message.body, *(f"{k}: {v}" for k, v in headers.items())]
    parts += [content for content, _type in getattr(message, "alternatives", [])]
    text = "\n".join(parts)
    return text + "\n" + html.unescape(text) + "\n" + unquote(text)


def test_no_canary_in_an_email_but_the_recipients_own_address(
    world, mailoutbox, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        send_the_emails_of_a_season(world, client)
    canaries = (
        set(world.canaries.values())
        | {canary_email(label) for label in ("second-invitee", "contact-nouvelle", "newcomer")}
        | {f"ContactNouvelle{CANARY}", canary_phone(5)}
    )
    addresses = _addresses_by_owner()

    leaks, seen_own = [], set()
    for message in mailoutbox:
        recipients = {*message.to, *message.cc, *message.bcc}
        own = set().union(*(addresses.get(r, {r}) for r in recipients))
        found = set(found_in(email_text(message), canaries))
        seen_own |= found & own
        if found - own:
            leaks.append((message.subject, sorted(recipients), sorted(found - own)))

    assert leaks == []
    # Control: every step sent its email, and the checker saw the recipients' own addresses.
    assert len(mailoutbox) == 23, [(m.subject, m.to) for m in mailoutbox]
    assert seen_own == {message.to[0] for message in mailoutbox}


def _addresses_by_owner() -> dict[str, set[str]]:
    """Each user's addresses (their own and their other ones), by each of them."""
    owned: dict[int, set[str]] = {}
    for user_id, email in [
        *EmailAddress.objects.values_list("user_id", "email"),
        *get_user_model().objects.values_list("pk", "email"),
    ]:
        owned.setdefault(user_id, set()).add(email)
    return {email: emails for emails in owned.values() for email in emails}

"""Benchmark of the portal served by gunicorn on PostgreSQL (``make bench``).

Run from the repository root::

    .venv/bin/python bench/run.py            # or: make bench

What it does, in order:

1. creates a fresh PostgreSQL database (``network_bench`` on 127.0.0.1,
   dropped first if it exists), runs ``migrate``, ``seed_demo`` and
   ``collectstatic`` (into a temporary directory) with
   ``DJANGO_SETTINGS_MODULE=bench.settings``, ``DJANGO_DEBUG=0``, then
   ``VACUUM ANALYZE``;
   It then adds ``--organisations`` (2000) listed member organisations,
   ``--events`` (3000) public dialogue events and ``--recommendations``
   (10000) recommendations with bulk inserts, for the directory, the event
   list, an event page and the iCalendar feed; and three years of
   results-framework data over them (``SEED_PROGRESS``: the project's six
   semesters, attendance, decided recommendations, membership history,
   about twenty indicators with their values) for the donor's progress
   pages and the exports;
2. counts the SQL queries of one request to each page, in this process with
   Django's test client against the same database (the SQL is written to
   ``bench/out/queries-*.sql``);
3. starts gunicorn (2 sync workers, 127.0.0.1, a free port; the cache in Redis
   database 3, ``BENCH_CACHE_URL``, emptied first), logs in the demo
   coordinator, and the demo donor for the progress pages, once per client
   connection through the real allauth form,
   warms every URL up, then sends each URL a bounded number of requests
   (2000 by default, ``--concurrency`` (16) concurrent connections from threads
   of this process, at most 30 s per URL) and records every latency;
4. measures the page weight of a first visit: the HTML, its gzip size
   (level 6, what a compressing proxy would send), and every same-origin
   asset the page makes a browser fetch (stylesheets, scripts, images, icons,
   ``url()`` in the CSS, ``/favicon.ico`` when no icon is declared);
5. stops gunicorn and drops the database, even on error, then adds a section
   to ``bench/RESULTS.md`` (newest first; earlier runs are kept below).

How to read the results: ``rps`` is completed 200 responses per second of
wall time for the whole batch; p50/p95/p99 are latencies in milliseconds
seen by the client, including the time a request waits for a free worker
(16 connections share 2 workers, so the queue is part of the number; the
target of issue 8 is p95 ≤ 150 ms on every main page at 16 connections on
2 cores). The
``× baseline`` column divides a page's rps by the rps of ``/bench/baseline/``,
a view that returns two bytes with no query and no template, through the
same middleware and the same server: it is the share of the ceiling that a
page keeps. The baseline is measured first and again last; if the two
differ by much, the machine was busy and the run should be repeated. The
load generator shares the machine (and, being Python, mostly one core) with
the server: the CPU columns say how much of the machine each side used.
The page-weight budgets are 14 KB (14 336 bytes) of gzip-compressed HTML and
100 KB (102 400 bytes) transferred in all, headers included, as served by
this server.

Only 127.0.0.1 is contacted; every loop is bounded in count and in time.
"""

import argparse
import contextlib
import dataclasses
import gzip
import http.client
import importlib.metadata
import math
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode, urljoin, urlsplit

import psycopg2
from psycopg2 import sql

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "bench" / "out"
RESULTS_FILE = REPO / "bench" / "RESULTS.md"
RUNS_MARKER = "<!-- bench:runs (newest first) -->"

HOST = "127.0.0.1"
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "5432"))
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")
BENCH_DB = "network_bench"

LOGIN_PATH = "/fr/accounts/login/"
DASHBOARD_PATH = "/fr/dashboard/"
COORDINATOR_EMAIL = "coordinator@demo.example.org"
COORDINATOR_PASSWORD = "Demo-coordinator-2013"  # public demo password (seed_demo)
#: The demo accounts the logged-in targets use (public demo passwords, seed_demo).
ACCOUNTS = {
    "coordinator": (COORDINATOR_EMAIL, COORDINATOR_PASSWORD),
    "donor": ("donor@demo.example.org", "Demo-donor-2013"),
}
USER_AGENT = "network-bench/1 (bench/run.py)"

HTML_GZIP_BUDGET = 14 * 1024
TOTAL_BUDGET = 100 * 1024
GZIP_LEVEL = 6
MAX_ASSETS = 50  # per page: a bound on the page-weight crawl
HTTP_TIMEOUT = 10.0  # seconds, per request
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class Target:
    """One URL to load: its label, path, and the demo account it needs (``ACCOUNTS``), if any."""

    name: str
    path: str
    account: str = ""
    weigh: bool = False

    @property
    def logged_in(self) -> bool:
        return bool(self.account)


BASELINE = Target("baseline", "/bench/baseline/")
TARGETS: tuple[Target, ...] = (
    BASELINE,
    Target("home", "/fr/", weigh=True),
    Target("dashboard", DASHBOARD_PATH, account="coordinator", weigh=True),
    Target("directory", "/fr/members/", weigh=True),
    Target("directory, filtered", "/fr/members/?region=mopti&kind=women"),
    Target("organisation", "/fr/members/bench-organisation/", weigh=True),
    Target("events", "/fr/dialogues/", weigh=True),
    Target("events, filtered", "/fr/dialogues/?level=regional&region=mopti"),
    Target("event", "/fr/dialogues/bench-event/", weigh=True),
    Target("calendar feed", "/fr/dialogues/calendar.ics"),
    Target("strategy", "/fr/strategy/", weigh=True),
    Target("section", "/fr/strategy/bench-section/", weigh=True),
    Target("section history", "/fr/strategy/bench-section/history/", account="coordinator"),
    Target(
        "section diff",
        "/fr/strategy/bench-section/diff/?from={diff_from}&to={diff_to}",
        account="coordinator",
    ),
    Target(
        "recommendations to take in",
        "/fr/strategy/bench-section/recommendations/",
        account="coordinator",
    ),
    Target("printable strategy", "/fr/strategy/print/"),
    Target("strategy PDF (cached)", "/fr/strategy/strategy-fr.pdf"),
    Target("progress summary", "/fr/progress/", weigh=True),
    Target("progress overview", "/fr/progress/overview/", account="donor", weigh=True),
    Target("indicator, computed", "{indicator_computed}", account="donor", weigh=True),
    Target("indicator, reported", "{indicator_reported}", account="donor", weigh=True),
    Target("progress CSV", "/fr/progress/export.csv", account="donor"),
    Target("progress XLSX", "/fr/progress/export.xlsx", account="donor"),
    # The main public pages again, logged in (the coordinator sees the most on each).
    Target("home, logged in", "/fr/", account="coordinator"),
    Target("directory, logged in", "/fr/members/", account="coordinator"),
    Target("events, logged in", "/fr/dialogues/", account="coordinator"),
    Target("event, logged in", "/fr/dialogues/bench-event/", account="coordinator"),
    Target("strategy, logged in", "/fr/strategy/", account="coordinator"),
    Target("section, logged in", "/fr/strategy/bench-section/", account="coordinator"),
    Target("baseline (repeat)", "/bench/baseline/"),
)

#: Seeds ``events`` public dialogue events and ``recommendations``
#: recommendations among them: two events in three are held during the
#: project (1 Nov 2013 – 31 Oct 2016, the years the results framework
#: measures), the others are planned in the year ahead; the event
#: ``bench-event`` (upcoming, regional, Mopti) has 10 recommendations.
SEED_EVENTS = """
import datetime, random
from zoneinfo import ZoneInfo
from django.utils import timezone
from dialogues.models import DialogueEvent, Recommendation
from members.models import Organisation
from network.pages.models import Region
random.seed(7)
regions = list(Region.objects.all())
mopti = next(r for r in regions if r.slug == "mopti")
levels = ["community", "local", "regional", "national", "international"]
now = timezone.now()
project_start = datetime.datetime(2013, 11, 1, 8, tzinfo=ZoneInfo("Africa/Bamako"))
project_days = (datetime.date(2016, 10, 31) - datetime.date(2013, 11, 1)).days
events = []
for n in range({events}):
    held = n % 3 != 0
    if held:
        start = project_start + datetime.timedelta(
            days=random.randint(0, project_days), hours=random.randint(0, 10))
    else:
        start = now + datetime.timedelta(days=random.randint(1, 365), hours=random.randint(0, 23))
    if n == 0:
        start = now + datetime.timedelta(days=10)
    events.append(DialogueEvent(
        title=f"Dialogue {n:05d}", title_fr=f"Dialogue {n:05d}",
        slug="bench-event" if n == 0 else f"dialogue-{n:05d}",
        description=f"Dialogue {n}", description_fr=f"Dialogue {n}",
        level="regional" if n == 0 else levels[n % 5],
        region=mopti if n == 0 else regions[n % len(regions)],
        place="Mopti", starts_at=start, ends_at=start + datetime.timedelta(hours=6),
        status="held" if held else "planned", visibility="public"))
ids = [event.pk for event in DialogueEvent.objects.bulk_create(events, batch_size=1000)]
recs = [Recommendation(event_id=ids[0] if n < 10 else ids[n % len(ids)],
                       text=f"Recommandation {n}", text_fr=f"Recommandation {n}",
                       addressed_level="national") for n in range({recommendations})]
Recommendation.objects.bulk_create(recs, batch_size=1000)
links = DialogueEvent.organisers.through
orgs = list(Organisation.objects.values_list("pk", flat=True)[:200])
links.objects.bulk_create([links(dialogueevent_id=pk, organisation_id=orgs[i % len(orgs)])
                           for i, pk in enumerate(ids)], batch_size=1000)
"""

#: Seeds ``sections`` validated sections of a published strategy, each with
#: ``revisions`` French revisions (bulk inserts); ``bench-section`` is the first.
SEED_STRATEGY = """
from django.utils import timezone
from strategy.models import Revision, Section, Strategy
strategy = Strategy.objects.first()
if strategy is None:
    strategy = Strategy.objects.create(title="Stratégie", title_fr="Stratégie")
strategy.published_at = timezone.now()
strategy.save()
paragraph = "La sécurité humaine place les personnes au centre. " * 8
sections = Section.objects.bulk_create([
    Section(strategy=strategy, order=1000 + n, slug="bench-section" if n == 0 else f"bench-{n:04d}",
            title=f"Section {n}", title_fr=f"Section {n}", body=paragraph, body_fr=paragraph,
            status="validated")
    for n in range({sections})
])
Revision.objects.bulk_create([
    Revision(section=section, language="fr", number=k + 1, title=section.title_fr,
             body="\\n\\n".join([paragraph] * 5 + [f"Version {k}."]))
    for section in sections for k in range({revisions})
], batch_size=2000)
"""

#: Seeds ``count`` listed, active organisations (bulk inserts), each in one
#: region and with one theme, one of them with the slug ``bench-organisation``.
SEED_ORGANISATIONS = """
from members.models import Organisation
from network.pages.models import Region, Theme
regions, themes = list(Region.objects.all()), list(Theme.objects.all())
kinds = ["ngo", "cbo", "women", "youth", "religious", "media", "research", "network"]
Organisation.objects.bulk_create(
    [Organisation(name=f"Organisation {n:05d}", acronym=f"O{n}", kind=kinds[n % len(kinds)],
                  slug="bench-organisation" if n == 0 else f"organisation-{n:05d}",
                  description=f"Organisation {n}", description_fr=f"Organisation {n}",
                  status="active", listed=True) for n in range({count})],
    batch_size=1000,
)
Region_links = Organisation.regions.through
Theme_links = Organisation.themes.through
ids = list(Organisation.objects.values_list("pk", flat=True))
Region_links.objects.bulk_create(
    [Region_links(organisation_id=pk, region_id=regions[i % len(regions)].pk)
     for i, pk in enumerate(ids)], batch_size=1000)
Theme_links.objects.bulk_create(
    [Theme_links(organisation_id=pk, theme_id=themes[i % len(themes)].pk)
     for i, pk in enumerate(ids)], batch_size=1000)
"""


#: Seeds three years of results-framework data over the network seeded above:
#: the six semesters of the project (Nov 2013 – Oct 2016); attendance for
#: every held bench event; a recommendation in five forwarded and one in five
#: taken into the strategy, decided within two months of its event; each
#: bench organisation's membership history (applicant, then active; one in
#: ten suspended for a while); the bench sections validated on project days;
#: on top of the demo's framework, one indicator for each computation of
#: ``COMPUTATIONS`` that has none yet, and reported ones (disaggregated or
#: not, with or without member contributions) up to ``indicators`` in all
#: (at least two), each with an approved value per semester, plus pending
#: values that must not count. Prints the numbers of indicators and values.
SEED_PROGRESS = """
import datetime, random
from decimal import Decimal
from zoneinfo import ZoneInfo
from django.db.models import Max, Q
from django.utils import translation
from dialogues.models import Attendance, DialogueEvent, Recommendation
from members.models import Organisation, StatusChange
from network.accounts.models import User
from network.progress.computed import COMPUTATIONS
from network.progress.models import Indicator, IndicatorValue, Objective, Period
from strategy.models import Section
random.seed(11)
BAMAKO = ZoneInfo("Africa/Bamako")
FIRST, LAST = datetime.date(2013, 11, 1), datetime.date(2016, 10, 31)
SPAN = (LAST - FIRST).days

def moment(day):
    return datetime.datetime.combine(day, datetime.time(random.randint(8, 17)), BAMAKO)

def project_day(low=0, high=SPAN):
    return FIRST + datetime.timedelta(days=random.randint(low, high))

def month_start(index):
    return datetime.date(2013 + (index - 1) // 12, (index - 1) % 12 + 1, 1)

periods = []
for k in range(6):
    start, end = month_start(11 + 6 * k), month_start(17 + 6 * k) - datetime.timedelta(days=1)
    period, _ = Period.objects.get_or_create(starts_on=start, defaults=dict(
        ends_on=end, name=f"Semestre {k + 1}", name_fr=f"Semestre {k + 1}",
        name_en=f"Semester {k + 1}"))
    periods.append(period)

held = list(DialogueEvent.objects.filter(slug__regex=r"^dialogue-[0-9]{5}$", status="held")
            .values_list("pk", "starts_at"))
attendance = []
for pk, _ in held:
    total = random.randint(12, 180)
    women = random.randint(total // 4, total * 3 // 5)
    attendance.append(Attendance(event_id=pk, total=total, women=women, men=total - women,
                                 youth=random.randint(0, total // 2)))
Attendance.objects.bulk_create(attendance, batch_size=1000)
starts = dict(held)
decided = []
for n, rec in enumerate(Recommendation.objects.filter(event_id__in=starts).order_by("pk")):
    if n % 5 in (1, 2):
        rec.status = "forwarded" if n % 5 == 1 else "taken"
        rec.decided_at = min(starts[rec.event_id] + datetime.timedelta(days=random.randint(1, 60)),
                             moment(LAST))
        decided.append(rec)
Recommendation.objects.bulk_update(decided, ["status", "decided_at"], batch_size=1000)

changes = []
organisations = Organisation.objects.filter(
    Q(slug__regex=r"^organisation-[0-9]{5}$") | Q(slug="bench-organisation"))
for n, pk in enumerate(organisations.order_by("pk").values_list("pk", flat=True)):
    applied = project_day(0, 2 * 365)
    joined = applied + datetime.timedelta(days=random.randint(10, 60))
    steps = [("", "applicant", applied), ("applicant", "active", joined)]
    if n % 10 == 0:
        suspended = joined + datetime.timedelta(days=random.randint(30, 200))
        steps += [("active", "suspended", suspended),
                  ("suspended", "active", suspended + datetime.timedelta(days=90))]
    changes += [StatusChange(organisation_id=pk, from_status=a, to_status=b, created_at=moment(d),
                             reason="bench") for a, b, d in steps]
StatusChange.objects.bulk_create(changes, batch_size=2000)

sections = list(Section.objects.filter(slug__startswith="bench", status="validated"))
for section in sections:
    section.status_changed_at = moment(project_day(365, SPAN))
Section.objects.bulk_update(sections, ["status_changed_at"], batch_size=1000)

objectives = {o.number: o for o in Objective.objects.all()}
numbers = {n: (o.indicators.aggregate(m=Max("number"))["m"] or 0) for n, o in objectives.items()}

def indicator(objective, names, **fields):
    numbers[objective] += 1
    return Indicator.objects.create(
        objective=objectives[objective], number=numbers[objective], name=names["fr"],
        **{f"name_{lang}": text for lang, text in names.items()},
        baseline_date=FIRST, **fields)

def labels(text):
    result = {}
    for lang in ("fr", "en", "bm"):
        with translation.override(lang):
            result[lang] = str(text)
    return result

placed = {"women_share": 2, "youth_share": 3, "recommendations_forwarded": 2,
          "recommendations_taken": 2, "sections_validated": 2, "events_held_international": 4}
targets = {"active_organisations": 2500, "events_held": 2500, "participants": 150000,
           "women_share": 50, "youth_share": 40, "recommendations_forwarded": 3000,
           "recommendations_taken": 1500, "sections_validated": 150}
present = set(Indicator.objects.values_list("computation", flat=True))
existing = Indicator.objects.count()
missing = [key for key in COMPUTATIONS if key not in present]
for key in missing:
    computation = COMPUTATIONS[key]
    indicator(placed.get(key, 1), labels(computation.label), source="computed", computation=key,
              unit=computation.unit, disaggregated=computation.disaggregated,
              baseline=Decimal(0), target=Decimal(targets.get(key, 500)), public=True)

reported = [
    (3, {"fr": "Personnes formées à la sécurité humaine",
         "en": "People trained in human security"},
     dict(disaggregated=True, members_may_report=True, target=Decimal(5000)), 900),
    (1, {"fr": "Émissions de radio sur la paix", "en": "Radio programmes on peace"},
     dict(members_may_report=True, target=Decimal(300)), 50),
    (2, {"fr": "Plans locaux de sécurité sensibles au genre",
         "en": "Gender-sensitive local security plans"},
     dict(unit="percent", target=Decimal(60)), None),
    (4, {"fr": "Notes de politique publiées", "en": "Policy briefs published"},
     dict(target=Decimal(24)), 4),
    (2, {"fr": "Membres des comités de dialogue", "en": "Members of dialogue committees"},
     dict(disaggregated=True, target=Decimal(800)), 140),
    (3, {"fr": "Incidents violents signalés dans les zones pilotes",
         "en": "Violent incidents reported in pilot areas"},
     dict(direction="decrease", baseline=Decimal(120), target=Decimal(40)), None),
    (4, {"fr": "Rencontres avec les organisations régionales",
         "en": "Meetings with regional bodies"},
     dict(target=Decimal(30)), 5),
]
coordinator = User.objects.filter(email="coordinator@demo.example.org").first()
contributors = list(Organisation.objects.filter(slug__regex=r"^organisation-[0-9]{5}$")
                    .order_by("pk").values_list("pk", flat=True)[:45])
values = []

def value(indicator, period, amount, status="approved", organisation=None):
    amount = Decimal(amount).quantize(Decimal("0.01"))
    women = men = None
    if indicator.disaggregated:
        women = (amount * Decimal(random.randint(35, 60)) / 100).quantize(Decimal("1"))
        men = amount - women
    decided = status == "approved"
    values.append(IndicatorValue(
        indicator=indicator, period=period, value=amount, women=women, men=men,
        organisation_id=organisation, status=status, entered_by=coordinator,
        evidence_note="Rapport semestriel.",
        submitted_at=moment(period.ends_on) if status != "draft" else None,
        decided_by=coordinator if decided else None,
        decided_at=moment(period.ends_on) if decided else None))

# Reported indicators up to {indicators} in all, at least the first two (member contributions).
for objective, names, fields, step in reported[:max(2, {indicators} - existing - len(missing))]:
    fields.setdefault("baseline", Decimal(0))
    made = indicator(objective, names, **fields)
    for k, period in enumerate(periods):
        if fields.get("unit") == "percent":
            amount = 10 + 8 * k + random.randint(0, 5)
        elif fields.get("direction") == "decrease":
            amount = 120 - 12 * k + random.randint(-5, 5)
        else:
            amount = step * (k + 1) + random.randint(0, step)
        pending = made.number % 2 and k == 5  # the last semester's value still to approve
        value(made, period, amount, status="submitted" if pending else "approved")
        if made.members_may_report:
            for i, organisation in enumerate(contributors):
                status = "approved" if i < 38 else ("submitted" if i < 43 else "draft")
                value(made, period, random.randint(1, 20), status=status, organisation=organisation)
IndicatorValue.objects.bulk_create(values, batch_size=2000)
print(f"progress indicators: {Indicator.objects.count()}, "
      f"values: {IndicatorValue.objects.count()}")
"""


# --- HTTP -------------------------------------------------------------------


@dataclass
class Response:
    """A response read whole, with the size it had on the wire."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes  # as received (still gzip-encoded if the server compressed it)
    header_bytes: int  # status line + header lines, reconstructed
    will_close: bool

    def header(self, name: str) -> str:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return ""

    @property
    def decoded(self) -> bytes:
        if self.header("Content-Encoding").lower() == "gzip":
            return gzip.decompress(self.body)
        return self.body

    @property
    def wire_bytes(self) -> int:
        return self.header_bytes + len(self.body)


def http_request(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
) -> Response:
    """Send one request on ``conn`` (reopened by http.client if the server closed it)."""
    conn.request(method, path, body=body, headers={"User-Agent": USER_AGENT, **(headers or {})})
    resp = conn.getresponse()
    data = resp.read()
    pairs = resp.getheaders()
    header_bytes = len(f"HTTP/1.1 {resp.status} {resp.reason}\r\n\r\n".encode("latin-1")) + sum(
        len(f"{key}: {value}\r\n".encode("latin-1", "replace")) for key, value in pairs
    )
    return Response(resp.status, pairs, data, header_bytes, resp.will_close)


def new_connection(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT)


def cookie_header(jar: SimpleCookie) -> str:
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())


def update_jar(jar: SimpleCookie, response: Response) -> None:
    for key, value in response.headers:
        if key.lower() == "set-cookie":
            jar.load(value)


def login(port: int, account: str = "coordinator") -> str:
    """Log a demo account (``ACCOUNTS``) in through the allauth form; return a Cookie header."""
    email, password = ACCOUNTS[account]
    conn = new_connection(port)
    try:
        jar: SimpleCookie = SimpleCookie()
        page = http_request(conn, "GET", LOGIN_PATH)
        if page.status != 200:
            raise RuntimeError(f"GET {LOGIN_PATH} answered {page.status}")
        update_jar(jar, page)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.decoded)
        if match is None:
            raise RuntimeError("no csrfmiddlewaretoken in the login form")
        form = urlencode(
            {
                "login": email,
                "password": password,
                "csrfmiddlewaretoken": match.group(1).decode(),
            }
        ).encode()
        posted = http_request(
            conn,
            "POST",
            LOGIN_PATH,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie_header(jar),
                "Origin": f"http://{HOST}:{port}",
            },
            body=form,
        )
        update_jar(jar, posted)
        if posted.status != 302 or "sessionid" not in jar:
            raise RuntimeError(
                f"login failed: POST {LOGIN_PATH} answered {posted.status}, "
                f"Location {posted.header('Location')!r}"
            )
        check = http_request(conn, "GET", DASHBOARD_PATH, headers={"Cookie": cookie_header(jar)})
        if check.status != 200:
            raise RuntimeError(f"logged in, yet {DASHBOARD_PATH} answered {check.status}")
        return cookie_header(jar)
    finally:
        conn.close()


# --- Load -------------------------------------------------------------------


@dataclass
class LoadResult:
    """What one batch of requests to one URL gave."""

    target: Target
    latencies_ms: list[float]  # of the 200 responses
    wall_s: float
    sent: int
    errors: Counter[str]
    server_closed: int  # responses after which the server closed the connection
    client_cpu_s: float
    server_cpu_s: float
    queries: int | None = None
    duplicate_queries: int | None = None

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s > 0 else 0.0

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        if not self.latencies_ms:
            return math.nan
        ordered = sorted(self.latencies_ms)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1]


def client_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_tree_cpu_seconds(root_pid: int) -> float:
    """User + system CPU of ``root_pid`` and its direct children (gunicorn's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        # Fields after the command name, which is in parentheses and may hold spaces.
        fields = stat[stat.rfind(")") + 2 :].split()
        pid, ppid = int(entry.name), int(fields[1])
        if pid == root_pid or ppid == root_pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def run_load(
    port: int,
    target: Target,
    cookies: list[str | None],
    total: int,
    max_seconds: float,
    server_pid: int,
) -> LoadResult:
    """Send ``target`` at most ``total`` requests for at most ``max_seconds``.

    One thread per entry of ``cookies``, each with its own connection; a
    thread takes the next request while any is left and time remains.
    """
    lock = threading.Lock()
    barrier = threading.Barrier(len(cookies) + 1)
    issued = 0
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    closed = 0
    deadline = 0.0  # set by the main thread before it releases the barrier

    def worker(cookie: str | None) -> None:
        nonlocal issued, closed
        conn = new_connection(port)
        headers = {"Accept-Encoding": "gzip"}
        if cookie:
            headers["Cookie"] = cookie
        mine: list[float] = []
        my_errors: Counter[str] = Counter()
        my_closed = 0
        barrier.wait()
        try:
            while True:
                with lock:
                    if issued >= total or time.perf_counter() >= deadline:
                        break
                    issued += 1
                start = time.perf_counter()
                try:
                    response = http_request(conn, "GET", target.path, headers=headers)
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    my_errors[type(error).__name__] += 1
                    continue
                elapsed_ms = (time.perf_counter() - start) * 1000
                my_closed += response.will_close
                if response.status == 200:
                    mine.append(elapsed_ms)
                else:
                    my_errors[f"HTTP {response.status}"] += 1
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                errors.update(my_errors)
                closed += my_closed

    threads = [threading.Thread(target=worker, args=(cookie,), daemon=True) for cookie in cookies]
    for thread in threads:
        thread.start()
    cpu_client, cpu_server = client_cpu_seconds(), process_tree_cpu_seconds(server_pid)
    deadline = time.perf_counter() + max_seconds
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join(timeout=max_seconds + 2 * HTTP_TIMEOUT)
    wall = time.perf_counter() - started
    return LoadResult(
        target=target,
        latencies_ms=latencies,
        wall_s=wall,
        sent=issued,
        errors=errors,
        server_closed=closed,
        client_cpu_s=client_cpu_seconds() - cpu_client,
        server_cpu_s=process_tree_cpu_seconds(server_pid) - cpu_server,
    )


# --- Page weight ------------------------------------------------------------


class AssetParser(HTMLParser):
    """Collects the URLs a browser fetches when it renders the page."""

    FETCHED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.declares_icon = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if "icon" in rels:
                self.declares_icon = True
            if rels & self.FETCHED_RELS and values.get("href"):
                self.urls.append(values["href"])
        elif tag in {"script", "img", "iframe", "embed", "audio", "video", "source"}:
            if values.get("src"):
                self.urls.append(values["src"])


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


@dataclass
class Asset:
    url: str
    status: int
    content_type: str
    served_bytes: int  # body as sent by this server
    wire_bytes: int  # headers + body as sent
    proxy_bytes: int  # headers + body if a proxy gzipped text at level 6


@dataclass
class PageWeight:
    target: Target
    html_bytes: int
    html_gzip_bytes: int
    html_wire_bytes: int
    html_proxy_bytes: int
    assets: list[Asset] = field(default_factory=list)
    external: list[str] = field(default_factory=list)  # listed, never fetched

    @property
    def total_wire(self) -> int:
        return self.html_wire_bytes + sum(asset.wire_bytes for asset in self.assets)

    @property
    def total_proxy(self) -> int:
        return self.html_proxy_bytes + sum(asset.proxy_bytes for asset in self.assets)

    @property
    def html_within(self) -> bool:
        return self.html_gzip_bytes <= HTML_GZIP_BUDGET

    @property
    def total_within(self) -> bool:
        return self.total_wire <= TOTAL_BUDGET


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def proxy_size(response: Response) -> int:
    """Bytes on the wire had a proxy gzipped this (text) response at level 6."""
    content_type = response.header("Content-Type").lower()
    if response.header("Content-Encoding") or not content_type.startswith(TEXT_TYPES):
        return response.wire_bytes
    extra = len(b"Content-Encoding: gzip\r\n")
    return response.header_bytes + extra + gzip_size(response.body)


def weigh_page(port: int, target: Target, cookie: str | None) -> PageWeight:
    """Fetch the page like a first visit (empty cache) and add up what comes back."""
    origin = f"http://{HOST}:{port}"
    conn = new_connection(port)
    headers = {"Accept-Encoding": "gzip"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        page = http_request(conn, "GET", target.path, headers=headers)
        if page.status != 200:
            raise RuntimeError(f"{target.path} answered {page.status}")
        html = page.decoded
        weight = PageWeight(
            target=target,
            html_bytes=len(html),
            html_gzip_bytes=gzip_size(html),
            html_wire_bytes=page.wire_bytes,
            html_proxy_bytes=proxy_size(page),
        )
        parser = AssetParser()
        parser.feed(html.decode("utf-8", "replace"))
        pending = [urljoin(origin + target.path, ref) for ref in parser.urls]
        if not parser.declares_icon:
            pending.append(origin + "/favicon.ico")  # what browsers ask for unprompted
        seen: set[str] = set()
        while pending and len(seen) < MAX_ASSETS:
            url = pending.pop(0).split("#", 1)[0]
            if url in seen or url.startswith("data:"):
                continue
            seen.add(url)
            parts = urlsplit(url)
            if parts.scheme != "http" or parts.netloc != f"{HOST}:{port}":
                weight.external.append(url)
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            response = http_request(conn, "GET", path, headers=headers)
            content_type = response.header("Content-Type").split(";")[0]
            weight.assets.append(
                Asset(
                    url=path,
                    status=response.status,
                    content_type=content_type,
                    served_bytes=len(response.body),
                    wire_bytes=response.wire_bytes,
                    proxy_bytes=proxy_size(response),
                )
            )
            if response.status == 200 and content_type == "text/css":
                css = response.decoded.decode("utf-8", "replace")
                for match in CSS_URL.finditer(css):
                    pending.append(urljoin(url, match.group(1) or match.group(2)))
        return weight
    finally:
        conn.close()


# --- Database, Django, gunicorn ---------------------------------------------


def pg_admin() -> Any:
    conn = psycopg2.connect(host=HOST, port=PG_PORT, user=PG_USER, dbname="postgres")
    conn.autocommit = True
    return conn


def recreate_database(name: str = BENCH_DB) -> str:
    """Drop and create the database ``name``; return the PostgreSQL version."""
    with contextlib.closing(pg_admin()) as conn, conn.cursor() as cursor:
        name = sql.Identifier(name)
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


#: The indicators whose pages are measured: the computation that reads most
#: rows (every organisation's membership history at each semester's end) and
#: a disaggregated reported indicator with member contributions.
COMPUTED_INDICATOR = "active_organisations"
REPORTED_INDICATOR = "Personnes formées à la sécurité humaine"


def setup_django(env: Mapping[str, str]) -> None:
    """Configure Django in this process with ``env`` (the bench database)."""
    os.environ.update(env)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()


def resolve_targets(env: Mapping[str, str]) -> None:
    """Fill the targets' placeholders from the seeded data: the diff's revision ids, and
    the pages of the computed and reported indicators (their URLs, in French)."""
    global TARGETS
    conn = psycopg2.connect(host=HOST, port=PG_PORT, user=PG_USER, dbname=BENCH_DB)
    with contextlib.closing(conn), conn.cursor() as cursor:
        cursor.execute(
            "SELECT min(r.id), max(r.id) FROM strategy_revision r "
            "JOIN strategy_section s ON s.id = r.section_id "
            "WHERE s.slug = 'bench-section' AND r.language = 'fr'"
        )
        diff_from, diff_to = cursor.fetchone()
    setup_django(env)
    from django.db import connections
    from django.utils import translation

    from network.progress.models import Indicator

    try:
        computed = Indicator.objects.filter(computation=COMPUTED_INDICATOR).order_by("pk")[0]
        reported = Indicator.objects.filter(name_fr=REPORTED_INDICATOR).order_by("pk")[0]
        with translation.override("fr"):
            paths = {
                "diff_from": diff_from,
                "diff_to": diff_to,
                "indicator_computed": computed.get_absolute_url(),
                "indicator_reported": reported.get_absolute_url(),
            }
    finally:
        connections.close_all()
    TARGETS = tuple(
        dataclasses.replace(t, path=t.path.format(**paths)) if "{" in t.path else t for t in TARGETS
    )


def analyze_database() -> None:
    """``VACUUM ANALYZE`` the freshly seeded database, so that autovacuum does not
    wake up in the middle of a measurement and the planner has statistics."""
    conn = psycopg2.connect(host=HOST, port=PG_PORT, user=PG_USER, dbname=BENCH_DB)
    conn.autocommit = True
    with contextlib.closing(conn), conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def drop_database(name: str = BENCH_DB) -> None:
    with contextlib.closing(pg_admin()) as conn, conn.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


#: The cache of the served portal: a Redis database of its own, emptied before each run.
BENCH_CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3")


def empty_cache() -> None:
    """Empty the bench's Redis database, so no figure survives from an earlier run."""
    import redis

    redis.Redis.from_url(BENCH_CACHE_URL).flushdb()


def server_environment(static_root: Path) -> dict[str, str]:
    """The environment of manage.py, gunicorn and this process's Django."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_ENV="development",  # seed_demo refuses production mode
        DJANGO_DEBUG="0",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"postgres://{PG_USER}@{HOST}:{PG_PORT}/{BENCH_DB}",
        # Redis, shared by the workers, as in production (rate limits, computed indicators).
        CACHE_URL=BENCH_CACHE_URL,
        BENCH_STATIC_ROOT=str(static_root),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
    )
    return env


def manage(env: Mapping[str, str], log: IO[str], *args: str) -> None:
    log.write(f"$ manage.py {' '.join(args)}\n")
    log.flush()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=dict(env),
        stdout=log,
        stderr=subprocess.STDOUT,
        check=True,
        timeout=600,
    )


@dataclass
class QueryCount:
    queries: int
    duplicates: int  # statements run more than once in the same request


def count_queries(env: Mapping[str, str]) -> tuple[dict[str, QueryCount], dict[str, str]]:
    """Queries of one (second, warm) request per target, with Django's test client.

    Returns the counts and a few settings worth recording. Runs in this
    process, configured with ``env``; the SQL goes to ``bench/out/``.
    """
    setup_django(env)
    from django.conf import settings
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, QueryCount] = {}
    try:
        clients = {"": Client(HTTP_HOST=HOST)}
        for account in sorted({target.account for target in TARGETS if target.account}):
            email, password = ACCOUNTS[account]
            clients[account] = Client(HTTP_HOST=HOST)
            response = clients[account].post(LOGIN_PATH, {"login": email, "password": password})
            if response.status_code != 302:
                raise RuntimeError(f"test-client login ({account}) answered {response.status_code}")
        for target in TARGETS:
            client = clients[target.account]
            client.get(target.path)  # first request: session and caches settle
            with CaptureQueriesContext(connection) as captured:
                response = client.get(target.path)
            if response.status_code != 200:
                raise RuntimeError(f"test client: {target.path} answered {response.status_code}")
            statements = [query["sql"] for query in captured.captured_queries]
            repeated = sum(n - 1 for n in Counter(statements).values() if n > 1)
            counts[target.name] = QueryCount(len(statements), repeated)
            slug = re.sub(r"[^a-z0-9]+", "-", target.name.lower()).strip("-")
            (OUT_DIR / f"queries-{slug}.sql").write_text(
                "".join(f"-- {i}\n{statement};\n" for i, statement in enumerate(statements, 1))
            )
        db = settings.DATABASES["default"]
        config = {
            "DEBUG": str(settings.DEBUG),
            "database": f"{db['ENGINE'].rsplit('.', 1)[-1]}, CONN_MAX_AGE={db['CONN_MAX_AGE']}",
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "sessions": settings.SESSION_ENGINE,
            "static files": settings.STORAGES["staticfiles"]["BACKEND"].rsplit(".", 1)[-1],
            "NETWORK_REQUIRE_TWO_FACTOR": str(settings.NETWORK_REQUIRE_TWO_FACTOR),
        }
    finally:
        connections.close_all()
    return counts, config


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def gunicorn(env: Mapping[str, str], workers: int, log: IO[str]) -> Iterator[tuple[int, int]]:
    """Run gunicorn for the duration of the block; yield (port, master pid)."""
    executable = Path(sys.executable).parent / "gunicorn"
    if not executable.exists():
        raise RuntimeError(f"{executable} not found: run `make install` first")
    port = free_port()
    command = [
        str(executable),
        "network.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--error-logfile=-",
        "--log-level=info",
    ]
    log.write(f"$ {' '.join(command)}\n")
    log.flush()
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=dict(env),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_ready(port, process)
        yield port, process.pid
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # graceful: workers finish their request
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # our own session: gunicorn's tree
                process.wait(timeout=10)


def wait_until_ready(port: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}: see bench/out/")
        conn = new_connection(port)
        try:
            if http_request(conn, "GET", BASELINE.path).status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s")


# --- Report -----------------------------------------------------------------


def command_output(*command: str) -> str:
    try:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return done.stdout.strip() or "?"


def machine_description(pg_version: str) -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or "?",
    )
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kib = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    ram = f"{int(kib.group(1)) / 1024**2:.1f} GiB" if kib else "?"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    dirty = command_output("git", "status", "--porcelain") not in {"", "?"}
    commit = command_output("git", "rev-parse", "--short", "HEAD")
    return [
        f"- CPU: {model}, {os.cpu_count()} cores ({usable} usable by this process); RAM {ram}",
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"Django {importlib.metadata.version('Django')}, "
        f"PostgreSQL {pg_version}, gunicorn {importlib.metadata.version('gunicorn')}, "
        f"psycopg2 {importlib.metadata.version('psycopg2-binary')}",
        f"- Commit {commit}" + (" (with uncommitted changes in the work tree)" if dirty else ""),
    ]


def kib(n: int) -> str:
    return f"{n / 1024:.1f} KiB"


#: Issue 8's target: p95 at most this many ms on every main page, at 16 concurrent
#: connections on 2 cores.
P95_TARGET_MS = 150
TARGET_CONCURRENCY = 16


def target_verdict(results: list[LoadResult], concurrency: int) -> str:
    """One sentence: whether every page (the baseline aside) kept p95 within
    ``P95_TARGET_MS``, and which did not, with their p95."""
    pages = [r for r in results if not r.target.path.startswith(BASELINE.path)]
    over = [r for r in pages if r.percentile(95) > P95_TARGET_MS]
    where = (
        f"at {concurrency} connections"
        if concurrency == TARGET_CONCURRENCY
        else f"at {concurrency} connections, not the target's {TARGET_CONCURRENCY}"
    )
    if not over:
        return (
            f"Target (issue 8: p95 ≤ {P95_TARGET_MS} ms on every main page, {where}): "
            f"met by all {len(pages)} pages."
        )
    listed = ", ".join(f"{r.target.name} ({r.percentile(95):.0f} ms)" for r in over)
    return (
        f"Target (issue 8: p95 ≤ {P95_TARGET_MS} ms on every main page, {where}): "
        f"**not met** by {len(over)} of {len(pages)} pages: {listed}."
    )


def render_run(
    *,
    date: str,
    machine: list[str],
    config: Mapping[str, str],
    args: argparse.Namespace,
    results: list[LoadResult],
    weights: list[PageWeight],
    log_findings: list[str],
    progress_seed: tuple[int, int] = (0, 0),
) -> str:
    baseline_rps = results[0].rps
    sent = sum(result.sent for result in results)
    closed = sum(result.server_closed for result in results)
    if closed >= sent * 0.99:
        connections = (
            "gunicorn's sync workers close the connection after every response, so each "
            "request also paid a TCP connect on the loopback."
        )
    else:
        connections = f"the server kept connections open ({closed} of {sent} responses closed)."
    lines = [
        f"## Run of {date}",
        "",
        "Machine:",
        "",
        *machine,
        "",
        "Method: a fresh PostgreSQL database is migrated and loaded with `seed_demo` and "
        f"{args.organisations} listed member organisations (the directory shows 20 a page; "
        "the tests prove its query count is the same for 1 and 20 organisations), "
        f"{args.events} public dialogue events (two in three held from November 2013 to "
        "October 2016, with attendance; the others planned in the year ahead) and "
        f"{args.recommendations} recommendations, "
        f"and a published strategy of {args.sections} validated sections with "
        f"{args.revisions} revisions each; then three years of results-framework data: the "
        "six semesters of the project (Nov 2013 – Oct 2016), the organisations' membership "
        "history dated in those years, two recommendations in five of held events forwarded "
        f"or taken, the sections validated on project days, {progress_seed[0]} indicators "
        "(the demo's, then one for every computation of `COMPUTATIONS` still missing, each "
        "an aggregate query over the whole network, and reported ones, some disaggregated, "
        f"two with 45 member organisations' contributions) and {progress_seed[1]} reported "
        "values (approved per semester, with some submitted and draft ones that must not "
        "count); "
        f"gunicorn serves the portal with {args.workers} sync workers on 127.0.0.1 "
        "(`bench.settings`: the portal's settings plus the baseline route; DEBUG off, "
        "static files collected and served by WhiteNoise). The same process, on the same "
        f"machine, runs the load: {args.concurrency} threads, each with its own HTTP/1.1 "
        "connection (for the logged-in pages each thread logged in once through the allauth "
        f"form: {args.concurrency} coordinator sessions for the dashboard and the strategy "
        f"history, {args.concurrency} donor sessions for the progress pages and exports), "
        "send each URL up to "
        f"{args.requests} GET requests, stopping after {args.max_seconds:g} s, after "
        f"{args.warmup} warm-up requests; {connections} rps counts 200 responses per "
        "second of wall time; p50/p95/p99 are client-side latencies in ms, queueing for "
        "a free worker included. The baseline (`/bench/baseline/`, two bytes, no query, "
        "no template, full middleware) is measured first and again last. Queries are "
        "counted with Django's test client on one warm request (SQL in `bench/out/`). "
        "CPU columns: seconds of CPU used during the batch divided by its wall time "
        "(100 % = one core), for the load generator and for gunicorn (master and workers).",
        "",
        *([f"Note: {args.note}", ""] if args.note else []),
        "Configuration: " + "; ".join(f"{key} {value}" for key, value in config.items()) + ".",
        "",
        "| URL | path | sent | errors | rps | p50 ms | p95 ms | p99 ms | × baseline rps "
        "| queries | client CPU | gunicorn CPU |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        errors = ", ".join(f"{n} {kind}" for kind, n in result.errors.items()) or "0"
        queries = (
            "?"
            if result.queries is None
            else f"{result.queries}"
            + (f" ({result.duplicate_queries} repeated)" if result.duplicate_queries else "")
        )
        ratio = result.rps / baseline_rps if baseline_rps else math.nan
        lines.append(
            f"| {result.target.name} | `{result.target.path}` | {result.sent} | {errors} "
            f"| {result.rps:.0f} | {result.percentile(50):.1f} | {result.percentile(95):.1f} "
            f"| {result.percentile(99):.1f} | {ratio:.2f} | {queries} "
            f"| {100 * result.client_cpu_s / result.wall_s:.0f} % "
            f"| {100 * result.server_cpu_s / result.wall_s:.0f} % |"
        )
    lines += ["", target_verdict(results, args.concurrency)]
    lines += [
        "",
        f"Page weight of a first visit (budgets: HTML ≤ {HTML_GZIP_BUDGET} bytes "
        f"gzip-{GZIP_LEVEL}, total ≤ {TOTAL_BUDGET} bytes as served, headers included). "
        "“As served” is what this server sent to a client accepting gzip; “behind a gzip proxy” "
        "is the same with every text response compressed at level 6.",
        "",
        "| page | HTML | HTML gzip-6 | requests | assets (status, type, bytes as served) "
        "| total as served | total behind a gzip proxy | HTML budget | total budget |",
        "|---|--:|--:|--:|---|--:|--:|---|---|",
    ]
    for weight in weights:
        assets = "; ".join(
            f"`{asset.url}` {asset.status} {asset.content_type or '-'} {asset.served_bytes}"
            for asset in weight.assets
        )
        if weight.external:
            assets += "; external, not fetched: " + ", ".join(weight.external)
        lines.append(
            f"| {weight.target.name} | {kib(weight.html_bytes)} | {kib(weight.html_gzip_bytes)} "
            f"| {1 + len(weight.assets)} | {assets or '-'} | {kib(weight.total_wire)} "
            f"| {kib(weight.total_proxy)} "
            f"| {'within' if weight.html_within else '**over**'} "
            f"| {'within' if weight.total_within else '**over**'} |"
        )
    lines += ["", "Server log (gunicorn and Django, WARNING and above):", ""]
    lines += [f"- {finding}" for finding in log_findings] or ["- nothing"]
    return "\n".join(lines) + "\n"


def write_results(section: str) -> None:
    """Put ``section`` on top of the recorded runs, keeping the older ones below it."""
    header = (
        "# Benchmark results\n\n"
        "Written by `bench/run.py` (`make bench`; its docstring says how to read the "
        "numbers). Each run adds a section just below this paragraph: the newest run "
        "comes first, earlier runs are kept below it as history. Numbers from different "
        "machines are not comparable; the ratio to the baseline travels better.\n\n"
        f"{RUNS_MARKER}\n"
    )
    previous = RESULTS_FILE.read_text() if RESULTS_FILE.exists() else ""
    older = previous.split(RUNS_MARKER, 1)[1].lstrip("\n") if RUNS_MARKER in previous else ""
    RESULTS_FILE.write_text(header + "\n" + section + ("\n" + older if older else ""))


LOG_LEVEL = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b|\[(WARNING|ERROR|CRITICAL)\]|Traceback")


def log_findings(log_file: Path) -> list[str]:
    """Distinct warning and error lines of the server log, with how often each came."""
    seen: Counter[str] = Counter()
    for line in log_file.read_text(errors="replace").splitlines():
        if LOG_LEVEL.search(line):
            # Drop the timestamp and pid so that repeats of one message group together.
            message = re.sub(r"^\[?[\d\-: ,.+T]+\]?\s*(\[\d+\]\s*)?", "", line).strip()
            seen[message] += 1
    return [f"{n} × `{message}`" for message, n in seen.most_common(20)]


# --- Main -------------------------------------------------------------------


def bounded_int(low: int, high: int) -> Any:
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value

    return parse


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--requests", type=bounded_int(1, 100_000), default=2000)
    parser.add_argument("--concurrency", type=bounded_int(1, 64), default=16)
    parser.add_argument("--max-seconds", type=bounded_int(1, 300), default=30)
    parser.add_argument("--warmup", type=bounded_int(0, 10_000), default=200)
    parser.add_argument("--workers", type=bounded_int(1, 32), default=2)
    parser.add_argument(
        "--organisations",
        type=bounded_int(1, 50_000),
        default=2000,
        help="member organisations seeded for the directory and profile pages",
    )
    parser.add_argument("--events", type=bounded_int(1, 100_000), default=3000)
    parser.add_argument("--sections", type=bounded_int(1, 2000), default=150)
    parser.add_argument("--revisions", type=bounded_int(1, 200), default=40)
    parser.add_argument("--recommendations", type=bounded_int(10, 200_000), default=10_000)
    parser.add_argument(
        "--indicators",
        type=bounded_int(13, 200),
        default=20,
        help="indicators of the results framework in all (demo's included)",
    )
    parser.add_argument("--note", default="", help="one line recorded with the run")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    date = command_output("date")
    server_log = OUT_DIR / "gunicorn.log"
    results: list[LoadResult] = []
    weights: list[PageWeight] = []
    static_root = Path(tempfile.mkdtemp(prefix="network-bench-static-"))
    try:
        print(f"database {BENCH_DB}: recreating, migrating, seeding", flush=True)
        pg_version = recreate_database()
        empty_cache()
        env = server_environment(static_root)
        with (OUT_DIR / "setup.log").open("w") as log:
            manage(env, log, "migrate", "--noinput")
            manage(env, log, "seed_demo")
            manage(
                env,
                log,
                "shell",
                "-c",
                SEED_ORGANISATIONS.replace("{count}", str(args.organisations)),
            )
            seed = SEED_STRATEGY.replace("{sections}", str(args.sections)).replace(
                "{revisions}", str(args.revisions)
            )
            manage(env, log, "shell", "-c", seed)
            seed = SEED_EVENTS.replace("{events}", str(args.events))
            manage(
                env,
                log,
                "shell",
                "-c",
                seed.replace("{recommendations}", str(args.recommendations)),
            )
            seed = SEED_PROGRESS.replace("{indicators}", str(args.indicators))
            manage(env, log, "shell", "-c", seed)
            manage(env, log, "collectstatic", "--noinput")
        seeded = re.search(
            r"progress indicators: (\d+), values: (\d+)", (OUT_DIR / "setup.log").read_text()
        )
        progress_seed = (int(seeded.group(1)), int(seeded.group(2))) if seeded else (0, 0)
        analyze_database()
        resolve_targets(env)
        queries, config = count_queries(env)
        with server_log.open("w") as log, gunicorn(env, args.workers, log) as (port, pid):
            print(f"gunicorn on {HOST}:{port}, {args.workers} workers", flush=True)
            # One list of cookies per account: each thread keeps its own session.
            sessions: dict[str, list[str | None]] = {"": [None] * args.concurrency}
            for account in sorted({target.account for target in TARGETS if target.account}):
                sessions[account] = [login(port, account) for _ in range(args.concurrency)]
            for target in TARGETS:
                run_load(port, target, sessions[target.account], args.warmup, 10, pid)
            for target in TARGETS:
                cookies = sessions[target.account]
                result = run_load(port, target, cookies, args.requests, args.max_seconds, pid)
                result.queries = queries[target.name].queries
                result.duplicate_queries = queries[target.name].duplicates
                results.append(result)
                print(
                    f"{target.name:<22} {result.rps:7.0f} rps  p50 {result.percentile(50):6.1f}"
                    f"  p95 {result.percentile(95):6.1f}  p99 {result.percentile(99):6.1f} ms"
                    f"  errors {sum(result.errors.values())}",
                    flush=True,
                )
            for target in TARGETS:
                if target.weigh:
                    cookie = sessions[target.account][0]
                    weights.append(weigh_page(port, target, cookie))
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        try:
            drop_database()
        except psycopg2.Error as error:
            print(f"could not drop {BENCH_DB}: {error}", file=sys.stderr)
        shutil.rmtree(static_root, ignore_errors=True)
    findings = log_findings(server_log)
    section = render_run(
        date=date,
        machine=machine_description(pg_version),
        config=config,
        args=args,
        results=results,
        weights=weights,
        log_findings=findings,
        progress_seed=progress_seed,
    )
    write_results(section)
    print(section)
    print(f"written to {RESULTS_FILE.relative_to(REPO)}; logs in {OUT_DIR.relative_to(REPO)}/")
    failed = any(result.errors for result in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

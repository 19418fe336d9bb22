"""Dialogue events: lists, page, planning forms, status actions, and who may do what."""

import datetime
import re

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from dialogues import urls_events
from dialogues.enums import EventStatus, Level, Visibility
from dialogues.models import DialogueEvent
from dialogues.selectors import events_visible_to
from dialogues.services import event_set_status, event_update
from members.enums import MembershipStatus, OrganisationRole
from network.pages.models import Region, Theme
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.dialogues import DialogueEventFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ROLES = ["visitor", "org_admin", "other_member", "coordinator", "donor", "administrator"]
LOGIN = 302


@pytest.fixture
def world(db):
    """An organising organisation (its admin), another organisation (its admin), the
    network roles, and a public, a network-only, a restricted and a proposed event."""
    organiser = OrganisationFactory()
    org_admin = OrganisationPersonFactory(organisation=organiser, role=OrganisationRole.ADMIN)
    other = OrganisationPersonFactory(role=OrganisationRole.ADMIN)
    users = {
        "visitor": None,
        "org_admin": org_admin.user,
        "other_member": other.user,
        "coordinator": UserFactory(roles=["coordinator"]),
        "donor": UserFactory(roles=["donor"]),
        "administrator": UserFactory(roles=["administrator"]),
    }
    events = {
        visibility: DialogueEventFactory(
            title=f"Dialogue {visibility}", visibility=visibility, organisers=[organiser]
        )
        for visibility in (Visibility.PUBLIC, Visibility.NETWORK, Visibility.RESTRICTED)
    }
    events["proposed"] = DialogueEventFactory(
        title="Dialogue proposed", status=EventStatus.PROPOSED, organisers=[organiser]
    )
    return {"users": users, "events": events, "organiser": organiser, "other": other.organisation}


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _event_data(**changes) -> dict:
    data = {
        "title_fr": "Dialogue communautaire de Sévaré",
        "description_fr": "Sécurité des marchés.",
        "title_en": "",
        "description_en": "",
        "title_bm": "",
        "description_bm": "",
        "level": Level.COMMUNITY,
        "region": Region.objects.get(slug="mopti").pk,
        "place": "Sévaré",
        "starts_at": "05/03/2014 09:00",
        "ends_at": "05/03/2014 17:00",
        "visibility": Visibility.PUBLIC,
        "capacity": "",
    }
    data.update(changes)
    return data


# --- Permission matrix -----------------------------------------------------------

# (url name, event or None): expected status of a GET for each role, in ROLES order.
MATRIX = {
    ("list", None): [200, 200, 200, 200, 200, 200],
    ("past", None): [200, 200, 200, 200, 200, 200],
    ("calendar", None): [200, 200, 200, 200, 200, 200],
    # Administrators are superusers: every permission, as in tests/members/test_permissions.py.
    ("new", None): [LOGIN, 404, 404, 200, 404, 200],
    ("propose", None): [LOGIN, 200, 200, 404, 404, 404],
    ("detail", "public"): [200, 200, 200, 200, 200, 200],
    ("detail", "network"): [LOGIN, 200, 200, 200, 200, 200],
    ("detail", "restricted"): [LOGIN, 200, 404, 200, 404, 200],
    ("detail", "proposed"): [LOGIN, 200, 404, 200, 404, 200],
    ("ics", "public"): [200, 200, 200, 200, 200, 200],
    ("ics", "network"): [LOGIN, 200, 200, 200, 200, 200],
    ("ics", "restricted"): [LOGIN, 200, 404, 200, 404, 200],
    ("ics", "proposed"): [LOGIN, 200, 404, 200, 404, 200],
    ("edit", "public"): [LOGIN, 404, 404, 200, 404, 200],
    ("edit", "network"): [LOGIN, 404, 404, 200, 404, 200],
    ("edit", "restricted"): [LOGIN, 404, 404, 200, 404, 200],
    # POST only: the coordinator's GET is refused as a method, everyone else's as a page.
    ("status", "public"): [LOGIN, 404, 404, 405, 404, 405],
    ("status", "network"): [LOGIN, 404, 404, 405, 404, 405],
    ("status", "restricted"): [LOGIN, 404, 404, 405, 404, 405],
}


def test_every_events_route_has_a_row():
    names = {p.name for p in urls_events.urlpatterns if isinstance(p, URLPattern)}

    assert names == {name for name, _event in MATRIX}


@pytest.mark.parametrize(("name", "event"), sorted(MATRIX, key=str))
def test_events_permission_matrix(client, world, name, event):
    kwargs = {"slug": world["events"][event].slug} if event else None
    url = reverse(f"dialogues:{name}", kwargs=kwargs)
    statuses = []

    for role in ROLES:
        statuses.append(_as(client, world["users"][role]).get(url).status_code)

    assert statuses == MATRIX[(name, event)]


def test_status_post_permission_matrix(client, world):
    proposals = {
        role: DialogueEventFactory(status=EventStatus.PROPOSED, organisers=[world["organiser"]])
        for role in ROLES
    }
    statuses = []

    for role in ROLES:
        url = reverse("dialogues:status", kwargs={"slug": proposals[role].slug})
        response = _as(client, world["users"][role]).post(url, {"status": "planned"})
        statuses.append(response.status_code)

    published = [
        role
        for role in ROLES
        if DialogueEvent.objects.get(pk=proposals[role].pk).status == "planned"
    ]
    assert statuses == [LOGIN, 404, 404, 302, 404, 302]
    assert published == ["coordinator", "administrator"]


def test_visitor_is_sent_to_login_for_an_unknown_event_too(client, db):
    response = client.get("/fr/dialogues/aucun-dialogue/")

    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/login/?next=/fr/dialogues/aucun-dialogue/"


def test_logged_in_user_gets_404_for_an_unknown_event(client, user):
    client.force_login(user)

    response = client.get("/fr/dialogues/aucun-dialogue/")

    assert response.status_code == 404


# --- Visibility in lists ---------------------------------------------------------

EVERY_EVENT = ["Dialogue public", "Dialogue network", "Dialogue restricted", "Dialogue proposed"]
LISTED = {
    "visitor": ["Dialogue public"],
    "org_admin": EVERY_EVENT,
    "other_member": ["Dialogue public", "Dialogue network"],
    "coordinator": EVERY_EVENT,
    "donor": ["Dialogue public", "Dialogue network"],
    "administrator": EVERY_EVENT,
}


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_events_the_user_may_see(client, world, role):
    _as(client, world["users"][role])

    response = client.get("/fr/dialogues/")

    assert [event.title for event in response.context["events"]] == LISTED[role]


def test_list_hides_network_events_from_people_of_suspended_organisations(client, world):
    world["other"].status = MembershipStatus.SUSPENDED
    world["other"].save()
    _as(client, world["users"]["other_member"])

    response = client.get("/fr/dialogues/")

    assert [event.title for event in response.context["events"]] == ["Dialogue public"]


def test_list_leaves_out_cancelled_and_ended_events(client, db):
    now = timezone.now()
    DialogueEventFactory(title="À venir")
    DialogueEventFactory(title="Annulé", status=EventStatus.CANCELLED)
    DialogueEventFactory(
        title="Fini",
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=2),
    )

    response = client.get("/fr/dialogues/")

    assert [event.title for event in response.context["events"]] == ["À venir"]


def test_list_orders_upcoming_soonest_first(client, db):
    now = timezone.now()
    DialogueEventFactory(title="Dans un mois", starts_at=now + datetime.timedelta(days=30))
    DialogueEventFactory(title="Demain", starts_at=now + datetime.timedelta(days=1))
    DialogueEventFactory(
        title="En cours",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )

    response = client.get("/fr/dialogues/")

    titles = [event.title for event in response.context["events"]]
    assert titles == ["En cours", "Demain", "Dans un mois"]


def test_past_lists_ended_events_latest_first(client, db):
    now = timezone.now()
    for days, title, status in [
        (400, "Il y a longtemps", EventStatus.HELD),
        (10, "Récemment", EventStatus.HELD),
        (20, "Pas encore marqué tenu", EventStatus.PLANNED),
        (5, "Annulé", EventStatus.CANCELLED),
    ]:
        DialogueEventFactory(
            title=title,
            status=status,
            starts_at=now - datetime.timedelta(days=days),
            ends_at=now - datetime.timedelta(days=days) + datetime.timedelta(hours=6),
        )
    DialogueEventFactory(title="À venir")

    response = client.get("/fr/dialogues/past/")

    titles = [event.title for event in response.context["events"]]
    assert titles == ["Récemment", "Pas encore marqué tenu", "Il y a longtemps"]


@pytest.mark.parametrize("role", ROLES)
def test_events_visible_to_agrees_with_the_view_event_rule(world, role):
    user = world["users"][role]
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    for visibility in Visibility.values:
        for status in EventStatus.values:
            DialogueEventFactory(visibility=visibility, status=status)
            DialogueEventFactory(
                visibility=visibility, status=status, organisers=[world["organiser"]]
            )
    everything = list(DialogueEvent.objects.order_by("pk"))

    by_rule = [e.pk for e in everything if user.has_perm("dialogues.view_event", e)]
    by_selector = list(events_visible_to(user=user).order_by("pk").values_list("pk", flat=True))

    assert by_selector == by_rule


# --- Filters ---------------------------------------------------------------------


def test_list_filters_by_level_region_theme_and_year(client, db):
    mopti, gao = Region.objects.get(slug="mopti"), Region.objects.get(slug="gao")
    gender = Theme.objects.get(slug="gender")
    soon = timezone.now() + datetime.timedelta(days=10)
    next_year = soon.replace(year=soon.year + 1)
    women_mopti = DialogueEventFactory(
        title="Femmes de Mopti", region=mopti, level=Level.COMMUNITY, starts_at=soon
    )
    women_mopti.themes.add(gender)
    DialogueEventFactory(title="Gao régional", region=gao, level=Level.REGIONAL, starts_at=soon)
    DialogueEventFactory(title="National", level=Level.NATIONAL, starts_at=next_year)

    def titles(**filters):
        response = client.get("/fr/dialogues/", filters)
        return [event.title for event in response.context["events"]]

    assert titles(level="regional") == ["Gao régional"]
    assert titles(region="mopti") == ["Femmes de Mopti"]
    assert titles(theme="gender") == ["Femmes de Mopti"]
    assert titles(year=next_year.year) == ["National"]
    assert titles(region="gao", level="community") == []


def test_list_with_a_wrong_filter_keeps_the_others(client, db):
    DialogueEventFactory(title="Régional", level=Level.REGIONAL)
    DialogueEventFactory(title="National", level=Level.NATIONAL)

    response = client.get("/fr/dialogues/", {"level": "national", "year": "soon"})

    assert [event.title for event in response.context["events"]] == ["National"]
    assert response.context["filter_form"].errors["year"] == ["Saisissez un nombre entier."]


def test_list_empty_states(client, db):
    DialogueEventFactory(level=Level.REGIONAL)

    nothing_matches = client.get("/en/dialogues/", {"level": "national"}).content.decode()
    nothing_past = client.get("/en/dialogues/past/").content.decode()
    nothing_planned = client.get("/en/dialogues/", {"level": ""}).content.decode()

    assert "<li>No event matches these filters.</li>" in nothing_matches
    assert "<li>No past event to show yet.</li>" in nothing_past
    assert "No upcoming event is planned yet." not in nothing_planned


def test_list_empty_state_without_any_event(client, db):
    content = client.get("/en/dialogues/").content.decode()

    assert "<li>No upcoming event is planned yet.</li>" in content


def test_list_paginates_by_20_and_keeps_the_filters(client, db):
    DialogueEventFactory.create_batch(21, level=Level.NATIONAL)

    first = client.get("/en/dialogues/", {"level": "national"})
    second = client.get("/en/dialogues/", {"level": "national", "page": 2})

    assert len(first.context["events"]) == 20
    assert len(second.context["events"]) == 1
    assert 'href="?level=national&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("item_count", [1, 20])
def test_list_query_count(client, django_assert_num_queries, item_count):
    gender = Theme.objects.get(slug="gender")
    for event in DialogueEventFactory.create_batch(item_count, region=Region.objects.first()):
        event.themes.add(gender)

    # regions and themes (filter choices), count, the page's stamp (its events' ids and
    # versions), page with regions, its themes
    with django_assert_num_queries(6):
        response = client.get("/fr/dialogues/")

    assert len(response.context["events"]) == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_past_list_query_count_for_a_member(client, django_assert_num_queries, item_count):
    person = OrganisationPersonFactory()
    start = timezone.now() - datetime.timedelta(days=30)
    DialogueEventFactory.create_batch(
        item_count, starts_at=start, status=EventStatus.HELD, visibility=Visibility.NETWORK
    )
    client.force_login(person.user)

    # regions, themes (filter choices); user, roles, membership (visibility); count;
    # the page's stamp; Django's user and group permissions (add_event), org admin
    # (propose_event); unread notifications; page with regions; its themes
    with django_assert_num_queries(13):
        response = client.get("/fr/dialogues/past/")

    assert len(response.context["events"]) == item_count


def _cards(page: str) -> str:
    return re.search(r'<ul class="cards">.*?</ul>', page, re.S).group(0)


@pytest.mark.parametrize("item_count", [1, 20])
def test_event_cards_come_from_the_cache_until_an_event_changes(
    client, coordinator, django_assert_num_queries, item_count
):
    events = DialogueEventFactory.create_batch(item_count, level=Level.REGIONAL)
    first = client.get("/fr/dialogues/?level=regional").content.decode()

    # regions, themes (filter choices), count, the page's stamp: the events are not read again
    with django_assert_num_queries(4):
        again = client.get("/fr/dialogues/?level=regional").content.decode()
    event_update(
        event=events[0], fields={"title_fr": "Forum renommé"}, changed_by=coordinator,
        loaded_version=events[0].version,
    )  # fmt: skip
    renamed = client.get("/fr/dialogues/?level=regional").content.decode()
    event_set_status(event=events[-1], status=EventStatus.CANCELLED, changed_by=coordinator)
    cancelled = client.get("/fr/dialogues/?level=regional")

    assert _cards(again) == _cards(first)
    assert "Forum renommé" in _cards(renamed)
    assert f">{events[-1].title}<" not in _cards(cancelled.content.decode())
    assert cancelled.context["paginator"].count == item_count - 1


def test_an_event_that_has_ended_leaves_the_cached_upcoming_list(client):
    staying, ending = DialogueEventFactory(title="Reste"), DialogueEventFactory(title="Finit")
    client.get("/fr/dialogues/")

    # Time passes: nothing is saved, the event is simply over.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    DialogueEvent.objects.filter(pk=ending.pk).update(
        starts_at=yesterday - datetime.timedelta(hours=6), ends_at=yesterday
    )
    shown = _cards(client.get("/fr/dialogues/").content.decode())

    assert (staying.title in shown, ending.title in shown) == (True, False)


def test_cards_follow_events_that_swap_places_with_the_same_ids_in_all(client, coordinator):
    """Found by the breaking session: a stamp of sums let two events leaving a list and two
    joining it, with the same sum of ids, keep the old cards (restricted events shown to a
    visitor). The stamp now names the page's events one by one."""
    now = timezone.now()
    past = {
        "starts_at": now - datetime.timedelta(days=3),
        "ends_at": now - datetime.timedelta(days=2),
    }
    soon = {
        "starts_at": now - datetime.timedelta(hours=2),
        "ends_at": now + datetime.timedelta(hours=1),
    }
    sensitive_1 = DialogueEventFactory(title="Sensible 1", **past)
    ending_1 = DialogueEventFactory(title="Finit 1", **soon)
    ending_2 = DialogueEventFactory(title="Finit 2", **soon)
    sensitive_2 = DialogueEventFactory(title="Sensible 2", **past)
    assert sensitive_1.pk + sensitive_2.pk == ending_1.pk + ending_2.pk
    client.get("/fr/dialogues/past/")
    for event in (sensitive_1, sensitive_2):
        event.refresh_from_db()
        event_update(
            event=event, fields={"visibility": Visibility.RESTRICTED}, changed_by=coordinator,
            loaded_version=event.version,
        )  # fmt: skip
    DialogueEvent.objects.filter(pk__in=[ending_1.pk, ending_2.pk]).update(
        ends_at=now - datetime.timedelta(minutes=1)
    )  # time passes: both have ended

    cards = _cards(client.get("/fr/dialogues/past/").content.decode())

    assert ("Sensible 1" in cards, "Sensible 2" in cards) == (False, False)
    assert ("Finit 1" in cards, "Finit 2" in cards) == (True, True)


def test_extra_query_parameters_reuse_the_cached_cards(client, django_assert_num_queries):
    """Found by the breaking session: the raw query string in the key let anyone fill the
    cache with copies of the same cards."""
    DialogueEventFactory.create_batch(3)
    client.get("/fr/dialogues/")

    # regions, themes, count, the page's stamp: the same cards, from the cache
    with django_assert_num_queries(4):
        response = client.get("/fr/dialogues/?junk=1&utm_source=x")

    assert response.status_code == 200


def test_cached_cards_are_never_shown_to_a_reader_who_may_not_see_them(client, coordinator):
    organiser = OrganisationPersonFactory()
    public = DialogueEventFactory(title="Ouvert à tous")
    network = DialogueEventFactory(title="Réservé au réseau", visibility=Visibility.NETWORK)
    restricted = DialogueEventFactory(title="Restreint", visibility=Visibility.RESTRICTED)
    restricted.organisers.add(organiser.organisation)
    other_member = OrganisationPersonFactory()
    seen = {}
    for name, user in [
        ("coordinator", coordinator), ("organiser", organiser.user),
        ("other member", other_member.user), ("visitor", None),
    ]:  # fmt: skip
        client.logout()
        if user:
            client.force_login(user)
        cards = _cards(client.get("/fr/dialogues/").content.decode())
        seen[name] = [e.title for e in (public, network, restricted) if e.title in cards]

    assert seen == {
        "coordinator": ["Ouvert à tous", "Réservé au réseau", "Restreint"],
        "organiser": ["Ouvert à tous", "Réservé au réseau", "Restreint"],
        "other member": ["Ouvert à tous", "Réservé au réseau"],
        "visitor": ["Ouvert à tous"],
    }


# --- The event's page ------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 20])
def test_detail_query_count(client, django_assert_num_queries, item_count):
    DialogueEventFactory.create_batch(item_count - 1)
    organisers = OrganisationFactory.create_batch(item_count)
    event = DialogueEventFactory(region=Region.objects.get(slug="mopti"), organisers=organisers)
    event.themes.set(Theme.objects.all()[:item_count])

    # The event with its region, its themes, its organisers: 3. Measured with the panels of
    # registration (1: counts) and outcomes (3: report, actions, recommendations) as they are
    # today; their owners adjust this literal when their panels change.
    with django_assert_num_queries(7):
        response = client.get(event.get_absolute_url())

    assert len(response.context["organisers_shown"]) == item_count


def test_detail_shows_the_event_in_the_active_language_with_french_fallback(client, db):
    event = DialogueEventFactory(
        title="Dialogue de Ségou",
        title_en="Ségou dialogue",
        description="Le texte en français.",
        region=Region.objects.get(slug="segou"),
        starts_at=datetime.datetime(2030, 3, 5, 9, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2030, 3, 5, 17, 0, tzinfo=UTC),
    )

    english = client.get(f"/en/dialogues/{event.slug}/").content.decode()
    bambara = client.get(f"/bm/dialogues/{event.slug}/").content.decode()

    assert "<h1>Ségou dialogue</h1>" in english
    assert '<div lang="fr"><p>Le texte en français.</p></div>' in english
    assert '<h1 lang="fr">Dialogue de Ségou</h1>' in bambara
    assert '<time datetime="2030-03-05T09:00:00+00:00">5 March 2030 09:00</time>' in english


def test_detail_links_organisers_and_hides_unlisted_ones_from_outsiders(client, db):
    listed = OrganisationFactory(name="Association listée")
    unlisted = OrganisationFactory(name="Association discrète", listed=False)
    event = DialogueEventFactory(organisers=[listed, unlisted])

    visitor = client.get(f"/en/dialogues/{event.slug}/")
    client.force_login(UserFactory(roles=["coordinator"]))
    coordinator = client.get(f"/en/dialogues/{event.slug}/")

    assert visitor.context["organisers_shown"] == [listed]
    assert f'<a href="{listed.get_absolute_url()}">Association listée</a>' in (
        visitor.content.decode()
    )
    assert "Association discrète" not in visitor.content.decode()
    assert "1 organisation not in the public directory" in visitor.content.decode()
    assert coordinator.context["organisers_shown"] == [unlisted, listed]


def test_detail_links_both_calendars(client, db):
    event = DialogueEventFactory()

    content = client.get(f"/fr/dialogues/{event.slug}/").content.decode()

    assert f'href="/fr/dialogues/{event.slug}/event.ics"' in content
    assert 'href="/fr/dialogues/calendar.ics"' in content


# --- Creating and proposing ------------------------------------------------------


@pytest.mark.parametrize("lang", ["bm", "fr"])
def test_new_event_start_typed_day_first_is_bamako_time(client, coordinator, lang):
    client.force_login(coordinator)

    response = client.post(f"/{lang}/dialogues/new/", _event_data())

    event = DialogueEvent.objects.get()
    assert response.status_code == 302
    assert event.starts_at == datetime.datetime(2014, 3, 5, 9, 0, tzinfo=UTC)
    assert timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M %Z") == (
        "05/03/2014 09:00 GMT"
    )


def test_new_event_accepts_what_datetime_local_inputs_send(client, coordinator):
    client.force_login(coordinator)

    client.post(
        "/en/dialogues/new/",
        _event_data(starts_at="2014-03-05T09:00", ends_at="2014-03-05T17:30"),
    )

    event = DialogueEvent.objects.get()
    assert (event.starts_at, event.ends_at) == (
        datetime.datetime(2014, 3, 5, 9, 0, tzinfo=UTC),
        datetime.datetime(2014, 3, 5, 17, 30, tzinfo=UTC),
    )


def test_new_event_is_planned_with_its_themes_and_organisers(client, coordinator):
    organisation = OrganisationFactory()
    gender = Theme.objects.get(slug="gender")
    client.force_login(coordinator)

    response = client.post(
        "/fr/dialogues/new/",
        _event_data(themes=[gender.pk], organisers=[organisation.pk], capacity="40"),
    )

    event = DialogueEvent.objects.get()
    assert response["Location"] == event.get_absolute_url()
    assert (event.status, event.capacity, event.created_by) == (
        EventStatus.PLANNED,
        40,
        coordinator,
    )
    assert list(event.themes.all()) == [gender]
    assert list(event.organisers.all()) == [organisation]
    assert event.slug == "dialogue-communautaire-de-sévaré"


@pytest.mark.parametrize("level", [Level.COMMUNITY, Level.LOCAL, Level.REGIONAL])
def test_new_event_region_required_for_local_levels(client, coordinator, level):
    client.force_login(coordinator)

    response = client.post("/en/dialogues/new/", _event_data(level=level, region=""))

    assert response.status_code == 200
    assert response.context["form"].errors["region"] == [
        "Choose the region: community, local and regional events have one."
    ]
    assert response.context["form"]["title_fr"].value() == "Dialogue communautaire de Sévaré"
    assert DialogueEvent.objects.count() == 0


@pytest.mark.parametrize("level", [Level.NATIONAL, Level.INTERNATIONAL])
def test_new_event_without_region_at_national_levels_is_saved(client, coordinator, level):
    client.force_login(coordinator)

    client.post("/en/dialogues/new/", _event_data(level=level, region=""))

    assert DialogueEvent.objects.get().region is None


@pytest.mark.parametrize("ends_at", ["05/03/2014 08:00", "05/03/2014 09:00"])
def test_new_event_end_before_start_refused(client, coordinator, ends_at):
    client.force_login(coordinator)

    response = client.post("/fr/dialogues/new/", _event_data(ends_at=ends_at))

    form = response.context["form"]
    assert form.errors["ends_at"] == ["La fin doit être postérieure au début."]
    assert (form["starts_at"].value(), form["ends_at"].value()) == ("05/03/2014 09:00", ends_at)
    assert DialogueEvent.objects.count() == 0


def test_new_event_unreadable_date_is_refused_and_kept(client, coordinator):
    client.force_login(coordinator)

    response = client.post("/en/dialogues/new/", _event_data(starts_at="5 mars"))

    assert response.context["form"].errors["starts_at"] == ["Enter a valid date/time."]
    assert 'value="5 mars"' in response.content.decode()


def test_new_event_form_shows_dates_as_typed_in_the_language(client, coordinator):
    event = DialogueEventFactory(starts_at=datetime.datetime(2030, 3, 5, 9, 0, tzinfo=UTC))
    client.force_login(coordinator)

    response = client.get(f"/bm/dialogues/{event.slug}/edit/")

    assert 'name="starts_at" value="05/03/2030 09:00"' in response.content.decode()


def test_propose_creates_a_proposed_event_organised_by_the_proposer(client, db):
    person = OrganisationPersonFactory(role=OrganisationRole.ADMIN)
    client.force_login(person.user)

    response = client.post(
        "/fr/dialogues/propose/", _event_data(organisers=[person.organisation.pk])
    )

    event = DialogueEvent.objects.get()
    assert response["Location"] == event.get_absolute_url()
    assert event.status == EventStatus.PROPOSED
    assert list(event.organisers.all()) == [person.organisation]
    assert client.get(response["Location"]).status_code == 200


def test_propose_offers_only_the_proposers_organisations(client, db):
    mine = OrganisationPersonFactory(role=OrganisationRole.ADMIN)
    OrganisationPersonFactory(user=mine.user, role=OrganisationRole.EDITOR)
    elsewhere = OrganisationFactory()
    client.force_login(mine.user)

    form = client.get("/fr/dialogues/propose/").context["form"]
    response = client.post("/fr/dialogues/propose/", _event_data(organisers=[elsewhere.pk]))

    assert list(form.fields["organisers"].queryset) == [mine.organisation]
    assert form["organisers"].value() == [mine.organisation.pk]
    assert list(response.context["form"].errors) == ["organisers"]
    assert DialogueEvent.objects.count() == 0


def test_propose_needs_an_organisation(client, db):
    person = OrganisationPersonFactory(role=OrganisationRole.ADMIN)
    OrganisationPersonFactory(user=person.user, role=OrganisationRole.ADMIN)
    client.force_login(person.user)

    response = client.post("/en/dialogues/propose/", _event_data())

    assert response.context["form"].errors["organisers"] == ["This field is required."]


# --- Editing ---------------------------------------------------------------------


def _edit_data(event: DialogueEvent, **changes) -> dict:
    data = _event_data(
        title_fr=event.title_fr,
        description_fr=event.description_fr,
        level=event.level,
        region=event.region_id or "",
        place=event.place,
        starts_at=timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M"),
        ends_at=timezone.localtime(event.ends_at).strftime("%d/%m/%Y %H:%M"),
        visibility=event.visibility,
        version=event.version,
    )
    data.update(changes)
    return data


def test_edit_saves_and_counts_a_version(client, coordinator):
    event = DialogueEventFactory(level=Level.NATIONAL)
    client.force_login(coordinator)

    response = client.post(
        f"/fr/dialogues/{event.slug}/edit/", _edit_data(event, title_en="Dialogue in English")
    )

    event.refresh_from_db()
    assert response.status_code == 302
    assert (event.title_en, event.version) == ("Dialogue in English", 2)


def test_edit_conflict_keeps_what_was_typed_and_shows_the_saved_values(client, coordinator):
    event = DialogueEventFactory(title="Dialogue de Kayes", level=Level.NATIONAL, place="Kayes")
    typed = _edit_data(event, title_fr="Mon titre", description_fr="Mon texte.")
    event_update(
        event=event,
        fields={"title_fr": "Leur titre", "place": "Kita"},
        changed_by=UserFactory(roles=["coordinator"]),
        loaded_version=1,
    )
    client.force_login(coordinator)

    response = client.post(f"/en/dialogues/{event.slug}/edit/", typed)

    form = response.context["form"]
    assert response.status_code == 200
    assert form.non_field_errors() == [
        "Someone saved this event after you opened it. What you typed is kept below; "
        "the values they saved are listed above it. Check them, then save again."
    ]
    assert (form["title_fr"].value(), form["description_fr"].value()) == ("Mon titre", "Mon texte.")
    assert form["version"].value() == 2
    assert response.context["conflict_fields"] == [
        {"label": "Title (French)", "current": "Leur titre"},
        {"label": "Description (French)", "current": "Un dialogue."},
        {"label": "Place", "current": "Kita"},
    ]
    event.refresh_from_db()
    assert (event.title_fr, event.version) == ("Leur titre", 2)


def test_edit_after_a_conflict_saves_with_the_new_version(client, coordinator):
    event = DialogueEventFactory(level=Level.NATIONAL)
    typed = _edit_data(event, title_fr="Mon titre")
    event_update(event=event, fields={"place": "Kita"}, changed_by=coordinator, loaded_version=1)
    client.force_login(coordinator)
    client.post(f"/fr/dialogues/{event.slug}/edit/", typed)

    response = client.post(f"/fr/dialogues/{event.slug}/edit/", {**typed, "version": 2})

    event.refresh_from_db()
    assert response.status_code == 302
    assert (event.title_fr, event.version) == ("Mon titre", 3)


# --- Status actions --------------------------------------------------------------


def _set_status(client, event, **data):
    return client.post(f"/en/dialogues/{event.slug}/status/", data, follow=True)


def test_status_publishes_a_proposal(client, coordinator):
    event = DialogueEventFactory(status=EventStatus.PROPOSED)
    client.force_login(coordinator)

    response = _set_status(client, event, status="planned")

    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED
    assert [str(m) for m in response.context["messages"]] == [
        "The event has been published; member organisations working in its region are told."
    ]


def test_status_cancel_needs_confirmation(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)

    refused = _set_status(client, event, status="cancelled")
    event.refresh_from_db()
    status_after_refusal = event.status
    _set_status(client, event, status="cancelled", confirm="on")

    event.refresh_from_db()
    assert [str(m) for m in refused.context["messages"]] == [
        "Tick the box to confirm that the event is cancelled."
    ]
    assert (status_after_refusal, event.status) == (EventStatus.PLANNED, EventStatus.CANCELLED)


def test_status_held_only_once_started(client, coordinator):
    event = DialogueEventFactory()
    client.force_login(coordinator)

    response = _set_status(client, event, status="held")

    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED
    assert [str(m) for m in response.context["messages"]] == [
        "An event can be recorded as held only once it has started."
    ]


def test_status_refused_transition_is_explained(client, coordinator):
    event = DialogueEventFactory(status=EventStatus.CANCELLED)
    client.force_login(coordinator)

    response = _set_status(client, event, status="planned")

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert [str(m) for m in response.context["messages"]] == [
        "This change of status is not possible from the current status."
    ]


def test_detail_offers_coordinators_the_possible_status_actions(client, coordinator):
    now = timezone.now()
    started = DialogueEventFactory(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )
    proposed = DialogueEventFactory(status=EventStatus.PROPOSED)
    client.force_login(coordinator)

    assert client.get(started.get_absolute_url()).context["status_actions"] == [
        EventStatus.HELD,
        EventStatus.CANCELLED,
    ]
    assert client.get(proposed.get_absolute_url()).context["status_actions"] == [
        EventStatus.PLANNED,
        EventStatus.CANCELLED,
    ]


# --- Administration --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/dialogues/dialogueevent/",
        "/admin/dialogues/dialogueevent/add/",
        "/admin/dialogues/dialogueevent/{pk}/change/",
        "/admin/dialogues/recommendation/",
        "/admin/dialogues/recommendation/{recommendation}/change/",
        "/admin/dialogues/eventreport/",
        "/admin/dialogues/followupaction/",
    ],
)
def test_admin_pages_open(client, administrator, url):
    recommendation = RecommendationFactory()
    client.force_login(administrator)

    response = client.get(url.format(pk=recommendation.event.pk, recommendation=recommendation.pk))

    assert response.status_code == 200


def test_admin_save_counts_a_version(rf, administrator):
    from django.contrib.admin.sites import site

    event = DialogueEventFactory()
    request = rf.post("/admin/")
    request.user = administrator
    event.place = "Kita"

    site._registry[DialogueEvent].save_model(request, event, form=None, change=True)

    event.refresh_from_db()
    assert (event.place, event.version) == ("Kita", 2)

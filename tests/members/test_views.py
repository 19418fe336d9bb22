"""Directory, profile, joining, decisions, editing and history."""

import re

import pytest
from django.core import mail

from members.enums import MembershipStatus, OrganisationRole
from members.models import Organisation, OrganisationPerson, ProfileChange, StatusChange
from network.notifications.models import Delivery
from network.pages.models import Region, Theme
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _profile_data(organisation: Organisation, **changes) -> dict:
    data = {
        "name": organisation.name,
        "acronym": organisation.acronym,
        "kind": organisation.kind,
        "description_fr": organisation.description_fr or "Description.",
        "description_en": "",
        "description_bm": "",
        "website": "",
        "founded_year": "",
        "public_email": "",
        "public_phone": "",
        "contact_name": organisation.contact_name,
        "contact_email": organisation.contact_email,
        "contact_phone": organisation.contact_phone,
        "listed": "on" if organisation.listed else "",
        "version": organisation.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != "" or k.startswith("description")}


@pytest.mark.parametrize("item_count", [1, 20])
def test_directory_query_count(client, django_assert_num_queries, item_count):
    mopti = Region.objects.get(slug="mopti")
    for organisation in OrganisationFactory.create_batch(item_count):
        organisation.regions.add(mopti)

    # regions, themes (filter choices), count, the cards' stamp, page, its regions, its themes
    with django_assert_num_queries(7):
        response = client.get("/fr/members/")

    assert len(response.context["organisations"]) == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_directory_cards_come_from_the_cache_until_the_directory_changes(
    client, django_assert_num_queries, item_count
):
    organisations = OrganisationFactory.create_batch(item_count)
    first = client.get("/fr/members/?kind=ngo").content.decode()

    # regions, themes, count, stamp: the organisations are not read again
    with django_assert_num_queries(4):
        again = client.get("/fr/members/?kind=ngo").content.decode()
    renamed = organisations[0]
    renamed.name = "Association renommée"
    renamed.save()
    changed = client.get("/fr/members/?kind=ngo").content.decode()

    assert _cards(again) == _cards(first)
    assert "Association renommée" in _cards(changed)


def test_directory_follows_an_organisation_leaving_it(client):
    staying, leaving = OrganisationFactory(name="Reste"), OrganisationFactory(name="Part")
    client.get("/fr/members/")

    leaving.listed = False
    leaving.save(update_fields=["listed"])  # as a bulk change would: no new "updated" time
    shown = _cards(client.get("/fr/members/").content.decode())

    assert (staying.name in shown, leaving.name in shown) == (True, False)


def test_extra_query_parameters_reuse_the_cached_directory_cards(client, django_assert_num_queries):
    OrganisationFactory.create_batch(3)
    client.get("/fr/members/")

    # regions, themes, count, the page's stamp: the same cards, from the cache
    with django_assert_num_queries(4):
        response = client.get("/fr/members/?junk=1&utm_source=x")

    assert response.status_code == 200


def _cards(page: str) -> str:
    return re.search(r'<ul class="cards">.*?</ul>', page, re.S).group(0)


def test_directory_lists_only_active_listed_organisations(client):
    OrganisationFactory(name="Visible")
    OrganisationFactory(name="Hors annuaire", listed=False)
    OrganisationFactory(name="Candidate", status=MembershipStatus.APPLICANT)
    OrganisationFactory(name="Suspendue", status=MembershipStatus.SUSPENDED)

    response = client.get("/fr/members/")

    assert [o.name for o in response.context["organisations"]] == ["Visible"]


def test_directory_filters_by_region_theme_and_kind(client):
    kayes, gao = Region.objects.get(slug="kayes"), Region.objects.get(slug="gao")
    gender = Theme.objects.get(slug="gender")
    women_kayes = OrganisationFactory(name="Femmes de Kayes", kind="women")
    women_kayes.regions.add(kayes)
    women_kayes.themes.add(gender)
    youth_gao = OrganisationFactory(name="Jeunes de Gao", kind="youth")
    youth_gao.regions.add(gao)

    by_region = client.get("/fr/members/", {"region": "kayes"}).context["organisations"]
    by_theme = client.get("/fr/members/", {"theme": "gender"}).context["organisations"]
    by_kind = client.get("/fr/members/", {"kind": "youth"}).context["organisations"]

    assert [o.name for o in by_region] == ["Femmes de Kayes"]
    assert [o.name for o in by_theme] == ["Femmes de Kayes"]
    assert [o.name for o in by_kind] == ["Jeunes de Gao"]


@pytest.mark.parametrize("lang", ["fr", "en", "bm"])
def test_directory_search_by_name_or_acronym_in_every_language(client, lang):
    OrganisationFactory(name="Association des femmes de Ségou", acronym="AFS")
    OrganisationFactory(name="Radio Kledu", acronym="RK")

    by_name = client.get(f"/{lang}/members/", {"q": "femmes"}).context["organisations"]
    by_acronym = client.get(f"/{lang}/members/", {"q": "afs"}).context["organisations"]

    assert [o.acronym for o in by_name] == ["AFS"]
    assert [o.acronym for o in by_acronym] == ["AFS"]


def test_directory_paginates_twenty_a_page_and_keeps_filters(client):
    OrganisationFactory.create_batch(21, kind="media")

    content = client.get("/en/members/", {"kind": "media"}).content.decode()

    assert 'href="?kind=media&amp;page=2"' in content
    assert "21 organisations" in content


def test_directory_with_no_match_says_so(client):
    content = client.get("/en/members/", {"q": "zzz"}).content.decode()

    assert "No organisation matches these filters." in content


@pytest.mark.parametrize("item_count", [1, 20])
def test_detail_query_count(client, django_assert_num_queries, item_count):
    organisations = OrganisationFactory.create_batch(item_count)
    target = organisations[-1]
    target.regions.add(*Region.objects.all()[:3])

    # organisation, its regions, its themes
    with django_assert_num_queries(3):
        response = client.get(f"/fr/members/{target.slug}/")

    assert response.context["organisation"] == target


def test_organisation_named_only_in_bambara_letters_gets_a_working_page(client, user):
    client.force_login(user)
    client.post(
        "/fr/members/apply/",
        {"name": "Ɲɔgɔndɛmɛ ŋaniya", "kind": "cbo", "description_fr": "Jɛkulu."},
    )
    organisation = Organisation.objects.get()

    response = client.get(f"/bm/members/{organisation.slug}/")

    assert organisation.slug == "ɲɔgɔndɛmɛ-ŋaniya"
    assert response.status_code == 200
    assert "<h1>Ɲɔgɔndɛmɛ ŋaniya</h1>" in response.content.decode()


def test_organisation_named_without_latin_letters_gets_a_slug(client, user):
    client.force_login(user)

    client.post("/fr/members/apply/", {"name": "ߒߞߏ ★", "kind": "cbo", "description_fr": "x"})
    client.post("/fr/members/apply/", {"name": "★ ☆", "kind": "cbo", "description_fr": "x"})

    slugs = list(Organisation.objects.order_by("pk").values_list("slug", flat=True))
    assert slugs[1] == "organisation"
    assert slugs[0] != ""
    assert client.get(f"/fr/members/{slugs[0]}/").status_code == 200


def test_apply_then_coordinator_approves_and_applicant_becomes_admin(
    client, coordinator, django_capture_on_commit_callbacks
):
    applicant = UserFactory(preferred_language="en")
    client.force_login(applicant)
    client.post(
        "/fr/members/apply/",
        {"name": "Femmes pour la paix", "kind": "women", "description_fr": "Association."},
    )
    organisation = Organisation.objects.get()
    assert organisation.status == MembershipStatus.APPLICANT
    assert Delivery.objects.filter(recipient=coordinator, channel="inbox").count() == 1
    mail.outbox.clear()

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/fr/members/{organisation.slug}/decide/", {"decision": "active", "reason": ""}
        )

    organisation.refresh_from_db()
    assert response["Location"] == f"/fr/members/{organisation.slug}/"
    assert organisation.status == MembershipStatus.ACTIVE
    person = OrganisationPerson.objects.get(organisation=organisation)
    assert (person.user, person.role) == (applicant, OrganisationRole.ADMIN)
    assert [m.subject for m in mail.outbox] == [
        "Membership application of Femmes pour la paix: approved."
    ]
    assert list(
        StatusChange.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("from_status", "to_status", "decided_by")
    ) == [("", "applicant", applicant.pk), ("applicant", "active", coordinator.pk)]


def test_decline_needs_a_reason_and_tells_the_applicant(
    client, coordinator, django_capture_on_commit_callbacks
):
    applicant = UserFactory(preferred_language="en")
    organisation = OrganisationFactory(status=MembershipStatus.APPLICANT, applied_by=applicant)
    client.force_login(coordinator)

    without = client.post(f"/en/members/{organisation.slug}/decide/", {"decision": "declined"})
    with django_capture_on_commit_callbacks(execute=True):
        with_reason = client.post(
            f"/en/members/{organisation.slug}/decide/",
            {"decision": "declined", "reason": "Not a civil-society organisation."},
        )

    organisation.refresh_from_db()
    assert without.status_code == 200
    assert "Say why the application is declined." in without.content.decode()
    assert with_reason.status_code == 302
    assert organisation.status == MembershipStatus.DECLINED
    assert OrganisationPerson.objects.filter(organisation=organisation).count() == 0
    assert [m.subject for m in mail.outbox] == [
        f"Membership application of {organisation}: declined."
    ]


def test_coordinator_suspends_and_reactivates_with_history(client, coordinator):
    organisation = OrganisationFactory()
    client.force_login(coordinator)

    client.post(f"/fr/members/{organisation.slug}/status/", {"status": "suspended", "reason": "X"})
    client.post(f"/fr/members/{organisation.slug}/status/", {"status": "active", "reason": ""})
    history = client.get(f"/fr/members/{organisation.slug}/history/")

    organisation.refresh_from_db()
    assert organisation.status == MembershipStatus.ACTIVE
    assert [(c.from_status, c.to_status) for c in history.context["status_changes"]] == [
        ("suspended", "active"),
        ("active", "suspended"),
    ]


def test_impossible_status_change_is_refused_with_a_message(client, coordinator):
    organisation = OrganisationFactory(status=MembershipStatus.APPLICANT)
    client.force_login(coordinator)

    response = client.post(
        f"/en/members/{organisation.slug}/status/", {"status": "suspended", "reason": "x"}
    )

    organisation.refresh_from_db()
    assert organisation.status == MembershipStatus.APPLICANT
    assert "This change of status is not possible from the current status." in (
        response.content.decode()
    )


def test_editor_saves_profile_and_change_is_recorded(client):
    person = OrganisationPersonFactory(role=OrganisationRole.EDITOR)
    organisation = person.organisation
    client.force_login(person.user)

    response = client.post(
        f"/fr/members/{organisation.slug}/edit/",
        _profile_data(organisation, acronym="NEW", public_phone="+223 20 00 00 00"),
    )

    organisation.refresh_from_db()
    assert response["Location"] == f"/fr/members/{organisation.slug}/"
    assert (organisation.acronym, organisation.version) == ("NEW", 2)
    change = ProfileChange.objects.get()
    assert (change.changed_by, sorted(change.fields)) == (
        person.user,
        ["acronym", "public_phone"],
    )


def test_second_concurrent_edit_gets_a_conflict_and_keeps_its_input(client):
    first = OrganisationPersonFactory(role=OrganisationRole.ADMIN)
    organisation = first.organisation
    second = OrganisationPersonFactory(organisation=organisation)
    opened = _profile_data(organisation)  # both open version 1
    client.force_login(first.user)
    client.post(f"/en/members/{organisation.slug}/edit/", {**opened, "acronym": "FIRST"})

    other = client.__class__()
    other.force_login(second.user)
    response = other.post(
        f"/en/members/{organisation.slug}/edit/",
        {**opened, "public_phone": "+223 76 00 00 00", "acronym": "SECOND"},
    )

    organisation.refresh_from_db()
    content = response.content.decode()
    assert response.status_code == 200
    assert organisation.acronym == "FIRST"
    assert "Someone saved this profile after you opened it." in content
    assert 'value="+223 76 00 00 00"' in content
    assert 'value="SECOND"' in content
    assert response.context["conflict_fields"] == [{"label": "Acronym", "current": "FIRST"}]
    resent = other.post(
        f"/en/members/{organisation.slug}/edit/",
        {**opened, "acronym": "SECOND", "version": response.context["form"]["version"].value()},
    )
    organisation.refresh_from_db()
    assert resent.status_code == 302
    assert organisation.acronym == "SECOND"


def test_saving_without_change_records_nothing(client):
    person = OrganisationPersonFactory()
    client.force_login(person.user)

    client.post(f"/fr/members/{person.organisation.slug}/edit/", _profile_data(person.organisation))

    assert ProfileChange.objects.count() == 0


def test_history_shows_who_changed_which_fields(client, coordinator):
    person = OrganisationPersonFactory()
    client.force_login(person.user)
    client.post(
        f"/en/members/{person.organisation.slug}/edit/",
        _profile_data(person.organisation, contact_name="Awa"),
    )
    client.force_login(coordinator)

    content = client.get(f"/en/members/{person.organisation.slug}/history/").content.decode()

    assert f"<td>{person.user.display_name}</td><td>Contact person</td>" in content


def test_edit_form_keeps_input_when_invalid(client):
    person = OrganisationPersonFactory()
    client.force_login(person.user)

    response = client.post(
        f"/fr/members/{person.organisation.slug}/edit/",
        _profile_data(person.organisation, public_email="pas-une-adresse", acronym="GARDÉ"),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="pas-une-adresse"' in content
    assert 'value="GARDÉ"' in content


@pytest.mark.parametrize("name", ["Evil\r\nBcc: victim@example.org", "A\u202eLIVE", "Tab\there"])
def test_names_with_control_characters_are_refused(client, user, name):
    client.force_login(user)

    response = client.post(
        "/en/members/apply/", {"name": name, "kind": "ngo", "description_fr": "x"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Use a name on one line, without control characters."
    ]
    assert Organisation.objects.count() == 0

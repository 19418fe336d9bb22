"""A person's own data: the JSON download and deleting the account (DESIGN.md)."""

import json

import pytest
from allauth.account.models import EmailAddress

from members.enums import OrganisationRole
from members.models import Organisation, OrganisationPerson
from network.accounts import personal_data
from network.accounts.enums import AuditAction
from network.accounts.models import AuditLogEntry, User
from network.notifications.models import Preference
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def _download(client) -> dict:
    response = client.get("/en/accounts/my-data/download/")
    return json.loads(response.content.decode("utf-8"))


# --- Download ---------------------------------------------------------------


def test_my_data_download_is_a_json_attachment(client):
    client.force_login(UserFactory())

    response = client.get("/en/accounts/my-data/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert response["Cache-Control"] == "no-store"


def test_my_data_holds_account_roles_addresses_and_memberships(client):
    person = UserFactory(
        email="awa@example.org", display_name="Awa Traoré", preferred_language="bm",
        roles=["coordinator"],
    )  # fmt: skip
    OrganisationPersonFactory(
        user=person,
        organisation=OrganisationFactory(name="Jigiya", slug="jigiya"),
        role=OrganisationRole.ADMIN,
    )
    OrganisationFactory(name="Benkadi", slug="benkadi", applied_by=person, status="applicant")
    Preference.objects.create(user=person, kind="news.published", frequency="off")
    client.force_login(person)

    data = _download(client)

    assert {key: data["account"][key] for key in ("email", "display_name", "roles")} == {
        "email": "awa@example.org",
        "display_name": "Awa Traoré",
        "roles": ["coordinator"],
    }
    assert data["account"]["preferred_language"] == "bm"
    assert data["email_addresses"] == [
        {"email": "awa@example.org", "verified": True, "primary": True}
    ]
    assert [entry["action"] for entry in data["audit_log"]] == ["role.granted"]
    assert [(m["organisation"], m["slug"], m["role"]) for m in data["members"]["memberships"]] == [
        ("Jigiya", "jigiya", "admin")
    ]
    assert [(a["organisation"], a["status"]) for a in data["members"]["applications"]] == [
        ("Benkadi", "applicant")
    ]
    assert data["notifications"]["preferences"]["news.published"] == "off"
    assert data["notifications"]["inbox_items"] == 0


def test_my_data_holds_nothing_about_another_user(client):
    organisation = OrganisationFactory(name="Jigiya")
    me = OrganisationPersonFactory(organisation=organisation).user
    other = OrganisationPersonFactory(
        organisation=organisation,
        user=UserFactory(email="secret-other@example.org", display_name="Secret Other"),
    ).user
    OrganisationFactory(name="Other's application", applied_by=other)
    EmailAddress.objects.create(user=other, email="second-other@example.org")
    client.force_login(me)

    body = client.get("/en/accounts/my-data/download/").content.decode("utf-8")

    assert [
        word for word in ("secret-other", "second-other", "Secret Other", "Other's") if word in body
    ] == []
    assert json.loads(body)["members"]["memberships"][0]["organisation"] == "Jigiya"


def test_collect_includes_a_registered_provider_and_refuses_own_names(user):
    personal_data.register("test_section", lambda u: {"email_again": u.email})
    try:
        data = personal_data.collect(user)
    finally:
        personal_data._registry.pop("test_section")

    assert data["test_section"] == {"email_again": user.email}
    with pytest.raises(ValueError):
        personal_data.register("account", lambda u: {})


def test_my_data_page_lists_the_sections_and_links_the_download(client, user):
    client.force_login(user)

    response = client.get("/en/accounts/my-data/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="/en/accounts/my-data/download/"' in content
    assert "Your places in member organisations and the applications you sent." in content
    assert 'href="/en/accounts/delete/"' in content


# --- Delete -----------------------------------------------------------------


def test_delete_with_the_right_password_removes_the_user_and_keeps_the_organisation(client):
    person = OrganisationPersonFactory(
        organisation=OrganisationFactory(name="Jigiya"), role=OrganisationRole.ADMIN
    )
    user = person.user
    email = user.email
    client.force_login(user)

    response = client.post("/en/accounts/delete/", {"password": DEFAULT_PASSWORD}, follow=True)

    entries = list(AuditLogEntry.objects.filter(action=AuditAction.USER_DELETED))
    assert response.redirect_chain == [("/en/", 302)]
    assert "Your account has been deleted. Goodbye." in response.content.decode()
    assert User.objects.filter(email=email).exists() is False
    assert OrganisationPerson.objects.filter(pk=person.pk).exists() is False
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Jigiya"]
    assert [(e.actor, e.subject_repr) for e in entries] == [(None, email)]
    assert response.wsgi_request.user.is_authenticated is False
    assert "_auth_user_id" not in client.session


def test_delete_with_a_wrong_password_keeps_everything_and_says_why(client):
    person = OrganisationPersonFactory()
    client.force_login(person.user)

    response = client.post("/en/accounts/delete/", {"password": "not-my-password"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password": ["This password is not correct. Your account has not been deleted."]
    }
    assert User.objects.filter(pk=person.user.pk).exists() is True
    assert OrganisationPerson.objects.filter(pk=person.pk).exists() is True
    assert AuditLogEntry.objects.filter(action=AuditAction.USER_DELETED).count() == 0
    assert client.session["_auth_user_id"] == str(person.user.pk)


def test_delete_page_explains_what_happens(client, user):
    client.force_login(user)

    response = client.get("/en/accounts/delete/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in content
    assert (
        "the organisations stay in the network, with their profiles and their other people;"
        in content
    )


def test_delete_password_attempts_are_rate_limited(client, user):
    client.force_login(user)
    statuses = [
        client.post("/en/accounts/delete/", {"password": "wrong"}).status_code for _ in range(11)
    ]

    assert statuses == [200] * 10 + [429]
    assert User.objects.filter(pk=user.pk).exists() is True


@pytest.mark.parametrize(
    "path", ["/en/accounts/my-data/", "/en/accounts/my-data/download/", "/en/accounts/delete/"]
)
def test_my_data_pages_send_visitors_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={path}"


@pytest.mark.parametrize("item_count", [1, 20])
def test_my_data_download_queries_do_not_grow(client, django_assert_num_queries, item_count):
    person = UserFactory()
    for _ in range(item_count):
        OrganisationPersonFactory(user=person)
    client.force_login(person)

    # user; roles, addresses, audit entries; dialogue registrations, events
    # created; memberships, applications; notification preferences, inbox and unread counts;
    # indicator values entered
    with django_assert_num_queries(12):
        data = _download(client)

    assert len(data["members"]["memberships"]) == item_count


@pytest.mark.django_db
def test_delete_page_warns_the_last_admin_of_an_organisation(client):
    admin = OrganisationPersonFactory(role="admin", organisation__name="Femmes de Kayes")
    client.force_login(admin.user)

    content = client.get("/en/accounts/delete/").content.decode()

    assert (
        "You are the only administrator of Femmes de Kayes: name another administrator "
        "on its people page first, or nobody will be able to keep its profile."
    ) in content


@pytest.mark.django_db
def test_my_data_includes_dialogue_registrations(client):
    from dialogues.services import registration_create
    from tests.factories.dialogues import DialogueEventFactory

    delegate = OrganisationPersonFactory()
    event = DialogueEventFactory(title="Dialogue de Ségou", title_fr="Dialogue de Ségou")
    registration_create(
        event=event, organisation=delegate.organisation, delegate=delegate.user,
        registered_by=delegate.user,
    )  # fmt: skip
    client.force_login(delegate.user)

    data = json.loads(client.get("/fr/accounts/my-data/download/").content)

    assert [r["event"] for r in data["dialogues"]["registrations"]] == ["Dialogue de Ségou"]

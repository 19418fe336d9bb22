"""People of an organisation: invitations, roles, removal, and the invitation link."""

import re
import time
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.core import mail, signing
from django.core.signing import TimestampSigner

from members import services
from members.enums import OrganisationRole
from members.models import Invitation, OrganisationPerson
from tests.factories import OrganisationFactory, OrganisationPersonFactory, UserFactory
from tests.factories.members import InvitationFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/\S+)")
PASSWORD = "Sahel-dialogue-2014"


def _admin_of(organisation, **user_fields):
    return OrganisationPersonFactory(
        organisation=organisation, role=OrganisationRole.ADMIN, user=UserFactory(**user_fields)
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _people_url(organisation, lang="en") -> str:
    return f"/{lang}/members/{organisation.slug}/people/"


def _invitation_path(invitation, lang="en") -> str:
    return f"/{lang}/members/invitations/{services.invitation_token(invitation)}/"


# --- Inviting -----------------------------------------------------------------


def test_invite_existing_user_sends_an_invitation_without_attaching_or_naming_them(
    client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    colleague = UserFactory(email="fanta@example.org", display_name="Fanta")
    client.force_login(admin.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _people_url(organisation) + "invite/", {"email": "Fanta@example.org", "role": "editor"}
        )

    assert response.status_code == 302
    assert OrganisationPerson.objects.filter(organisation=organisation, user=colleague).count() == 0
    assert Invitation.objects.get().email == "Fanta@example.org"
    assert [m.to for m in mail.outbox] == [["Fanta@example.org"]]
    assert _messages(response) == [
        "An invitation has been sent to Fanta@example.org. The link in it is valid for 30 days."
    ]


def test_inviting_again_renews_the_pending_invitation(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    client.force_login(_admin_of(organisation).user)

    with django_capture_on_commit_callbacks(execute=True):
        for role in ("editor", "admin"):
            client.post(_people_url(organisation) + "invite/", {"email": "k@example.org",
                                                                "role": role})  # fmt: skip

    assert list(Invitation.objects.values_list("email", "role")) == [("k@example.org", "admin")]
    assert len(mail.outbox) == 2


def test_admin_withdraws_a_pending_invitation(client):
    organisation = OrganisationFactory()
    client.force_login(_admin_of(organisation).user)
    invitation = Invitation.objects.create(organisation=organisation, email="x@example.org")
    token = services.invitation_token(invitation)

    client.post(_people_url(organisation) + f"invitations/{invitation.pk}/withdraw/")

    assert Invitation.objects.count() == 0
    assert client.get(f"/fr/members/invitations/{token}/").status_code == 404


def test_invite_new_address_creates_invitation_and_sends_link(
    client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Femmes de Mopti")
    admin = _admin_of(organisation, display_name="Awa")
    client.force_login(admin.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _people_url(organisation) + "invite/", {"email": "binta@example.org", "role": "admin"}
        )

    assert response["Location"] == _people_url(organisation)
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.email, invitation.role, invitation.invited_by) == (
        organisation,
        "binta@example.org",
        OrganisationRole.ADMIN,
        admin.user,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["binta@example.org"]
    path = LINK.search(mail.outbox[0].body).group(1)
    assert services.invitation_from_token(path.rstrip("/").rsplit("/", 1)[1]) == invitation
    assert _messages(response) == [
        "An invitation has been sent to binta@example.org. The link in it is valid for 30 days."
    ]


def test_invite_person_already_member_shows_error_and_keeps_typed_values(client):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    OrganisationPersonFactory(
        organisation=organisation, user=UserFactory(email="oumar@example.org")
    )
    client.force_login(admin.user)

    response = client.post(
        _people_url(organisation) + "invite/", {"email": "oumar@example.org", "role": "admin"}
    )

    assert response.status_code == 200
    form = response.context["invitation_form"]
    assert form.non_field_errors() == ["This person already belongs to the organisation."]
    assert (form["email"].value(), form["role"].value()) == ("oumar@example.org", "admin")
    content = response.content.decode()
    assert "This person already belongs to the organisation." in content
    assert 'value="oumar@example.org"' in content
    assert Invitation.objects.count() == 0


def test_invite_invalid_address_shows_field_error(client):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    client.force_login(admin.user)

    response = client.post(
        _people_url(organisation) + "invite/", {"email": "not an address", "role": "editor"}
    )

    assert response.status_code == 200
    assert response.context["invitation_form"].errors["email"] == ["Enter a valid email address."]
    assert Invitation.objects.count() == 0


def test_invite_get_is_not_allowed(client):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    client.force_login(admin.user)

    response = client.get(_people_url(organisation) + "invite/")

    assert response.status_code == 405


def test_person_can_belong_to_two_organisations(client, django_capture_on_commit_callbacks):
    first, second = OrganisationFactory(), OrganisationFactory()
    colleague = OrganisationPersonFactory(organisation=first).user
    admin = _admin_of(second)
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_people_url(second) + "invite/", {"email": colleague.email, "role": "admin"})
    invitation = Invitation.objects.get()

    client.force_login(colleague)
    client.post(f"/fr/members/invitations/{services.invitation_token(invitation)}/")

    roles = sorted(
        OrganisationPerson.objects.filter(user=colleague).values_list("organisation_id", "role")
    )
    assert roles == sorted([(first.pk, "editor"), (second.pk, "admin")])


# --- Accepting an invitation --------------------------------------------------


def test_invitation_new_person_signs_up_then_accepts_with_invited_role(
    client, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Jeunes de Gao", listed=False)
    admin = _admin_of(organisation)
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _people_url(organisation, "fr") + "invite/",
            {"email": "kadi@example.org", "role": "admin"},
        )
    client.logout()
    invitation_path = LINK.search(mail.outbox[-1].body).group(1)

    landing = client.get(invitation_path)
    signup_form = client.get(f"/fr/accounts/signup/?next={quote(invitation_path)}")
    signup = client.post(
        "/fr/accounts/signup/",
        {
            "email": "kadi@example.org",
            "display_name": "Kadi",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": invitation_path,
        },
    )
    confirm_path = LINK.search(mail.outbox[-1].body).group(1)
    confirmed = client.post(confirm_path)
    page = client.get(invitation_path)
    accepted = client.post(invitation_path)

    assert f'href="/fr/accounts/signup/?next={quote(invitation_path)}"' in landing.content.decode()
    assert (
        f'<input type="hidden" name="next" value="{invitation_path}">'
        in signup_form.content.decode()
    )
    assert signup["Location"] == "/fr/accounts/confirm-email/"
    assert confirmed["Location"] == invitation_path
    assert page.status_code == 200
    assert accepted.status_code == 302
    assert accepted["Location"] == f"/fr/members/{organisation.slug}/"
    person = OrganisationPerson.objects.get(
        organisation=organisation, user__email="kadi@example.org"
    )
    assert person.role == OrganisationRole.ADMIN
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == person.user
    assert client.get(invitation_path).status_code == 404


def test_invitation_page_for_visitor_explains_and_links_back(client):
    invitation = InvitationFactory(
        organisation=OrganisationFactory(name="Femmes de Mopti"),
        invited_by=UserFactory(display_name="Awa"),
        role=OrganisationRole.EDITOR,
    )
    path = _invitation_path(invitation)

    response = client.get(path)

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        "Awa invites you to join Femmes de Mopti on the portal of the network, as Editor."
        in content
    )
    assert f'href="/en/accounts/signup/?next={quote(path)}"' in content
    assert f'href="/en/accounts/login/?next={quote(path)}"' in content
    assert invitation.email not in content


def test_invitation_accept_with_another_account_is_refused(client):
    invitation = InvitationFactory(email="kadi@example.org")
    other = UserFactory(email="moussa@example.org")
    client.force_login(other)
    path = _invitation_path(invitation)

    page = client.get(path)
    response = client.post(path)

    message = "This invitation was sent to another email address."
    assert message in page.content.decode()
    assert '<button type="submit">Join' not in page.content.decode()
    assert response.status_code == 200
    assert message in response.content.decode()
    assert OrganisationPerson.objects.filter(user=other).count() == 0
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_accept_by_existing_account_with_that_address(client):
    organisation = OrganisationFactory(name="Radio Kayes")
    invitation = InvitationFactory(organisation=organisation, email="Kadi@example.org")
    kadi = UserFactory(email="kadi@example.org")
    client.force_login(kadi)

    response = client.post(_invitation_path(invitation))

    assert response["Location"] == f"/en/members/{organisation.slug}/"
    assert OrganisationPerson.objects.get(user=kadi).organisation == organisation
    assert _messages(response) == ["Welcome: you are now one of the people of Radio Kayes."]


def test_invitation_post_by_visitor_redirects_to_login(client):
    invitation = InvitationFactory()
    path = _invitation_path(invitation)

    response = client.post(path)

    assert response["Location"] == f"/en/accounts/login/?next={quote(path)}"
    assert OrganisationPerson.objects.count() == 0


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        signing.dumps(1, salt="another.salt"),
        signing.dumps(1, salt=services.INVITATION_SALT) + "x",
    ],
)
def test_invitation_forged_token_answers_404(client, token):
    InvitationFactory()

    response = client.get(f"/en/members/invitations/{token}/")

    assert response.status_code == 404
    assert "<h1>This invitation is not valid</h1>" in response.content.decode()


def test_invitation_expired_token_answers_404(client, monkeypatch):
    invitation = InvitationFactory()
    thirty_one_days_ago = int(time.time()) - 31 * 24 * 3600
    monkeypatch.setattr(
        TimestampSigner, "timestamp", lambda self: signing.b62_encode(thirty_one_days_ago)
    )
    token = services.invitation_token(invitation)
    monkeypatch.undo()

    response = client.get(f"/en/members/invitations/{token}/")

    assert response.status_code == 404


def test_invitation_already_accepted_answers_404(client):
    invitation = InvitationFactory(email="kadi@example.org")
    services.invitation_accept(invitation=invitation, user=UserFactory(email="kadi@example.org"))

    response = client.get(_invitation_path(invitation))

    assert response.status_code == 404


# --- Roles and removal ----------------------------------------------------------


def test_person_role_change_by_admin(client):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    colleague = OrganisationPersonFactory(
        organisation=organisation, user=UserFactory(display_name="Fanta")
    )
    client.force_login(admin.user)

    response = client.post(_people_url(organisation) + f"{colleague.pk}/role/", {"role": "admin"})

    assert response["Location"] == _people_url(organisation)
    colleague.refresh_from_db()
    assert colleague.role == OrganisationRole.ADMIN
    assert _messages(response) == ["Fanta is now Administrator."]


def test_person_remove_by_admin(client):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    colleague = OrganisationPersonFactory(
        organisation=organisation, user=UserFactory(display_name="Fanta")
    )
    client.force_login(admin.user)

    response = client.post(_people_url(organisation) + f"{colleague.pk}/remove/")

    assert response["Location"] == _people_url(organisation)
    assert list(organisation.people.values_list("pk", flat=True)) == [admin.pk]
    assert _messages(response) == ["Fanta has been removed from the organisation."]


@pytest.mark.parametrize("action", ["role", "remove"])
def test_person_of_another_organisation_answers_404(client, action):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    stranger = OrganisationPersonFactory(role=OrganisationRole.ADMIN)
    client.force_login(admin.user)

    response = client.post(
        _people_url(organisation) + f"{stranger.pk}/{action}/", {"role": "editor"}
    )

    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == OrganisationRole.ADMIN


@pytest.mark.parametrize("action", ["role", "remove"])
def test_last_admin_cannot_demote_or_remove_themselves(client, action):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    client.force_login(admin.user)

    response = client.post(
        _people_url(organisation) + f"{admin.pk}/{action}/", {"role": "editor"}, follow=True
    )

    assert response.redirect_chain == [(_people_url(organisation), 302)]
    admin.refresh_from_db()
    assert admin.role == OrganisationRole.ADMIN
    content = response.content.decode()
    assert '<li class="error">An organisation needs at least one administrator.</li>' in content
    assert (
        "Only administrator: name another administrator before changing this role or leaving."
        in content
    )


def test_admin_demoting_themselves_goes_to_organisation_page(client):
    organisation = OrganisationFactory(listed=False)
    admin = _admin_of(organisation)
    _admin_of(organisation)
    client.force_login(admin.user)

    response = client.post(_people_url(organisation) + f"{admin.pk}/role/", {"role": "editor"})

    assert response["Location"] == f"/en/members/{organisation.slug}/"
    admin.refresh_from_db()
    assert admin.role == OrganisationRole.EDITOR


def test_admin_leaving_goes_to_organisation_page(client):
    organisation = OrganisationFactory(name="Radio Kayes")
    admin = _admin_of(organisation)
    _admin_of(organisation)
    client.force_login(admin.user)

    response = client.post(_people_url(organisation) + f"{admin.pk}/remove/")

    assert response["Location"] == f"/en/members/{organisation.slug}/"
    assert organisation.people.filter(user=admin.user).exists() is False
    assert _messages(response) == ["You have left Radio Kayes."]


def test_admin_leaving_unlisted_organisation_goes_to_dashboard(client):
    organisation = OrganisationFactory(listed=False)
    admin = _admin_of(organisation)
    _admin_of(organisation)
    client.force_login(admin.user)

    response = client.post(_people_url(organisation) + f"{admin.pk}/remove/")

    assert response["Location"] == "/en/dashboard/"


# --- The people page --------------------------------------------------------------


def test_people_page_lists_people_and_pending_invitations(client):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation, display_name="Awa", email="awa@example.org")
    OrganisationPersonFactory(
        organisation=organisation, user=UserFactory(display_name="Fanta", email="fanta@ex.org")
    )
    InvitationFactory(organisation=organisation, email="kadi@example.org", role="admin")
    InvitationFactory(email="elsewhere@example.org")
    client.force_login(admin.user)

    response = client.get(_people_url(organisation))

    content = response.content.decode()
    assert response.status_code == 200
    assert [row["person"].user.display_name for row in response.context["people"]] == [
        "Awa",
        "Fanta",
    ]
    assert [row["invitation"].email for row in response.context["invitations"]] == [
        "kadi@example.org"
    ]
    assert "fanta@ex.org" in content
    assert "elsewhere@example.org" not in content
    assert f'action="/en/members/{organisation.slug}/people/invite/"' in content
    assert f'href="/en/members/{organisation.slug}/">← {organisation.name}</a>' in content


@pytest.mark.parametrize("who", ["editor", "other_admin", "donor", "user"])
def test_people_page_is_404_for_anyone_but_the_organisation_admins(client, who):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    viewer = {
        "editor": lambda: OrganisationPersonFactory(organisation=organisation).user,
        "other_admin": lambda: OrganisationPersonFactory(role=OrganisationRole.ADMIN).user,
        "donor": lambda: UserFactory(roles=["donor"]),
        "coordinator": lambda: UserFactory(roles=["coordinator"]),
        "user": UserFactory,
    }[who]()
    client.force_login(viewer)
    url = _people_url(organisation)

    responses = [
        client.get(url),
        client.post(url + "invite/", {"email": "x@example.org", "role": "admin"}),
        client.post(url + f"{admin.pk}/remove/"),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert organisation.people.filter(pk=admin.pk).exists() is True
    assert Invitation.objects.count() == 0


def test_people_page_sends_visitor_to_login(client):
    organisation = OrganisationFactory()
    url = _people_url(organisation)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={url}"


@pytest.mark.parametrize("item_count", [1, 20])
def test_people_page_query_count_does_not_grow(client, django_assert_num_queries, item_count):
    organisation = OrganisationFactory()
    admin = _admin_of(organisation)
    OrganisationPersonFactory.create_batch(item_count - 1, organisation=organisation)
    InvitationFactory.create_batch(item_count, organisation=organisation)
    client.force_login(admin.user)

    # user, organisation + regions + themes, admin's role (rules), unread count
    # (header), people with their users, pending invitations
    with django_assert_num_queries(8):
        response = client.get(_people_url(organisation))

    assert len(response.context["people"]) == item_count
    assert len(response.context["invitations"]) == item_count

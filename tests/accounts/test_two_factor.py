"""Two-factor authentication: required for coordinators and administrators in production."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from tests.factories.accounts import DEFAULT_PASSWORD


@pytest.fixture
def two_factor_required(settings):
    settings.NETWORK_REQUIRE_TWO_FACTOR = True


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_privileged_user_without_two_factor_cannot_reach_dashboard(
    client, two_factor_required, role
):
    client.force_login(UserFactory(roles=[role]))

    response = client.get("/fr/dashboard/")

    with translation.override("fr"):
        setup_url = reverse("mfa_activate_totp")
    assert response.status_code == 302
    assert response["Location"] == setup_url


@pytest.mark.django_db
def test_privileged_user_without_two_factor_can_log_in_and_set_it_up(client, two_factor_required):
    coordinator = UserFactory(roles=["coordinator"])

    login = client.post(
        "/fr/accounts/login/", {"login": coordinator.email, "password": DEFAULT_PASSWORD}
    )
    reauthenticate = client.get(login["Location"], follow=True)
    setup = client.post(
        reauthenticate.redirect_chain[-1][0], {"password": DEFAULT_PASSWORD}, follow=True
    )

    assert [url for url, _ in reauthenticate.redirect_chain] == [
        "/fr/accounts/2fa/totp/activate/",
        "/fr/accounts/reauthenticate/?next=%2Ffr%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    ]
    assert setup.redirect_chain == [("/fr/accounts/2fa/totp/activate/", 302)]
    assert setup.status_code == 200
    assert setup.context["form"].__class__.__name__ == "ActivateTOTPForm"


@pytest.mark.django_db
def test_coordinator_with_totp_reaches_dashboard(client, two_factor_required):
    coordinator = UserFactory(roles=["coordinator"])
    Authenticator.objects.create(
        user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(coordinator)

    response = client.get("/fr/dashboard/")

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "donor"])
def test_other_roles_are_not_forced_to_set_up_two_factor(client, two_factor_required, role):
    client.force_login(UserFactory(roles=[role] if role else []))

    response = client.get("/fr/dashboard/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_embedded_defaults_exempt_demo_coordinator_from_two_factor(client, settings):
    settings.NETWORK_REQUIRE_TWO_FACTOR = False
    client.force_login(UserFactory(roles=["coordinator"]))

    response = client.get("/fr/dashboard/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_user_sees_and_ends_other_sessions(client, user):
    other = client.__class__()
    for browser in (other, client):
        browser.post("/fr/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert UserSession.objects.filter(user=user).count() == 2

    page = client.get("/fr/accounts/sessions/")
    ended = client.post("/fr/accounts/sessions/", {"action": "logout"})

    assert page.status_code == 200
    assert UserSession.objects.filter(user=user).count() == 1
    assert ended.status_code == 302
    assert other.get("/fr/dashboard/").status_code == 302

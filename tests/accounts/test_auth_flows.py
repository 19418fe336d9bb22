"""Sign-up, email verification, login, password reset and rate limits, in each language."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from network.accounts.models import User
from tests.factories import UserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

LANGS = ["fr", "en", "bm"]
LINK = re.compile(r"https?://testserver(/[^\s]+)")


def _link_in_last_email() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_signup_then_verification_then_login_in_each_language(client, lang):
    response = client.post(
        f"/{lang}/accounts/signup/",
        {
            "email": "awa@example.org",
            "display_name": "Awa",
            "password1": "Sahel-dialogue-2014",
            "password2": "Sahel-dialogue-2014",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    link = _link_in_last_email()
    assert link.startswith(f"/{lang}/accounts/confirm-email/")

    unverified_login = client.post(
        f"/{lang}/accounts/login/", {"login": "awa@example.org", "password": "Sahel-dialogue-2014"}
    )
    assert unverified_login["Location"] == f"/{lang}/accounts/confirm-email/"

    confirm = client.post(link)
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(email="awa@example.org").verified is True
    client.logout()

    login = client.post(
        f"/{lang}/accounts/login/", {"login": "awa@example.org", "password": "Sahel-dialogue-2014"}
    )
    assert login["Location"] == f"/{lang}/dashboard/"
    user = User.objects.get(email="awa@example.org")
    assert (user.display_name, user.preferred_language) == ("Awa", lang)


@pytest.mark.django_db
def test_signup_email_is_written_in_the_signup_language(client):
    client.post(
        "/en/accounts/signup/",
        {
            "email": "awa@example.org",
            "display_name": "Awa",
            "password1": "Sahel-dialogue-2014",
            "password2": "Sahel-dialogue-2014",
        },
    )
    client.post(
        "/fr/accounts/signup/",
        {
            "email": "binta@example.org",
            "display_name": "Binta",
            "password1": "Sahel-dialogue-2014",
            "password2": "Sahel-dialogue-2014",
        },
    )

    english, french = mail.outbox
    assert english.subject == "Please Confirm Your Email Address"
    with translation.override("fr"):
        assert french.subject == gettext("Please Confirm Your Email Address")
    assert french.subject != english.subject


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_password_reset_in_each_language(client, lang):
    UserFactory(email="fanta@example.org", preferred_language=lang)

    response = client.post(f"/{lang}/accounts/password/reset/", {"email": "fanta@example.org"})
    assert response["Location"] == f"/{lang}/accounts/password/reset/done/"
    link = _link_in_last_email()
    assert link.startswith(f"/{lang}/accounts/password/reset/key/")

    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"password1": "New-Sahel-pass-2015", "password2": "New-Sahel-pass-2015"}
    )
    assert done["Location"] == f"/{lang}/accounts/password/reset/key/done/"

    login = client.post(
        f"/{lang}/accounts/login/",
        {"login": "fanta@example.org", "password": "New-Sahel-pass-2015"},
    )
    assert login["Location"] == f"/{lang}/dashboard/"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_eleventh_failed_login_in_a_minute_answers_translated_429(client, lang):
    user = UserFactory()
    attempts = [
        client.post(f"/{lang}/accounts/login/", {"login": user.email, "password": "wrong"})
        for _ in range(10)
    ]

    eleventh = client.post(f"/{lang}/accounts/login/", {"login": user.email, "password": "wrong"})

    assert [a.status_code for a in attempts] == [200] * 10
    assert eleventh.status_code == 429
    with translation.override(lang):
        title = gettext("Too many attempts")
    assert f"<h1>{title}</h1>" in eleventh.content.decode()
    assert f'<html lang="{lang}">' in eleventh.content.decode()


@pytest.mark.django_db
def test_429_page_is_translated_in_french(client):
    with translation.override("fr"):
        assert gettext("Too many attempts") != "Too many attempts"


@pytest.mark.django_db
def test_superuser_from_createsuperuser_logs_in_straight_away(client):
    call_command(
        "createsuperuser",
        interactive=False,
        email="root@example.org",
        display_name="Root",
        verbosity=0,
    )
    user = User.objects.get(email="root@example.org")
    user.set_password(DEFAULT_PASSWORD)
    user.save()

    response = client.post(
        "/fr/accounts/login/", {"login": "root@example.org", "password": DEFAULT_PASSWORD}
    )

    assert response["Location"] == "/fr/dashboard/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_unverified_user_cannot_log_in_before_confirming(client):
    user = UserFactory(verified=False)

    response = client.post(
        "/fr/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )

    assert response["Location"] == "/fr/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_email_uses_the_readers_preferred_language(client):
    UserFactory(email="kadi@example.org", preferred_language="en")

    client.post("/fr/accounts/password/reset/", {"email": "kadi@example.org"})

    (email,) = mail.outbox
    assert email.subject == "Password Reset Email"
    assert "http://testserver/en/accounts/password/reset/key/" in email.body
    assert "Human security network, Mali" in email.body
    assert "testserver!" not in email.body

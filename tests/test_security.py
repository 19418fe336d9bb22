"""Security headers and settings an auditor checks from outside (issue 8).

A Content Security Policy without ``unsafe-inline`` or ``unsafe-eval`` (the
templates hold no inline script, style or event handler, checked below),
frame denial, ``nosniff``, ``Referrer-Policy``, ``Permissions-Policy`` on
every response, error pages included; HSTS and secure cookies in
production; the admin login goes through the site's rate-limited login.
"""

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user

from tests.factories import UserFactory
from tests.test_settings import BASE_DIR, _run

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
}


def _policy(header: str) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("path", ["/fr/", "/bm/members/", "/en/page-that-does-not-exist/"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)

    assert _policy(response["Content-Security-Policy"]) == EXPECTED_CSP
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = dict(
        feature.split("=", 1) for feature in response["Permissions-Policy"].split(", ")
    )
    assert permissions["camera"] == permissions["geolocation"] == permissions["microphone"] == "()"


TEMPLATE_DIRS = [BASE_DIR / "templates", *BASE_DIR.glob("*/templates"),
                 *BASE_DIR.glob("network/*/templates")]  # fmt: skip
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def _templates() -> list[Path]:
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))


def test_templates_hold_nothing_the_policy_would_block():
    found = [
        f"{path.relative_to(BASE_DIR)}: {what}"
        for path in _templates()
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert len(_templates()) > 50
    assert found == []


PRINT_SECURITY = """
import json, django
from django.conf import settings
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/i18n/setlang/", secure=True, headers={"host": "portal.example.org"})
print(json.dumps({
    "hsts": response.headers.get("Strict-Transport-Security"),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
}))
"""


def test_production_sends_hsts_and_secure_cookies(tmp_path):
    result = _run(
        ["-c", PRINT_SECURITY],
        DJANGO_ENV="production",
        SECRET_KEY="k8#v2!mQz9@pL4$wX7^nR1&bT6*yH3(jF5)dS0-gA2+cE8=uI4",
        ALLOWED_HOSTS="portal.example.org",
        NETWORK_BASE_URL="https://portal.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "hsts": "max-age=31536000; includeSubDomains; preload",
        "session_secure": True,
        "session_httponly": True,
        "csrf_secure": True,
        "ssl_redirect": True,
    }


def test_the_admin_login_is_the_sites_rate_limited_login(client):
    user = UserFactory(roles=["administrator"])
    user.set_password("Admin-pass-2013")
    user.save()

    posted = client.post("/admin/login/", {"username": user.email, "password": "Admin-pass-2013"})

    assert posted.status_code == 302
    assert posted["Location"].startswith("/fr/accounts/login/")
    assert get_user(client).is_authenticated is False

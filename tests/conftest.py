"""Fixtures shared by the whole suite.

``NETWORK_REQUIRE_SERVICES=1`` (set by ``.ci/run``) turns every "service
missing" into a failure: CI never skips a test because PostgreSQL, Redis or
Chromium is absent. Without it (a developer's plain ``make test`` on the
embedded defaults), tests that need a missing service are skipped with the
reason.
"""

import os

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.browser import browser
from tests.factories import UserFactory

__all__ = ["browser"]  # the session's Chromium, a fixture for tests/e2e and tests/audit

REQUIRE_SERVICES = os.environ.get("NETWORK_REQUIRE_SERVICES") == "1"


def require_service(available: bool, what: str) -> None:
    """Skip the calling test when ``what`` is missing, or fail if CI requires it."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (NETWORK_REQUIRE_SERVICES=1) but missing")
    pytest.skip(f"{what} is not available here")


@pytest.fixture(autouse=True)
def _reset_language():
    """Each test starts and ends with the default language active."""
    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Tasks run in-process unless a test starts a real worker (see tests/notifications)."""
    from network.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing strength is Django's business, not what these tests check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _computed_figures_fresh(settings):
    """Computed indicators are counted on every page in tests, unless a test turns the
    cache on (tests/progress/test_computed.py checks the cache itself)."""
    settings.NETWORK_PROGRESS_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache: no test sees another's attempts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=["coordinator"])


@pytest.fixture
def donor(db):
    return UserFactory(roles=["donor"])


@pytest.fixture
def administrator(db):
    return UserFactory(roles=["administrator"])

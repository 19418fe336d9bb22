"""Configuration by environment variables: embedded defaults and production mode.

Each case runs Django in a child process with a controlled environment, as
an operator would start it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from network.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parent.parent
CONFIG_VARS = {
    "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL",
    "CACHE_URL", "EMAIL_URL", "NETWORK_BASE_URL", "EMAIL_BACKEND", "DJANGO_DEBUG",
    "NETWORK_REQUIRE_TWO_FACTOR",
    # Set for the browser tests (tests/e2e); Django refuses it under check --deploy.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "email": settings.EMAIL_BACKEND,
    "debug": settings.DEBUG,
    "cache": settings.CACHES["default"]["BACKEND"],
    "two_factor": settings.NETWORK_REQUIRE_TWO_FACTOR,
}))
"""


def _run(args: list[str], **env_vars: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update(env_vars, DJANGO_SETTINGS_MODULE="network.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_embedded_defaults_use_sqlite_in_var_eager_tasks_console_email_debug():
    result = _run(["-c", PRINT_SETTINGS])

    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.sqlite3",
        "name": str(BASE_DIR / "var" / "db.sqlite3"),
        "eager": True,
        "email": "django.core.mail.backends.console.EmailBackend",
        "debug": True,
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "two_factor": False,
    }


def test_environment_selects_postgresql_redis_broker_and_redis_cache():
    result = _run(
        ["-c", PRINT_SETTINGS],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/network",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )

    settings = json.loads(result.stdout)
    assert (settings["engine"], settings["name"]) == ("django.db.backends.postgresql", "network")
    assert settings["eager"] is False
    assert settings["cache"] == "django_redis.cache.RedisCache"


def test_production_refuses_to_start_without_secret_key():
    result = _run(
        ["-c", PRINT_SETTINGS], DJANGO_ENV="production", ALLOWED_HOSTS="portal.example.org"
    )

    assert result.returncode == 1
    assert "ImproperlyConfigured: Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run(["-c", PRINT_SETTINGS], DJANGO_ENV="production", SECRET_KEY="x" * 60)

    assert result.returncode == 1
    assert "ImproperlyConfigured: Set the ALLOWED_HOSTS environment variable" in result.stderr


def test_production_check_deploy_reports_nothing():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ENV="production",
        SECRET_KEY="k8#v2!mQz9@pL4$wX7^nR1&bT6*yH3(jF5)dS0-gA2+cE8=uI4",
        ALLOWED_HOSTS="portal.example.org",
        NETWORK_BASE_URL="https://portal.example.org",
        DATABASE_URL="sqlite:////tmp/network-check-deploy.sqlite3",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_requires_two_factor_for_privileged_roles():
    result = _run(
        ["-c", PRINT_SETTINGS],
        DJANGO_ENV="production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.org",
        NETWORK_BASE_URL="https://portal.example.org",
        DATABASE_URL="sqlite:////tmp/network-prod.sqlite3",
    )

    assert json.loads(result.stdout)["two_factor"] is True


def test_celery_app_uses_json_time_limits_and_bamako_time():
    conf = celery_app.conf

    assert (conf.task_serializer, conf.accept_content, conf.result_serializer) == (
        "json",
        ["json"],
        "json",
    )
    assert (conf.task_time_limit, conf.task_soft_time_limit) == (300, 60)
    assert conf.timezone == "Africa/Bamako"


def test_manage_py_refuses_production_commands_without_secret_key():
    result = _run(
        ["manage.py", "check", "--deploy"],
        DJANGO_ENV="production",
        ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL="sqlite:////tmp/network-prod.sqlite3",
    )

    assert result.returncode == 1
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_manage_py_refuses_production_commands_without_database_url():
    result = _run(
        ["manage.py", "migrate", "--check"],
        DJANGO_ENV="production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.org",
        NETWORK_BASE_URL="https://portal.example.org",
    )

    assert result.returncode == 1
    assert "Set the DATABASE_URL environment variable" in result.stderr

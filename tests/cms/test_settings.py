"""Production settings: refuse to start without secrets, and pass --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.media import empty_media_roots

ROOT = Path(__file__).resolve().parents[2]
# What production required before REDIS_URL and DEFAULT_FROM_EMAIL were added:
# with only these, production used to start with a per-process cache, no page
# cache and mail from noreply@localhost, and the deploy check said nothing.
MINIMAL_ENV = {
    "SECRET_KEY": "a-long-random-production-key-" + "k" * 40,
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}
GOOD_ENV = {
    **MINIMAL_ENV,
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "DEFAULT_FROM_EMAIL": "Networks of Care <noreply@networksofcare.example.org>",
}
# Variables of the caller's shell that would change what production sees.
SCRUBBED = {*GOOD_ENV, "SERVER_EMAIL", "PAGE_CACHE_ENABLED"}


def manage(*args, base=GOOD_ENV, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SCRUBBED and not key.startswith("DJANGO_")
    }
    env.update(base)
    env.update(empty_media_roots())
    env.update(env_overrides)
    env = {key: value for key, value in env.items() if value is not None}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "REDIS_URL",
        "DEFAULT_FROM_EMAIL",
    ],
)
def test_production_refuses_to_start_without(missing):
    result = manage("check", **{missing: None})
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "Refusing to start: missing required environment variable(s): "
        f"{missing} (see .env.example)"
    ]


def test_production_counts_a_blank_variable_as_missing():
    result = manage("check", REDIS_URL="  ")
    assert result.returncode == 2
    assert "missing required environment variable(s): REDIS_URL" in result.stderr


def test_production_names_every_missing_variable_at_once():
    result = manage("check", SECRET_KEY=None, CELERY_BROKER_URL=None)
    assert "SECRET_KEY, CELERY_BROKER_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_deploy_check_fails_without_a_shared_cache_and_a_sender():
    """The environment the deploy check used to be run with passes no more."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", base=MINIMAL_ENV)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Refusing to start: missing required environment variable(s): "
        "REDIS_URL, DEFAULT_FROM_EMAIL (see .env.example)"
    )


@pytest.mark.parametrize(
    "sender",
    ["Supporter <noreply@localhost>", "noreply"],
)
def test_production_refuses_a_sender_nobody_can_reply_to(sender):
    result = manage("check", DEFAULT_FROM_EMAIL=sender)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"Refusing to start: DEFAULT_FROM_EMAIL={sender!r} is not an address "
        "at a real domain, such as "
        "'Networks of Care <noreply@networksofcare.example.org>' (see .env.example)"
    )


def test_production_passes_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_shares_its_cache_and_caches_pages():
    result = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.PAGE_CACHE_ENABLED, "
        "settings.DEFAULT_FROM_EMAIL, sep='|')",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "django_redis.cache.RedisCache|True|"
        "Networks of Care <noreply@networksofcare.example.org>"
    )


def test_bin_check_deploy_passes():
    """The check that `make test` runs gives production every variable it needs."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    result = subprocess.run(
        [str(ROOT / "bin" / "check-deploy")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_public_pages_send_a_strict_csp(client, db, site_pages):
    policy = client.get("/en/")["Content-Security-Policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


EMBEDDED_SERVICES = (
    "import django; django.setup()\n"
    "from django.conf import settings\n"
    "from django.db import connection\n"
    "from cms.celery import app\n"
    "print(connection.vendor, connection.settings_dict['OPTIONS'],\n"
    "      app.connection_for_write().transport_cls, app.conf.broker_url,\n"
    "      settings.CACHES['default']['BACKEND'], settings.PAGE_CACHE_ENABLED,\n"
    "      settings.DATABASES['default']['NAME'], settings.MEDIA_ROOT, sep='|')\n"
)


def embedded_services(settings_module, var_dir, **service_env):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SCRUBBED
        and key not in ("VAR_DIR", "MEDIA_ROOT", "REDIS_URL")
        and not key.startswith(("DJANGO_", "CELERY_"))
    }
    env.update(DJANGO_SETTINGS_MODULE=settings_module, VAR_DIR=str(var_dir))
    env.update(service_env)
    result = subprocess.run(
        [sys.executable, "-c", EMBEDDED_SERVICES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().replace(str(var_dir), "<VAR_DIR>").split("|")


def test_the_embedded_default_tests_run_on_what_make_run_gives(tmp_path):
    """`make test` runs the fuzz walk and the HTML checks a second time under
    cms.settings.test_embedded (issue 11): on the services `make run` sets
    up for a newcomer (cms.settings.dev with no service variable), even on
    a machine whose shell points at the real servers."""
    make_run = embedded_services("cms.settings.dev", tmp_path / "dev")
    embedded = embedded_services(
        "cms.settings.test_embedded",
        tmp_path / "embedded",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        REDIS_URL="redis://127.0.0.1:6379/1",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/2",
    )
    assert embedded == make_run
    assert embedded[0] == "sqlite"
    assert embedded[2:4] == [
        "cms.broker:Transport",
        "sqlite:///<VAR_DIR>/broker.sqlite3",
    ]

"""/healthz: each part named, 503 when one fails, pages unharmed."""

import os
import re
import subprocess
import sys
import threading
import uuid

import pytest
from django.test import override_settings
from django.utils import timezone

from cms.models import WorkerHeartbeat
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"
REDIS_DOWN = {
    "CACHES": {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    },
    "CELERY_BROKER_URL": CLOSED_PORT,
}


def beat(seconds_ago=0):
    WorkerHeartbeat.objects.update_or_create(
        name="default",
        defaults={
            "last_seen": timezone.now() - timezone.timedelta(seconds=seconds_ago)
        },
    )


def test_all_parts_up(client):
    beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == body["cache"] == body["broker"] == "ok"
    assert body["worker"].startswith("last heartbeat")
    assert body["status"] == "ok"
    assert response["Cache-Control"] == "private, no-store"


def test_no_worker_heartbeat_is_a_failure(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "no heartbeat recorded yet"
    assert response.json()["status"] == "failing: worker"


def test_stale_heartbeat_is_a_failure(client, settings):
    settings.HEARTBEAT_MAX_AGE_SECONDS = 60
    beat(seconds_ago=3600)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "last heartbeat 3600 s ago"


def test_redis_unreachable_names_cache_and_broker_while_pages_render(
    client, site_pages
):
    beat()
    with override_settings(**REDIS_DOWN):
        response = client.get("/healthz")
        assert response.status_code == 503
        body = response.json()
        assert body["cache"].startswith("unreachable")
        assert body["broker"].startswith("unreachable")
        assert body["database"] == "ok"
        assert body["status"] == "failing: cache, broker"
        # The site itself keeps working without its cache.
        page = client.get("/en/about/")
        assert page.status_code == 200
        assert "Who we are" in page.content.decode()


def _worker_process(queue):
    """``celery worker`` as `make run` starts it (the real command, so the
    real ``worker_ready`` signal), on a queue of its own so that it takes no
    other test's tasks, against this test's database."""
    from django.db import connection

    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_is_reported_as_soon_as_it_is_ready(client):
    """`make run` starts a worker and beat, and beat's first heartbeat comes
    a minute later: /healthz said 503 "no heartbeat recorded yet" until then.
    A worker records its heartbeat when it is ready, with no beat running."""
    assert client.get("/healthz").status_code == 503
    process = _worker_process(f"healthz-{uuid.uuid4().hex}")
    ready, lines = threading.Event(), []

    def read():
        for line in process.stderr:
            lines.append(line)
            if re.search(r"celery@\S+ ready\.", line):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(60), "the worker never said it was ready:\n" + "".join(
            lines[-20:]
        )
        response = client.get("/healthz")
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        reader.join(5)
        process.stderr.close()
    assert response.status_code == 200, response.json()
    assert response.json()["worker"].startswith("last heartbeat")
    assert WorkerHeartbeat.objects.count() == 1

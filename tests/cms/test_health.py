"""/healthz: each part named, 503 when one fails, pages unharmed."""

import pytest
from django.test import override_settings
from django.utils import timezone

from cms.models import WorkerHeartbeat

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
    assert "no-cache" in response["Cache-Control"]


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

"""A real Celery worker, fed through Redis, writing to PostgreSQL."""

import pytest
from django.utils import timezone

from cms.celery import app
from cms.models import WorkerHeartbeat
from cms.tasks import ping, record_heartbeat

pytestmark = pytest.mark.django_db(transaction=True)


def test_task_round_trip_through_redis(celery_worker):
    assert app.conf.broker_url.startswith("redis://")
    assert ping.delay().get(timeout=20) == "pong"


def test_heartbeat_is_recorded_by_the_worker_and_reported(client, celery_worker):
    before = timezone.now()
    record_heartbeat.apply_async(ignore_result=False).get(timeout=20)
    beat = WorkerHeartbeat.objects.get(name="default")
    assert beat.last_seen >= before
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"].startswith("last heartbeat")


def test_reliability_settings():
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit and conf.task_soft_time_limit
    assert conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    assert conf.beat_schedule["record-worker-heartbeat"]["task"] == (
        "cms.tasks.record_heartbeat"
    )

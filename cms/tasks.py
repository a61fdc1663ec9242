import socket

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(ignore_result=True)
def record_heartbeat(name="default"):
    """Record that a worker is alive; /healthz reports how long ago."""
    WorkerHeartbeat.objects.update_or_create(
        name=name,
        defaults={"last_seen": timezone.now(), "hostname": socket.gethostname()},
    )


@shared_task
def ping():
    """A round trip through the broker and back (used by checks and tests)."""
    return "pong"

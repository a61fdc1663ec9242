"""The Celery app shared by every part of the toolkit.

Configuration lives in Django settings under the ``CELERY_`` prefix; the
defaults below are the reliability rules of DESIGN.md and apply everywhere.
"""

import os

from celery import Celery
from celery.signals import (
    task_postrun,
    task_prerun,
    worker_process_shutdown,
    worker_ready,
)

# Workers and beat run in production unless told otherwise (`make run` sets
# cms.settings.dev); production refuses to start without its variables.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # A task is acknowledged only once it has finished, and handed to another
    # worker if the process running it dies; tasks are therefore written to
    # be safe to run twice (see the exactly-once rule in DESIGN.md).
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_soft_time_limit=120,
    task_time_limit=180,
    worker_max_tasks_per_child=1000,
    beat_scheduler="django_celery_beat.schedulers:DatabaseScheduler",
    timezone="UTC",
    broker_connection_retry_on_startup=True,
)
# Celery's Django fixup closes the database connection before and after
# every task unless told to reuse it; a new PostgreSQL connection costs about
# 10 ms a task (a quarter of a letter's PDF render). Reuse it, and let
# Django's own rules (CONN_MAX_AGE, CONN_HEALTH_CHECKS) decide when to close
# it, checked before and after each task as Django checks them around each
# request.
app.conf.update(CELERY_DB_REUSE_MAX=1000)
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _check_database_connections(task=None, **kwargs):
    if getattr(getattr(task, "request", None), "is_eager", False):
        return  # run inline by the caller, inside its own transaction
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()


@worker_ready.connect
def _record_heartbeat_when_ready(sender=None, **kwargs):
    """/healthz reports a worker by its last heartbeat, and beat's first one
    comes a minute after start: a worker records one as soon as it is ready
    to take tasks, so a fresh `make run` is healthy at once. Recorded here,
    not queued, so that it needs no particular queue; a failure is logged by
    Celery and the worker starts anyway."""
    from django.db import connection

    from cms.tasks import record_heartbeat

    try:
        record_heartbeat()
    finally:
        # The main process of a prefork worker forks replacement children
        # later: it keeps no database connection for them to inherit.
        connection.close()


@worker_process_shutdown.connect
def _release_pdf_state(**kwargs):
    from cms.pdf import release_process_state

    release_process_state()

"""Checks behind /healthz: each answers (ok, detail) and never raises."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .models import WorkerHeartbeat


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except Exception as error:
        return False, f"unreachable: {type(error).__name__}"


def check_cache():
    try:
        # The cache is configured to fail open (errors read as misses), so
        # ask the server directly whether it answers.
        client = getattr(cache, "client", None)
        if client is not None and hasattr(client, "get_client"):
            client.get_client(write=True).ping()
        cache.set("healthz:probe", "ok", 10)
        if cache.get("healthz:probe") != "ok":
            return False, "read back a different value"
        return True, "ok"
    except Exception as error:
        return False, f"unreachable: {type(error).__name__}"


def check_broker():
    from .celery import app

    try:
        # The URL is read from settings on each call (not Celery's cached
        # config) so that the check follows the running configuration.
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True, "ok"
    except Exception as error:
        return False, f"unreachable: {type(error).__name__}"


def check_worker():
    beat = WorkerHeartbeat.objects.order_by("-last_seen").first()
    if beat is None:
        return False, "no heartbeat recorded yet"
    age = (timezone.now() - beat.last_seen).total_seconds()
    if age > settings.HEARTBEAT_MAX_AGE_SECONDS:
        return False, f"last heartbeat {int(age)} s ago"
    return True, f"last heartbeat {int(age)} s ago"


def run_checks():
    """Every part's status, in a stable order; the worker check needs the DB."""
    results = {
        "database": check_database(),
        "cache": check_cache(),
        "broker": check_broker(),
    }
    if results["database"][0]:
        try:
            results["worker"] = check_worker()
        except Exception as error:
            results["worker"] = (False, f"unknown: {type(error).__name__}")
    else:
        results["worker"] = (False, "unknown: database unreachable")
    return results

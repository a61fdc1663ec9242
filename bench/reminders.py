"""Reminder benchmark: 10,000 due reminders across 50 events.

    .venv/bin/python bench/reminders.py        (or: make bench-reminders)

One Celery worker with 2 processes (prefork) delivers them through the real
pipeline (periodic selection, claim, render in the recipient's language with
the .ics, send, record) to a local SMTP sink (aiosmtpd). Baseline, in the
same run: the same 2 processes push the same number of messages, rendered
once in advance, to the same sink. Prints emails/s for both and their ratio,
total time, queries per batch and the worker processes' peak memory.
Targets: all sent within 60 s; at least half the baseline's rate; reads per
batch that do not grow with the batch; memory that does not grow.
"""

import json
import os
import sys
import time
from datetime import time as clock_time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402

from bench.common import (  # noqa: E402
    Sink,
    bench_env,
    ensure_database,
    free_port,
    manage,
    peak_rss_mb,
    start_worker,
    wait_until,
    worker_processes,
)

EVENTS = 50
PER_EVENT = 200
TOTAL = EVENTS * PER_EVENT


def setup_events():
    """50 events starting in 90 minutes with a 2-hour reminder (due now),
    200 confirmed registrations each, made a week ago."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from events.models import EmailDelivery, EventIndexPage, EventPage, Registration

    EmailDelivery.objects.all().delete()
    Registration.objects.all().delete()
    index = EventIndexPage.objects.filter(locale__language_code="en").first()
    EventPage.objects.filter(slug__startswith="bench-").delete()
    start = (timezone.now() + timedelta(minutes=90)).astimezone(
        ZoneInfo("America/Toronto")
    )
    end = start + timedelta(hours=1)
    events = []
    for number in range(EVENTS):
        page = EventPage(
            title=f"Bench event {number}",
            slug=f"bench-{number}",
            summary="Benchmark",
            start_date=start.date(),
            start_time=clock_time(start.hour, start.minute),
            end_date=end.date(),
            end_time=clock_time(end.hour, end.minute),
            time_zone="America/Toronto",
            reminder_schedule="2h",
            locale=index.locale,
        )
        index.add_child(instance=page)
        events.append(page)
    week_ago = timezone.now() - timedelta(days=7)
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Person {n}",
            email=f"p{event.pk}-{n}@example.org",
            status="confirmed",
            language="fr" if n % 3 == 0 else "en",
            created_at=week_ago,
        )
        for event in events
        for n in range(PER_EVENT)
    )
    Registration.objects.update(created_at=week_ago)


def queries_per_batch(sizes=(10, 100)):
    """Queries of one batch of each size, sent to Django's in-memory outbox."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from events.models import EmailDelivery
    from events.services.emails import send_deliveries

    result = {}
    for size in sizes:
        ids = list(
            EmailDelivery.objects.filter(status="pending").values_list("pk", flat=True)[
                :size
            ]
        )
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
            ),
            CaptureQueriesContext(connection) as queries,
        ):
            send_deliveries(ids)
        writes = sum(
            1 for q in queries.captured_queries if q["sql"].startswith("UPDATE")
        )
        result[size] = {"total": len(queries), "per_message_updates": writes - 1}
    EmailDelivery.objects.filter(status="sent").update(status="pending", sent_at=None)
    return result


def main():
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = bench_env(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        WAGTAILADMIN_BASE_URL="https://networksofcare.example.org",
    )
    ensure_database()
    manage("migrate", "--verbosity=0", env=env)
    manage("load_demo", env=env)
    os.environ.update(env)
    import django

    django.setup()
    from cms.celery import app
    from events.models import EmailDelivery
    from events.services.reminders import dispatch_pending, queue_due_reminders

    print(f"Creating {EVENTS} events with {PER_EVENT} registrations each…")
    setup_events()
    assert queue_due_reminders() == TOTAL
    batch_queries = queries_per_batch()
    app.control.purge()

    worker = start_worker(env)
    try:
        pids = worker_processes(worker.pid)

        # Baseline: pre-rendered messages, same processes, same sink.
        from django.template.loader import render_to_string  # noqa: F401

        sample = EmailDelivery.objects.select_related("registration__event").first()
        from events.services.emails import _BatchContext, build_message

        prerendered = build_message(sample, _BatchContext([sample]))
        text, html = prerendered.body, prerendered.alternatives[0][0]
        ics = prerendered.attachments[0].get_payload(decode=True).decode()
        from bench.tasks import push_prerendered

        sink.count = 0
        started = time.monotonic()
        for _ in range(TOTAL // 100):
            push_prerendered.delay(100, prerendered.subject, text, html, ics)
        assert wait_until(lambda: sink.count >= TOTAL, 300), "baseline stalled"
        baseline_seconds = time.monotonic() - started
        memory_after_baseline = peak_rss_mb(pids)

        # The real pipeline: what the periodic task does every minute.
        sink.count = 0
        started = time.monotonic()
        dispatch_pending()
        assert wait_until(lambda: sink.count >= TOTAL, 300), "pipeline stalled"
        pipeline_seconds = time.monotonic() - started
        wait_until(
            lambda: EmailDelivery.objects.filter(status="sent").count() == TOTAL, 30
        )
        sent = EmailDelivery.objects.filter(status="sent").count()
        memory_after_pipeline = peak_rss_mb(pids)
    finally:
        worker.terminate()
        worker.wait(30)
        controller.stop()

    report = {
        "messages": TOTAL,
        "pipeline_seconds": round(pipeline_seconds, 2),
        "pipeline_emails_per_second": round(TOTAL / pipeline_seconds, 1),
        "baseline_seconds": round(baseline_seconds, 2),
        "baseline_emails_per_second": round(TOTAL / baseline_seconds, 1),
        "ratio_to_baseline": round(baseline_seconds / pipeline_seconds, 3),
        "recorded_sent": sent,
        "delivered_to_sink": sink.count,
        "queries_per_batch": batch_queries,
        "worker_memory_mb_after_baseline": memory_after_baseline,
        "worker_memory_mb_after_pipeline": memory_after_pipeline,
    }
    print(json.dumps(report, indent=2))
    out = ROOT / "var" / "bench" / "reminders.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    ok = (
        pipeline_seconds <= 60
        and report["ratio_to_baseline"] >= 0.5
        and sent == TOTAL == sink.count
    )
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

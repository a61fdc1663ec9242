"""The hard guarantees, against the real services: PostgreSQL row locks for
capacity, and reminders delivered exactly once by real Celery workers to a
real SMTP server, even when the task runs twice or a worker is killed."""

import threading
import time as clock
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from events.models import EmailDelivery, Registration
from events.services.registrations import register_for_event
from events.services.reminders import dispatch_pending, queue_due_reminders
from events.tasks import send_due_reminders, send_email_deliveries
from tests.conftest import KillableWorker
from tests.settle import tracked_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout=30):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if condition():
            return True
        clock.sleep(0.1)
    return False


def test_two_people_taking_the_last_seat_at_once(make_event):
    event = make_event(capacity=1)
    barrier = threading.Barrier(2)
    results = []

    def take_seat(email):
        client = Client()
        barrier.wait()
        response = client.post(
            event.url + "register/",
            {"name": "Racer", "email": email, "party_size": "1", "language": "en"},
        )
        results.append(response["Location"])
        connection.close()

    threads = [
        threading.Thread(target=take_seat, args=(f"r{n}@example.org",)) for n in (1, 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Both are told to check their email (the page never says which).
    assert results == [event.url + "registered/"] * 2
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "confirmed",
        "waitlisted",
    ]


def event_with_due_reminder(make_event, people, starts_in=timedelta(minutes=90)):
    """An event whose 2-hour reminder is due now, with people who registered
    a week ago (a reminder goes only to those registered before its time)."""
    start = (timezone.now() + starts_in).astimezone(
        __import__("zoneinfo").ZoneInfo("America/Toronto")
    )
    event = make_event(
        start_date=start.date(),
        start_time=time(start.hour, start.minute),
        end_date=(start + timedelta(hours=2)).date(),
        end_time=time((start.hour + 2) % 24, start.minute),
        capacity=None,
        reminder_schedule="2h",
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Person {number}",
            email=f"p{number}@example.org",
            status="confirmed",
        )
        for number in range(people)
    )
    Registration.objects.update(created_at=timezone.now() - timedelta(days=7))
    return event


def test_reminders_run_twice_at_once_arrive_once(
    make_event, smtp_server, celery_worker
):
    event = event_with_due_reminder(make_event, people=12)
    Registration.objects.create(
        event=event, name="Late", email="late@example.org", status="confirmed"
    )
    cancelled = Registration.objects.get(email="p0@example.org")
    cancelled.status = "cancelled"
    cancelled.save()

    with tracked_tasks() as tasks:
        send_due_reminders.delay(), send_due_reminders.delay()
        # Both runs, and every send they queued, have finished: anything
        # sent twice has arrived by now.
        tasks.wait()
    reminders = EmailDelivery.objects.filter(kind="reminder")
    assert reminders.filter(status="sent").count() == 11
    received = sorted(m["To"] for m in smtp_server.messages)
    assert received == sorted(f"p{n}@example.org" for n in range(1, 12))
    assert all(m["Subject"].startswith("Reminder: ") for m in smtp_server.messages)
    # Times in the reminder are the event's own, with its abbreviation.
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    local = event.start_at.astimezone(event.zone)
    assert f"{local:%H:%M}" in body and local.tzname() in body


def test_no_reminders_for_cancelled_or_past_events(make_event, smtp_server):
    cancelled = event_with_due_reminder(make_event, people=2)
    cancelled.is_cancelled = True
    cancelled.save_revision().publish()
    EmailDelivery.objects.all().delete()  # the cancellation notices
    event_with_due_reminder(make_event, people=2, starts_in=timedelta(minutes=-30))
    assert queue_due_reminders() == 0


def test_a_killed_worker_loses_no_reminder_and_doubles_none(
    make_event, smtp_server, celery_worker
):
    event_with_due_reminder(make_event, people=20)
    assert queue_due_reminders() == 20
    ids = list(
        EmailDelivery.objects.filter(kind="reminder").values_list("pk", flat=True)
    )

    # The SMTP server holds the 8th message at RCPT while the worker is killed.
    worker = KillableWorker(smtp_server, queue="kill-test", nth=8)
    send_email_deliveries.apply_async(args=[ids], queue="kill-test")
    worker.kill_when_held()
    sent_before = set(
        EmailDelivery.objects.filter(status="sent").values_list("pk", flat=True)
    )
    assert len(sent_before) == 7
    assert len(smtp_server) == 7

    # Later, the periodic sweep finds the abandoned claims (older than the
    # claim timeout: simulated here) and a healthy worker sends the rest.
    EmailDelivery.objects.filter(status="sending").update(
        claimed_at=timezone.now() - timedelta(minutes=11)
    )
    with tracked_tasks() as tasks:
        assert dispatch_pending() == 13
        tasks.wait()  # every batch queued has been sent: nothing more comes
    assert EmailDelivery.objects.filter(status="sent").count() == 20
    received = sorted(m["To"] for m in smtp_server.messages)
    assert received == sorted(f"p{n}@example.org" for n in range(20))


def test_late_registrants_get_no_burst_of_past_reminders(make_event):
    event = event_with_due_reminder(make_event, people=1, starts_in=timedelta(hours=20))
    event.reminder_schedule = "7d, 1d, 2h"
    event.save_revision().publish()
    register_for_event(event, name="Late", email="late@example.org")
    assert queue_due_reminders() == 1  # the 1-day reminder, for the early person only
    reminder = EmailDelivery.objects.get(kind="reminder")
    assert reminder.key == "24"
    assert reminder.registration.email == "p0@example.org"
    assert queue_due_reminders() == 0  # a second run adds nothing

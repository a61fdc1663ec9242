"""Which reminders are due, with the other emails a person already got."""

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.models import EmailDelivery, Registration
from events.services.emails import send_deliveries
from events.services.reminders import queue_due_reminders

pytestmark = pytest.mark.django_db


def event_starting_in(make_event, delay, schedule):
    start = (timezone.now() + delay).astimezone(ZoneInfo("America/Toronto"))
    end = start + timedelta(hours=2)
    return make_event(
        start_date=start.date(),
        start_time=time(start.hour, start.minute),
        end_date=end.date(),
        end_time=time(end.hour, end.minute),
        capacity=None,
        reminder_schedule=schedule,
    )


def registered_a_week_ago(event, email):
    registration = Registration.objects.create(
        event=event, name="Sam", email=email, status="confirmed"
    )
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    return registration


@pytest.mark.parametrize("other_kind", ["changed", "message"])
def test_the_day_before_reminder_comes_after_other_emails_keyed_24(
    make_event, mailoutbox, other_kind
):
    """Someone who got the 7-day reminder and another email whose key is
    "24" (change notice 24, organizer message 24) still gets the 24-hour
    reminder: only a reminder keyed "24" means it was sent."""
    event = event_starting_in(make_event, timedelta(hours=20), "7d, 1d, 2h")
    sam = registered_a_week_ago(event, "sam@example.org")
    EmailDelivery.objects.create(
        registration=sam, kind="reminder", key="168", status="sent"
    )
    EmailDelivery.objects.create(
        registration=sam, kind=other_kind, key="24", status="sent"
    )

    assert queue_due_reminders() == 1
    reminder = EmailDelivery.objects.get(registration=sam, kind="reminder", key="24")
    send_deliveries([reminder.pk])
    [mail] = mailoutbox
    assert mail.to == ["sam@example.org"]
    assert mail.subject.startswith("Reminder: ")
    assert queue_due_reminders() == 0  # sent once


def test_a_reminder_already_recorded_is_not_recorded_again(make_event):
    event = event_starting_in(make_event, timedelta(hours=20), "7d, 1d, 2h")
    sam = registered_a_week_ago(event, "sam@example.org")
    alex = registered_a_week_ago(event, "alex@example.org")
    EmailDelivery.objects.create(registration=sam, kind="reminder", key="24")
    assert queue_due_reminders() == 1
    assert set(
        EmailDelivery.objects.filter(kind="reminder").values_list(
            "registration__email", flat=True
        )
    ) == {sam.email, alex.email}

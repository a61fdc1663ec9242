"""Reminders: picked from the database when due, never scheduled ahead.

A periodic task runs ``queue_due_reminders`` every minute. For each upcoming
event it takes the latest reminder whose time has come (the one closest to
the event) and records one reminder per confirmed registration made before
that time; the unique row ``(registration, "reminder", hours)`` makes a
second run, or a second beat, a no-op. Someone who registered after a
reminder's time does not get it: their first reminder is the next one.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.models import Locale

from cms import outbox

from ..models import EmailDelivery, EventPage, Registration
from .emails import dispatch

LONGEST_OFFSET = timedelta(days=60)


def queue_due_reminders(now=None):
    """Record the reminders due now; answer how many were added."""
    now = now or timezone.now()
    events = (
        EventPage.objects.live()
        .filter(
            locale=Locale.get_default(),
            is_cancelled=False,
            start_at__gt=now,
            start_at__lte=now + LONGEST_OFFSET,
        )
        .only("pk", "start_at", "reminder_schedule")
    )
    added = 0
    for event in events:
        due = [
            (hours, due_at)
            for hours, due_at in event.reminder_due_times()
            if due_at <= now
        ]
        if not due:
            continue
        hours, due_at = min(due)  # the reminder closest to the event
        key = str(hours)
        # One delivery row must be both a reminder and this key: an
        # .exclude() across the relation would skip anyone having any
        # reminder and, separately, any email keyed "24" (a change notice).
        already_sent = EmailDelivery.objects.filter(
            registration=OuterRef("pk"), kind=EmailDelivery.Kind.REMINDER, key=key
        )
        registrations = list(
            Registration.objects.filter(
                ~Exists(already_sent),
                event=event,
                status=Registration.Status.CONFIRMED,
                created_at__lte=due_at,
            ).values_list("pk", flat=True)
        )
        # A concurrent run may insert the same rows: the unique constraint
        # keeps one, and ignore_conflicts lets this run go on.
        EmailDelivery.objects.bulk_create(
            [
                EmailDelivery(
                    registration_id=pk, kind=EmailDelivery.Kind.REMINDER, key=key
                )
                for pk in registrations
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        added += len(registrations)
    return added


def dispatch_pending(now=None):
    """Hand the emails that are due to the workers, in batches; answer how
    many were handed over.

    Covers new reminders, retries whose time has come, and anything whose
    task was lost (a broker restart) or whose sender died mid-send. A row
    already handed to a task within the claim timeout is left alone: a
    10,000-reminder backlog is queued once, not again every minute while
    the workers get through it (see ``cms.outbox.due``).
    """
    ids = outbox.take_due(EmailDelivery.objects.all(), now)
    dispatch(ids)
    return len(ids)

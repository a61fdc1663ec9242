"""What happens when an organizer publishes an event page.

- A translation takes its time, place and capacity from the default-language
  page (organizers edit them there once).
- When the time or place of a published event changes, or it is cancelled,
  everyone registered is told (once per change), and the calendar SEQUENCE
  goes up.
- When capacity grows, the waitlist moves up.
"""

import hashlib
import json

from django.db import transaction

from ..models import EmailDelivery, EventPage, EventState, Registration
from .emails import queue_many
from .registrations import promote_from_waitlist

FINGERPRINT_FIELDS = (
    "start_at",
    "end_at",
    "time_zone",
    "attendance_mode",
    "venue_name",
    "venue_address",
    "city",
    "province",
    "meeting_url",
    "is_cancelled",
)


def fingerprint(event):
    values = {name: str(getattr(event, name)) for name in FINGERPRINT_FIELDS}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def event_published(page):
    canonical = page.canonical
    if canonical.pk != page.pk:
        _copy_logistics(canonical, [page.pk])
        return
    translations = list(
        EventPage.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .values_list("pk", flat=True)
    )
    if translations:
        _copy_logistics(page, translations)

    event = EventPage.objects.select_for_update(of=("self",)).get(pk=page.pk)
    state, created = EventState.objects.select_for_update().get_or_create(
        translation_key=event.translation_key,
        defaults={"fingerprint": fingerprint(event)},
    )
    if not created:
        current = fingerprint(event)
        if current != state.fingerprint:
            state.sequence += 1
            state.fingerprint = current
            state.save()
            _notify(event, state.sequence)
    if not event.is_cancelled:
        promote_from_waitlist(event)


def _copy_logistics(source, page_ids):
    values = {name: getattr(source, name) for name in EventPage.LOGISTICS_FIELDS}
    EventPage.objects.filter(pk__in=page_ids).update(**values)


def _notify(event, sequence):
    kind = (
        EmailDelivery.Kind.CANCELLED_EVENT
        if event.is_cancelled
        else EmailDelivery.Kind.CHANGED
    )
    registrations = Registration.objects.filter(
        event=event,
        status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITLISTED),
    ).values_list("pk", flat=True)
    queue_many(list(registrations), kind, key=str(sequence))

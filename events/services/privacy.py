"""Personal data held by events: kept for the least time, exportable,
deletable. Registered in the site's personal-data registry
(``cms/personal_data.py``) from ``events/wagtail_hooks.py``."""

from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms import consent
from cms.personal_data import Record, iso

from ..models import EmailDelivery, Registration, TownHallQuestion


def find_registrations(email):
    """Every registration of ``email`` (normalised), with everything kept."""
    registrations = (
        Registration.objects.filter(email=email)
        .select_related("event")
        .prefetch_related("deliveries")
        .order_by("-created_at")
    )
    return [
        Record(
            title=registration.event.title,
            when=registration.created_at,
            summary=_("%(status)s, %(people)s, event on %(date)s")
            % {
                "status": registration.get_status_display(),
                "people": ngettext(
                    "%(count)s person", "%(count)s people", registration.party_size
                )
                % {"count": registration.party_size},
                "date": formats.date_format(
                    timezone.localtime(registration.event.start_at), "DATE_FORMAT"
                ),
            },
            data={
                "event": registration.event.title,
                "event_start": registration.event.start_at.isoformat(),
                "name": registration.name,
                "email": registration.email,
                "party_size": registration.party_size,
                "language": registration.language,
                "accessibility_needs": registration.accessibility_needs,
                "status": registration.status,
                "registered_at": registration.created_at.isoformat(),
                "checked_in_at": iso(registration.checked_in_at),
                **registration.consent_record(),
                "emails_sent": [
                    {"kind": delivery.kind, "sent_at": iso(delivery.sent_at)}
                    for delivery in registration.deliveries.all()
                ],
            },
        )
        for registration in registrations
    ]


@transaction.atomic
def delete_person(email):
    """Delete every registration of ``email`` (normalised), freeing seats
    for the waitlist; answers how many."""
    from .registrations import delete_registration

    registrations = list(Registration.objects.filter(email=email))
    for registration in registrations:
        delete_registration(registration)
    return len(registrations)


@transaction.atomic
def anonymise_past_registrations(days, now=None):
    """Blank the personal fields of registrations for events that ended more
    than ``days`` ago; the counts (party size, status) stay for organizers'
    statistics. Delivery errors go too (a refusal can quote an address).
    Answers how many were anonymised."""
    now = now or timezone.now()
    expired = Registration.objects.filter(
        anonymised_at__isnull=True, event__end_at__lt=now - timedelta(days=days)
    )
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    EmailDelivery.objects.filter(registration_id__in=ids).update(error="")
    return Registration.objects.filter(pk__in=ids).update(
        name="",
        email="",
        accessibility_needs="",
        **consent.CLEARED,
        anonymised_at=now,
    )


@transaction.atomic
def anonymise_question_names(days, now=None):
    """Clear the optional name on town-hall questions of events that ended
    more than ``days`` ago; answers how many.

    The question itself stays, for the record of what the town hall was
    asked: it was sent for a public meeting, to be shown on the event page
    and read aloud. The name is what ties it to a person. Questions are not
    linked to an email address, so they cannot be found by one: the
    retention run is what removes their names.
    """
    now = now or timezone.now()
    return (
        TownHallQuestion.objects.filter(event__end_at__lt=now - timedelta(days=days))
        .exclude(name="")
        .update(name="")
    )

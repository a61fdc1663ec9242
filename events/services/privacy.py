"""Personal data: kept for the least time, exportable, deletable."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from cms.models import SiteSettings

from ..models import EmailDelivery, Registration


def retention_days():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).data_retention_days if site else 90


@transaction.atomic
def anonymise_past_registrations(now=None):
    """Blank the personal fields of registrations for events that ended more
    than the retention period ago; the counts (party size, status) stay for
    organizers' statistics. Answers how many were anonymised."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    expired = Registration.objects.filter(
        anonymised_at__isnull=True, event__end_at__lt=cutoff
    )
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    EmailDelivery.objects.filter(registration_id__in=ids).update(error="")
    return Registration.objects.filter(pk__in=ids).update(
        name="",
        email="",
        accessibility_needs="",
        consent_text="",
        consent_updates=False,
        consent_at=None,
        anonymised_at=now,
    )


def export_person(email):
    """Everything kept about one email address, as plain data (JSON-ready)."""
    email = email.strip().lower()
    registrations = Registration.objects.filter(email=email).select_related("event")
    return {
        "email": email,
        "registrations": [
            {
                "event": registration.event.title,
                "event_start": registration.event.start_at.isoformat(),
                "name": registration.name,
                "party_size": registration.party_size,
                "language": registration.language,
                "accessibility_needs": registration.accessibility_needs,
                "status": registration.status,
                "registered_at": registration.created_at.isoformat(),
                "consent_updates": registration.consent_updates,
                "consent_text": registration.consent_text,
                "consent_at": registration.consent_at.isoformat()
                if registration.consent_at
                else None,
                "emails_sent": [
                    {
                        "kind": d.kind,
                        "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                    }
                    for d in registration.deliveries.all()
                ],
            }
            for registration in registrations.prefetch_related("deliveries")
        ],
    }


@transaction.atomic
def delete_person(email):
    """Delete every registration of one email address; answers how many."""
    from .registrations import delete_registration

    registrations = list(Registration.objects.filter(email=email.strip().lower()))
    for registration in registrations:
        delete_registration(registration)
    return len(registrations)

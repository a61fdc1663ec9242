"""Keeping the directory true: what to verify, and what the site marks as
"may be out of date".

Organizers see the services not verified for 12 months in the admin
(Services, filter "Needs verification"); after 18 months the public pages
say "may be out of date". Both are computed from ``assured_date`` when asked,
so no task has to run for them to be right.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

VERIFY_AFTER = timedelta(days=365)
OUT_OF_DATE_AFTER = timedelta(days=548)


def needs_verification(queryset, today=None):
    cutoff = (today or timezone.localdate()) - VERIFY_AFTER
    return queryset.filter(Q(assured_date__lt=cutoff) | Q(assured_date=None))


def is_out_of_date(service, today=None):
    if service.assured_date is None:
        return False
    return (today or timezone.localdate()) - service.assured_date > OUT_OF_DATE_AFTER

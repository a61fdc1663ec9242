"""Counting the searches that found nothing near (see models/gaps.py)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import SearchGap

GAP_RADIUS_KM = 50
SMALLEST_SHOWN = 10


def found_nothing_near(results):
    return not any(
        result.distance_km is not None and result.distance_km <= GAP_RADIUS_KM
        for result in results
    )


def count_gap(fsa, need):
    """Add one to this month's count for ``fsa`` and ``need``; safe when two
    searches count at once."""
    month = timezone.localdate().replace(day=1)
    updated = SearchGap.objects.filter(month=month, fsa=fsa, need=need).update(
        searches=F("searches") + 1
    )
    if updated:
        return
    try:
        with transaction.atomic():
            SearchGap.objects.create(month=month, fsa=fsa, need=need, searches=1)
    except IntegrityError:
        SearchGap.objects.filter(month=month, fsa=fsa, need=need).update(
            searches=F("searches") + 1
        )


def shown_gaps():
    """What organizers may see: areas with at least 10 such searches."""
    return SearchGap.objects.filter(searches__gte=SMALLEST_SHOWN)

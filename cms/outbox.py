"""Claiming rows of an outbox, for senders that must act exactly once.

An outbox row (an email to send, a letter to deliver) has a status, a
``claimed_at``, ``attempts`` and ``retry_after``. A sender claims rows before
acting: pending ones whose retry time has come, and "sending" ones whose
claim is older than ``timeout`` (their sender died). ``skip_locked`` lets
two senders claim side by side without waiting or taking the same row.
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone


def claim(queryset, ids, *, pending, sending, timeout, now=None):
    """Mark the claimable rows among ``ids`` as ``sending``; answer their ids."""
    now = now or timezone.now()
    claimable = Q(status=pending) & (
        Q(retry_after__isnull=True) | Q(retry_after__lte=now)
    ) | Q(status=sending, claimed_at__lt=now - timeout)
    with transaction.atomic():
        claimed = list(
            queryset.select_for_update(skip_locked=True)
            .filter(claimable, pk__in=ids)
            .values_list("pk", flat=True)
        )
        queryset.filter(pk__in=claimed).update(
            status=sending, claimed_at=now, attempts=F("attempts") + 1
        )
    return claimed

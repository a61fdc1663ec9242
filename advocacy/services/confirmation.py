"""What happens when a supporter confirms a letter: it leaves, or, if it
looks like abuse, it waits for a Moderator.

The rules are deliberately few and explainable, so a held letter can be
released with confidence: a link in the letter (the usual mark of spam), a
word from the organisation's own list (``ADVOCACY_HOLD_WORDS``), or many
letters from one address in a day (``ADVOCACY_HOLD_AFTER_PER_DAY``).
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Letter
from .letters import check_not_expired, confirm_letter
from .moderation import hold_letter

LINK = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


def flag_reason(letter, now=None):
    """Why this letter should be read by a Moderator first, or None."""
    now = now or timezone.now()
    text = f"{letter.subject}\n{letter.body}"
    if LINK.search(text):
        return _("The letter contains a link.")
    for word in getattr(settings, "ADVOCACY_HOLD_WORDS", []):
        if word and re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE):
            return _("The letter contains “%(word)s”.") % {"word": word}
    limit = getattr(settings, "ADVOCACY_HOLD_AFTER_PER_DAY", 10)
    recent = (
        Letter.objects.filter(
            email=letter.email,
            status__in=(Letter.Status.CONFIRMED, Letter.Status.HELD),
            confirmed_at__gte=now - timedelta(days=1),
        )
        .exclude(pk=letter.pk)
        .count()
    )
    if recent >= limit:
        return _("%(count)s letters from this address in the last day.") % {
            "count": recent
        }
    return None


@transaction.atomic
def confirm_or_hold(letter, now=None):
    """Answers "confirmed" or "held". Raises LetterError (expired link)."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status in (Letter.Status.CONFIRMED, Letter.Status.HELD):
        return letter.status
    reason = flag_reason(letter, now)
    if reason:
        # An expired link is refused the same way, held or not.
        check_not_expired(letter, now)
        hold_letter(letter, reason, now=now)
        return Letter.Status.HELD
    confirm_letter(letter, now=now)
    return Letter.Status.CONFIRMED

"""The printable letter: one page per recipient, rendered by WeasyPrint in a
Celery worker, stored once under a name derived from the letter."""

import hashlib

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone, translation

from cms.pdf import render_pdf

from ..models import Letter, LetterRecipient
from .letters import letter_for, recipient_title

#: How long a queued render is left to finish before the download page
#: queues another (a worker may have died, or the render failed for good).
REQUEUE_AFTER_SECONDS = 60

#: Mail to any MP: the House of Commons, postage free, in the letter's language.
HOUSE_OF_COMMONS = {
    "en": "House of Commons\nOttawa, Ontario\nK1A 0A6",
    "fr": "Chambre des communes\nOttawa (Ontario)\nK1A 0A6",
}
STYLESHEETS = ("css/pdf.css", "css/letter-pdf.css")


def pdf_name(letter):
    """Derived from the letter's identity and content: the same letter is
    never rendered twice, and its name cannot be guessed."""
    digest = hashlib.sha256(
        f"{letter.pk}:{letter.secret}:{letter.subject}:{letter.body}".encode()
    ).hexdigest()[:32]
    return f"letters/{digest}.pdf"


def pages_for(letter, rows=None):
    """One page per recipient: its address, and the letter as it receives it."""
    if rows is None:
        rows = letter.recipients.all().select_related("representative__district")
    pages = []
    for row in rows:
        row.letter = letter  # already loaded, with its campaign
        subject, body = letter_for(row)
        address = (
            HOUSE_OF_COMMONS.get(letter.language, HOUSE_OF_COMMONS["en"])
            if row.is_federal_mp
            else row.mailing_address
        )
        pages.append(
            {
                "row": row,
                "title": recipient_title(row),
                "subject": subject,
                "paragraphs": [part for part in body.split("\n\n") if part.strip()],
                "address_lines": [
                    line for line in address.splitlines() if line.strip()
                ],
                "no_postage": row.is_federal_mp,
            }
        )
    return pages


def render_letter(letter, rows=None):
    """PDF bytes of the letter (tagged PDF/UA-1, in the letter's language)."""
    with translation.override(letter.language):
        return render_pdf(
            "advocacy/pdf/letter.html",
            {
                "letter": letter,
                "pages": pages_for(letter, rows),
                "date": timezone.localdate(letter.confirmed_at or timezone.now()),
                "title": letter.subject,
                "language": letter.language,
            },
            language=letter.language,
            stylesheets=STYLESHEETS,
        )


def store_letter_pdf(letter_id):
    """Render and store the letter's PDF once; answers the stored name, or
    ``""`` for a campaign that sends by email only (it has no printable
    letter, so nothing is rendered)."""
    # The letter, its campaign and its recipients in one query.
    rows = list(
        LetterRecipient.objects.filter(letter_id=letter_id).select_related(
            "letter__campaign", "representative__district"
        )
    )
    if rows:
        letter = rows[0].letter
    else:
        letter = Letter.objects.select_related("campaign").get(pk=letter_id)
    if not letter.campaign.prints_letters:
        return ""
    if letter.pdf and default_storage.exists(letter.pdf.name):
        return letter.pdf.name
    name = pdf_name(letter)
    if not default_storage.exists(name):
        pdf = render_letter(letter, rows)
        saved = default_storage.save(name, ContentFile(pdf))
    else:
        saved = name
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Losing this record in a database crash costs nothing (the file's
            # name is derived from the letter: the next call finds and links
            # it), so the commit need not wait for the disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        Letter.objects.filter(pk=letter.pk, pdf="").update(pdf=saved)
    return saved


def request_letter_pdf(letter):
    """Queue the render, unless one was queued within the last minute or
    the campaign prints no letters."""
    from ..tasks import render_letter_pdf

    if letter.campaign.prints_letters and cache.add(
        f"letter-pdf:{letter.pk}", 1, REQUEUE_AFTER_SECONDS
    ):
        render_letter_pdf.delay(letter.pk)
        return True
    return False

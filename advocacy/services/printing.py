"""The printable letter: one page per recipient, rendered by WeasyPrint in a
Celery worker, stored once under a name derived from the letter."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from cms.pdf import render_pdf

from ..models import Letter
from .letters import letter_for

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


def pages_for(letter):
    pages = []
    for row in letter.recipients.all().select_related("representative__district"):
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
                "subject": subject,
                "paragraphs": [part for part in body.split("\n\n") if part.strip()],
                "address_lines": [
                    line for line in address.splitlines() if line.strip()
                ],
                "no_postage": row.is_federal_mp,
            }
        )
    return pages


def render_letter(letter):
    """PDF bytes of the letter (tagged PDF/UA-1, in the letter's language)."""
    with translation.override(letter.language):
        return render_pdf(
            "advocacy/pdf/letter.html",
            {
                "letter": letter,
                "pages": pages_for(letter),
                "date": timezone.localdate(letter.confirmed_at or timezone.now()),
                "title": letter.subject,
                "language": letter.language,
            },
            language=letter.language,
            stylesheets=STYLESHEETS,
        )


def store_letter_pdf(letter_id):
    """Render and store the letter's PDF once; answers the stored name."""
    letter = Letter.objects.select_related("campaign").get(pk=letter_id)
    if letter.pdf and default_storage.exists(letter.pdf.name):
        return letter.pdf.name
    name = pdf_name(letter)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(render_letter(letter)))
    else:
        saved = name
    with transaction.atomic():
        Letter.objects.filter(pk=letter.pk, pdf="").update(pdf=saved)
    return saved

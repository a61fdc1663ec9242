"""Personal data held by advocacy: letters and their senders. Registered in
the site's personal-data registry (``cms/personal_data.py``) from
``advocacy/wagtail_hooks.py``; anonymising is
:func:`advocacy.services.letters.anonymise_old_letters`."""

from django.db import transaction
from django.utils.translation import gettext as _

from cms.personal_data import Record, iso

from ..models import Letter
from .letters import delete_letter


def find_letters(email):
    """Every letter written from ``email`` (normalised), as it is kept."""
    letters = (
        Letter.objects.filter(email=email)
        .select_related("campaign")
        .prefetch_related("recipients")
        .order_by("-created_at")
    )
    records = []
    for letter in letters:
        recipients = list(letter.recipients.all())
        records.append(
            Record(
                title=letter.campaign.title,
                when=letter.created_at,
                summary=_("%(status)s, to %(names)s")
                % {
                    "status": letter.get_status_display(),
                    "names": ", ".join(recipient.name for recipient in recipients),
                },
                data={
                    "campaign": letter.campaign.title,
                    "name": letter.supporter_name,
                    "email": letter.email,
                    "city": letter.city,
                    "province": letter.province,
                    "postal_code": letter.postal_code,
                    "street_address": letter.street_address,
                    "language": letter.language,
                    "subject": letter.subject,
                    "body": letter.body,
                    "send_copy": letter.send_copy,
                    "status": letter.status,
                    "written_at": letter.created_at.isoformat(),
                    "confirmed_at": iso(letter.confirmed_at),
                    **letter.consent_record(),
                    "recipients": [
                        {
                            "name": recipient.name,
                            "title": recipient.title,
                            "district": recipient.district,
                            "status": recipient.status,
                            "sent_at": iso(recipient.sent_at),
                        }
                        for recipient in recipients
                    ],
                },
            )
        )
    return records


@transaction.atomic
def delete_letters(email):
    """Delete every letter written from ``email`` (normalised), with its
    deliveries and printable PDF; answers how many. A delivery still queued
    goes with it, unsent."""
    letters = list(Letter.objects.filter(email=email))
    for letter in letters:
        delete_letter(letter)
    return len(letters)

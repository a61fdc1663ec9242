"""Letters: submit, confirm, deliver (exactly once per recipient).

A letter is written once and addressed to each chosen recipient; nothing
leaves until the supporter follows the confirmation link (48 hours). Each
``LetterRecipient`` row is claimed before its email is sent and marked sent
the moment the mail server accepts it, so a duplicated task or a killed
worker never sends a letter twice.
"""

import contextlib
import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr, parseaddr
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms import outbox

from ..models import Letter, LetterCampaignPage, LetterRecipient, Representative
from ..placeholders import RECIPIENT_PLACEHOLDERS, fill
from ..postcodes import InvalidPostalCode, normalise_postal_code
from .recipients import RecipientError
from .recipients import check as check_recipients

logger = logging.getLogger(__name__)

CONFIRMATION_WINDOW = timedelta(hours=48)
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 6
#: Deliveries per task: a task sends its batch over one SMTP connection.
DELIVERY_BATCH = 100
ACTIVE_LETTERS = (Letter.Status.AWAITING, Letter.Status.CONFIRMED, Letter.Status.HELD)


class LetterError(Exception):
    """A letter that cannot be sent; ``str()`` is shown to the supporter."""


def recipient_values(recipient):
    """Placeholder values for one recipient (a Representative or FixedTarget)."""
    if isinstance(recipient, Representative):
        return {
            "representative_name": recipient.name,
            "representative_first_name": recipient.first_name or recipient.name,
            "representative_last_name": recipient.last_name or recipient.name,
            "representative_title": recipient.elected_office,
            "district": recipient.district.name,
            "party": recipient.party,
        }
    return {
        "representative_name": recipient.name,
        "representative_first_name": recipient.name,
        "representative_last_name": recipient.name,
        "representative_title": recipient.title,
        "district": "",
        "party": "",
    }


def supporter_values(campaign, name="", city="", province=""):
    return {
        "supporter_name": name,
        "supporter_city": city,
        "supporter_province": province,
        "campaign_title": campaign.title,
    }


def draft(campaign):
    """Subject and body for the supporter to read (and edit, if allowed):
    campaign placeholders filled, recipient ones kept for each recipient."""
    values = supporter_values(campaign)
    only = {"campaign_title"}
    return fill(campaign.subject_template, values, only), fill(
        campaign.body_template, values, only
    )


def word_count(text):
    return len((text or "").split())


@transaction.atomic
def submit_letter(
    page,
    *,
    recipients,
    name,
    email,
    city,
    province,
    subject,
    body,
    personal_paragraph="",
    street_address="",
    postal_code="",
    language="en",
    send_copy=False,
    consent_updates=False,
    consent_text="",
):
    """Record a letter awaiting confirmation and email the confirmation link.

    ``recipients``: Representative and FixedTarget objects, checked again
    here against what ``postal_code`` matches (:mod:`.recipients`), whatever
    the caller passes. The postal code is kept only when the campaign prints
    letters (it goes in the return address). Raises LetterError for a letter
    that breaks the campaign's rules.
    """
    try:
        recipients = check_recipients(page.canonical, postal_code, recipients)
    except InvalidPostalCode as error:
        raise LetterError(error.messages[0]) from error
    except RecipientError as error:
        raise LetterError(str(error)) from error
    # Only the campaign's own row: Wagtail's page row stays free for editors
    # to publish while letters come in.
    campaign = LetterCampaignPage.objects.select_for_update(of=("self",)).get(
        pk=page.canonical.pk
    )
    postal_code = normalise_postal_code(postal_code) if campaign.prints_letters else ""
    template_subject, template_body = draft(campaign)
    if not campaign.allow_editing:
        subject, body = template_subject, template_body
    text = "\n\n".join(part for part in (body, personal_paragraph) if part.strip())
    words = word_count(text)
    if words < campaign.min_words:
        raise LetterError(
            _(
                "Your letter has %(count)s words; this campaign asks for "
                "at least %(min)s."
            )
            % {"count": words, "min": campaign.min_words}
        )
    if campaign.max_words and words > campaign.max_words:
        raise LetterError(
            _("Your letter has %(count)s words; keep it to %(max)s or fewer.")
            % {"count": words, "max": campaign.max_words}
        )
    if campaign.require_personal_paragraph and (
        not personal_paragraph.strip()
        or " ".join(text.split()) == " ".join(template_body.split())
    ):
        raise LetterError(_("Add a few words of your own to the letter."))
    email = email.strip().lower()
    already = [
        recipient
        for recipient in recipients
        if LetterRecipient.objects.filter(
            letter__campaign=campaign,
            letter__email=email,
            letter__status__in=ACTIVE_LETTERS,
            **_recipient_filter(recipient),
        ).exists()
    ]
    if already:
        raise LetterError(
            _("You have already written to %(names)s in this campaign.")
            % {"names": ", ".join(r.name for r in already)}
        )
    now = timezone.now()
    letter = Letter.objects.create(
        campaign=campaign,
        supporter_name=name,
        email=email,
        city=city,
        province=province,
        postal_code=postal_code,
        street_address=street_address,
        language=language,
        subject=subject,
        body=text,
        send_copy=send_copy,
        consent_updates=consent_updates,
        consent_text=consent_text if consent_updates else "",
        consent_at=now if consent_updates else None,
    )
    for recipient in recipients:
        LetterRecipient.objects.create(letter=letter, **_snapshot(recipient))
    from ..tasks import send_letter_confirmation

    transaction.on_commit(lambda: send_letter_confirmation.delay(letter.pk))
    return letter


def _recipient_filter(recipient):
    if isinstance(recipient, Representative):
        return {"representative": recipient}
    return {"fixed_target": recipient}


def _snapshot(recipient):
    if isinstance(recipient, Representative):
        office = (
            recipient.office("constituency") or recipient.office("legislature") or {}
        )
        return {
            "representative": recipient,
            "name": recipient.name,
            "title": recipient.elected_office,
            "district": recipient.district.name,
            "email": recipient.email,
            "mailing_address": office.get("postal", ""),
            "is_federal_mp": recipient.is_federal_mp,
        }
    return {
        "fixed_target": recipient,
        "name": recipient.name,
        "title": recipient.title,
        "email": recipient.email,
        "mailing_address": recipient.mailing_address,
    }


def letter_for(recipient_row):
    """Subject and body of the letter as ``recipient_row`` receives it."""
    letter = recipient_row.letter
    values = {
        **supporter_values(
            letter.campaign, letter.supporter_name, letter.city, letter.province
        ),
        "representative_name": recipient_row.name,
        "representative_first_name": recipient_row.name,
        "representative_last_name": recipient_row.name,
        "representative_title": recipient_row.title,
        "district": recipient_row.district,
        "party": "",
    }
    if recipient_row.representative_id:
        values.update(recipient_values(recipient_row.representative))
    names = RECIPIENT_PLACEHOLDERS | set(values)
    return fill(letter.subject, values, names), fill(letter.body, values, names)


def send_confirmation(letter_id):
    """Email the confirmation link, once (a second call finds it sent)."""
    claimed = Letter.objects.filter(
        pk=letter_id, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=timezone.now())
    if not claimed:
        return False
    letter = Letter.objects.select_related("campaign").get(pk=letter_id)
    page = letter.campaign
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(letter.language):
        data = {
            "letter": letter,
            "recipients": list(letter.recipients.all()),
            "confirm_url": base
            + page.url
            + page.reverse_subpage("confirm", args=[letter.token()]),
            "hours": int(CONFIRMATION_WINDOW.total_seconds() // 3600),
        }
        subject = _("Confirm your letter: %(title)s") % {"title": page.title}
        text = render_to_string("advocacy/email/confirm.txt", data)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[letter.email])
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        # Not sent: release the claim so a retry can send it.
        Letter.objects.filter(pk=letter_id).update(confirmation_sent_at=None)
        raise
    return True


def check_not_expired(letter, now=None):
    """Refuse a confirmation link older than the window (48 hours)."""
    now = now or timezone.now()
    if now - letter.created_at > CONFIRMATION_WINDOW:
        raise LetterError(
            _(
                "This confirmation link has expired (after 48 hours). "
                "Please write your letter again."
            )
        )


@transaction.atomic
def confirm_letter(letter, now=None):
    """Release a letter to its recipients (once; expired links refused)."""
    now = now or timezone.now()
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == Letter.Status.CONFIRMED:
        return letter
    check_not_expired(letter, now)
    letter.status = Letter.Status.CONFIRMED
    letter.confirmed_at = now
    letter.save(update_fields=["status", "confirmed_at"])
    by_email = letter.campaign.delivery in ("email", "both")
    waiting = letter.recipients.filter(status=LetterRecipient.Status.WAITING)
    with_email = waiting.exclude(email="") if by_email else waiting.none()
    ids = list(with_email.values_list("pk", flat=True))
    with_email.update(status=LetterRecipient.Status.PENDING)
    waiting.exclude(pk__in=ids).update(status=LetterRecipient.Status.PRINT_ONLY)
    from ..tasks import deliver_letters
    from .printing import request_letter_pdf

    if ids:
        transaction.on_commit(lambda: deliver_letters.delay(ids))
    if letter.campaign.delivery in ("pdf", "both"):
        transaction.on_commit(lambda: request_letter_pdf(letter))
    return letter


def claim(ids, now=None):
    return outbox.claim(
        LetterRecipient.objects.all(),
        ids,
        pending=LetterRecipient.Status.PENDING,
        sending=LetterRecipient.Status.SENDING,
        timeout=CLAIM_TIMEOUT,
        now=now,
    )


def deliver(ids):
    """Send the claimable recipients among ``ids`` their letter by email."""
    claimed = claim(ids)
    if not claimed:
        return []
    rows = list(
        LetterRecipient.objects.filter(pk__in=claimed)
        .select_related("letter__campaign", "representative__district")
        .order_by("pk")
    )
    retry = []
    connection = get_connection()
    try:
        connection.open()
        for row in rows:
            try:
                build_letter_email(row, connection).send()
            except smtplib.SMTPRecipientsRefused as error:
                codes = [code for code, _msg in error.recipients.values()]
                if codes and all(400 <= code < 500 for code in codes):
                    _release(row, str(error.recipients), retry)
                else:
                    _set(
                        row, LetterRecipient.Status.FAILED, str(error.recipients)[:1000]
                    )
            except smtplib.SMTPResponseException as error:
                reason = f"{error.smtp_code} {error.smtp_error!r}"
                if 400 <= error.smtp_code < 500:
                    _release(row, reason, retry)
                else:
                    _set(row, LetterRecipient.Status.FAILED, reason)
            except (smtplib.SMTPException, OSError) as error:
                for pending in rows[rows.index(row) :]:
                    _release(pending, f"{type(error).__name__}: {error}", retry)
                break
            else:
                _set(row, LetterRecipient.Status.SENT)
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Could not reach the mail server: %s", error)
        for row in rows:
            if row.status == LetterRecipient.Status.SENDING:
                _release(row, f"{type(error).__name__}: {error}", retry)
    finally:
        # Everything is recorded already: a failed goodbye changes nothing.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return retry


def _set(row, status, error=""):
    row.status = status
    values = {"status": status, "error": error}
    if status == LetterRecipient.Status.SENT:
        values["sent_at"] = timezone.now()
    LetterRecipient.objects.filter(pk=row.pk).update(**values)


def _release(row, error, retry):
    if row.attempts >= MAX_ATTEMPTS:
        _set(
            row,
            LetterRecipient.Status.FAILED,
            f"Gave up after {row.attempts} attempts: {error}",
        )
        return
    row.status = LetterRecipient.Status.PENDING
    LetterRecipient.objects.filter(pk=row.pk).update(
        status=LetterRecipient.Status.PENDING,
        error=error[:1000],
        retry_after=timezone.now() + timedelta(minutes=2 ** max(row.attempts - 1, 0)),
    )
    retry.append(row.pk)


def build_letter_email(row, connection=None):
    """The letter as its recipient gets it: From the site's address with the
    supporter's name, Reply-To the supporter, a copy to them if asked."""
    letter = row.letter
    subject, body = letter_for(row)
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    with translation.override(letter.language):
        text = render_to_string(
            "advocacy/email/letter.txt", {"letter": letter, "row": row, "body": body}
        )
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=formataddr((letter.supporter_name, address)),
        to=[row.email],
        cc=[letter.email] if letter.send_copy else None,
        reply_to=[letter.email],
        connection=connection,
    )


def queue_delivery(ids):
    """Queue the delivery of ``ids`` when the transaction commits, in tasks
    of at most ``DELIVERY_BATCH`` ids each."""
    from ..tasks import deliver_letters

    ids = list(ids)
    for start in range(0, len(ids), DELIVERY_BATCH):
        batch = ids[start : start + DELIVERY_BATCH]
        transaction.on_commit(partial(deliver_letters.delay, batch))


#: What a resent delivery starts again with.
RESENT = {
    "status": LetterRecipient.Status.PENDING,
    "attempts": 0,
    "retry_after": None,
    "error": "",
}


def resend(row):
    """Organizers: try a failed letter again. Call it inside a transaction
    that has locked the row's letter (as :func:`resend_failed` does), and
    only for a failed row of a confirmed letter."""
    LetterRecipient.objects.filter(
        pk=row.pk, status=LetterRecipient.Status.FAILED
    ).update(**RESENT)
    queue_delivery([row.pk])


@transaction.atomic
def resend_failed(campaign):
    """Organizers: try every failed delivery of ``campaign`` again; answer
    how many are queued.

    Only failed deliveries of confirmed letters move (back to pending, in
    one UPDATE): a delivery being sent or sent is never touched, and a held
    letter stays with its Moderator. A second call at once (a double click)
    finds nothing failed and queues nothing; if tasks still run twice,
    :func:`deliver` claims each row before sending it. Delivery is queued
    after commit, ``DELIVERY_BATCH`` ids per task. Letters are kept on the
    campaign's page in the default language, whichever translation is given.
    """
    failed = LetterRecipient.Status.FAILED
    # The letters first, as hold_letter and the single resend lock them: a
    # letter being held now is not sent behind the Moderator's back (once
    # it is held, it no longer counts as confirmed here).
    letter_ids = list(
        Letter.objects.select_for_update()
        .filter(
            campaign=campaign.canonical,
            status=Letter.Status.CONFIRMED,
            pk__in=LetterRecipient.objects.filter(status=failed).values("letter_id"),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = list(
        LetterRecipient.objects.select_for_update()
        .filter(letter_id__in=letter_ids, status=failed)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    LetterRecipient.objects.filter(pk__in=ids, status=failed).update(**RESENT)
    queue_delivery(ids)
    return len(ids)


def pending_ids(now=None):
    now = now or timezone.now()
    return list(
        LetterRecipient.objects.filter(status=LetterRecipient.Status.PENDING)
        .exclude(retry_after__gt=now)
        .values_list("pk", flat=True)
    ) + list(
        LetterRecipient.objects.filter(
            status=LetterRecipient.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def delete_letter(letter):
    """The supporter's own deletion: the letter, its recipients, its PDF."""
    from django.core.files.storage import default_storage

    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.pdf:
        name = letter.pdf.name
        transaction.on_commit(lambda: default_storage.delete(name))
    letter.delete()


@transaction.atomic
def anonymise_old_letters(days, now=None):
    """Blank the supporter's data of letters older than ``days``; counts
    (letters per campaign, recipient, district) stay."""
    from django.core.files.storage import default_storage

    now = now or timezone.now()
    old = Letter.objects.filter(
        anonymised_at__isnull=True, created_at__lt=now - timedelta(days=days)
    )
    for name in old.exclude(pdf="").values_list("pdf", flat=True):
        transaction.on_commit(lambda name=name: default_storage.delete(name))
    return old.update(
        supporter_name="",
        email="",
        city="",
        postal_code="",
        street_address="",
        subject="",
        body="",
        consent_text="",
        consent_updates=False,
        pdf="",
        anonymised_at=now,
    )


@transaction.atomic
def expire_unconfirmed(now=None):
    """Delete letters never confirmed within the window (and their data)."""
    now = now or timezone.now()
    expired = Letter.objects.filter(
        status=Letter.Status.AWAITING, created_at__lt=now - CONFIRMATION_WINDOW
    )
    count = expired.count()
    expired.delete()
    return count

"""Letters: submit, confirm, deliver (exactly once per recipient).

A letter is written once and addressed to each chosen recipient; nothing
leaves until the supporter follows the confirmation link (48 hours). Each
``LetterRecipient`` is a row of the shared outbox (``cms.outbox``): claimed
before its email is sent and marked sent the moment the mail server accepts
it, so a duplicated task or a killed worker never sends a letter twice.

Everything the supporter reads (the confirmation email, its links, the
pages they lead to, the notice of a letter written already) is in the
language they wrote in, on that language's page of the campaign; letters
are kept on the campaign's page in the default language. The letter itself
goes out in the language it was written in.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import consent, mail, outbox

from ..models import Letter, LetterCampaignPage, LetterRecipient, Representative
from ..placeholders import RECIPIENT_PLACEHOLDERS, fill
from ..postcodes import InvalidPostalCode, format_postal_code, normalise_postal_code
from ..titles import greeting, office_title
from .recipients import RecipientError
from .recipients import check as check_recipients

CONFIRMATION_WINDOW = Letter.CONFIRMATION_WINDOW  # also the confirm link's max_age
CLAIM_TIMEOUT = outbox.CLAIM_TIMEOUT
MAX_ATTEMPTS = outbox.MAX_ATTEMPTS
#: Deliveries per task: a task sends its batch over one SMTP connection.
DELIVERY_BATCH = outbox.BATCH_SIZE
ACTIVE_LETTERS = (Letter.Status.AWAITING, Letter.Status.CONFIRMED, Letter.Status.HELD)
#: Someone writing again to people they wrote to is told at most this often.
REPEAT_NOTICE_INTERVAL = timedelta(hours=1)
#: Why supporters get our emails (the CASL footer says it).
SUPPORTER_REASON = gettext_lazy(
    "You receive this email because this address was given to write a letter "
    "on our site."
)
#: Under a letter to a representative: who wrote it, and how it reached them.
LETTER_REASON = gettext_lazy(
    "A supporter of our campaign wrote this letter and sent it through our "
    "site. Replies go to them."
)


class LetterError(Exception):
    """A letter that cannot be sent; ``str()`` is shown to the supporter."""


def recipient_values(recipient, language="en"):
    """Placeholder values for one recipient (a Representative or FixedTarget),
    for a letter in ``language``: a French letter names offices and greets
    in French (``advocacy.titles``)."""
    if isinstance(recipient, Representative):
        office, gender = recipient.elected_office, recipient.gender
        return {
            "salutation": greeting(office, recipient.name, language, gender),
            "representative_name": recipient.name,
            "representative_first_name": recipient.first_name or recipient.name,
            "representative_last_name": recipient.last_name or recipient.name,
            "representative_title": office_title(office, language, gender),
            "district": recipient.district.name,
            "party": recipient.party,
        }
    return {
        "salutation": greeting(
            "", recipient.name, language, salutation=recipient.salutation
        ),
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


#: Words are counted on whitespace, so a letter is limited in characters
#: too (100 KB in one "word" was once a valid letter): this many a word the
#: campaign allows, which leaves room for long French words, addresses and
#: punctuation, or ``MAX_CHARACTERS`` when the campaign sets no word limit.
CHARACTERS_PER_WORD = 10
MAX_CHARACTERS = 20_000


def max_characters(campaign):
    """The most characters a letter to ``campaign`` may have."""
    if campaign.max_words:
        return campaign.max_words * CHARACTERS_PER_WORD
    return MAX_CHARACTERS


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

    ``page``: the campaign's page in the supporter's language (a campaign
    that allows no editing sends its own text in that language).
    ``recipients``: Representative and FixedTarget objects, checked again
    here against what ``postal_code`` matches (:mod:`.recipients`), whatever
    the caller passes. The postal code signs the letter (offices check that
    a writer lives in their riding) and is deleted with the letter.
    ``consent_updates`` (the box
    "email me about this campaign", with the ``consent_text`` shown) is
    recorded as a request, which the confirmation email asks the address's
    owner to confirm (``cms.consent``). Raises LetterError for a letter
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
    postal_code = normalise_postal_code(postal_code)
    template_subject, template_body = draft(page)
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
    if len(text) > max_characters(campaign):
        raise LetterError(
            _("Your letter has %(count)s characters; keep it to %(max)s or fewer.")
            % {"count": len(text), "max": max_characters(campaign)}
        )
    if campaign.require_personal_paragraph and (
        not personal_paragraph.strip()
        or " ".join(text.split()) == " ".join(template_body.split())
    ):
        raise LetterError(_("Add a few words of your own to the letter."))
    email = email.strip().lower()
    # Someone who wrote to a recipient already (or anyone typing their
    # address) is answered as for a new letter: only the address's owner
    # learns, by email, that it had written. The new letter goes to the
    # others; with nobody left, nothing is stored.
    already = _already_written(campaign, email, recipients)
    recipients = [r for r in recipients if _key(r) not in already]
    if not recipients:
        from ..tasks import send_already_written_notice

        send_already_written_notice.delay_on_commit(sorted(already.values()), language)
        return None
    now = timezone.now()
    letter = Letter(
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
    )
    consent.record_request(letter, asked=consent_updates, wording=consent_text, now=now)
    letter.save()
    for recipient in recipients:
        LetterRecipient.objects.create(letter=letter, **_snapshot(recipient))
    from ..tasks import send_letter_confirmation

    send_letter_confirmation.delay_on_commit(letter.pk, sorted(already.values()))
    return letter


def _key(recipient):
    if isinstance(recipient, Representative):
        return ("representative", recipient.pk)
    return ("fixed_target", recipient.pk)


def _already_written(campaign, email, recipients):
    """Of ``recipients``, those ``email`` has an active letter to in
    ``campaign``: their key and the id of one delivery row of that letter."""
    representatives = [r.pk for r in recipients if _key(r)[0] == "representative"]
    targets = [r.pk for r in recipients if _key(r)[0] == "fixed_target"]
    rows = (
        LetterRecipient.objects.filter(
            letter__campaign=campaign,
            letter__email=email,
            letter__status__in=ACTIVE_LETTERS,
        )
        .filter(
            Q(representative_id__in=representatives) | Q(fixed_target_id__in=targets)
        )
        .order_by("pk")
        .values_list("pk", "representative_id", "fixed_target_id")
    )
    already = {}
    for pk, representative_id, target_id in rows:
        key = (
            ("representative", representative_id)
            if representative_id
            else ("fixed_target", target_id)
        )
        already.setdefault(key, pk)
    return already


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
    language = letter.language
    values = {
        **supporter_values(
            letter.campaign, letter.supporter_name, letter.city, letter.province
        ),
        "salutation": greeting(recipient_row.title, recipient_row.name, language),
        "representative_name": recipient_row.name,
        "representative_first_name": recipient_row.name,
        "representative_last_name": recipient_row.name,
        "representative_title": office_title(recipient_row.title, language),
        "district": recipient_row.district,
        "party": "",
    }
    if recipient_row.representative_id:
        values.update(recipient_values(recipient_row.representative, language))
    elif recipient_row.fixed_target_id:
        # The row keeps the name and title the letter was addressed to; the
        # target's own salutation ("Dear Minister") greets them.
        values["salutation"] = greeting(
            "",
            recipient_row.name,
            language,
            salutation=recipient_row.fixed_target.salutation,
        )
    names = RECIPIENT_PLACEHOLDERS | set(values)
    return fill(letter.subject, values, names), fill(letter.body, values, names)


def signature_place(letter):
    """``"Ottawa, ON K1A 0B1"``: where the writer lives, which offices use to
    confirm a constituent."""
    place = ", ".join(part for part in (letter.city, letter.province) if part)
    if letter.postal_code:
        place = f"{place} {format_postal_code(letter.postal_code)}".strip()
    return place


def finished_text(letter, body):
    """A letter's text exactly as its recipient reads it: ``body`` (filled
    for them by :func:`letter_for`), signed with the writer's name, city,
    province and postal code. A letter that ends with the writer's name (a
    template's ``{supporter_name}``) gets the place under it rather than
    the name twice. The emails and the check before sending all show this."""
    body = body.strip()
    name, place = letter.supporter_name, signature_place(letter)
    last_line = body.rsplit("\n", 1)[-1].strip()
    if name and last_line == name:
        return "\n".join(part for part in (body, place) if part)
    signature = "\n".join(part for part in (name, place) if part)
    return "\n\n".join(part for part in (body, signature) if part)


def recipient_title(row):
    """The office of a delivery's recipient in its letter's language (the
    row keeps it as Represent gave it: "MNA" is "député·e" in French)."""
    gender = row.representative.gender if row.representative_id else ""
    return office_title(row.title, row.letter.language, gender)


def page_in(campaign, language):
    """The campaign's live page in ``language`` (its translation), else the
    campaign's own page: where the supporter's links point."""
    with translation.override(language):
        return campaign.localized


def _absolute(page, route, *args):
    """The full URL of one of ``page``'s own routes."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (page.url or "")
    return base + page.reverse_subpage(route, args=args)


def supporter_links(letter, page):
    """The links a supporter gets for ``letter``, on ``page``: confirm it,
    delete it, and (for a printable campaign) download it."""
    links = {
        "confirm_url": _absolute(page, "confirm", letter.token()),
        "delete_url": _absolute(page, "delete_letter", letter.token("delete")),
        "pdf_url": "",
    }
    if letter.campaign.delivery in ("pdf", "both"):
        # The route ends in ".pdf" (the page serves it without the slash).
        links["pdf_url"] = _absolute(
            page, "letter_pdf", letter.token("download")
        ).rstrip("/")
    return links


def as_sent(letter):
    """Each recipient with the subject and the finished text they will
    receive (:func:`finished_text`)."""
    rows = letter.recipients.select_related(
        "representative__district", "fixed_target"
    ).order_by("pk")
    result = []
    for row in rows:
        row.letter = letter
        subject, body = letter_for(row)
        result.append(
            {
                "row": row,
                "title": recipient_title(row),
                "subject": mail.one_line(subject),
                "body": body,
                "text": finished_text(letter, body),
            }
        )
    return result


def send_confirmation(letter_id, already_ids=()):
    """Email the confirmation link, once (a second call finds it sent).

    The email shows the letter as each recipient will receive it, the link
    to delete it, and the printable letter's link where there is one, all on
    the campaign's page in the supporter's language. ``already_ids``: rows of
    earlier letters to people this one no longer goes to (they were written
    to already), named in the email.
    """
    claimed = Letter.objects.filter(
        pk=letter_id, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=timezone.now())
    if not claimed:
        return False
    try:
        letter = Letter.objects.select_related("campaign").get(pk=letter_id)
        page = page_in(letter.campaign, letter.language)
        already = LetterRecipient.objects.filter(
            pk__in=already_ids, letter__email=letter.email
        ).order_by("pk")
        message = mail.build_email(
            "advocacy/email/confirm",
            [letter.email],
            letter.language,
            {
                "letter": letter,
                "page": page,
                "letters": as_sent(letter),
                "already": [row.name for row in already],
                "hours": int(CONFIRMATION_WINDOW.total_seconds() // 3600),
                **supporter_links(letter, page),
                # "Yes, send me updates", when the box was ticked.
                **consent.email_context(letter, letter.language),
            },
            reason=SUPPORTER_REASON,
        )
        mail.send(message)
    except BaseException:
        # Not sent: release the claim so a retry can send it.
        Letter.objects.filter(pk=letter_id).update(confirmation_sent_at=None)
        raise
    return True


def send_already_written(recipient_ids, language, now=None):
    """Tell the owner of an address that a letter to people it wrote to
    already in this campaign was asked for again, and that nothing new was
    sent. ``recipient_ids``: their rows in the earlier letters. At most one
    such notice an hour per letter, whoever asks (a duplicated task, a
    double click, someone trying addresses): answers whether one was sent."""
    now = now or timezone.now()
    rows = list(
        LetterRecipient.objects.filter(pk__in=recipient_ids)
        .select_related("letter__campaign")
        .order_by("letter_id", "pk")
    )
    if not rows:
        return False
    letter = rows[0].letter
    names = [row.name for row in rows if row.letter.email == letter.email]
    before = letter.repeat_notice_at
    claimed = (
        Letter.objects.filter(pk=letter.pk)
        .filter(
            Q(repeat_notice_at__isnull=True)
            | Q(repeat_notice_at__lte=now - REPEAT_NOTICE_INTERVAL)
        )
        .update(repeat_notice_at=now)
    )
    if not claimed:
        return False
    try:
        page = page_in(letter.campaign, language)
        message = mail.build_email(
            "advocacy/email/already_written",
            [letter.email],
            language,
            {
                "letter": letter,
                "page": page,
                "names": names,
                "delete_url": _absolute(page, "delete_letter", letter.token("delete")),
            },
            reason=SUPPORTER_REASON,
        )
        mail.send(message)
    except BaseException:
        Letter.objects.filter(pk=letter.pk, repeat_notice_at=now).update(
            repeat_notice_at=before
        )
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
    from .printing import request_letter_pdf

    queue_delivery(ids)
    if letter.campaign.delivery in ("pdf", "both"):
        transaction.on_commit(lambda: request_letter_pdf(letter))
    return letter


def deliver(ids):
    """Send the claimable recipients among ``ids`` their letter by email;
    answer the ids left for a retry (the sweep queues them when due)."""
    return outbox.send(
        LetterRecipient.objects.select_related(
            "letter__campaign", "representative__district", "fixed_target"
        ),
        ids,
        prepare=_letter_builder,
    )


def _letter_builder(rows):
    site_settings = mail.default_site_settings()
    return lambda row: build_letter_email(row, site_settings=site_settings)


def build_letter_email(row, site_settings=None):
    """The letter as its recipient gets it, in the letter's language: From
    the site's address under the supporter's name, Reply-To the supporter,
    a copy to them if asked."""
    letter = row.letter
    subject, body = letter_for(row)
    return mail.build_email(
        "advocacy/email/letter",
        [row.email],
        letter.language,
        {
            "letter": letter,
            "row": row,
            "subject": subject,
            "text": finished_text(letter, body),
        },
        reply_to=[letter.email],
        from_name=letter.supporter_name,
        cc=[letter.email] if letter.send_copy else None,
        reason=LETTER_REASON,
        auto_submitted=False,  # a person's letter, not a machine's notice
        site_settings=site_settings,
    )


def queue_delivery(ids):
    """Queue the delivery of ``ids`` when the transaction commits, in tasks
    of at most ``DELIVERY_BATCH`` ids each."""
    from ..tasks import deliver_letters

    ids = list(ids)
    outbox.mark_queued(LetterRecipient, ids)
    for batch in outbox.batches(ids, DELIVERY_BATCH):
        deliver_letters.delay_on_commit(batch)


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
    only for a failed row of a confirmed letter. A letter anonymised after
    the retention period is never sent again (it would go out blank)."""
    resent = LetterRecipient.objects.filter(
        pk=row.pk,
        status=LetterRecipient.Status.FAILED,
        letter__anonymised_at__isnull=True,
    ).update(**RESENT)
    if resent:
        queue_delivery([row.pk])


def resendable_failures(campaign):
    """The failed deliveries of ``campaign`` that "Resend" may send again:
    those of letters that are out (not held, not awaiting their supporter)
    and not anonymised (an anonymised letter has no text or sender left)."""
    return LetterRecipient.objects.filter(
        letter__campaign=campaign.canonical,
        letter__status=Letter.Status.CONFIRMED,
        letter__anonymised_at__isnull=True,
        status=LetterRecipient.Status.FAILED,
    )


@transaction.atomic
def resend_failed(campaign):
    """Organizers: try every failed delivery of ``campaign`` again; answer
    how many are queued.

    Only failed deliveries of confirmed letters not anonymised move (back to pending, in
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
    # it is held, it no longer counts as confirmed here). An anonymised
    # letter has no text or sender left: it is never sent again.
    letter_ids = list(
        Letter.objects.select_for_update()
        .filter(
            status=Letter.Status.CONFIRMED,  # checked again once locked
            anonymised_at__isnull=True,
            pk__in=resendable_failures(campaign).values("letter_id"),
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
    """Deliveries due and in no worker's hands (see ``cms.outbox.due``)."""
    return list(
        outbox.due(LetterRecipient.objects.all(), now).values_list("pk", flat=True)
    )


def sweep(now=None):
    """Every minute: hand what is due to the workers, once (a backlog is not
    queued again while the workers get through it); answer how many."""
    ids = outbox.take_due(LetterRecipient.objects.all(), now)
    from ..tasks import deliver_letters

    for batch in outbox.batches(ids, DELIVERY_BATCH):
        deliver_letters.delay_on_commit(batch)
    return len(ids)


@transaction.atomic
def delete_letter(letter):
    """The supporter's own deletion: the letter, its recipients, its PDF."""
    from django.core.files.storage import default_storage

    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.pdf:
        name = letter.pdf.name
        transaction.on_commit(lambda: default_storage.delete(name))
    letter.delete()


#: Why a delivery still queued when its letter was anonymised never went.
NOT_SENT_ANONYMISED = "Not sent: the letter was anonymised before it could go out."


@transaction.atomic
def anonymise_old_letters(days, now=None):
    """Blank the supporter's data of letters older than ``days``; answer how
    many. The counts (letters per campaign, recipient, district) stay.

    An anonymised letter has no text and no sender any more, so it must
    never be sent again: deliveries still queued (or claimed by a sender
    that died) are marked failed with :data:`NOT_SENT_ANONYMISED` rather
    than mailed blank, and ``Resend`` and a Moderator's release refuse it
    (see :func:`resend_failed`). Delivery errors are cleared: a mail
    server's refusal can quote addresses.
    """
    from django.core.files.storage import default_storage

    now = now or timezone.now()
    old = Letter.objects.filter(
        anonymised_at__isnull=True, created_at__lt=now - timedelta(days=days)
    )
    ids = list(old.select_for_update().values_list("pk", flat=True))
    if not ids:
        return 0
    for name in old.exclude(pdf="").values_list("pdf", flat=True):
        transaction.on_commit(lambda name=name: default_storage.delete(name))
    recipients = LetterRecipient.objects.filter(letter_id__in=ids)
    recipients.filter(
        status__in=(LetterRecipient.Status.PENDING, LetterRecipient.Status.SENDING)
    ).update(
        status=LetterRecipient.Status.FAILED,
        retry_after=None,
        error=NOT_SENT_ANONYMISED,
    )
    recipients.exclude(error__in=("", NOT_SENT_ANONYMISED)).update(error="")
    return Letter.objects.filter(pk__in=ids).update(
        supporter_name="",
        email="",
        city="",
        postal_code="",
        street_address="",
        subject="",
        body="",
        **consent.CLEARED,
        send_copy=False,
        held_reason="",
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

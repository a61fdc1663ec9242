"""Messages from organizers to everyone registered for an event.

A message is a row (``OrganizerMessage``) and one ``EmailDelivery`` per
recipient keyed by the message's id, so each person gets it exactly once
however often it is queued, and the same Celery task that sends the other
emails sends it after the transaction commits.
"""

import re
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _

from cms import mail, outbox

from ..models import EmailDelivery, OrganizerMessage, Registration
from .emails import queue_many, sample_message

SUBJECT_MAX_LENGTH = OrganizerMessage._meta.get_field("subject").max_length
#: Line breaks in a subject would let it write mail headers of its own.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

TO_ATTENDEES = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


class MessageError(Exception):
    """A message that cannot be sent; ``str()`` is shown to the organizer."""


@dataclass
class SentMessage:
    message: OrganizerMessage
    #: The deliveries queued by this call (recorded and handed to Celery).
    delivery_ids: list


def recipient_statuses(include_waitlist):
    if include_waitlist:
        return (*TO_ATTENDEES, Registration.Status.WAITLISTED)
    return TO_ATTENDEES


def recipients(event, include_waitlist=False):
    """The registrations a message about ``event`` goes to: confirmed and
    checked-in people (and the waitlist if asked), never cancelled or
    anonymised ones. Registrations live on the event's canonical page."""
    return Registration.objects.filter(
        event=event.canonical,
        status__in=recipient_statuses(include_waitlist),
        anonymised_at__isnull=True,
    ).exclude(email="")


def clean_subject(subject):
    subject = (subject or "").strip()
    if not subject:
        raise MessageError(_("Write a subject."))
    if CONTROL_CHARACTERS.search(subject):
        raise MessageError(
            _("The subject must be on one line, without special characters.")
        )
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise MessageError(
            _("Keep the subject to %(max)s characters or fewer.")
            % {"max": SUBJECT_MAX_LENGTH}
        )
    return subject


@transaction.atomic
def send_organizer_message(event, subject, body, include_waitlist, user, token=None):
    """Record a message to the attendees of ``event`` and queue one email per
    recipient (see ``recipients``). Raises MessageError for an empty body, a
    subject that is empty, too long or not a single line, or when nobody
    would receive it.

    ``token`` (a UUID from the form shown to the organizer) is stored on the
    message, uniquely: a second call with the same token, even at the same
    moment, records and sends nothing and raises MessageError saying so."""
    subject = clean_subject(subject)
    body = (body or "").strip()
    if not body:
        raise MessageError(_("Write a message."))
    if not recipients(event, include_waitlist).exists():
        raise MessageError(
            _("Nobody would get this message: nobody is registered to receive it.")
        )
    try:
        # A savepoint: a concurrent request holding the same token makes
        # this wait for it, then fail on the unique token.
        with transaction.atomic():
            message = OrganizerMessage.objects.create(
                event=event.canonical,
                subject=subject,
                body=body,
                include_waitlist=include_waitlist,
                sent_by=user if user is not None and user.is_authenticated else None,
                token=token,
            )
    except IntegrityError as error:
        raise MessageError(
            _("This message was sent already. Reload the page for a new one.")
        ) from error
    return SentMessage(message, queue_message(message))


@transaction.atomic
def queue_message(message):
    """Queue ``message`` for everyone it goes to now. Idempotent: someone who
    already has a delivery of this message gets no second one. Answers the
    ids of the deliveries still pending (handed to Celery on commit)."""
    ids = list(
        recipients(message.event, message.include_waitlist).values_list("pk", flat=True)
    )
    if not ids:
        return []
    return queue_many(ids, EmailDelivery.Kind.MESSAGE, key=str(message.pk))


def delivery_counts(message):
    """How many emails of ``message`` are pending, sent, failed..."""
    counts = dict.fromkeys(EmailDelivery.Status.values, 0)
    rows = (
        EmailDelivery.objects.filter(
            kind=EmailDelivery.Kind.MESSAGE, key=str(message.pk)
        )
        .values_list("status")
        .annotate(total=Count("pk"))
    )
    for status, total in rows:
        counts[status] = total
    return counts


# --- before sending: preview and test ------------------------------------------
#: The languages attendees read our emails in.
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@dataclass
class Preview:
    language: str
    language_name: str
    #: How many recipients read this language.
    readers: int
    content: mail.EmailContent


def readers_by_language(event, include_waitlist=False):
    counts = dict(
        recipients(event, include_waitlist)
        .values_list("language")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {code: counts.get(code, 0) for code in LANGUAGES}


def preview_message(event, subject, body, include_waitlist=False):
    """The message in each language as a confirmed attendee receives it
    (the same templates and code as the real emails), with how many
    recipients read each language. Nothing is stored or sent."""
    message = OrganizerMessage(event=event.canonical, subject=subject, body=body)
    readers = readers_by_language(event, include_waitlist)
    previews = []
    for code, language_name in settings.LANGUAGES:
        with translation.override(code):
            sample_name = _("Attendee’s name")
        content, _email = sample_message(
            event, message, code, to="preview@example.invalid", name=sample_name
        )
        previews.append(Preview(code, language_name, readers[code], content))
    return previews


def send_test_message(event, subject, body, user):
    """Email the message, once per language, to ``user`` alone (subject
    marked as a test); nothing is recorded and no attendee gets anything.
    Sent now, so the organizer knows at once whether it went. Raises
    MessageError when the account has no address or the mail server refused
    it (saying why). Answers the address it went to."""
    subject = clean_subject(subject)
    to = (getattr(user, "email", "") or "").strip()
    if not to:
        raise MessageError(
            _(
                "Your account has no email address: add one in your account "
                "settings to receive a test."
            )
        )
    name = (user.get_full_name() or "").strip() or to
    for code in LANGUAGES:
        with translation.override(code):
            marked = _("[Test] %(subject)s") % {"subject": subject}
        message = OrganizerMessage(event=event.canonical, subject=marked, body=body)
        _content, email = sample_message(event, message, code, to=to, name=name)
        try:
            mail.send(email)
        except (smtplib.SMTPException, OSError, mail.AddressNotSupported) as error:
            raise MessageError(
                _("The test could not be sent: %(reason)s")
                % {"reason": outbox.describe(error)}
            ) from error
    return to

"""Emails about registrations: queued as rows, sent exactly once.

``queue_email`` records the email (a unique row per registration, kind and
key) and hands its id to Celery once the transaction commits.
``send_deliveries`` claims pending rows (a retried or duplicated task finds
nothing to claim), sends each over one SMTP connection in the recipient's
language, with the event's .ics attached, and records each as sent the
moment the server has accepted it.
"""

import contextlib
import logging
import smtplib
from datetime import timedelta
from email import encoders
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connections, router, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cms import outbox
from cms.models import SiteSettings

from ..models import EmailDelivery, EventPage, OrganizerMessage, Registration
from .calendar import build_calendar

logger = logging.getLogger(__name__)

#: A claim older than this is taken to belong to a worker that died (longer
#: than the Celery hard time limit, so a live sender is never overtaken).
CLAIM_TIMEOUT = timedelta(minutes=10)
BATCH_SIZE = 100
#: Transient failures (the server said "try later", the connection broke)
#: are retried this many times in all, 1, 2, 4, 8... minutes apart.
MAX_ATTEMPTS = 6


def retry_delay(attempts):
    return timedelta(minutes=2 ** max(attempts - 1, 0))


SUBJECTS = {
    EmailDelivery.Kind.CONFIRMED: _("You are registered: %(title)s"),
    EmailDelivery.Kind.WAITLISTED: _("You are on the waitlist: %(title)s"),
    EmailDelivery.Kind.PROMOTED: _("A seat opened up, you are registered: %(title)s"),
    EmailDelivery.Kind.MANAGE_LINK: _("Your registration: %(title)s"),
    EmailDelivery.Kind.REMINDER: _("Reminder: %(title)s"),
    EmailDelivery.Kind.CHANGED: _("Change of time or place: %(title)s"),
    EmailDelivery.Kind.CANCELLED_EVENT: _("Cancelled: %(title)s"),
}
#: Emails that carry the event's calendar file.
WITH_CALENDAR = {
    EmailDelivery.Kind.CONFIRMED,
    EmailDelivery.Kind.PROMOTED,
    EmailDelivery.Kind.MANAGE_LINK,
    EmailDelivery.Kind.REMINDER,
    EmailDelivery.Kind.CHANGED,
    EmailDelivery.Kind.CANCELLED_EVENT,
}


def queue_email(registration, kind, key=""):
    """Record an email to send and send it after the transaction commits."""
    delivery, created = EmailDelivery.objects.get_or_create(
        registration=registration, kind=kind, key=key
    )
    if created:
        dispatch([delivery.pk])
    return delivery


def queue_many(registration_ids, kind, key):
    """The same email to many registrations (a change notice, a message)."""
    EmailDelivery.objects.bulk_create(
        [
            EmailDelivery(registration_id=pk, kind=kind, key=key)
            for pk in registration_ids
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    ids = list(
        EmailDelivery.objects.filter(
            registration_id__in=registration_ids,
            kind=kind,
            key=key,
            status=EmailDelivery.Status.PENDING,
        ).values_list("pk", flat=True)
    )
    dispatch(ids)
    return ids


def dispatch(ids):
    """Enqueue sending in batches once the surrounding transaction commits."""
    from ..tasks import send_email_deliveries

    for start in range(0, len(ids), BATCH_SIZE):
        chunk = list(ids[start : start + BATCH_SIZE])
        transaction.on_commit(lambda chunk=chunk: send_email_deliveries.delay(chunk))


def claim(ids, now=None):
    """Take pending (or abandoned) rows for this sender; return their ids."""
    return outbox.claim(
        EmailDelivery.objects.all(),
        ids,
        pending=EmailDelivery.Status.PENDING,
        sending=EmailDelivery.Status.SENDING,
        timeout=CLAIM_TIMEOUT,
        now=now,
    )


def send_deliveries(ids):
    """Send the claimable deliveries among ``ids``.

    A transient failure puts the row back to pending with a ``retry_after``
    (the periodic sweep sends it then) until MAX_ATTEMPTS; a permanent one
    (address refused, 5xx) marks it failed with the server's reason, for
    organizers to see. Answers the ids left for a retry.
    """
    claimed = claim(ids)
    if not claimed:
        return []
    deliveries = list(
        EmailDelivery.objects.filter(pk__in=claimed)
        .select_related("registration__event")
        .order_by("pk")
    )
    context = _BatchContext(deliveries)
    retry = []
    connection = get_connection()
    try:
        connection.open()
        for delivery in deliveries:
            try:
                message = build_message(delivery, context, connection)
                message.send()
            except smtplib.SMTPRecipientsRefused as error:
                codes = [code for code, _message in error.recipients.values()]
                if codes and all(400 <= code < 500 for code in codes):
                    _release(delivery, _describe(error), retry)  # "try later"
                else:
                    _finish(delivery, EmailDelivery.Status.FAILED, _describe(error))
            except smtplib.SMTPResponseException as error:
                if 400 <= error.smtp_code < 500:
                    _release(delivery, _describe(error), retry)
                else:
                    _finish(delivery, EmailDelivery.Status.FAILED, _describe(error))
            except (smtplib.SMTPException, OSError) as error:
                # The connection broke: this one and the rest wait for a retry.
                for pending in deliveries[deliveries.index(delivery) :]:
                    _release(pending, _describe(error), retry)
                break
            else:
                _record_sent(delivery)
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Could not reach the mail server: %s", error)
        for delivery in deliveries:
            if delivery.status == EmailDelivery.Status.SENDING:
                _release(delivery, _describe(error), retry)
    finally:
        # Everything is recorded already: a failed goodbye changes nothing.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return retry


def connection_for_writes():
    return connections[router.db_for_write(EmailDelivery)]


def _record_sent(delivery):
    """The exactly-once record, written the moment the server took the
    message: one small statement, not an ORM update, as it runs per message."""
    delivery.status = EmailDelivery.Status.SENT
    with connection_for_writes().cursor() as cursor:
        cursor.execute(
            f"UPDATE {EmailDelivery._meta.db_table} "
            "SET status = %s, sent_at = %s, error = '' WHERE id = %s",
            [EmailDelivery.Status.SENT, timezone.now(), delivery.pk],
        )


def _finish(delivery, status, error="", **extra):
    delivery.status = status
    values = {"status": status, "error": error[:1000], **extra}
    if status == EmailDelivery.Status.SENT:
        values["sent_at"] = timezone.now()
    EmailDelivery.objects.filter(pk=delivery.pk).update(**values)


def _release(delivery, error, retry):
    """A transient failure: pending again after a delay, or failed for good
    once the attempts are spent."""
    attempts = delivery.attempts  # the claim counted this attempt
    if attempts >= MAX_ATTEMPTS:
        _finish(
            delivery,
            EmailDelivery.Status.FAILED,
            f"Gave up after {attempts} attempts: {error}",
        )
        return
    _finish(
        delivery,
        EmailDelivery.Status.PENDING,
        error,
        retry_after=timezone.now() + retry_delay(attempts),
    )
    retry.append(delivery.pk)


def _describe(error):
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        if isinstance(message, bytes):
            message = message.decode(errors="replace")
        return f"{error.smtp_code} {message}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for code, msg in error.recipients.values()
        )
    return f"{type(error).__name__}: {error}"


class _BatchContext:
    """Everything a batch needs, loaded with a fixed number of queries, and
    what every recipient of one email shares, rendered once: the event's
    details in each language, its URL and its calendar file."""

    def __init__(self, deliveries):
        events = {d.registration.event_id: d.registration.event for d in deliveries}
        keys = {event.translation_key for event in events.values()}
        self.translations = {
            (page.translation_key, page.locale.language_code): page
            for page in EventPage.objects.live()
            .filter(translation_key__in=keys)
            .select_related("locale")
        }
        site = Site.objects.filter(is_default_site=True).first()
        self.site_settings = SiteSettings.for_site(site) if site else SiteSettings()
        self.base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        message_ids = [
            int(d.key)
            for d in deliveries
            if d.kind == EmailDelivery.Kind.MESSAGE and d.key.isdigit()
        ]
        self.messages = {
            message.pk: message
            for message in OrganizerMessage.objects.filter(pk__in=message_ids)
        }
        self._memo = {}

    def _remember(self, key, make):
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def event_in(self, event, language):
        return self.translations.get((event.translation_key, language), event)

    def url_of(self, page):
        return self._remember(
            ("url", page.pk), lambda: self.base_url + (page.url or "")
        )

    def manage_url(self, page, registration):
        pattern = self._remember(
            ("manage", page.pk),
            lambda: self.url_of(page) + page.reverse_subpage("manage", args=["TOKEN"]),
        )
        return pattern.replace("TOKEN", registration.manage_token)

    def calendar(self, event, page, private):
        """The .ics attachment as a ready MIME part: encoded once per event,
        language and visibility, not once per recipient."""

        def make():
            ics = build_calendar(
                [page], include_private_location=private, url_for=self.url_of
            )
            part = MIMEBase("text", "calendar", charset="utf-8", method="PUBLISH")
            part.set_payload(ics)
            encoders.encode_base64(part)
            part.add_header("Content-Disposition", "attachment", filename="event.ics")
            return part

        return self._remember(("ics", page.pk, private), make)

    def message_for(self, delivery):
        if delivery.kind == EmailDelivery.Kind.MESSAGE and delivery.key.isdigit():
            return self.messages.get(int(delivery.key))
        return None

    def details(self, delivery, event, page, show_location, language):
        """Subject, and text and HTML of what all recipients share."""
        message = self.message_for(delivery)

        def render():
            data = {
                "kind": delivery.kind,
                "event": event,
                "page": page,
                "page_url": self.url_of(page),
                "show_location": show_location,
                "message": message,
                "site_settings": self.site_settings,
            }
            if delivery.kind == EmailDelivery.Kind.MESSAGE:
                subject = message.subject if message else page.title
            else:
                subject = str(SUBJECTS[delivery.kind]) % {"title": page.title}
            return {
                "subject": " ".join(subject.split()),
                "text": render_to_string(
                    "events/email/event_details.txt", data
                ).strip(),
                "html": mark_safe(
                    render_to_string("events/email/event_details.html", data)
                ),
                "footer_text": render_to_string(
                    "events/email/footer.txt", data
                ).strip(),
                "footer_html": mark_safe(
                    render_to_string("events/email/footer.html", data)
                ),
            }

        key = (
            "details",
            page.pk,
            delivery.kind,
            delivery.key if message else "",
            show_location,
            language,
        )
        return self._remember(key, render)


def _personal_parts(shared, registration, manage_url):
    """Wrap the shared details in the lines that differ per recipient.

    Assembled here rather than in a template: it runs once per recipient
    (10,000 times for a big reminder run, see bench/reminders.py), while the
    templates ``event_details`` and ``footer`` run once per event and
    language. Runs inside the recipient's language.
    """
    greeting = _("Hello %(name)s,") % {"name": registration.name}
    people = f"{_('People:')} {registration.party_size}"
    manage = _("See, change or cancel your registration, or delete your data")
    text = (
        f"{greeting}\n\n{shared['text']}\n{people}\n\n{manage}:\n{manage_url}\n\n"
        f"--\n{shared['footer_text']}\n"
    )
    html = format_html(
        '<!DOCTYPE html>\n<html lang="{}">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{}</title></head>\n"
        '<body style="font-family: Arial, sans-serif; line-height: 1.5; '
        'color: #1b1b1b; max-width: 40rem; margin: 0 auto; padding: 1rem;">\n'
        '<p>{}</p>\n{}\n<p>{}</p>\n<p><a href="{}">{}</a></p>\n<hr>\n{}\n'
        "</body>\n</html>\n",
        registration.language,
        shared["subject"],
        greeting,
        shared["html"],
        people,
        manage_url,
        manage,
        shared["footer_html"],
    )
    return text, html


def build_message(delivery, context, connection=None):
    registration = delivery.registration
    event = registration.event
    language = registration.language
    page = context.event_in(event, language)
    confirmed = registration.status in (
        Registration.Status.CONFIRMED,
        Registration.Status.ATTENDED,
    )
    show_location = confirmed or not event.location_is_private
    with translation.override(language), timezone.override(event.zone):
        shared = context.details(delivery, event, page, show_location, language)
        text, html = _personal_parts(
            shared, registration, context.manage_url(page, registration)
        )
    message = EmailMultiAlternatives(
        subject=shared["subject"],
        body=text,
        to=[registration.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
        reply_to=[event.organizer_email] if event.organizer_email else None,
    )
    message.attach_alternative(html, "text/html")
    if delivery.kind in WITH_CALENDAR:
        message.attach(context.calendar(event, page, private=confirmed))
    return message

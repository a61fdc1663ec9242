"""Emails about registrations: queued as rows, sent exactly once.

``queue_email`` records the email (a unique row per registration, kind and
key) and hands its id to Celery once the transaction commits.
``send_deliveries`` sends the claimable rows among some ids through the
shared outbox (``cms.outbox``), over one SMTP connection, in each
recipient's language, with the event's .ics attached; each row ends sent,
waiting for a retry, failed (with the reason), or skipped.

Each kind of email is three templates, ``events/email/<kind>.subject.txt``,
``.txt`` and ``.html``, built by the one builder (``cms.mail``). The parts
every recipient shares are rendered once per event, kind and language; only
the name, party size and manage link are filled in per person (and, in the
first email to someone who ticked "email me updates", the link that
confirms it: ``cms.consent``).

**Skipped emails.** An email still pending when its registration was
cancelled (or anonymised) is not sent: whatever it says (a confirmation, a
reminder, a change of time, even the event's cancellation) concerns a seat
the person gave up, and the manage page they would follow no longer helps.
The one email about a cancelled registration is the one that says so
(``cancelled``); it is skipped if the person registered again before it left.
A "you are on the waitlist" email still pending when the person got a seat
is skipped too: the "a seat opened up" email tells them. A message whose
organizer's message row is gone is skipped. The reason is kept in ``error``.
"""

from email import encoders
from email.mime.base import MIMEBase
from functools import partial

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cms import consent, mail, outbox

from ..models import EmailDelivery, EventPage, OrganizerMessage, Registration
from .calendar import build_calendar

#: Emails that carry the event's calendar file.
WITH_CALENDAR = {
    EmailDelivery.Kind.CONFIRMED,
    EmailDelivery.Kind.PROMOTED,
    EmailDelivery.Kind.MANAGE_LINK,
    EmailDelivery.Kind.REMINDER,
    EmailDelivery.Kind.CHANGED,
    EmailDelivery.Kind.CANCELLED_EVENT,
}
#: The first email about a registration: it asks the person to confirm the
#: updates they ticked on the form (``cms.consent``), if they did.
ASKS_CONSENT = {EmailDelivery.Kind.CONFIRMED, EmailDelivery.Kind.WAITLISTED}
#: Why every recipient gets these emails (the CASL footer says it).
REASON = _("You receive this email because you registered for this event.")


def queue_email(registration, kind, key=""):
    """Record an email to send and send it after the transaction commits."""
    delivery, created = EmailDelivery.objects.get_or_create(
        registration=registration,
        kind=kind,
        key=key,
        defaults={"queued_at": timezone.now()},
    )
    if created:
        dispatch([delivery.pk])
    return delivery


def queue_many(registration_ids, kind, key):
    """The same email to many registrations (a change notice, a message);
    answers the ids handed to the workers (rows queued before and still in
    a worker's hands are not handed over twice)."""
    EmailDelivery.objects.bulk_create(
        [
            EmailDelivery(registration_id=pk, kind=kind, key=key)
            for pk in registration_ids
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    ids = outbox.take_due(
        EmailDelivery.objects.filter(
            registration_id__in=registration_ids, kind=kind, key=key
        )
    )
    dispatch(ids)
    return ids


def dispatch(ids):
    """Enqueue sending in batches once the surrounding transaction commits."""
    from ..tasks import send_email_deliveries

    for batch in outbox.batches(ids):
        send_email_deliveries.delay_on_commit(batch)


def send_deliveries(ids):
    """Send the claimable deliveries among ``ids``; answer the ids left for a
    retry (the periodic sweep queues them again when due)."""
    return outbox.send(
        EmailDelivery.objects.select_related("registration__event"),
        ids,
        prepare=lambda deliveries: partial(
            build_message, context=_BatchContext(deliveries)
        ),
    )


class _BatchContext:
    """Everything a batch needs, loaded with a fixed number of queries, and
    what every recipient of one email shares, rendered once: each email in
    each language (with markers for the personal parts), the event's URL and
    its calendar file."""

    def __init__(self, deliveries, events=()):
        events = [d.registration.event for d in deliveries] + list(events)
        keys = {event.translation_key for event in events}
        self.translations = {
            (page.translation_key, page.locale.language_code): page
            for page in EventPage.objects.live()
            .filter(translation_key__in=keys)
            .select_related("locale")
        }
        self.site_settings = mail.default_site_settings()
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

    def content(self, kind, message, event, page, shown, language, ask_consent):
        """The email of ``kind`` (an organizer's ``message`` for messages) as
        every recipient of it reads it, with markers for the per-person
        parts: rendered once per event, kind (and message), visibility of
        the address and of the meeting link (``shown``, from
        ``EventPage.shown_to``), language, and whether it asks to confirm
        updates."""
        show_location, show_meeting_link = shown

        def render():
            with timezone.override(event.zone):
                return mail.render_email(
                    f"events/email/{kind}",
                    language,
                    {
                        "event": event,
                        "page": page,
                        "page_url": self.url_of(page),
                        "show_location": show_location,
                        "show_meeting_link": show_meeting_link,
                        "message": message,
                        "name": mail.personal("name"),
                        "party": mail.personal("party"),
                        "manage_url": mail.personal("manage_url"),
                        "ask_consent": ask_consent,
                        "consent_url": mail.personal("consent_url"),
                        "consent_text": mail.personal("consent_text"),
                        "consent_days": consent.LINK_MAX_AGE.days,
                    },
                    reason=REASON,
                    site_settings=self.site_settings,
                )

        key = (
            "content",
            page.pk,
            kind,
            message.pk if message else "",
            shown,
            language,
            ask_consent,
        )
        return self._remember(key, render)


def party_line(size, language):
    """ "Your registration is for 2 people.", in ``language`` with its plural
    rules: filled in per person, as the rest is rendered once for all."""
    with translation.override(language):
        return ngettext(
            "Your registration is for %(count)s person.",
            "Your registration is for %(count)s people.",
            size,
        ) % {"count": size}


def skip_reason(delivery, context):
    """Why this email is no longer wanted (see the module's docstring), or
    None to send it."""
    registration = delivery.registration
    if registration.anonymised_at or not registration.email:
        return "Not sent: the registration was anonymised before this email went out."
    if delivery.kind == EmailDelivery.Kind.CANCELLED:
        if registration.status != Registration.Status.CANCELLED:
            return "Not sent: the person registered again before this email went out."
        return None
    if registration.status == Registration.Status.CANCELLED:
        return "Not sent: the registration was cancelled before this email went out."
    if (
        delivery.kind == EmailDelivery.Kind.WAITLISTED
        and registration.status != Registration.Status.WAITLISTED
    ):
        return "Not sent: this person is no longer on the waitlist."
    if delivery.kind == EmailDelivery.Kind.MESSAGE and not context.message_for(
        delivery
    ):
        return "Not sent: the organizers' message was deleted."
    return None


def build_message(delivery, context):
    """The email of ``delivery`` for its registration, in their language:
    raises ``cms.outbox.Skip`` when it is no longer wanted."""
    reason = skip_reason(delivery, context)
    if reason:
        raise outbox.Skip(reason)
    registration = delivery.registration
    event = registration.event
    language = registration.language
    page = context.event_in(event, language)
    confirmed = registration.status in (
        Registration.Status.CONFIRMED,
        Registration.Status.ATTENDED,
    )
    ask_consent = delivery.kind in ASKS_CONSENT and registration.awaits_consent
    content = context.content(
        delivery.kind,
        context.message_for(delivery),
        event,
        page,
        event.shown_to(confirmed),
        language,
        ask_consent,
    )
    personal = {}
    if ask_consent:
        personal = {
            "consent_url": consent.link_url(registration, language),
            "consent_text": registration.consent_text,
        }
    content = content.personalise(
        name=registration.name,
        party=party_line(registration.party_size, language),
        manage_url=context.manage_url(page, registration),
        **personal,
    )
    return mail.make_message(
        content,
        to=[registration.email],
        reply_to=[event.organizer_email] if event.organizer_email else None,
        attachments=(
            [context.calendar(event, page, private=confirmed)]
            if delivery.kind in WITH_CALENDAR
            else []
        ),
    )


def sample_message(event, message, language, *, to, name):
    """An organizer's ``message`` (saved or not) about ``event`` as a
    confirmed attendee reading ``language`` receives it, built by the same
    templates and code as the real ones, addressed to ``to`` with ``name``
    in the greeting: the preview and the test an organizer sends themself.
    A sample has no registration of its own: its registration link opens
    the event page. Answers ``(content, email message)``."""
    context = _BatchContext([], events=[event.canonical])
    event = event.canonical
    page = context.event_in(event, language)
    content = context.content(
        EmailDelivery.Kind.MESSAGE,
        message,
        event,
        page,
        event.shown_to(True),
        language,
        False,
    ).personalise(
        name=name, party=party_line(1, language), manage_url=context.url_of(page)
    )
    return content, mail.make_message(
        content,
        to=[to],
        reply_to=[event.organizer_email] if event.organizer_email else None,
    )

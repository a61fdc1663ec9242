"""RSVPs, the emails sent about them, and town-hall questions."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.consent import UpdatesConsent
from cms.outbox import OutboxRow
from cms.signing import SignedLink

from .pages import EventPage


def new_secret():
    return secrets.token_hex(16)


class Registration(UpdatesConsent):
    """One person's RSVP (with their party) to an event.

    Its manage link is signed by ``cms.signing`` with ``manage_secret``:
    nothing in the database is enough to forge or replay a link, and a new
    secret cancels every link sent before.

    "Email me about future events" ticked on the form is a request; it counts
    once confirmed from the confirmation email (``cms.consent``).
    """

    consent_link_name = "rsvp"

    MANAGE_LINK = SignedLink("events.manage", secret_field="manage_secret")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    # PROTECT: an event that holds registrations is never deleted with them
    # (the admin explains why: cms/permissions.py, records_blocking_deletion).
    event = models.ForeignKey(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)
    party_size = models.PositiveSmallIntegerField(_("party size"), default=1)
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("en", "English"), ("fr", "Français")],
        default="en",
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, db_index=True
    )
    manage_secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(
        _("registered at"), auto_now_add=True, db_index=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One registration per person and event; anonymised rows have no
            # email and do not count.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email=""),
                name="one_registration_per_email_and_event",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} – {self.event.title}"

    @classmethod
    def consent_link_rows(cls):
        return cls.objects.filter(anonymised_at__isnull=True)

    @property
    def manage_token(self):
        return self.MANAGE_LINK.token(self)

    @classmethod
    def from_manage_token(cls, token):
        """The registration a manage token belongs to, or None when the token
        is forged, malformed, or its registration is gone or anonymised."""
        kept = cls.objects.filter(anonymised_at__isnull=True)
        return cls.MANAGE_LINK.read(token, kept.select_related("event"))

    @property
    def is_active(self):
        return self.status in (
            self.Status.CONFIRMED,
            self.Status.WAITLISTED,
            self.Status.ATTENDED,
        )


class EmailDelivery(OutboxRow):
    """One email about one registration, sent exactly once.

    ``(registration, kind, key)`` is unique: a reminder is
    ``("reminder", "24")``, a change notice ``("change", "<sequence>")``, an
    organizer's message ``("message", "<id>")``. The outbox fields and their
    life (queued, claimed, sent, failed, skipped) are ``cms.outbox``'s.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmation")
        WAITLISTED = "waitlisted", _("Waitlisted")
        PROMOTED = "promoted", _("Promoted from the waitlist")
        MANAGE_LINK = "manage_link", _("Manage link sent again")
        REMINDER = "reminder", _("Reminder")
        CHANGED = "changed", _("Change notice")
        CANCELLED_EVENT = "event_cancelled", _("Event cancelled")
        MESSAGE = "message", _("Message from the organizer")
        CANCELLED = "cancelled", _("Registration cancelled")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=40, blank=True, default="")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind", "key"],
                name="one_email_per_kind_and_key",
            )
        ]

    def __str__(self):
        return f"{self.kind}:{self.key} → {self.registration_id} ({self.status})"


class EventState(models.Model):
    """What attendees were last told about an event, kept outside the page
    (whose fields Wagtail restores from revisions): the calendar SEQUENCE and
    a fingerprint of the time and place they were sent."""

    translation_key = models.UUIDField(unique=True)
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.translation_key} (sequence {self.sequence})"


class OrganizerMessage(models.Model):
    """A message an organizer sent to everyone registered for an event.

    ``token`` comes from the form the organizer filled in (one per form
    shown) and is unique: a double click or a resubmitted form cannot record,
    and so cannot send, the same message twice, whatever the cache does.
    """

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    include_waitlist = models.BooleanField(
        _("also send to the waitlist"), default=False
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: Empty for messages recorded before forms carried one, or not sent
    #: from a form.
    token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")

    def __str__(self):
        return self.subject


class TownHallQuestion(models.Model):
    """A question sent in for a town hall, held for a Moderator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ANSWERED = "answered", _("Answered")

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="questions"
    )
    question = models.TextField(_("question"), max_length=1000)
    name = models.CharField(_("name (optional)"), max_length=100, blank=True)
    may_read_aloud = models.BooleanField(_("may be read aloud"), default=False)
    language = models.CharField(max_length=2, default="en")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("town-hall question")
        verbose_name_plural = _("town-hall questions")
        ordering = ["created_at"]

    def __str__(self):
        return self.question[:60]

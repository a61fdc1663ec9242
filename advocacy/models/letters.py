"""Letters supporters write, and their delivery to each recipient."""

import secrets
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.consent import UpdatesConsent
from cms.outbox import OutboxRow
from cms.signing import SignedLink

from .pages import LetterCampaignPage
from .representatives import FixedTarget, Representative


def new_secret():
    return secrets.token_hex(16)


class Letter(UpdatesConsent):
    """One supporter's letter; released to its recipients when the supporter
    follows the confirmation link sent to their email (within 48 hours).

    Its links (``token(purpose)``) are signed by ``cms.signing`` with
    ``secret``: a new secret cancels every link sent before. The
    confirmation link expires after ``CONFIRMATION_WINDOW``; the download
    and deletion links work as long as the letter is kept.

    "Email me about this campaign" ticked on the form is a request; it counts
    once confirmed from the confirmation email (``cms.consent``), a link of
    its own: confirming the letter is not consenting to updates.
    """

    consent_link_name = "letter"

    CONFIRMATION_WINDOW = timedelta(hours=48)
    LINKS = {
        "confirm": SignedLink(
            "advocacy.letter.confirm",
            secret_field="secret",
            max_age=CONFIRMATION_WINDOW,
        ),
        "download": SignedLink("advocacy.letter.download", secret_field="secret"),
        "delete": SignedLink("advocacy.letter.delete", secret_field="secret"),
    }

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        HELD = "held", _("Held for a moderator")

    # PROTECT: a campaign that holds letters is never deleted with them (the
    # admin explains why: cms/permissions.py, records_blocking_deletion).
    campaign = models.ForeignKey(
        LetterCampaignPage, on_delete=models.PROTECT, related_name="letters"
    )
    supporter_name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"))
    city = models.CharField(_("city or town"), max_length=100)
    province = models.CharField(_("province or territory"), max_length=2)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    street_address = models.TextField(
        _("street address (printed letters only)"), blank=True
    )
    language = models.CharField(max_length=2, default="en")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("letter"))
    send_copy = models.BooleanField(_("send me a copy"), default=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.AWAITING, db_index=True
    )
    held_reason = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    #: When the supporter was last told that someone (perhaps they) tried to
    #: write again to the same people: at most one such notice an hour.
    repeat_notice_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="letters/", blank=True, max_length=200)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self):
        # Its number and campaign, nothing the supporter wrote: this name is
        # kept where letters are not (Wagtail's audit log names objects so),
        # and it reads the same once the letter is anonymised.
        return _("Letter #%(number)s – %(campaign)s") % {
            "number": self.pk,
            "campaign": self.campaign.title if self.campaign_id else "",
        }

    @classmethod
    def consent_link_rows(cls):
        return cls.objects.filter(anonymised_at__isnull=True)

    def token(self, purpose="confirm"):
        """The token of this letter's ``purpose`` link: "confirm", "download"
        or "delete"."""
        return self.LINKS[purpose].token(self)

    @classmethod
    def from_token(cls, token, purpose="confirm"):
        """The letter a ``purpose`` token names, or None (forged, another
        purpose, expired, an old secret, deleted or anonymised)."""
        return cls.LINKS[purpose].read(
            token, cls.objects.filter(anonymised_at__isnull=True)
        )


class LetterRecipient(OutboxRow):
    """The letter to one recipient: sent exactly once by email (the outbox
    fields and their life are ``cms.outbox``'s)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for confirmation")
        PENDING = "pending", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        PRINT_ONLY = "print", _("Printed by the supporter")

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="recipients"
    )
    representative = models.ForeignKey(
        Representative,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fixed_target = models.ForeignKey(
        FixedTarget, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A snapshot: what the letter was addressed to, whatever changes later.
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    district = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    mailing_address = models.TextField(blank=True)
    is_federal_mp = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True
    )

    class Meta:
        verbose_name = _("letter recipient")
        verbose_name_plural = _("letter recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "representative"],
                condition=Q(representative__isnull=False),
                name="one_delivery_per_letter_and_representative",
            ),
            models.UniqueConstraint(
                fields=["letter", "fixed_target"],
                condition=Q(fixed_target__isnull=False),
                name="one_delivery_per_letter_and_target",
            ),
        ]

    def __str__(self):
        return _("Letter to %(name)s (%(status)s)") % {
            "name": self.name,
            "status": self.get_status_display(),
        }

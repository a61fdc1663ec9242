"""Consent to updates: asked for on a form, counted only once the address's
owner confirms it.

The RSVP form, the letter form and the flyer download form each have a box
"Yes, email me about ...". Anyone can type anyone's address into a form, so
a ticked box is only a *request*: under CASL, consent is express once the
owner of the address says yes themselves. So:

- the form records the request (:func:`record_request`): the wording shown,
  word for word, and when (``consent_requested_at``);
- the email the person gets anyway (the RSVP confirmation, the letter's
  confirmation) carries a signed link "Yes, send me updates"; a flow that
  sends no email of its own (a flyer download) sends one short email for it
  (:func:`ask_by_email`, :func:`send_request`);
- the link opens a page whose button confirms (a POST: mail scanners open
  the links in an email, so opening one changes nothing); confirming sets
  ``consent_confirmed_at`` (:func:`confirm`), once, however often pressed;
- everything that uses consent (organizer exports, any mailing of
  updates) looks at ``consent_confirmed_at`` only:
  ``Model.objects.with_confirmed_consent()`` or :attr:`UpdatesConsent.has_consent`.
  Until then the address serves only what the form was for.

A model takes part by inheriting :class:`UpdatesConsent` (it must have an
``email`` field) and naming its links with ``consent_link_name``; the
confirmation page (``cms/consent_views.py``) finds it through that name
(cms imports no app).

The link is signed with :mod:`cms.signing` (``TimestampSigner``: it works
for :data:`LINK_MAX_AGE`) and bound to the address and the moment of the
request: a new request (registering again) or anonymisation cancels every
link sent before.
"""

from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import mail
from .signing import SignedLink

#: How long the "Yes, send me updates" link works.
LINK_MAX_AGE = timedelta(days=30)
#: Shown under every consent box: what happens next, truthfully.
CONSENT_HELP = _(
    "We will email you a link to confirm this. Until you follow it, we send "
    "you no updates."
)
#: Why someone gets the email that asks (the CASL footer says it).
REQUEST_REASON = _(
    "You receive this email because this address was given on a form of our "
    "site with a request for updates."
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ConsentQuerySet(models.QuerySet):
    def with_confirmed_consent(self):
        """Rows whose address's owner confirmed they want updates: the only
        ones any mailing or export of "consenting" people may use."""
        return self.filter(consent_confirmed_at__isnull=False)


class UpdatesConsent(models.Model):
    """The consent fields of a row that holds an ``email`` and a box "email
    me updates". Subclasses set ``consent_link_name`` (a short name of their
    own, used in the link's URL) and may narrow
    :meth:`consent_link_rows` (anonymised rows open nothing)."""

    #: The kind of row in the confirmation link: ``/en/email-updates/<name>/…``.
    consent_link_name = ""

    consent_text = models.TextField(_("consent wording shown"), blank=True)
    consent_requested_at = models.DateTimeField(
        _("updates asked for at"), null=True, blank=True
    )
    consent_confirmed_at = models.DateTimeField(
        _("updates confirmed by email at"), null=True, blank=True
    )
    #: When the email asking to confirm went out, for flows that send one of
    #: its own (a flyer download); the claim that sends it once.
    consent_email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def consent_link_rows(cls):
        """The rows a confirmation link may still open."""
        return cls._default_manager.all()

    @property
    def has_consent(self):
        """Whether the address's owner confirmed they want updates."""
        return self.consent_confirmed_at is not None

    @property
    def awaits_consent(self):
        """Whether updates were asked for and not confirmed yet."""
        return bool(self.consent_requested_at) and not self.consent_confirmed_at

    @property
    def consent_link_secret(self):
        """What binds a link to this request: the address and the moment the
        box was ticked (a new request, or clearing it, cancels old links)."""
        requested = self.consent_requested_at
        moment = (requested - _EPOCH) // timedelta(microseconds=1) if requested else ""
        return f"{(self.email or '').strip().lower()}|{moment}"

    def consent_record(self):
        """The consent fields for a person's data export."""
        return {
            "consent_text": self.consent_text,
            "consent_requested_at": _iso(self.consent_requested_at),
            "consent_confirmed_at": _iso(self.consent_confirmed_at),
        }


#: The consent fields blanked, for ``.update(**CLEARED)`` when anonymising.
CLEARED = {
    "consent_text": "",
    "consent_requested_at": None,
    "consent_confirmed_at": None,
    "consent_email_sent_at": None,
}


def _iso(moment):
    return moment.isoformat() if moment else None


def record_request(row, *, asked, wording="", now=None):
    """Set ``row``'s consent fields from the form (not saved): a ticked box
    is a new request with its wording and time, never consent; an unticked
    one clears them. A consent confirmed earlier (a registration made again
    after cancelling) does not carry over to what was ticked now."""
    values = dict(CLEARED)
    if asked:
        values["consent_text"] = str(wording)
        values["consent_requested_at"] = now or timezone.now()
    for name, value in values.items():
        setattr(row, name, value)
    return row


# --- the link ------------------------------------------------------------------------
def link_kinds():
    """``{consent_link_name: model}`` for every model with the consent fields."""
    kinds = {}
    for model in apps.get_models():
        if not issubclass(model, UpdatesConsent):
            continue
        name = model.consent_link_name
        if not name or name in kinds:
            raise ImproperlyConfigured(
                f"{model._meta.label} needs a consent_link_name of its own."
            )
        kinds[name] = model
    return kinds


def signed_link(model):
    return SignedLink(
        f"cms.consent.{model.consent_link_name}",
        secret_field="consent_link_secret",
        max_age=LINK_MAX_AGE,
    )


def link_url(row, language):
    """The full URL of ``row``'s confirmation page, in ``language``."""
    token = signed_link(type(row)).token(row)
    with translation.override(language):
        path = reverse("consent_confirm", args=[row.consent_link_name, token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def row_from_link(kind, token):
    """The row a link names, or None: an unknown kind, a forged, altered or
    expired token (after :data:`LINK_MAX_AGE`), a request made again or
    cleared since, or a row deleted or anonymised."""
    model = link_kinds().get(kind)
    if model is None:
        return None
    rows = model.consent_link_rows().filter(consent_requested_at__isnull=False)
    return signed_link(model).read(token, rows)


def confirm(row, now=None):
    """Record that the owner of ``row``'s address confirmed: once (the first
    time stays), and only the request the link was made for. Answers whether
    this call confirmed it."""
    now = now or timezone.now()
    confirmed = (
        type(row)
        ._default_manager.filter(
            pk=row.pk,
            consent_requested_at=row.consent_requested_at,
            consent_confirmed_at__isnull=True,
        )
        .update(consent_confirmed_at=now)
    )
    if confirmed:
        row.consent_confirmed_at = now
    return bool(confirmed)


def email_context(row, language):
    """What the templates ``cms/email/consent_link.*`` need, for an email
    that asks only when ``row`` awaits confirmation."""
    ask = row.awaits_consent
    return {
        "ask_consent": ask,
        "consent_url": link_url(row, language) if ask else "",
        "consent_text": row.consent_text if ask else "",
        "consent_days": LINK_MAX_AGE.days,
    }


# --- an email of its own, for flows that send none -----------------------------------
def ask_by_email(row, language):
    """Once the transaction commits, email ``row``'s address the link (for a
    flow whose own emails cannot carry it), in ``language``."""
    from .tasks import send_consent_request

    if row.awaits_consent:
        send_consent_request.delay_on_commit(row._meta.label, row.pk, language)


def send_request(model, pk, language):
    """Send the email that asks ``model`` row ``pk``'s owner to confirm, at
    most once: the row is claimed (``consent_email_sent_at``) before sending
    and released if the mail server did not take it, for the task's retry.
    Answers whether it was sent."""
    claimed = (
        model._default_manager.filter(
            pk=pk,
            consent_email_sent_at__isnull=True,
            consent_requested_at__isnull=False,
            consent_confirmed_at__isnull=True,
        )
        .exclude(email="")
        .update(consent_email_sent_at=timezone.now())
    )
    if not claimed:
        return False
    try:
        row = model._default_manager.get(pk=pk)
        message = mail.build_email(
            "cms/email/consent_request",
            [row.email],
            language,
            email_context(row, language),
            reason=REQUEST_REASON,
        )
        mail.send(message)
    except BaseException:
        model._default_manager.filter(pk=pk).update(consent_email_sent_at=None)
        raise
    return True

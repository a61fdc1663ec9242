"""Personal data: one registry of what the site holds about people.

Every app that keeps personal data (RSVPs, letters, flyer downloads, and
whatever comes next) describes it once, as a :class:`PersonalData` returned
from the ``register_personal_data`` Wagtail hook in its ``wagtail_hooks.py``
(``cms`` imports no app)::

    @hooks.register("register_personal_data")
    def registrations():
        return PersonalData(
            name="registrations",
            label=_("Event registrations"),
            find=privacy.find_registrations,
            delete=privacy.delete_person,
            anonymise=privacy.anonymise_past_registrations,
        )

Three things go through this registry, so a kind of data registered here is
covered by all three at once:

- the admin screen "Personal data" (``cms/personal_data_views.py``): find,
  export (JSON) and delete everything about one email address;
- the public page where a person asks for a link to their own data and,
  from that link, sees and deletes it (:func:`request_link`);
- the scheduled retention run (``cms.tasks.anonymise_personal_data``), which
  calls every anonymiser with the site's retention setting
  (:func:`anonymise_expired`).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.models import Site

from . import mail
from .models import PersonalDataRequest, SiteSettings
from .signing import SignedLink

logger = logging.getLogger(__name__)

HOOK = "register_personal_data"
#: How long the link emailed to a person opens their data.
LINK_MAX_AGE = timedelta(hours=24)
LINK = SignedLink("cms.personal-data", secret_field="secret", max_age=LINK_MAX_AGE)
#: Why someone gets the link (the footer of the email says it).
LINK_REASON = gettext_lazy(
    "You receive this email because someone asked for a link to the data held "
    "about this address on our site."
)
#: The name of cms's own records: the requests for a link to one's data.
REQUESTS = "data_requests"
#: Used when no site (and so no site settings) exists yet.
DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True)
class Record:
    """One thing held about a person, as staff and the person see it.

    ``title``: what it is about (an event, a campaign, a flyer);
    ``when``: when we got it; ``summary``: one line of detail (a status, a
    count; nothing more sensitive than what the person gave); ``data``:
    everything held, JSON-ready, for the export.
    """

    title: str
    when: datetime | None
    summary: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about people, and the three things it can do.

    ``name``: the key of this data in an export (``"letters"``);
    ``label``: a heading for people (lazy translated text);
    ``find(email)``: the :class:`Record` list held about an address
    (normalised: stripped, lower case);
    ``delete(email)``: erase it all now, answering how many rows went;
    ``anonymise(days, now)``: blank what is past the retention period
    (``days``), keeping what statistics need, answering how many rows.
    Data not tied to an email address (a town-hall question's optional name)
    gives only ``anonymise``.
    """

    name: str
    label: Any
    find: Callable[[str], list[Record]] | None = None
    delete: Callable[[str], int] | None = None
    anonymise: Callable[[int, datetime], int] | None = None
    order: int = 100


@dataclass(frozen=True)
class Holding:
    """The records of one kind held about a person."""

    source: PersonalData
    records: list[Record]


def iso(moment):
    """A date and time for an export (None stays None)."""
    return moment.isoformat() if moment else None


def sources():
    """Every registered kind of personal data, in a stable order."""
    found = [register() for register in hooks.get_hooks(HOOK)]
    return sorted(found, key=lambda source: (source.order, source.name))


def normalise_email(email):
    return (email or "").strip().lower()


def find(email):
    """What is held about ``email``: a :class:`Holding` per kind of data
    that can be found by email address (empty ones too, so a person sees
    what we looked at)."""
    email = normalise_email(email)
    return [
        Holding(source, list(source.find(email)))
        for source in sources()
        if source.find is not None
    ]


def export(email, now=None):
    """Everything held about ``email`` as plain data (JSON-ready)."""
    email = normalise_email(email)
    now = now or timezone.now()
    data = {"email": email, "exported_at": now.isoformat()}
    for holding in find(email):
        data[holding.source.name] = [record.data for record in holding.records]
    return data


@transaction.atomic
def delete(email):
    """Erase everything held about ``email`` in one transaction: all of it
    or nothing. Answers ``{name: rows deleted}`` per kind of data."""
    email = normalise_email(email)
    return {
        source.name: source.delete(email)
        for source in sources()
        if source.delete is not None
    }


def retention_days():
    """The site's retention setting (Settings → Site settings → Privacy)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_RETENTION_DAYS
    return SiteSettings.for_site(site).data_retention_days


def anonymise_expired(now=None):
    """Run every registered anonymiser with the retention setting; answer
    ``{name: rows anonymised}``.

    Each kind runs in its own transaction: one failing does not keep the
    others' data past its time. A failure is logged and raised once all
    have run, so the scheduled task is seen to fail.
    """
    now = now or timezone.now()
    days = retention_days()
    done, failed = {}, []
    for source in sources():
        if source.anonymise is None:
            continue
        try:
            with transaction.atomic():
                done[source.name] = source.anonymise(days, now)
        except Exception:
            logger.exception("Anonymising %s failed", source.name)
            failed.append(source.name)
    if failed:
        raise RuntimeError(f"Anonymising failed for: {', '.join(failed)}")
    return done


# --- a person's own link ------------------------------------------------------
def request_link(email, language):
    """Record that someone asked for a link to the data of ``email`` and
    email it to that address (once, by a task, after commit).

    Whether anything is held is not looked at here: the page answers the
    same for every address, and the link shows what is held when it is
    opened.
    """
    from .tasks import send_personal_data_link

    data_request = PersonalDataRequest.objects.create(
        email=normalise_email(email), language=language
    )
    send_personal_data_link.delay_on_commit(data_request.pk)
    return data_request


def request_from_token(token):
    """The request a link names, or None (forged, expired after
    ``LINK_MAX_AGE``, or its data already deleted)."""
    return LINK.read(token, PersonalDataRequest.objects.all())


def link_url(data_request):
    with translation.override(data_request.language):
        path = reverse("personal_data_manage", args=[LINK.token(data_request)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_link(request_id):
    """Email the link of one request, at most once: the row is claimed
    (``sent_at``) before sending and released if the server did not take
    the message, for the task's retry."""
    claimed = PersonalDataRequest.objects.filter(
        pk=request_id, sent_at__isnull=True
    ).update(sent_at=timezone.now())
    if not claimed:
        return False
    data_request = PersonalDataRequest.objects.get(pk=request_id)
    try:
        # Transactional (the person asked for it): the shared builder adds
        # the organisation's name and address and why they get it.
        message = mail.build_email(
            "cms/email/personal_data_link",
            [data_request.email],
            data_request.language,
            {
                "url": link_url(data_request),
                "hours": int(LINK_MAX_AGE.total_seconds() // 3600),
                "email": data_request.email,
            },
            reason=LINK_REASON,
        )
        mail.send(message)
    except BaseException:
        # Not sent: release the claim so the task's retry can send it.
        PersonalDataRequest.objects.filter(pk=request_id).update(sent_at=None)
        raise
    return True


# --- cms's own records: the requests themselves ----------------------------------
def find_requests(email):
    from django.utils.translation import gettext as _

    return [
        Record(
            title=str(_("A link to your data, asked for on this site")),
            when=data_request.created_at,
            data={
                "asked_at": data_request.created_at.isoformat(),
                "language": data_request.language,
                "link_sent_at": iso(data_request.sent_at),
            },
        )
        for data_request in PersonalDataRequest.objects.filter(email=email)
    ]


def delete_requests(email):
    return PersonalDataRequest.objects.filter(email=email).delete()[0]


def expire_requests(days, now):
    """A request is kept only while its link works (``LINK_MAX_AGE``),
    whatever the retention setting."""
    return PersonalDataRequest.objects.filter(
        created_at__lt=now - LINK_MAX_AGE
    ).delete()[0]

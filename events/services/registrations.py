"""RSVPs: register, cancel, promote from the waitlist, check in.

Each function is the one door for its state change: views, tasks, the admin
and commands call it. Capacity is enforced under a row lock on the event, so
two people taking the last seat at once give one confirmed and one
waitlisted registration.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms import consent

from ..models import EmailDelivery, EventPage, Registration
from .calendar import zone_abbreviation
from .emails import queue_email

ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


class RegistrationError(Exception):
    """A registration that cannot be made; ``str()`` is shown to the person."""


@dataclass
class Outcome:
    registration: Registration
    #: "confirmed", "waitlisted" or "already_registered"; for the service's
    #: callers only: what the public sees must not depend on it.
    result: str
    #: Why a newcomer would have been refused (shown all the same).
    refusal: str | None = None


def seats_taken(event):
    return (
        Registration.objects.filter(event=event, status__in=ACTIVE).aggregate(
            total=Sum("party_size")
        )["total"]
        or 0
    )


def counts(event):
    """Confirmed seats, waitlisted people and capacity, for organizers."""
    event = event.canonical
    waitlisted = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).aggregate(total=Sum("party_size"))["total"]
    return {
        "confirmed": seats_taken(event),
        "waitlisted": waitlisted or 0,
        "capacity": event.capacity,
    }


def registration_closed_reason(event, now=None):
    """Why nobody can register now, or None when RSVPs are open."""
    now = now or timezone.now()
    if event.is_cancelled:
        return _("This event has been cancelled.")
    if event.start_at <= now:
        return _("This event has already started or taken place.")
    if event.rsvp_opens_at and event.rsvp_opens_at > now:
        opens = event.rsvp_opens_at
        return _("RSVPs open on %(date)s.") % {
            "date": formats.date_format(
                timezone.localtime(opens, event.zone), "DATETIME_FORMAT"
            )
            + " "
            + zone_abbreviation(opens, event.time_zone)
        }
    if event.rsvp_closes_at and event.rsvp_closes_at <= now:
        return _("RSVPs for this event are closed.")
    return None


def register_for_event(
    page,
    *,
    name,
    email,
    party_size=1,
    language="en",
    accessibility_needs="",
    consent_updates=False,
    consent_text="",
    now=None,
):
    """Register someone, or put them on the waitlist, and email them.

    The same email registering again changes nothing: its owner gets their
    manage link again by email (result "already_registered"). Whoever typed
    the address learns nothing from the answer, which is a newcomer's: when
    a newcomer would be refused because no seat and no waitlist place is
    left, so is a repeated address (after its owner's link is queued).

    ``consent_updates`` (the box "email me about future events", with the
    ``consent_text`` shown) is recorded as a request: the confirmation email
    asks the address's owner to confirm it (``cms.consent``). A repeated
    address changes nothing, consent included.

    Raises RegistrationError when the event is closed, cancelled, past, full
    without a waitlist, or the party is larger than the event allows.
    """
    with transaction.atomic():
        outcome = _register(
            page,
            name=name,
            email=email,
            party_size=party_size,
            language=language,
            accessibility_needs=accessibility_needs,
            consent_updates=consent_updates,
            consent_text=consent_text,
            now=now or timezone.now(),
        )
    # Outside the transaction: the owner's link is sent all the same.
    if outcome.refusal:
        raise RegistrationError(outcome.refusal)
    return outcome


def _register(
    page,
    *,
    name,
    email,
    party_size,
    language,
    accessibility_needs,
    consent_updates,
    consent_text,
    now,
):
    event = EventPage.objects.select_for_update(of=("self",)).get(pk=page.canonical.pk)
    reason = registration_closed_reason(event, now)
    if reason:
        raise RegistrationError(reason)
    _check_party_size(event, party_size)
    status = _status_for(event, party_size)
    full = _("Sorry, this event is full.")

    email = email.strip().lower()
    registration = Registration.objects.filter(event=event, email=email).first()
    if registration is not None and registration.is_active:
        queue_email(registration, EmailDelivery.Kind.MANAGE_LINK, key=_stamp(now))
        return Outcome(
            registration, "already_registered", refusal=None if status else full
        )
    if status is None:
        raise RegistrationError(full)

    registration = registration or Registration(event=event, email=email)
    registration.name = name.strip()
    registration.party_size = party_size
    registration.language = language
    registration.accessibility_needs = accessibility_needs.strip()
    registration.status = status
    registration.cancelled_at = None
    registration.waitlisted_at = (
        now if status == Registration.Status.WAITLISTED else None
    )
    consent.record_request(
        registration, asked=consent_updates, wording=consent_text, now=now
    )
    registration.save()
    queue_email(registration, _first_email(status), key=_stamp(now))
    return Outcome(registration, status)


def _first_email(status):
    """The email that answers a registration taken with ``status``."""
    if status == Registration.Status.CONFIRMED:
        return EmailDelivery.Kind.CONFIRMED
    return EmailDelivery.Kind.WAITLISTED


def _check_party_size(event, party_size):
    if not 1 <= party_size <= event.max_party_size:
        raise RegistrationError(
            _("You can register from 1 to %(max)s people at once.")
            % {"max": event.max_party_size}
        )


def _status_for(event, party_size):
    """Confirmed when the whole party fits in the seats left, waitlisted when
    it does not and the event has a waitlist, None when it is full. Call
    holding the event's lock."""
    free = None if event.capacity is None else event.capacity - seats_taken(event)
    if free is None or party_size <= free:
        return Registration.Status.CONFIRMED
    if event.waitlist_enabled:
        return Registration.Status.WAITLISTED
    return None


def _locked(registration):
    """The event (locked first, as every change of seats does: one order of
    locks, no deadlock) and the registration, locked, as stored now."""
    event = EventPage.objects.select_for_update(of=("self",)).get(
        pk=registration.event_id
    )
    return event, Registration.objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def cancel_registration(registration, now=None, notify=True):
    """Cancel a registration, give freed seats to the waitlist and (with
    ``notify``) email the person that it is cancelled, once: cancelling a
    cancelled registration changes and sends nothing."""
    now = now or timezone.now()
    event, registration = _locked(registration)
    if registration.status == Registration.Status.CANCELLED:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    promote_from_waitlist(event, now=now)
    if notify:
        queue_email(registration, EmailDelivery.Kind.CANCELLED, key=_stamp(now))
    return registration


def _changes_refused(event, now):
    """Why a registration can no longer be changed, or None."""
    if event.is_cancelled:
        return _("This event has been cancelled.")
    if event.start_at <= now:
        return _("This event has already started or taken place.")
    return None


@transaction.atomic
def change_registration(registration, *, party_size, accessibility_needs, now=None):
    """Change the party size and accessibility needs of an active
    registration, under the event's lock.

    A confirmed party grows only into seats that are free: past them the
    change is refused (RegistrationError saying how many seats are left) and
    nothing changes; it never overbooks and never moves a confirmed person
    to the waitlist. A smaller party frees seats for the waitlist. A
    waitlisted party may change its size and keeps its place in line; if it
    now fits, it gets its seat as the line moves. Raises RegistrationError
    for a cancelled registration, an event cancelled or started, a size out
    of the event's bounds, or growth once RSVPs are closed.
    """
    now = now or timezone.now()
    event, registration = _locked(registration)
    if not registration.is_active:
        raise RegistrationError(
            _("This registration is cancelled: register again to change it.")
        )
    reason = _changes_refused(event, now)
    if reason:
        raise RegistrationError(reason)
    _check_party_size(event, party_size)
    more = party_size - registration.party_size
    confirmed = registration.status in ACTIVE
    if more > 0 and registration_closed_reason(event, now):
        raise RegistrationError(
            _("RSVPs are closed: you can no longer add people to your party.")
        )
    if more > 0 and confirmed and event.capacity is not None:
        left = max(event.capacity - seats_taken(event), 0)
        if more > left:
            raise RegistrationError(
                ngettext(
                    "Only %(left)s more seat is left, so your party can be "
                    "%(most)s people at most. Nothing was changed.",
                    "Only %(left)s more seats are left, so your party can be "
                    "%(most)s people at most. Nothing was changed.",
                    left,
                )
                % {"left": left, "most": registration.party_size + left}
                if left
                else _(
                    "No seat is left, so your party cannot grow. Nothing was changed."
                )
            )
    registration.party_size = party_size
    registration.accessibility_needs = accessibility_needs.strip()
    registration.save(update_fields=["party_size", "accessibility_needs", "updated_at"])
    if more < 0 or not confirmed:
        promote_from_waitlist(event, now=now)
        registration.refresh_from_db()
    return registration


@transaction.atomic
def register_again(registration, *, party_size=None, now=None):
    """Make a cancelled registration active again, from its manage page:
    confirmed when the party fits, waitlisted when the event is full and has
    a waitlist, and emailed as a new registration is. The name, language,
    accessibility needs and consent stay as they were (the person is the
    one who holds the link). Raises RegistrationError when RSVPs are closed,
    the event is full without a waitlist, or the size is out of bounds; an
    active registration is answered as it is.
    """
    now = now or timezone.now()
    event, registration = _locked(registration)
    if registration.is_active:
        return registration
    reason = registration_closed_reason(event, now)
    if reason:
        raise RegistrationError(reason)
    party_size = party_size or registration.party_size
    _check_party_size(event, party_size)
    registration.party_size = party_size
    # Not counted in the seats taken while cancelled: this is the one check.
    status = _status_for(event, party_size)
    if status is None:
        raise RegistrationError(_("Sorry, this event is full."))
    registration.status = status
    registration.cancelled_at = None
    registration.promoted_at = None
    registration.waitlisted_at = (
        now if status == Registration.Status.WAITLISTED else None
    )
    registration.save()
    queue_email(registration, _first_email(status), key=_stamp(now))
    return registration


def promote_from_waitlist(event, now=None):
    """Confirm waitlisted people, first come first served, while their whole
    party fits; the first one who does not fit stops the line (nobody jumps
    the queue). Call inside a transaction holding the event's lock."""
    now = now or timezone.now()
    free = None if event.capacity is None else event.capacity - seats_taken(event)
    promoted = []
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")
    )
    for registration in waiting:
        if free is not None and registration.party_size > free:
            break
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        queue_email(registration, EmailDelivery.Kind.PROMOTED, key=_stamp(now))
        promoted.append(registration)
        if free is not None:
            free -= registration.party_size
    return promoted


@transaction.atomic
def change_language(registration, language):
    if language not in ("en", "fr"):
        raise RegistrationError(_("Choose English or French."))
    Registration.objects.filter(pk=registration.pk).update(language=language)
    registration.language = language
    return registration


@transaction.atomic
def delete_registration(registration, now=None):
    """Delete someone's registration and what was kept about it; a confirmed
    seat is freed for the waitlist first."""
    if registration.is_active:
        # No email: the address is erased with the registration.
        cancel_registration(registration, now=now, notify=False)
    Registration.objects.filter(pk=registration.pk).delete()


@transaction.atomic
def check_in(registration, attended=True, now=None):
    """Mark someone as arrived (or undo it) at the door."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationError(_("This registration was cancelled."))
    if registration.status == Registration.Status.WAITLISTED:
        # Checking in would take a seat past the capacity rules; undoing it
        # could not tell a confirmed person from a waitlisted one.
        raise RegistrationError(
            _("This person is on the waitlist: they have no confirmed seat yet.")
        )
    if attended:
        registration.status = Registration.Status.ATTENDED
        registration.checked_in_at = now or timezone.now()
    else:
        registration.status = Registration.Status.CONFIRMED
        registration.checked_in_at = None
    registration.save(update_fields=["status", "checked_in_at", "updated_at"])
    return registration


def _stamp(now):
    """A key that tells apart two emails of one kind for one registration
    (a second confirmation after re-registering) but is the same within one
    call, so a retried transaction cannot queue it twice."""
    return now.strftime("%Y%m%d%H%M%S%f")

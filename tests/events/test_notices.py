"""Publishing changes: notices, calendar SEQUENCE, translations (privacy:
tests/events/test_privacy.py)."""

from datetime import time

import pytest
from icalendar import Calendar

from events.models import EmailDelivery, EventPage, Registration
from events.services.emails import send_deliveries
from events.services.registrations import register_for_event
from tests.events.conftest import ics_of

pytestmark = pytest.mark.django_db


def send_all(mailoutbox):
    ids = list(
        EmailDelivery.objects.filter(status="pending").values_list("pk", flat=True)
    )
    send_deliveries(ids)
    return mailoutbox


def sequence_of(client, event):
    calendar = Calendar.from_ical(client.get(event.url + "calendar.ics").content)
    return int(calendar.walk("VEVENT")[0]["sequence"])


def test_new_time_tells_everyone_once_and_raises_sequence(
    client, make_event, mailoutbox
):
    event = make_event(title="Town hall", capacity=1, french=True)
    register_for_event(event, name="Ann", email="ann@example.org")
    register_for_event(event, name="Luc", email="luc@example.org", language="fr")
    send_all(mailoutbox)
    mailoutbox.clear()
    assert sequence_of(client, event) == 0

    french_pk = event.french.pk
    event = EventPage.objects.get(pk=event.pk)
    event.start_time, event.end_time = time(19, 30), time(21, 0)
    event.save_revision().publish()
    event.save_revision().publish()  # publishing again without a change: no notice
    send_all(mailoutbox)
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "luc@example.org"]
    english = next(m for m in mailoutbox if m.to == ["ann@example.org"])
    french = next(m for m in mailoutbox if m.to == ["luc@example.org"])
    assert english.subject == "Change of time or place: Town hall"
    assert "19:30" in english.body
    assert french.subject == "Changement d’heure ou de lieu : Atelier communautaire"
    assert sequence_of(client, event) == 1
    # The French page shows the new time too: logistics follow the English page.
    french_page = EventPage.objects.get(pk=french_pk)
    assert french_page.start_time == time(19, 30)
    assert sequence_of(client, french_page) == 1
    ics = Calendar.from_ical(ics_of(english)).walk("VEVENT")[0]
    assert int(ics["sequence"]) == 1


def test_cancelling_tells_everyone_and_marks_the_calendar(
    client, make_event, mailoutbox
):
    event = make_event(title="Workshop")
    register_for_event(event, name="Ann", email="ann@example.org")
    send_all(mailoutbox)
    mailoutbox.clear()
    event.is_cancelled = True
    event.cancellation_note = "The room flooded."
    event.save_revision().publish()
    [mail] = send_all(mailoutbox)
    assert mail.subject == "Cancelled: Workshop"
    assert "The room flooded." in mail.body
    ics = Calendar.from_ical(ics_of(mail)).walk("VEVENT")[0]
    assert str(ics["status"]) == "CANCELLED"


def test_more_capacity_moves_the_waitlist_up(make_event, mailoutbox):
    event = make_event(capacity=1)
    register_for_event(event, name="Ann", email="ann@example.org")
    waiting = register_for_event(event, name="Bo", email="bo@example.org").registration
    assert waiting.status == "waitlisted"
    event.capacity = 2
    event.save_revision().publish()
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"


def test_waitlist_is_first_come_first_served(make_event):
    from events.services.registrations import cancel_registration

    event = make_event(capacity=2)
    first = register_for_event(event, name="A", email="a@example.org", party_size=2)
    big = register_for_event(event, name="B", email="b@example.org", party_size=2)
    small = register_for_event(event, name="C", email="c@example.org", party_size=1)
    assert big.registration.status == small.registration.status == "waitlisted"
    cancel_registration(first.registration)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": "cancelled",
        "b@example.org": "confirmed",
        "c@example.org": "waitlisted",
    }

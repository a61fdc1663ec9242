"""Publishing changes: notices, calendar SEQUENCE, translations, privacy."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import EmailDelivery, EventPage, Registration
from events.services import privacy
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


def test_registrations_are_anonymised_after_the_retention_period(
    make_event, site_pages
):
    old = make_event(days=-100)
    recent = make_event(days=-10)
    for event, email in ((old, "old@example.org"), (recent, "recent@example.org")):
        Registration.objects.create(
            event=event,
            name="Person",
            email=email,
            status="attended",
            accessibility_needs="Needs a ramp",
            consent_updates=True,
            consent_text="Yes",
            consent_at=timezone.now() - timedelta(days=120),
        )
    assert privacy.anonymise_past_registrations() == 1
    anonymised = Registration.objects.get(event=old)
    assert (anonymised.name, anonymised.email, anonymised.accessibility_needs) == (
        "",
        "",
        "",
    )
    assert anonymised.consent_text == "" and anonymised.anonymised_at is not None
    assert anonymised.status == "attended" and anonymised.party_size == 1  # counts stay
    assert Registration.objects.get(event=recent).email == "recent@example.org"
    assert privacy.anonymise_past_registrations() == 0

    site_settings = site_pages["settings"]
    site_settings.data_retention_days = 5
    site_settings.save()
    assert privacy.anonymise_past_registrations() == 1


def test_export_and_delete_one_person(make_event):
    event = make_event(title="Talk")
    register_for_event(
        event, name="Ann", email="ann@example.org", accessibility_needs="Ramp"
    )
    data = privacy.export_person("ANN@example.org")
    assert data["registrations"][0]["event"] == "Talk"
    assert data["registrations"][0]["accessibility_needs"] == "Ramp"
    assert privacy.delete_person("ann@example.org") == 1
    assert Registration.objects.count() == 0

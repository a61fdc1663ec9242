"""Personal data held by events, through the site's registry
(cms/personal_data.py): registrations are exported, deleted and anonymised
after the retention period; names on town-hall questions are cleared after
it (the questions stay, for the record of what the town hall was asked)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms import personal_data
from events.models import EmailDelivery, Registration, TownHallQuestion
from events.services.registrations import register_for_event

pytestmark = pytest.mark.django_db


def test_registrations_are_anonymised_after_the_retention_period(
    make_event, site_pages
):
    old = make_event(days=-100)
    recent = make_event(days=-10)
    for event, email in ((old, "old@example.org"), (recent, "recent@example.org")):
        registration = Registration.objects.create(
            event=event,
            name="Person",
            email=email,
            status="attended",
            accessibility_needs="Needs a ramp",
            consent_text="Yes",
            consent_requested_at=timezone.now() - timedelta(days=120),
            consent_confirmed_at=timezone.now() - timedelta(days=119),
        )
        EmailDelivery.objects.create(
            registration=registration,
            kind="reminder",
            key="24",
            status="failed",
            error=f"550 <{email}> refused",
        )
    assert personal_data.anonymise_expired()["registrations"] == 1
    anonymised = Registration.objects.get(event=old)
    assert (anonymised.name, anonymised.email, anonymised.accessibility_needs) == (
        "",
        "",
        "",
    )
    assert anonymised.consent_text == "" and anonymised.consent_requested_at is None
    assert anonymised.consent_confirmed_at is None
    assert anonymised.anonymised_at is not None
    assert anonymised.status == "attended" and anonymised.party_size == 1  # counts stay
    assert EmailDelivery.objects.get(registration=anonymised).error == ""
    assert Registration.objects.get(event=recent).email == "recent@example.org"
    assert personal_data.anonymise_expired()["registrations"] == 0

    site_settings = site_pages["settings"]
    site_settings.data_retention_days = 5
    site_settings.save()
    assert personal_data.anonymise_expired()["registrations"] == 1


def test_town_hall_names_are_cleared_after_the_retention_period(make_event):
    old = make_event(days=-100, event_type="town_hall")
    recent = make_event(days=-10, event_type="town_hall")
    for event in (old, recent):
        TownHallQuestion.objects.create(
            event=event, question="Where will the new shelter be?", name="Sam Okafor"
        )
        TownHallQuestion.objects.create(event=event, question="Who funds it?")
    assert personal_data.anonymise_expired()["town_hall_question_names"] == 1
    asked = TownHallQuestion.objects.get(event=old, question__startswith="Where")
    assert asked.name == ""
    assert asked.question == "Where will the new shelter be?"  # the record stays
    assert TownHallQuestion.objects.filter(event=old).count() == 2
    kept = TownHallQuestion.objects.get(event=recent, question__startswith="Where")
    assert kept.name == "Sam Okafor"
    assert personal_data.anonymise_expired()["town_hall_question_names"] == 0


def test_export_and_delete_one_person(make_event):
    event = make_event(title="Talk")
    register_for_event(
        event, name="Ann", email="ann@example.org", accessibility_needs="Ramp"
    )
    data = personal_data.export("ANN@example.org")
    assert data["registrations"][0]["event"] == "Talk"
    assert data["registrations"][0]["accessibility_needs"] == "Ramp"
    assert personal_data.delete("ann@example.org")["registrations"] == 1
    assert Registration.objects.count() == 0

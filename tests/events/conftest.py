"""Event fixtures: an events index in both languages, events, an SMTP server."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from events.models import EventIndexPage, EventPage


@pytest.fixture
def event_index(site_pages):
    english = EventIndexPage(
        title="Events", slug="events", locale=site_pages["home_en"].locale
    )
    site_pages["home_en"].add_child(instance=english)
    english.save_revision().publish()
    french = EventIndexPage(
        title="Événements",
        slug="evenements",
        locale=site_pages["home_fr"].locale,
        translation_key=english.translation_key,
    )
    site_pages["home_fr"].add_child(instance=french)
    french.save_revision().publish()
    return {"en": english, "fr": french}


def local_day(days, zone="America/Toronto"):
    from zoneinfo import ZoneInfo

    return (timezone.now().astimezone(ZoneInfo(zone)) + timedelta(days=days)).date()


@pytest.fixture
def make_event(event_index):
    """Publish an event (and its French translation with ``french=True``)."""

    def make(french=False, days=10, **fields):
        values = {
            "title": "Community workshop",
            "slug": f"event-{EventPage.objects.count() + 1}",
            "summary": "Learn the signs.",
            "start_date": local_day(days, fields.get("time_zone", "America/Toronto")),
            "start_time": time(18, 0),
            "end_time": time(20, 0),
            "time_zone": "America/Toronto",
            "city": "Ottawa",
            "province": "ON",
            "venue_name": "Library meeting room",
            "venue_address": "120 Metcalfe Street",
            "reminder_schedule": "7d, 1d, 2h",
        }
        values.update(fields)
        if isinstance(values["start_date"], int):
            values["start_date"] = local_day(values["start_date"], values["time_zone"])
        page = EventPage(locale=event_index["en"].locale, **values)
        event_index["en"].add_child(instance=page)
        page.save_revision().publish()
        if french:
            translation = EventPage(
                **{
                    **values,
                    "title": "Atelier communautaire",
                    "slug": values["slug"] + "-fr",
                    "summary": "Apprendre les signes.",
                },
                locale=event_index["fr"].locale,
                translation_key=page.translation_key,
            )
            event_index["fr"].add_child(instance=translation)
            translation.save_revision().publish()
            page.french = translation
        return EventPage.objects.get(pk=page.pk) if not french else page

    return make


def ics_of(mail):
    """The calendar file attached to a Django email, as bytes."""
    [part] = [
        part
        for part in mail.attachments
        if not isinstance(part, tuple) and part.get_filename() == "event.ics"
    ]
    assert part.get_content_type() == "text/calendar"
    return part.get_payload(decode=True)

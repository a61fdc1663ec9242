"""Event pages: where they live, what they show, what they never show."""

from datetime import time

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from events.models import EventIndexPage, EventPage

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_event_pages_live_under_an_events_index(event_index, site_pages):
    assert EventIndexPage.can_create_at(site_pages["about_en"])
    assert not EventIndexPage.can_create_at(site_pages["home_en"])  # one per parent
    assert EventPage.can_create_at(event_index["en"])
    assert not EventPage.can_create_at(site_pages["home_en"])
    assert not EventPage.can_create_at(site_pages["about_en"])


def test_event_page_shows_the_event(client, make_event):
    event = make_event(
        title="Workshop on the signs",
        languages="en,ase",
        asl_interpretation=True,
        step_free_access=True,
        capacity=20,
    )
    page = soup(client.get(event.url))
    assert page.h1.get_text(strip=True) == "Workshop on the signs"
    facts = page.find("dl", class_="event-facts").get_text(" ", strip=True)
    assert "Library meeting room" in facts
    assert "120 Metcalfe Street" in facts
    assert "American Sign Language (ASL)" in facts
    assert "Step-free access" in facts
    assert "20 places left." in page.get_text()
    assert page.find("form", action=event.url + "register/")


def test_time_is_shown_in_the_events_own_zone(client, make_event):
    event = make_event(
        time_zone="America/St_Johns", start_time=time(19, 0), end_time=time(20, 30)
    )
    when = soup(client.get(event.url)).find("dl", class_="event-facts").find("dd")
    text = when.get_text(" ", strip=True)
    assert "19:00" in text
    assert text.endswith(("NDT", "NST"))  # Newfoundland's own abbreviation


def test_the_calendar_file_has_the_start_in_utc(client, make_event):
    event = make_event(
        time_zone="America/St_Johns", start_time=time(19, 0), end_time=time(20, 30)
    )
    response = client.get(event.url + "calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    vevent = valid_calendar(response.content).walk("VEVENT")[0]
    start = vevent.decoded("dtstart")
    assert start.utcoffset().total_seconds() == 0
    assert start == event.start_at
    local = event.start_at.astimezone(event.zone)
    assert (local.hour, local.minute) == (19, 0)
    offset = local.utcoffset().total_seconds() / 3600
    assert offset in (-2.5, -3.5)  # NDT or NST: a half-hour zone
    assert vevent["uid"] == event.ical_uid
    assert int(vevent["sequence"]) == 0
    assert str(vevent["status"]) == "CONFIRMED"


def test_cancelled_events_stay_visible_and_marked(client, make_event):
    event = make_event(title="Cancelled talk")
    event.is_cancelled = True
    event.cancellation_note = "The speaker is ill."
    event.save_revision().publish()
    page = soup(client.get(event.url))
    assert "This event has been cancelled." in page.get_text()
    assert "The speaker is ill." in page.get_text()
    assert not page.find("form", action=event.url + "register/")
    ics = Calendar.from_ical(client.get(event.url + "calendar.ics").content)
    assert str(ics.walk("VEVENT")[0]["status"]) == "CANCELLED"
    listing = soup(client.get("/en/events/"))
    assert listing.find("p", class_="badge--cancelled")


PRIVATE = {
    "venue_name": "St. Jude basement hall",
    "venue_address": "77 Secret Lane",
    "meeting_url": "https://meet.example.org/private-room",
}


@pytest.mark.parametrize(
    "fields",
    [
        {"event_type": "support_group"},  # private by default
        {"event_type": "workshop", "location_visibility": "private"},
    ],
)
def test_private_location_appears_nowhere_public(client, make_event, fields):
    event = make_event(
        title="Circle for families", attendance_mode="hybrid", **PRIVATE, **fields
    )
    assert event.location_is_private
    places = [
        client.get(event.url).content.decode(),
        client.get("/en/events/").content.decode(),
        client.get(event.url + "calendar.ics").content.decode(),
        client.get("/en/events/calendar.ics").content.decode(),
        client.get(f"/api/v2/pages/{event.pk}/").content.decode(),
        client.get(
            "/api/v2/pages/", {"type": "events.EventPage", "fields": "*"}
        ).content.decode(),
        client.get("/en/search/", {"query": "Secret Lane"}).content.decode(),
        client.get("/en/search/", {"query": "Jude"}).content.decode(),
    ]
    for text in places:
        for secret in PRIVATE.values():
            assert secret not in text
    assert "Circle for families" in places[0]
    assert "Circle for families" not in places[6]
    api = client.get(f"/api/v2/pages/{event.pk}/").json()
    assert api["public_location"] is None
    assert api["city"] == "Ottawa"


def test_public_location_is_shown_and_in_the_api(client, make_event):
    event = make_event(event_type="workshop", **PRIVATE, attendance_mode="hybrid")
    assert "77 Secret Lane" in client.get(event.url).content.decode()
    api = client.get(f"/api/v2/pages/{event.pk}/").json()
    assert api["public_location"]["venue_address"] == "77 Secret Lane"


def test_index_lists_upcoming_events_in_order_and_the_archive(client, make_event):
    later = make_event(title="Later event", days=20)
    sooner = make_event(title="Sooner event", days=5)
    past = make_event(title="Past event", days=-5)
    titles = [
        h.get_text(strip=True)
        for h in soup(client.get("/en/events/")).select(".event-card__title")
    ]
    assert titles == ["Sooner event", "Later event"]
    archive = soup(client.get("/en/events/past/")).select(".event-card__title")
    assert [h.get_text(strip=True) for h in archive] == ["Past event"]
    del later, sooner, past


def test_index_filters(client, make_event):
    make_event(title="Halifax workshop", province="NS", event_type="workshop")
    make_event(
        title="Online talk",
        event_type="talk",
        attendance_mode="online",
        meeting_url="https://meet.example.org/x",
        languages="fr",
    )
    make_event(
        title="Ottawa town hall",
        event_type="town_hall",
        attendance_mode="hybrid",
        meeting_url="https://meet.example.org/y",
        languages="en,fr",
    )

    def titles(**params):
        page = soup(client.get("/en/events/", params))
        return sorted(h.get_text(strip=True) for h in page.select(".event-card__title"))

    assert titles(province="NS") == ["Halifax workshop"]
    assert titles(type="talk") == ["Online talk"]
    assert titles(mode="online") == ["Online talk", "Ottawa town hall"]
    assert titles(language="fr") == ["Online talk", "Ottawa town hall"]
    assert titles(language="fr", province="ON", mode="hybrid") == ["Ottawa town hall"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "party"}, "“party” is not a choice here. Choose one of: workshop"),
        ({"province": "ZZ"}, "“ZZ” is not a choice here. Choose one of: AB"),
        ({"mode": "<script>"}, "“&lt;script&gt;” is not a choice here"),
    ],
)
def test_unknown_filter_values_get_a_clear_message(client, make_event, params, message):
    make_event()
    response = client.get("/en/events/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_index_pagination_and_bad_page_numbers(client, make_event):
    for number in range(14):
        make_event(title=f"Event {number:02}", days=number + 1)
    first = soup(client.get("/en/events/"))
    assert len(first.select(".event-card")) == 12
    second = soup(client.get("/en/events/", {"page": 2}))
    assert len(second.select(".event-card")) == 2
    for bad in ("x", "0", "999"):
        assert client.get("/en/events/", {"page": bad}).status_code == 200


def test_index_queries_do_not_grow_with_the_number_of_events(
    client, make_event, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.page_cache import purge_page_cache

    make_event(days=1)
    client.get("/en/events/")
    purge_page_cache()
    with CaptureQueriesContext(connection) as few:
        client.get("/en/events/")
    for number in range(25):
        make_event(title=f"Event {number}", days=number + 2)
    client.get("/en/events/")
    purge_page_cache()
    with CaptureQueriesContext(connection) as many:
        client.get("/en/events/")
    assert len(many) == len(few)
    assert len(many) <= 12


def valid_calendar(content):
    """The parsed calendar, after checking what RFC 5545 requires: icalendar
    parses almost anything, recording what it could not read in each
    component's ``errors`` instead of raising."""
    calendar = Calendar.from_ical(content)
    assert {"VERSION", "PRODID"} <= set(calendar)
    for component in calendar.walk():
        assert component.errors == [], (component.name, component.errors)
    for vevent in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(vevent)
    return calendar


def test_index_calendar_lists_upcoming_events(client, make_event):
    make_event(title="Upcoming one", days=3)
    make_event(title="Old one", days=-3)
    calendar = valid_calendar(client.get("/en/events/calendar.ics").content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Upcoming one"]


def test_the_calendar_check_catches_what_icalendar_lets_through():
    """``valid_calendar`` can fail: a broken DTSTART parses without an
    exception, and only the event's ``errors`` tell."""
    broken = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20250101T000000Z\r\n"
        b"DTSTART:2025-13-99\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert Calendar.from_ical(broken).errors == []  # the old check passed this
    with pytest.raises(AssertionError, match="DTSTART"):
        valid_calendar(broken)


def test_french_event_page_and_language_switch(client, make_event):
    event = make_event(french=True)
    response = client.get(event.french.url)
    page = soup(response)
    assert page.html["lang"] == "fr"
    assert page.h1.get_text(strip=True) == "Atelier communautaire"
    switch = page.find("nav", class_="language-switch")
    assert switch.find("a", lang="en")["href"] == event.url


def test_invalid_times_are_refused_on_save(make_event):
    from django.core.exceptions import ValidationError

    event = make_event()
    event.end_time = event.start_time
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "The event must end after it starts." in str(error.value)
    event = make_event()
    event.reminder_schedule = "7d, soon"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "“soon” is not a reminder time" in str(error.value)


def test_a_time_that_does_not_exist_is_refused(make_event):
    from datetime import date, time

    from django.core.exceptions import ValidationError

    event = make_event()
    # Clocks go from 02:00 to 03:00 in Toronto on 2027-03-14.
    event.start_date = date(2027, 3, 14)
    event.start_time = time(2, 30)
    event.end_time = time(4, 0)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "does not exist in this time zone" in str(error.value)


def test_home_page_shows_upcoming_events(client, make_event, site_pages):
    make_event(title="Soonest", days=2)
    make_event(title="Cancelled one", days=3, is_cancelled=True)
    make_event(title="Gone", days=-2)
    section = soup(client.get("/en/")).find("section", class_="home-section")
    titles = [h.get_text(strip=True) for h in section.select(".event-card__title")]
    assert titles == ["Soonest"]
    assert section.find("a", string="All events")["href"] == "/en/events/"


# --- a cached event page stays honest (docs/events.md) -----------------------
def test_a_cached_event_page_is_kept_seconds_only(client, make_event, settings):
    """ "1 place left" may be cached, by the proxy and the page cache, for
    LIVE_COUNT_EDGE_SECONDS, not PAGE_CACHE_SECONDS."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from cms.page_cache import _cache_key

    event = make_event(capacity=1)
    page = client.get(event.url)
    assert "1 place left." in page.content.decode()
    assert page["Cache-Control"].startswith("public, max-age=0, s-maxage=5,")
    assert page["X-Page-Cache"] == "miss"
    ttl = cache.ttl(_cache_key(RequestFactory().get(event.url)))
    assert 0 < ttl <= settings.LIVE_COUNT_EDGE_SECONDS


def test_the_answer_to_an_rsvp_tells_the_truth_under_a_cached_page(client, make_event):
    """The page said "1 place left" (and may still, from a cache); the seat
    went meanwhile: the answer to the form says the event is full."""
    from events.models import Registration
    from events.services import registrations as rsvp

    event = make_event(capacity=1, waitlist_enabled=False)
    assert "1 place left." in client.get(event.url).content.decode()
    rsvp.register_for_event(
        event, name="First", email="first@example.org", language="en"
    )
    answer = client.post(
        event.url + "register/",
        {
            "name": "Alex Martin",
            "email": "alex@example.org",
            "party_size": "1",
            "language": "en",
        },
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Sorry, this event is full." in html
    assert "This event is full." in html
    assert answer["Cache-Control"] == "private, no-store"
    assert not Registration.objects.filter(email="alex@example.org").exists()

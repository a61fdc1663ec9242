"""French that reads as French in events: time zones (HNE, HAE…), plurals in
emails, punctuation spacing; and small things that looked broken (addresses
run together, an organizer line with nothing before its separator)."""

from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from events.services.calendar import zone_abbreviation
from events.services.registrations import register_for_event
from tests.events.test_rsvp import deliver

pytestmark = pytest.mark.django_db

WINTER = datetime(2027, 1, 15, 18, tzinfo=UTC)
SUMMER = datetime(2027, 7, 15, 18, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "moment", "english", "french"),
    [
        ("America/St_Johns", WINTER, "NST", "HNT"),
        ("America/St_Johns", SUMMER, "NDT", "HAT"),
        ("America/Halifax", WINTER, "AST", "HNA"),
        ("America/Halifax", SUMMER, "ADT", "HAA"),
        ("America/Toronto", WINTER, "EST", "HNE"),
        ("America/Toronto", SUMMER, "EDT", "HAE"),
        ("America/Winnipeg", SUMMER, "CDT", "HAC"),
        ("America/Regina", SUMMER, "CST", "HNC"),
        ("America/Edmonton", WINTER, "MST", "HNR"),
        ("America/Edmonton", SUMMER, "MDT", "HAR"),
        ("America/Vancouver", WINTER, "PST", "HNP"),
        ("America/Vancouver", SUMMER, "PDT", "HAP"),
    ],
)
def test_time_zones_as_each_language_writes_them(zone, moment, english, french):
    assert zone_abbreviation(moment, zone, "en") == english
    assert zone_abbreviation(moment, zone, "fr") == french


def test_french_pages_write_french_time_zones(client, make_event):
    event = make_event(french=True, start_date=date(2027, 7, 15))
    english = BeautifulSoup(client.get(event.url).content, "html.parser")
    french = BeautifulSoup(client.get(event.french.url).content, "html.parser")
    assert "20:00 EDT" in english.find("dl").get_text()
    assert "20:00 HAE" in french.find("dl").get_text()
    assert "EDT" not in french.find("main").get_text()
    index = client.get("/fr/evenements/").content.decode()
    assert "HAE" in index and "EDT" not in index


def test_french_emails_read_as_french(make_event, mailoutbox):
    event = make_event(french=True, start_date=date(2027, 1, 15), max_party_size=4)
    register_for_event(
        event, name="Alex", email="alex@example.org", party_size=2, language="fr"
    )
    register_for_event(event, name="Bo", email="bo@example.org", language="en")
    french, english = sorted(deliver(mailoutbox), key=lambda m: m.to)
    assert "Votre inscription vaut pour 2 personnes." in french.body
    assert "Nombre de personnes" not in french.body and "People" not in french.body
    assert "Quand\u00a0: vendredi 15 janvier 2027, 18:00–20:00 HNE" in french.body
    assert "Où\u00a0:" in french.body
    assert "«\u00a0Atelier communautaire\u00a0»" in french.body
    assert " :" not in french.body.split("-- ")[0]  # no breakable space before ":"
    html = french.alternatives[0][0]
    assert "Votre inscription vaut pour 2 personnes." in html
    assert "HNE" in html and "EST" not in html
    assert "Your registration is for 1 person." in english.body
    assert "When: Friday 15 January 2027, 18:00–20:00 EST" in english.body


def test_calendar_descriptions_give_the_time_with_its_zone(client, make_event):
    event = make_event(french=True, start_date=date(2027, 7, 15))
    for page, when in (
        (event, "Thursday 15 July 2027, 18:00–20:00 EDT"),
        (event.french, "jeudi 15 juillet 2027, 18:00–20:00 HAE"),
    ):
        ics = client.get(page.calendar_url).content
        [vevent] = Calendar.from_ical(ics).walk("VEVENT")
        assert vevent.errors == []
        description = str(vevent["description"])
        assert description.startswith(when), description
        assert page.summary in description


@pytest.mark.parametrize(
    ("name", "email", "shown"),
    [
        ("", "hello@example.org", "hello@example.org"),
        ("Shelter network", "", "Shelter network"),
        ("Shelter network", "hello@example.org", "Shelter network · hello@example.org"),
    ],
)
def test_the_organizer_line_has_no_stray_separator(
    client, make_event, name, email, shown
):
    event = make_event(organizer_name=name, organizer_email=email)
    page = BeautifulSoup(client.get(event.url).content, "html.parser")
    [term] = [dt for dt in page.find_all("dt") if dt.get_text() == "Organizer"]
    assert " ".join(term.find_next("dd").get_text().split()) == shown


def test_addresses_in_emails_keep_their_lines(make_event, mailoutbox):
    event = make_event(
        venue_name="Library", venue_address="5 Example Road\r\nHalifax NS  B3H 1A1"
    )
    register_for_event(event, name="Alex", email="alex@example.org")
    [mail] = deliver(mailoutbox)
    assert "Where: Library, 5 Example Road, Halifax NS  B3H 1A1, Ottawa" in mail.body
    html = BeautifulSoup(mail.alternatives[0][0], "html.parser")
    assert "5 Example Road\nHalifax NS  B3H 1A1" in html.get_text("\n")

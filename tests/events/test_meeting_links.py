"""An online meeting's link goes to registered attendees only, unless the
organizer makes it public; an in-person address stays public by default.

For events about trafficking, an open link invites disruption (issue 11):
the link is kept off the public page, the calendar feeds, the API and the
"add to Google/Outlook" links, and given to those with a confirmed place on
their manage page, in their emails and in their calendar file.
"""

import json
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from wagtail.models import Revision

from events.models import EmailDelivery, EventPage, Registration
from events.services.emails import queue_email
from tests.events.conftest import ics_of
from tests.events.test_rsvp import deliver, rsvp

MEETING = "https://meet.example.org/j/town-hall-7f3k"
ADDRESS = "120 Metcalfe Street"  # make_event's venue address

#: A hybrid town hall and an online information session, as organizers
#: create them: "who sees" left as it is.
EVENTS = [
    {"event_type": "town_hall", "attendance_mode": "hybrid"},
    {"event_type": "info_session", "attendance_mode": "online"},
]


def unfolded(ics):
    """An .ics file's text with folded lines joined (RFC 5545 section 3.1)."""
    return ics.decode().replace("\r\n ", "")


def calendar_links(html):
    """The query of the page's Google and Outlook links, decoded."""
    page = BeautifulSoup(html, "html.parser")
    return {
        name: parse_qs(urlsplit(page.find("a", string=name)["href"]).query)
        for name in ("Google", "Outlook")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("fields", EVENTS)
def test_a_meeting_link_appears_nowhere_public_by_default(client, make_event, fields):
    event = make_event(title="Talk about trafficking", meeting_url=MEETING, **fields)
    html = client.get(event.url).content.decode()
    event_ics = client.get(event.url + "calendar.ics").content
    places = {
        "event page": html,
        "events index": client.get("/en/events/").content.decode(),
        "event .ics": unfolded(event_ics),
        "index .ics": unfolded(client.get("/en/events/calendar.ics").content),
        "API page": client.get(f"/api/v2/pages/{event.pk}/").content.decode(),
        "API listing": client.get(
            "/api/v2/pages/", {"type": "events.EventPage", "fields": "*"}
        ).content.decode(),
        "search": client.get("/en/search/", {"query": "meet"}).content.decode(),
    }
    for place, text in places.items():
        assert MEETING not in unquote(text), place
    assert "link sent to registered attendees" in html
    links = calendar_links(html)
    for name, query in links.items():
        assert MEETING not in json.dumps(query), name

    api = client.get(f"/api/v2/pages/{event.pk}/").json()
    if event.attendance_mode == "hybrid":
        # The in-person address of a town hall stays public.
        assert ADDRESS in BeautifulSoup(html, "html.parser").find(
            "dl", class_="event-facts"
        ).get_text(" ")
        location = str(Calendar.from_ical(event_ics).walk("VEVENT")[0]["location"])
        assert ADDRESS in location
        assert all(ADDRESS in query["location"][0] for query in links.values())
        assert api["public_location"]["venue_address"] == ADDRESS
    assert not (api["public_location"] or {}).get("meeting_url")


@pytest.mark.django_db
@pytest.mark.parametrize("fields", EVENTS)
def test_a_registered_attendee_gets_the_meeting_link(
    client, make_event, mailoutbox, fields
):
    event = make_event(title="Talk about trafficking", meeting_url=MEETING, **fields)
    rsvp(client, event, email="alex@example.org")
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    [confirmation] = deliver(mailoutbox)
    assert f"Meeting link: {MEETING}" in confirmation.body
    html, _mimetype = confirmation.alternatives[0]
    assert f'href="{MEETING}"' in html
    vevent = Calendar.from_ical(ics_of(confirmation)).walk("VEVENT")[0]
    assert MEETING in str(vevent["location"])

    manage = client.get(event.manage_url(registration)).content.decode()
    link = BeautifulSoup(manage, "html.parser").find("a", string="Meeting link")
    assert link and link["href"] == MEETING

    queue_email(registration, EmailDelivery.Kind.REMINDER, key="24")
    deliver(mailoutbox)
    reminder = mailoutbox[-1]
    assert reminder.subject.startswith("Reminder: ")
    assert f"Meeting link: {MEETING}" in reminder.body
    assert MEETING in str(
        Calendar.from_ical(ics_of(reminder)).walk("VEVENT")[0]["location"]
    )


@pytest.mark.django_db
def test_someone_on_the_waitlist_does_not_get_the_link_yet(
    client, make_event, mailoutbox
):
    event = make_event(
        event_type="town_hall",
        attendance_mode="hybrid",
        meeting_url=MEETING,
        capacity=1,
    )
    rsvp(client, event, email="first@example.org")
    rsvp(client, event, email="second@example.org")
    second = Registration.objects.get(email="second@example.org")
    assert second.status == "waitlisted"
    deliver(mailoutbox)
    [waitlisted] = [mail for mail in mailoutbox if mail.to == [second.email]]
    assert MEETING not in waitlisted.body
    assert ADDRESS in waitlisted.body  # the address is public
    manage = client.get(event.manage_url(second)).content.decode()
    assert MEETING not in manage
    assert ADDRESS in manage


@pytest.mark.django_db
def test_an_organizer_can_make_the_meeting_link_public(client, make_event):
    event = make_event(
        event_type="town_hall",
        attendance_mode="hybrid",
        meeting_url=MEETING,
        meeting_link_visibility="public",
    )
    page = BeautifulSoup(client.get(event.url).content, "html.parser")
    assert page.find("a", string="meeting link")["href"] == MEETING
    ics = unfolded(client.get(event.url + "calendar.ics").content)
    assert MEETING in ics
    api = client.get(f"/api/v2/pages/{event.pk}/").json()
    assert api["public_location"]["meeting_url"] == MEETING


@pytest.mark.django_db
def test_the_admin_asks_who_sees_the_meeting_link(admin_client, make_event):
    event = make_event(event_type="town_hall", meeting_url=MEETING)
    page = admin_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    form = BeautifulSoup(page, "html.parser")
    choice = form.find("select", attrs={"name": "meeting_link_visibility"})
    selected = choice.find("option", selected=True)
    assert selected["value"] == "registrants"
    assert "Who sees the meeting link" in page


# --- the migration --------------------------------------------------------------
BEFORE = ("events", "0006_consent_requested_apart_from_confirmed")
AFTER = ("events", "0007_meeting_links_for_registrants")


def migrate(target):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_links_for_registrants_unless_the_organizer_chose_public(
    make_event,
):
    """Events whose "who sees the address and meeting link" was left as it
    was get a registrants-only link; an organizer's explicit "public" keeps
    the link public, "private" keeps it private."""
    from django.db import connection

    events = {
        visibility: make_event(
            event_type="town_hall",
            attendance_mode="hybrid",
            meeting_url=MEETING,
            location_visibility=visibility,
        )
        for visibility in ("default", "public", "private")
    }
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'events_eventpage'"
            )
            columns = {row[0] for row in cursor.fetchall()}
        assert "meeting_link_visibility" not in columns
        # Revisions saved before the migration do not name the new setting.
        for revision in Revision.objects.filter(
            object_id__in=[str(event.pk) for event in events.values()]
        ):
            del revision.content["meeting_link_visibility"]
            revision.save(update_fields=["content"])
    finally:
        migrate(AFTER)
    expected = {"default": "registrants", "public": "public", "private": "registrants"}
    after = {
        visibility: EventPage.objects.get(pk=event.pk).meeting_link_visibility
        for visibility, event in events.items()
    }
    assert after == expected
    # A draft opened in the editor says what the page says.
    in_editor = {
        visibility: EventPage.objects.get(pk=event.pk)
        .get_latest_revision_as_object()
        .meeting_link_visibility
        for visibility, event in events.items()
    }
    assert in_editor == expected


@pytest.mark.django_db
def test_a_support_group_with_a_public_link_keeps_its_address_private(
    client, make_event
):
    event = make_event(
        event_type="support_group",
        attendance_mode="hybrid",
        meeting_url=MEETING,
        meeting_link_visibility="public",
    )
    page = BeautifulSoup(client.get(event.url).content, "html.parser")
    facts = page.find("dl", class_="event-facts")
    assert facts.find("a", string="meeting link")["href"] == MEETING
    assert ADDRESS not in facts.get_text(" ")
    assert "the address goes only to registered attendees" in facts.get_text(" ")
    api = client.get(f"/api/v2/pages/{event.pk}/").json()
    assert api["public_location"] == {
        "venue_name": "",
        "venue_address": "",
        "meeting_url": MEETING,
    }

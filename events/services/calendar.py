"""iCalendar (RFC 5545) files for events: feeds and email attachments."""

from datetime import UTC
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone, translation
from icalendar import Calendar, Event
from wagtail.models import Locale

from ..models import EventState

#: Canadian time zones as French readers write them (Termium, Office québécois
#: de la langue française): heure normale / avancée de Terre-Neuve,
#: de l'Atlantique, de l'Est, du Centre, des Rocheuses, du Pacifique.
FRENCH_ZONE_ABBREVIATIONS = {
    "NST": "HNT",
    "NDT": "HAT",
    "AST": "HNA",
    "ADT": "HAA",
    "EST": "HNE",
    "EDT": "HAE",
    "CST": "HNC",
    "CDT": "HAC",
    "MST": "HNR",
    "MDT": "HAR",
    "PST": "HNP",
    "PDT": "HAP",
}


def zone_abbreviation(moment, zone_name, language=None):
    """The abbreviation of ``zone_name`` at ``moment`` (standard or daylight
    time), as the reader of ``language`` (default: the active one) writes
    it: "EDT" in English, "HAE" in French."""
    abbreviation = moment.astimezone(ZoneInfo(zone_name)).tzname()
    language = (language or translation.get_language() or "en")[:2]
    if language == "fr":
        return FRENCH_ZONE_ABBREVIATIONS.get(abbreviation, abbreviation)
    return abbreviation


def when_text(event, language):
    """The event's time in words, in ``language``, as the emails write it."""
    with translation.override(language):
        return render_to_string("events/email/when.txt", {"event": event}).strip()


def _sequence_by_key(events):
    keys = [event.translation_key for event in events]
    return dict(
        EventState.objects.filter(translation_key__in=keys).values_list(
            "translation_key", "sequence"
        )
    )


def build_calendar(events, *, include_private_location=False, url_for=None, now=None):
    """A VCALENDAR with one VEVENT per event.

    The UID stays the same for the life of the event (also across its
    translations), SEQUENCE rises with every change attendees were told
    about, and cancelled events carry STATUS:CANCELLED. A private address
    and the meeting link (unless the organizer made it public) are left out
    unless ``include_private_location`` (an email to a confirmed attendee).
    """
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Networks of Care//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    sequences = _sequence_by_key(events)
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    for event in events:
        logistics = event.canonical
        item = Event()
        item.add("uid", event.ical_uid)
        item.add("dtstamp", now)
        item.add("dtstart", logistics.start_at)
        item.add("dtend", logistics.end_at)
        item.add("summary", event.title)
        # The time as people of the event's language read it, in the
        # event's own zone: a calendar shows it in the reader's zone.
        when = when_text(logistics, languages.get(event.locale_id, "en"))
        item.add("description", f"{when}\n\n{event.summary}".strip())
        item.add("sequence", sequences.get(event.translation_key, 0))
        item.add("status", "CANCELLED" if logistics.is_cancelled else "CONFIRMED")
        if url_for:
            item.add("url", url_for(event))
        location = _location(logistics, include_private_location)
        if location:
            item.add("location", location)
        item.add("last-modified", (event.last_published_at or now))
        calendar.add_component(item)
    return calendar.to_ical()


def _location(event, include_private):
    """The LOCATION text: what anyone may see, or everything for someone
    with a confirmed place (``include_private``)."""
    address, link = event.shown_to(confirmed=include_private)
    if address:
        parts = [event.venue_name, event.venue_address.replace("\n", ", "), event.city]
    else:
        parts = [event.city, event.province]
    if link and event.is_online and event.meeting_url:
        parts.append(event.meeting_url)
    return ", ".join(part for part in parts if part)


def google_calendar_url(event):
    """An "add to Google Calendar" link (a plain link: no script loads)."""
    from urllib.parse import urlencode

    fmt = "%Y%m%dT%H%M%SZ"
    logistics = event.canonical
    dates = (
        f"{logistics.start_at.astimezone(UTC):{fmt}}/"
        f"{logistics.end_at.astimezone(UTC):{fmt}}"
    )
    query = {"action": "TEMPLATE", "text": event.title, "dates": dates}
    if not logistics.location_is_private:
        query["location"] = _location(logistics, False)
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(event):
    from urllib.parse import urlencode

    logistics = event.canonical
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": logistics.start_at.astimezone(UTC).isoformat(),
        "enddt": logistics.end_at.astimezone(UTC).isoformat(),
    }
    if not logistics.location_is_private:
        query["location"] = _location(logistics, False)
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)

"""Demo events for `manage.py load_demo`: idempotent, English and French."""

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from .models import EventIndexPage, EventPage, Registration

INDEX = {
    "en": {
        "title": "Events",
        "slug": "events",
        "intro": "Town halls, workshops and gatherings near you and online.",
    },
    "fr": {
        "title": "Événements",
        "slug": "evenements",
        "intro": (
            "Assemblées publiques, ateliers et rencontres près de chez vous "
            "et en ligne."
        ),
    },
}

EVENTS = [
    {
        "slug": ("town-hall-survivor-services", "assemblee-services-survivantes"),
        "title": (
            "Town hall: funding survivor services in Ontario",
            "Assemblée publique : financer les services aux survivantes en Ontario",
        ),
        "summary": (
            "Ask your MPPs how they will fund housing, counselling and legal help "
            "for survivors of trafficking.",
            "Demandez à vos députés provinciaux comment ils financeront le logement, "
            "le counselling et l’aide juridique pour les survivantes de la traite.",
        ),
        "fields": {
            "event_type": "town_hall",
            "days": 21,
            "start": time(19, 0),
            "end": time(21, 0),
            "time_zone": "America/Toronto",
            "attendance_mode": "hybrid",
            "venue_name": "Ottawa Public Library, Main Branch",
            "venue_address": "120 Metcalfe Street\nOttawa, ON  K1P 5M2",
            "city": "Ottawa",
            "province": "ON",
            "meeting_url": "https://meet.example.org/town-hall",
            "livestream_url": "https://video.example.org/live/town-hall",
            "languages": "en,fr,ase",
            "step_free_access": True,
            "asl_interpretation": True,
            "capacity": 120,
            "questions_open": True,
            "show_approved_questions": True,
            "agenda": (
                "<ol><li>Welcome and land acknowledgement</li>"
                "<li>Survivors speak</li><li>Questions to the panel</li></ol>"
            ),
            "speakers": [
                (
                    "speaker",
                    {
                        "name": "A survivor advocate",
                        "role": "Networks of Care",
                        "invited_official": False,
                    },
                ),
                (
                    "speaker",
                    {
                        "name": "Your MPP (invited)",
                        "role": "Member of Provincial Parliament",
                        "invited_official": True,
                    },
                ),
            ],
        },
        "registrations": [
            ("Sam", "sam@example.org", 2),
            ("Alex", "alex@example.org", 1),
        ],
    },
    {
        "slug": ("workshop-recognising-signs", "atelier-reconnaitre-les-signes"),
        "title": (
            "Workshop: recognising the signs of trafficking",
            "Atelier : reconnaître les signes de la traite",
        ),
        "summary": (
            "A two-hour workshop for front-line workers and business owners.",
            "Un atelier de deux heures pour le personnel de première ligne "
            "et les commerçants.",
        ),
        "fields": {
            "event_type": "workshop",
            "days": 9,
            "start": time(13, 30),
            "end": time(15, 30),
            "time_zone": "America/Halifax",
            "attendance_mode": "in_person",
            "venue_name": "Community Centre",
            "venue_address": "5 Example Road\nHalifax, NS",
            "city": "Halifax",
            "province": "NS",
            "languages": "en",
            "capacity": 2,
            "max_party_size": 2,
            "step_free_access": True,
            "quiet_room": True,
        },
        "registrations": [
            ("Jordan", "jordan@example.org", 2),
            ("Riley", "riley@example.org", 1),
        ],
    },
    {
        "slug": ("online-information-session", "seance-information-en-ligne"),
        "title": (
            "Online information session: how the law protects survivors",
            "Séance d’information en ligne : comment la loi protège les survivantes",
        ),
        "summary": (
            "A lawyer explains the Criminal Code, immigration protections and what "
            "is missing.",
            "Une avocate explique le Code criminel, les protections en immigration et "
            "ce qui manque encore.",
        ),
        "fields": {
            "event_type": "info_session",
            "days": 4,
            "start": time(19, 0),
            "end": time(20, 0),
            "time_zone": "America/St_Johns",
            "attendance_mode": "online",
            "meeting_url": "https://meet.example.org/info-session",
            "languages": "en,fr",
            "lsq_interpretation": True,
        },
        "registrations": [("Morgan", "morgan@example.org", 1)],
    },
    {
        "slug": ("support-group-families", "groupe-soutien-familles"),
        "title": (
            "Support group for families and friends",
            "Groupe de soutien pour les familles et les proches",
        ),
        "summary": (
            "A confidential monthly circle for people supporting a loved one. "
            "The place is shared with registered attendees only.",
            "Un cercle mensuel confidentiel pour les personnes qui soutiennent "
            "un proche. Le lieu est communiqué seulement aux personnes inscrites.",
        ),
        "fields": {
            "event_type": "support_group",
            "days": 14,
            "start": time(18, 30),
            "end": time(20, 0),
            "time_zone": "America/Winnipeg",
            "attendance_mode": "in_person",
            "venue_name": "Private room",
            "venue_address": "Shared by email\nWinnipeg, MB",
            "city": "Winnipeg",
            "province": "MB",
            "languages": "en,fr",
            "capacity": 12,
            "max_party_size": 1,
            "childcare": True,
            "quiet_room": True,
        },
        "registrations": [("Taylor", "taylor@example.org", 1)],
    },
]


def load(loader):
    """Add the demo events under each home page; skip what exists."""
    changes = 0
    indexes = {}
    english_index = None
    for code in ("en", "fr"):
        home = loader.homes[code]
        index = EventIndexPage.objects.child_of(home).first()
        if index is None:
            index = EventIndexPage(
                locale=home.locale,
                show_in_menus=True,
                **INDEX[code],
                **(
                    {"translation_key": english_index.translation_key}
                    if english_index
                    else {}
                ),
            )
            home.add_child(instance=index)
            index.save_revision().publish()
            changes += 1
            loader.log(f"  created {code} event index")
        english_index = english_index or index
        indexes[code] = index

    for spec in EVENTS:
        english = None
        for position, code in enumerate(("en", "fr")):
            slug = spec["slug"][position]
            existing = (
                EventPage.objects.child_of(indexes[code]).filter(slug=slug).first()
            )
            if existing:
                english = english or existing
                continue
            page = _event(spec, position, indexes[code].locale, english)
            indexes[code].add_child(instance=page)
            page.save_revision().publish()
            changes += 1
            loader.log(f"  created {code} event {page.title!r}")
            if code == "en":
                english = page
                changes += _registrations(page, spec["registrations"])
    return changes


def _event(spec, position, locale, english):
    fields = dict(spec["fields"])
    days, start, end = fields.pop("days"), fields.pop("start"), fields.pop("end")
    zone = ZoneInfo(fields["time_zone"])
    day = (timezone.now().astimezone(zone) + timedelta(days=days)).date()
    page = EventPage(
        title=spec["title"][position],
        slug=spec["slug"][position],
        summary=spec["summary"][position],
        locale=locale,
        start_date=day,
        start_time=start,
        end_time=end,
        show_in_menus=False,
        organizer_name="Networks of Care (demo)",
        organizer_email="events@example.org",
        **fields,
    )
    if english is not None:
        page.translation_key = english.translation_key
    return page


def _registrations(event, people):
    added = 0
    taken = 0
    for name, email, size in people:
        status = Registration.Status.CONFIRMED
        if event.capacity is not None and taken + size > event.capacity:
            status = Registration.Status.WAITLISTED
        else:
            taken += size
        Registration.objects.get_or_create(
            event=event,
            email=email,
            defaults={
                "name": name,
                "party_size": size,
                "status": status,
                "waitlisted_at": timezone.now() if status == "waitlisted" else None,
            },
        )
        added += 1
    return added

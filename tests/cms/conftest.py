"""Fixtures of the cms tests.

- The personal-data tests: one person (Sam) known to every app that holds
  personal data: an RSVP, a letter and a flyer download.
- The admin tests: a content page, a private event and a letter campaign
  (each with its French copy), and one user per role.
"""

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page

from advocacy.models import LetterCampaignPage
from advocacy.services import letters
from advocacy.services.representatives import upsert_representative
from campaigns.models import CampaignIndexPage, CampaignPage, FlyerDownload, FlyerPage
from events.models import EventIndexPage, EventPage
from events.services import registrations as rsvp
from tests.advocacy.conftest import answer, mp, represent  # noqa: F401 (fixture)

SAM = "sam@example.org"


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def event(site_pages):
    home = site_pages["home_en"]
    index = publish(home, EventIndexPage(title="Events", slug="events"))
    day = timezone.now().astimezone(ZoneInfo("America/Toronto")).date()
    page = publish(
        index,
        EventPage(
            title="Town hall on housing",
            slug="town-hall",
            summary="Ask the panel.",
            event_type="town_hall",
            start_date=day + timedelta(days=10),
            start_time=time(19, 0),
            end_time=time(21, 0),
            time_zone="America/Toronto",
            city="Ottawa",
            province="ON",
        ),
    )
    return EventPage.objects.get(pk=page.pk)


#: Letters go only to the people a postal code matched: Represent (a local
#: stand-in) answers this one with Ada Lovelace.
POSTAL_CODE = "K1A0B1"
ADA = mp("Ada Lovelace", "1", "Ottawa Centre")


@pytest.fixture
def letter_campaign(site_pages, represent):  # noqa: F811 (the fixture)
    answer(represent, POSTAL_CODE, ADA)
    return publish(
        site_pages["home_en"],
        LetterCampaignPage(
            title="Protect survivors",
            slug="protect-survivors",
            topic="law_reform",
            target_levels="federal",
            subject_template="Protect survivors",
            body_template="Dear {representative_name}, please act.\n{supporter_name}",
            goal=10,
        ),
    )


@pytest.fixture
def flyer(site_pages):
    return make_flyer(site_pages)


def make_flyer(site_pages):
    """A published flyer under a campaign, in English."""
    index = publish(
        site_pages["home_en"], CampaignIndexPage(title="Campaigns", slug="campaigns")
    )
    campaign = publish(
        index,
        CampaignPage(
            title="Know the signs",
            slug="know",
            summary="Signs.",
            issue_area="awareness",
        ),
    )
    return publish(
        campaign,
        FlyerPage(
            title="Business flyer",
            slug="flyer",
            body=[("headline", "Human trafficking happens here")],
        ),
    )


def write_letter(page, name, email, **fields):
    representative = upsert_representative(ADA)[0]
    values = {
        "postal_code": POSTAL_CODE,
        "city": "Ottawa",
        "province": "ON",
        "subject": "Protect survivors",
        "body": "Dear Ada Lovelace, please act for survivors now.",
    }
    values.update(fields)
    letter = letters.submit_letter(
        page, recipients=[representative], name=name, email=email, **values
    )
    return letters.confirm_letter(letter)


def download(flyer, email, **fields):
    values = {
        "size": "letter",
        "orientation": "portrait",
        "language": "en",
        "business_name": "Café Olé",
        "local_contact": "Ask for Sam",
        "sector": "food",
        "city": "Halifax",
        "province": "NS",
        "copies": 5,
        "email": email,
    }
    values.update(fields)
    return FlyerDownload.objects.create(flyer=flyer, **values)


@pytest.fixture
def sam(event, letter_campaign, flyer):
    """Sam has registered for the town hall, written a letter and downloaded
    a flyer copy; Robin has done each too (and must be left alone)."""
    held = {
        "registration": rsvp.register_for_event(
            event, name="Sam Okafor", email=SAM, party_size=2
        ).registration,
        "letter": write_letter(letter_campaign, "Sam Okafor", SAM),
        "download": download(flyer, "Sam@Example.org"),
    }
    rsvp.register_for_event(event, name="Robin Roy", email="robin@example.org")
    write_letter(letter_campaign, "Robin Roy", "robin@example.org")
    download(flyer, "robin@example.org", business_name="Robin's Diner")
    return held


SECRET_ADDRESS = "77 Hidden Lane SECRET"
SECRET_LINK = "https://meet.example.org/secret-room-4471"


# --- the pages and the people ------------------------------------------------
def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def pages(site_pages):
    """A content page, a private event and a letter campaign (each with a
    French copy), and somewhere to move each of them."""
    home_en, home_fr = site_pages["home_en"], site_pages["home_fr"]
    en, fr = home_en.locale, home_fr.locale
    index = _publish_child(
        home_en, EventIndexPage(title="Events", slug="events", locale=en)
    )
    index_fr = _publish_child(
        home_fr,
        EventIndexPage(
            title="Événements",
            slug="evenements",
            locale=fr,
            translation_key=index.translation_key,
        ),
    )
    # Somewhere else to move an event to.
    other_index = _publish_child(
        site_pages["privacy_en"],
        EventIndexPage(title="Other events", slug="other-events", locale=en),
    )
    day = (timezone.now() + timedelta(days=10)).date()
    event_fields = {
        "summary": "A support group.",
        "event_type": "support_group",
        "start_date": day,
        "start_time": time(18, 0),
        "end_time": time(20, 0),
        "city": "Ottawa",
        "province": "ON",
        "venue_name": "Back room",
        "venue_address": SECRET_ADDRESS,
        "attendance_mode": "hybrid",
        "meeting_url": SECRET_LINK,
        "location_visibility": "private",
    }
    event = _publish_child(
        index,
        EventPage(title="Peer circle", slug="peer-circle", locale=en, **event_fields),
    )
    _publish_child(
        index_fr,
        EventPage(
            title="Cercle de pairs",
            slug="cercle-de-pairs",
            locale=fr,
            translation_key=event.translation_key,
            **event_fields,
        ),
    )
    # A draft on top of the live version: revisions to compare and revert.
    event.summary = "A support group (draft)."
    event.save_revision()
    letter_fields = {
        "topic": "law_reform",
        "target_levels": "federal",
        "subject_template": "Protect survivors",
        "body_template": "Dear {representative_name},\n\nPlease act.",
    }
    letters = _publish_child(
        home_en,
        LetterCampaignPage(
            title="Write to your MP", slug="write", locale=en, **letter_fields
        ),
    )
    _publish_child(
        home_fr,
        LetterCampaignPage(
            title="Écrivez à votre députée",
            slug="ecrire",
            locale=fr,
            translation_key=letters.translation_key,
            **letter_fields,
        ),
    )
    letters.intro = "<p>Draft intro</p>"
    letters.save_revision()
    content = site_pages["about_en"]
    content.save_revision().publish()
    content.intro = "Draft intro"
    content.save_revision()
    return {
        "content": Page.objects.get(pk=content.pk).specific,
        "event": EventPage.objects.get(pk=event.pk),
        "letters": LetterCampaignPage.objects.get(pk=letters.pk),
        "destinations": {
            "content": site_pages["privacy_en"],
            "event": other_index,
            "letters": site_pages["privacy_en"],
        },
    }


@pytest.fixture
def users(django_user_model):
    def member(group):
        user = django_user_model.objects.create_user(
            username=group.lower(), password="x", email=f"{group.lower()}@example.org"
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "Editors": member("Editors"),
        "Organizers": member("Organizers"),
        "Moderators": member("Moderators"),
        "superuser": django_user_model.objects.create_superuser(
            username="admin", password="x", email="admin@example.org"
        ),
    }

"""What the personal-data tests need: one person (Sam) known to every app
that holds personal data: an RSVP, a letter and a flyer download."""

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from advocacy.models import LetterCampaignPage
from advocacy.services import letters
from advocacy.services.representatives import upsert_representative
from campaigns.models import CampaignIndexPage, CampaignPage, FlyerDownload, FlyerPage
from events.models import EventIndexPage, EventPage
from events.services import registrations as rsvp
from tests.advocacy.conftest import mp

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


@pytest.fixture
def letter_campaign(site_pages):
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
    representative = upsert_representative(mp("Ada Lovelace", "1", "Ottawa Centre"))[0]
    values = {
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

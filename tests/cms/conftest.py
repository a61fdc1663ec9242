"""The pages and people of the admin tests: a content page, a private event
and a letter campaign (each with its French copy), and one user per role."""

from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page

from advocacy.models import LetterCampaignPage
from events.models import EventIndexPage, EventPage

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

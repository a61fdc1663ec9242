"""Organizers find every tool where they look (issue 12, item 8): in the
page's row of the explorer, in the page editor's header (labelled, not in
the "⋯" menu), and in the "Events", "Letter campaigns" and "Flyers" menu
items; only people who may use a tool see it. Letter campaigns may live
under a campaign, which gathers them. Sign-in lands on the dashboard."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from advocacy.models import LetterCampaignPage
from campaigns.models import CampaignPage

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def sidebar_labels(html):
    """The labels of the admin menu (the sidebar is built by JavaScript
    from this JSON)."""
    return set(re.findall(r'"label": "([^"]+)"', html))


def header_links(html):
    """Labelled buttons of the header, beside the breadcrumbs."""
    soup = BeautifulSoup(html, "html.parser")
    nav = soup.select_one("#w-slim-header-buttons")
    return {
        link.get_text(" ", strip=True): link["href"]
        for link in nav.select("a.w-header-button")
    }


def row_links(html, title):
    """Links of the explorer row of the page titled ``title``."""
    soup = BeautifulSoup(html, "html.parser")
    for row in soup.select("tbody tr"):
        if title in row.get_text():
            return {
                link.get_text(" ", strip=True): link["href"]
                for link in row.select("a.button")
            }
    raise AssertionError(f"no row for {title!r}")


def test_an_events_row_and_editor_header_show_its_tools(pages, users):
    event = pages["event"]
    client = signed_in(users["Organizers"])
    listing = client.get(f"/admin/pages/{event.get_parent().pk}/").content.decode()
    row = row_links(listing, "Peer circle")
    assert row["Registrations"] == f"/admin/event-tools/{event.pk}/registrations/"
    assert row["Check-in"] == f"/admin/event-tools/{event.pk}/check-in/"
    assert row["Message attendees"] == f"/admin/event-tools/{event.pk}/message/"

    editor = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    header = header_links(editor)
    assert set(header) == {"Registrations", "Check-in", "Message attendees"}
    # The export, in the header's "⋯" menu.
    assert f"/admin/events/registrations/?event={event.pk}&amp;export=csv" in editor


def test_a_letter_campaigns_row_and_header_show_its_letters(pages, users):
    letters = pages["letters"]
    client = signed_in(users["Organizers"])
    editor = client.get(f"/admin/pages/{letters.pk}/edit/").content.decode()
    assert header_links(editor)["Letters"] == (
        f"/admin/letter-tools/{letters.pk}/letters/"
    )
    listing = client.get(f"/admin/pages/{letters.get_parent().pk}/").content.decode()
    assert "Letters" in row_links(listing, "Write to your MP")


def test_the_tools_stay_out_of_sight_of_editors(pages, users):
    event = pages["event"]
    client = signed_in(users["Editors"])
    home = client.get("/admin/").content.decode()
    assert not {"Events", "Letter campaigns", "Flyers"} & sidebar_labels(home)
    listing = client.get(f"/admin/pages/{event.get_parent().pk}/").content.decode()
    assert "/admin/event-tools/" not in listing
    assert client.get("/admin/events/upcoming/").status_code in (302, 403)
    assert client.get("/admin/letter-campaigns/").status_code in (302, 403)
    assert client.get("/admin/flyers/").status_code in (302, 403)


def test_the_menu_lists_events_campaigns_and_flyers_with_their_tools(
    pages, flyer, users
):
    client = signed_in(users["Organizers"])
    home = client.get("/admin/").content.decode()
    assert {"Events", "Letter campaigns", "Flyers"} <= sidebar_labels(home)

    events = client.get("/admin/events/upcoming/").content.decode()
    assert "Peer circle" in events
    assert f"/admin/event-tools/{pages['event'].pk}/check-in/" in events
    assert "Export registrations (CSV)" in events
    assert "Français" in events  # the translation and its state

    letters = client.get("/admin/letter-campaigns/").content.decode()
    assert "Write to your MP" in letters
    assert f"/admin/letter-tools/{pages['letters'].pk}/letters/" in letters

    flyers = client.get("/admin/flyers/").content.decode()
    assert "Business flyer" in flyers
    assert f"/admin/flyer-downloads/?flyer={flyer.pk}" in flyers


def test_moderators_see_the_letter_campaigns_not_the_events(pages, users):
    client = signed_in(users["Moderators"])
    labels = sidebar_labels(client.get("/admin/").content.decode())
    assert "Letter campaigns" in labels
    assert "Events" not in labels


def test_a_letter_campaign_may_live_under_a_campaign_which_gathers_it(flyer):
    campaign = flyer.get_parent().specific
    assert isinstance(campaign, CampaignPage)
    assert LetterCampaignPage.can_create_at(campaign)
    letters = LetterCampaignPage(
        title="Write to your MPP",
        slug="write-mpp",
        topic="law_reform",
        target_levels="federal",
        subject_template="Fund survivor services",
        body_template="Dear {representative_name}, please act.",
    )
    campaign.add_child(instance=letters)
    letters.save_revision().publish()
    # No "related campaign" set: being under the campaign is enough.
    assert list(campaign.letter_campaigns()) == [letters]
    html = Client().get(campaign.url).content.decode()
    assert "Write to your MPP" in html


def test_signing_in_lands_on_the_dashboard_not_on_root(users):
    for start in ("/admin/login/", "/admin/login/?next=/admin/pages/"):
        client = Client()
        response = client.post(
            start, {"username": "organizers", "password": "x"}, follow=True
        )
        assert response.redirect_chain[-1][0] == "/admin/"
        assert "Exploring: Root" not in response.content.decode()
    # Any other page asked for is still where sign-in leads.
    response = Client().post(
        "/admin/login/?next=/admin/events/upcoming/",
        {"username": "organizers", "password": "x"},
    )
    assert response["Location"] == "/admin/events/upcoming/"


def test_the_translations_link_only_to_pages_one_may_edit(pages, users):
    client = signed_in(users["Moderators"])
    html = client.get("/admin/letter-campaigns/").content.decode()
    french = pages["letters"].get_translation(
        pages["letters"].get_translations().first().locale
    )
    assert "Français" in html
    assert f"/admin/pages/{french.pk}/edit/" not in html
    html = signed_in(users["Organizers"]).get("/admin/letter-campaigns/")
    assert f"/admin/pages/{french.pk}/edit/" in html.content.decode()

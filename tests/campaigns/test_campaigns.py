"""Campaign pages: what they gather, real progress, the share kit."""

from datetime import time

import pytest
from bs4 import BeautifulSoup

from advocacy.models import Letter, LetterCampaignPage, LetterRecipient
from campaigns.models import CampaignIndexPage, CampaignPage
from events.models import EventIndexPage, EventPage, Registration
from tests.conftest import serious_violations

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def campaign(site_pages):
    home = site_pages["home_en"]
    index = CampaignIndexPage(title="Campaigns", slug="campaigns", locale=home.locale)
    home.add_child(instance=index)
    index.save_revision().publish()
    page = CampaignPage(
        title="Fund survivor services",
        slug="fund",
        summary="Stable funding for housing and counselling.",
        issue_area="funding",
        goal=10,
        progress_measure="all",
        hashtags="#EndTrafficking",
        suggested_posts=[("post", {"text": "I support survivor services."})],
        locale=home.locale,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def tied_event(site_pages, campaign, capacity=None):
    home = site_pages["home_en"]
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="Events", slug="events", locale=home.locale)
        home.add_child(instance=index)
        index.save_revision().publish()
    from tests.events.conftest import local_day

    event = EventPage(
        title="Town hall",
        slug=f"town-hall-{EventPage.objects.count()}",
        summary="Ask your MPP.",
        start_date=local_day(7),
        start_time=time(19),
        end_time=time(21),
        related_campaign=campaign,
        locale=home.locale,
        capacity=capacity,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def tied_letter_campaign(site_pages, campaign):
    page = LetterCampaignPage(
        title="Write to your MPP",
        slug="write",
        topic="funding",
        target_levels="provincial",
        subject_template="Hello",
        body_template="Please act.",
        related_campaign=campaign,
        locale=site_pages["home_en"].locale,
    )
    site_pages["home_en"].add_child(instance=page)
    page.save_revision().publish()
    return page


def test_campaign_pages_live_under_the_index(campaign, site_pages):
    assert CampaignPage.can_create_at(campaign.get_parent())
    assert not CampaignPage.can_create_at(site_pages["home_en"])


def test_progress_is_the_real_count_of_letters_and_people(campaign, site_pages):
    event = tied_event(site_pages, campaign)
    Registration.objects.create(
        event=event, name="A", email="a@example.org", status="confirmed", party_size=3
    )
    Registration.objects.create(
        event=event, name="B", email="b@example.org", status="cancelled", party_size=2
    )
    letters = tied_letter_campaign(site_pages, campaign)
    for number, status in enumerate(["confirmed", "confirmed", "awaiting"]):
        Letter.objects.create(
            campaign=letters,
            supporter_name="S",
            email=f"s{number}@example.org",
            city="Ottawa",
            province="ON",
            subject="Hi",
            body="Please",
            status=status,
        )
    assert campaign.count() == 3 + 2
    assert campaign.progress == {"count": 5, "goal": 10, "percent": 50}
    campaign.progress_measure = "letters"
    assert campaign.count() == 2
    campaign.progress_measure = "rsvps"
    assert campaign.count() == 3
    assert LetterRecipient.objects.count() == 0


def test_campaign_page_gathers_its_events_and_letters(client, campaign, site_pages):
    tied_event(site_pages, campaign)
    tied_letter_campaign(site_pages, campaign)
    page = soup(client.get(campaign.url))
    assert page.h1.get_text(strip=True) == "Fund survivor services"
    assert page.find("a", string="Write to your MPP")
    assert page.find("a", string="Town hall")
    assert "0 of a goal of 10" in page.get_text()


def test_share_kit_and_open_graph(client, campaign):
    page = soup(client.get(campaign.url))
    assert page.find("meta", property="og:title")["content"] == "Fund survivor services"
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    post = page.find("div", class_="share-kit__post")
    assert (
        "I support survivor services. #EndTrafficking http://testserver/en/campaigns/fund/"
        in post.get_text()
    )
    links = {a.get_text(): a["href"] for a in page.select(".share-kit a")}
    assert links["Email"].startswith("mailto:?subject=Fund%20survivor%20services")
    for script in page.find_all("script"):
        assert script["src"].startswith("/static/")


def test_home_features_campaigns_first(client, campaign, site_pages):
    tied_event(site_pages, campaign)
    sections = [
        h.get_text(strip=True)
        for h in soup(client.get("/en/")).select(".home-section h2")
    ]
    assert sections == ["Our campaigns", "Upcoming events"]


def test_api_lists_campaigns_with_progress(client, campaign):
    item = client.get(
        "/api/v2/pages/",
        {"type": "campaigns.CampaignPage", "fields": "progress,issue_area"},
    ).json()["items"][0]
    assert item["issue_area"] == "funding"
    assert item["progress"] == {"count": 0, "goal": 10, "percent": 0}


@pytest.mark.browser
def test_campaign_page_in_a_browser_loads_nothing_from_elsewhere(
    page, live_server, site_pages, axe, campaign
):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}{campaign.url}")
    assert serious_violations(axe, page) == []
    assert requests and all(url.startswith(live_server.url) for url in requests)
    assert page.get_by_role("button", name="Copy this post").is_visible()

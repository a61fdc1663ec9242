"""Campaign pages: what they gather, real progress, the share kit."""

from datetime import time

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from advocacy.models import Letter, LetterCampaignPage, LetterRecipient
from campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    FlyerDownload,
    FlyerPage,
)
from events.models import EventIndexPage, EventPage, Registration
from tests.conftest import serious_violations
from tests.events.conftest import local_day

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


def publish_under(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def campaign_in_both_languages(campaign, site_pages):
    """The campaign and its French translation, with what it gathers as the
    demo and Wagtail's "translate" make it: the relations point at the
    English pages (a French copy keeps its original's relation, or has none),
    some things translated and some in English only."""
    fr = site_pages["home_fr"].locale
    index_fr = publish_under(
        site_pages["home_fr"],
        CampaignIndexPage(
            title="Campagnes",
            slug="campagnes",
            locale=fr,
            translation_key=campaign.get_parent().translation_key,
        ),
    )
    french = publish_under(
        index_fr,
        CampaignPage(
            title="Financer les services",
            slug="financer",
            summary="Un financement stable.",
            issue_area="funding",
            goal=10,
            locale=fr,
            translation_key=campaign.translation_key,
        ),
    )
    town_hall = tied_event(site_pages, campaign)  # and the English index
    events_fr = publish_under(
        site_pages["home_fr"],
        EventIndexPage(
            title="Événements",
            slug="evenements",
            locale=fr,
            translation_key=town_hall.get_parent().translation_key,
        ),
    )
    publish_under(
        events_fr,
        EventPage(
            title="Assemblée publique",
            slug="assemblee",
            summary="Posez vos questions.",
            start_date=town_hall.start_date,
            start_time=time(19),
            end_time=time(21),
            related_campaign=None,  # as the demo's French copies
            locale=fr,
            translation_key=town_hall.translation_key,
        ),
    )
    workshop = tied_event(site_pages, campaign)
    workshop.title = "Workshop in English only"
    workshop.start_date = local_day(14)
    workshop.save_revision().publish()
    letters = tied_letter_campaign(site_pages, campaign)
    publish_under(
        site_pages["home_fr"],
        LetterCampaignPage(
            title="Écrivez à votre député provincial",
            slug="ecrire",
            topic="funding",
            target_levels="provincial",
            subject_template="Bonjour",
            body_template="Agissez.",
            related_campaign=campaign,  # as Wagtail's copy for translation
            locale=fr,
            translation_key=letters.translation_key,
        ),
    )
    flyer = publish_under(
        campaign,
        FlyerPage(
            title="Flyer in English only",
            slug="flyer",
            body=[("headline", "Trafficking happens here")],
            locale=campaign.locale,
        ),
    )
    return {"en": campaign, "fr": french, "flyer": flyer}


def gathered(client, page):
    html = soup(client.get(page.url))
    return {
        "letters": [
            a.get_text(strip=True) for a in html.select("#letters-title + ul a")
        ],
        "events": [
            h.get_text(strip=True) for h in html.select(".event-list .event-card h3")
        ],
        "flyers": [s.get_text(strip=True) for s in html.select(".flyer-list span")],
        "progress": html.select_one(".progress").get_text(" ", strip=True),
    }


def test_the_english_campaign_gathers_its_english_actions(
    client, campaign_in_both_languages
):
    found = gathered(client, campaign_in_both_languages["en"])
    assert found["letters"] == ["Write to your MPP"]
    assert found["events"] == ["Town hall", "Workshop in English only"]
    assert found["flyers"] == ["Flyer in English only"]


def test_the_french_campaign_gathers_the_same_actions_in_french(
    client, campaign_in_both_languages
):
    """Each action in French where it is translated, else in English: the
    French page was left with nothing but its share kit (issue 18, item 6)."""
    found = gathered(client, campaign_in_both_languages["fr"])
    assert found["letters"] == ["Écrivez à votre député provincial"]
    assert found["events"] == ["Assemblée publique", "Workshop in English only"]
    assert found["flyers"] == ["Flyer in English only"]


def test_both_languages_count_the_same_progress(client, campaign_in_both_languages):
    event = EventPage.objects.get(title="Assemblée publique")
    Registration.objects.create(
        event=event, name="A", email="a@example.org", status="confirmed", party_size=2
    )
    FlyerDownload.objects.create(
        flyer=campaign_in_both_languages["flyer"], size="letter", language="fr"
    )
    english = gathered(client, campaign_in_both_languages["en"])["progress"]
    assert "3 actions of a goal of 10 (letters sent, people registered" in english
    cache.clear()  # the count is cached for both languages at once
    french = gathered(client, campaign_in_both_languages["fr"])["progress"]
    assert "3 actions sur un objectif de 10 (lettres envoyées" in french


def test_a_french_translation_shows_once_it_is_live(client, campaign_in_both_languages):
    french = EventPage.objects.get(title="Assemblée publique")
    french.unpublish()
    found = gathered(client, campaign_in_both_languages["fr"])
    assert found["events"] == ["Town hall", "Workshop in English only"]


def test_the_french_home_features_the_french_campaign_and_events(
    client, campaign_in_both_languages
):
    html = soup(client.get("/fr/"))
    campaigns = [
        a.get_text(strip=True) for a in html.select("#home-campaigns-title ~ ul a")
    ]
    events = [
        a.get_text(strip=True) for a in html.select("#home-events-title ~ ul h3 a")
    ]
    assert campaigns == ["Financer les services"]
    assert events == ["Assemblée publique"]


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
    assert campaign.progress == {
        "count": 5,
        "goal": 10,
        "percent": 50,
        "measure": "all",
    }
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
    assert "0 actions of a goal of 10" in page.get_text()


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
    assert item["progress"] == {
        "count": 0,
        "goal": 10,
        "percent": 0,
        "measure": "all",
    }


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

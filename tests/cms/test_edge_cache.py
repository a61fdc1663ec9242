"""What the proxy may keep (cms/edge_cache.py), across the demo site's real
URLs: anonymous public pages say ``public, s-maxage``; everything personal
says ``private, no-store``; pages with public forms are the same bytes for
every visitor."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

from cms.edge_cache import PRIVATE
from events.services import registrations as rsvp
from tests.cms import test_html_valid

pytestmark = pytest.mark.django_db

#: The demo site, in both languages (the fixture of test_html_valid).
demo = test_html_valid.demo

PUBLIC = (
    "public, max-age=60, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400"
)
LIVE_COUNT = (
    "public, max-age=0, s-maxage=5, stale-while-revalidate=5, stale-if-error=86400"
)


def public_urls(demo):
    """Anonymous pages, the same for everyone, in both languages."""
    urls = ["/en/search/", "/fr/search/", "/robots.txt", "/sitemap.xml"]
    for language in ("en", "fr"):
        for name in ("home", "content", "events", "campaigns", "campaign", "flyer"):
            urls.append(demo[name][language].url)
        urls.append(demo["events"][language].url + "past/")
        urls.append(demo["town_hall"][language].url + "registered/")
        for campaign in demo["letter_campaigns"]:
            urls.append(campaign[language].url)
            urls.append(campaign[language].url + "check-your-email/")
    return urls


def test_anonymous_public_pages_may_be_kept_by_the_proxy(client, demo):
    for url in public_urls(demo):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PUBLIC, url
        assert not response.cookies, url


def test_event_pages_showing_places_left_are_kept_seconds(client, demo):
    for language in ("en", "fr"):
        town_hall = demo["town_hall"][language]
        assert town_hall.capacity is not None
        for url in (town_hall.url, town_hall.url + "?question=sent"):
            response = client.get(url)
            assert response["Cache-Control"] == LIVE_COUNT, url
    english = client.get(demo["town_hall"]["en"].url).content.decode()
    assert "places left." in english


def test_pages_with_public_forms_are_the_same_bytes_for_every_visitor(demo):
    """No per-visitor token in the HTML, no cookie, no Vary beyond what every
    page has; the forms still post to their endpoints."""
    plain = Client().get(demo["content"]["en"].url)
    for language in ("en", "fr"):
        pages = {
            demo["town_hall"][language].url: ("register/", "question/"),
            demo["flyer"][language].url: ("download/",),
            demo["letter_campaigns"][0][language].url: ("",),
        }
        for url, actions in pages.items():
            first, second = Client().get(url), Client().get(url)
            html = first.content.decode()
            assert first.content == second.content, url
            assert "csrfmiddlewaretoken" not in html, url
            assert not first.cookies, url
            assert first["Vary"] == plain["Vary"], url
            for action in actions:
                assert f'<form method="post" action="{url}{action}' in html, url


def test_search_results_stay_out_of_the_proxy(client, demo):
    """Results are public, but what someone searched for is personal."""
    assert client.get("/en/search/")["Cache-Control"] == PUBLIC
    response = client.get("/en/search/?query=survivors")
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def register_sam(event):
    """Sam's registration for ``event`` (asking for updates, so that it has
    a consent link too)."""
    return rsvp.register_for_event(
        event,
        name="Sam Okafor",
        email="sam@example.org",
        language="en",
        consent_updates=True,
        consent_text="Yes, email me about future events.",
    ).registration


def personal_urls(demo):
    town_hall = demo["town_hall"]["en"]
    registration = register_sam(town_hall)
    from cms import consent

    consent_url = consent.link_url(registration, "en")
    letter = demo["letter_campaigns"][0]["en"]
    return [
        "/healthz",
        "/admin/login/",
        "/en/your-data/",
        "/en/your-data/sent/",
        town_hall.manage_url(registration),
        consent_url[consent_url.index("/en/") :],
        letter.url + "thank-you/",
        letter.url + "confirm/nope/",
        demo["flyer"]["en"].url + "letter-en.pdf",  # "preparing": 202
        "/en/nothing-here/",
    ]


def test_personal_pages_are_never_kept(client, demo):
    for url in personal_urls(demo):
        response = client.get(url)
        assert response["Cache-Control"] == PRIVATE, (url, response.status_code)


def test_answers_to_posts_are_never_kept(client, demo):
    town_hall = demo["town_hall"]["en"]
    letter = demo["letter_campaigns"][0]["en"]
    posts = [
        (town_hall.url + "register/", {}),  # the form again, with its errors
        (town_hall.url + "question/", {"question": "Where?"}),  # a redirect
        (letter.url, {"postal_code": "K1P 5G4"}),  # step 2
        (demo["flyer"]["en"].url + "download/", {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 302), url
        assert response["Cache-Control"] == PRIVATE, url


def test_signed_in_people_never_get_a_public_page(client, demo, admin_user):
    client.force_login(admin_user)
    for url in [demo["home"]["en"].url, demo["town_hall"]["en"].url, "/admin/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PRIVATE, url


def test_a_page_carrying_a_message_is_never_kept(client, demo):
    storage = CookieStorage(HttpRequest())
    encoded = storage._encode([storage_message()])
    client.cookies["messages"] = encoded
    response = client.get(demo["content"]["en"].url)
    assert response["Cache-Control"] == PRIVATE


def storage_message():
    from django.contrib.messages.storage.base import Message

    return Message(constants.SUCCESS, "Saved.")

"""Cross-site posts to the public forms are refused by Fetch Metadata and
Origin, not by a token (cms/cross_origin.py); everything else keeps Django's
token. Clients here enforce CSRF checks, as browsers face them."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from advocacy.models import Letter
from campaigns.models import FlyerDownload
from events.models import EmailDelivery, Registration, TownHallQuestion
from tests.cms import test_html_valid
from tests.cms.test_edge_cache import register_sam

pytestmark = pytest.mark.django_db

#: The demo site, in both languages (the fixture of test_html_valid).
demo = test_html_valid.demo

CROSS_SITE = {
    "HTTP_SEC_FETCH_SITE": "cross-site",
    "HTTP_ORIGIN": "https://evil.example",
}
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}


def browser():
    return Client(enforce_csrf_checks=True)


def chosen_recipients(letter_page):
    """Step 2's recipients for the demo's postal code, as step 3 posts them."""
    step_2 = Client().post(
        letter_page.url, {"postal_code": test_html_valid.POSTAL_CODE}
    )
    boxes = BeautifulSoup(step_2.content, "html.parser").select(
        "main input[type=checkbox]"
    )
    people = {
        box["name"]: box["value"] for box in boxes if not box.has_attr("disabled")
    }
    assert people
    return {"postal_code": test_html_valid.POSTAL_CODE, **people}


def public_forms(demo, serial):
    """(url, valid data, rows that a successful post stores) of each public
    form that stores something."""
    town_hall = demo["town_hall"]["en"]
    letter = demo["letter_campaigns"][0]["en"]
    return [
        (
            town_hall.url + "register/",
            {
                "name": "Alex Martin",
                "email": f"alex{serial}@example.org",
                "party_size": "1",
                "language": "en",
                "accessibility_needs": "",
            },
            Registration.objects.filter(email=f"alex{serial}@example.org"),
        ),
        (
            town_hall.url + "question/",
            {"question": f"Question {serial}?"},
            TownHallQuestion.objects.filter(question=f"Question {serial}?"),
        ),
        (
            letter.url + "letter/",
            {
                **chosen_recipients(letter),
                "subject": "Protect survivors",
                "body": "Please act for survivors. " * 5,
                "name": "Sam Okafor",
                "email": f"sam{serial}@example.org",
                "city": "Ottawa",
                "province": "ON",
            },
            Letter.objects.filter(email=f"sam{serial}@example.org"),
        ),
        (
            demo["flyer"]["en"].url + "download/",
            {
                "size": "letter",
                "language": "en",
                "copies": "5",
                "city": f"Halifax {serial}",
                "province": "NS",
                "sector": "food",
                "email": f"shop{serial}@example.org",
                "consent_updates": "on",
            },
            FlyerDownload.objects.filter(city=f"Halifax {serial}"),
        ),
    ]


@pytest.mark.parametrize(
    "headers",
    [
        CROSS_SITE,
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "https://www.testserver"},
        {"HTTP_ORIGIN": "https://evil.example"},  # a browser from before 2023
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_cross_site_posts_are_refused_and_store_nothing(demo, headers, mailoutbox):
    for url, data, stored in public_forms(demo, "x"):
        response = browser().post(url, data, **headers)
        assert response.status_code == 403, url
        assert "Form not accepted" in response.content.decode(), url
        assert response["Cache-Control"] == "private, no-store", url
        assert not stored.exists(), url
    assert not EmailDelivery.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "headers",
    [
        SAME_ORIGIN,
        {"HTTP_SEC_FETCH_SITE": "none"},  # typed or bookmarked
        {"HTTP_ORIGIN": "http://testserver"},  # a browser from before 2023
        {},  # neither header: an old browser, or not a browser
    ],
)
def test_posts_from_the_site_itself_go_through(demo, headers):
    for url, data, stored in public_forms(demo, "ok"):
        response = browser().post(url, data, **headers)
        assert response.status_code == 302, (url, response.status_code)
        assert stored.exists(), url


def test_a_trusted_sibling_origin_may_post(demo, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.testserver"]
    url, data, stored = public_forms(demo, "sibling")[0]
    response = browser().post(
        url,
        data,
        HTTP_SEC_FETCH_SITE="same-site",
        HTTP_ORIGIN="https://www.testserver",
    )
    assert response.status_code == 302
    assert stored.exists()


def test_two_visitors_post_the_same_cached_page_and_both_are_stored(demo):
    town_hall = demo["town_hall"]["en"]
    first, second = browser(), browser()
    assert first.get(town_hall.url)["X-Page-Cache"] == "miss"
    cached = second.get(town_hall.url)
    assert cached["X-Page-Cache"] == "hit"
    for number, visitor in enumerate((first, second)):
        response = visitor.post(
            town_hall.url + "register/",
            {
                "name": f"Visitor {number}",
                "email": f"visitor{number}@example.org",
                "party_size": "1",
                "language": "en",
            },
            **SAME_ORIGIN,
        )
        assert response.status_code == 302
    assert Registration.objects.filter(email__startswith="visitor").count() == 2


def test_forms_behind_an_emailed_link_keep_the_token(demo):
    """A registration's manage page acts on a personal link: Django's token,
    even from the site's own origin."""
    town_hall = demo["town_hall"]["en"]
    registration = register_sam(town_hall)
    manage = town_hall.manage_url(registration)
    visitor = browser()
    refused = visitor.post(manage, {"action": "cancel"}, **SAME_ORIGIN)
    assert refused.status_code == 403
    assert "Form not accepted" in refused.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"

    page = BeautifulSoup(visitor.get(manage).content, "html.parser")
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    asked = visitor.post(manage, {"action": "cancel", "csrfmiddlewaretoken": token})
    assert asked.status_code == 200
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # cancelling asks first

    page = BeautifulSoup(asked.content, "html.parser")
    token = page.select_one("input[name=csrfmiddlewaretoken]")["value"]
    refused = browser().post(manage, {"action": "cancel_confirmed"}, **SAME_ORIGIN)
    assert refused.status_code == 403
    done = visitor.post(
        manage, {"action": "cancel_confirmed", "csrfmiddlewaretoken": token}
    )
    assert done.status_code in (200, 302)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_the_admin_keeps_the_token(demo, admin_user):
    visitor = browser()
    refused = visitor.post(
        "/admin/login/",
        {"username": admin_user.username, "password": "password"},
        **SAME_ORIGIN,
    )
    assert refused.status_code == 403


def test_the_refusal_speaks_the_page_language(demo):
    town_hall = demo["town_hall"]["fr"]
    response = browser().post(town_hall.url + "register/", {}, **CROSS_SITE)
    assert response.status_code == 403
    assert "Formulaire refusé" in response.content.decode()

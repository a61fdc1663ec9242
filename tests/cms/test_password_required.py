"""Wagtail's "password required" page, for a page shared with a password
(a private support group's page): the site's own page, with the quick exit,
in both languages, saying nothing of the page it guards (issue 18, item 13)."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from tests.conftest import serious_violations

pytestmark = pytest.mark.django_db

PRIVATE = {
    "en": ("Survivors' circle: where we meet", "/en/about/"),
    "fr": ("Cercle des survivantes : où nous nous retrouvons", "/fr/a-propos/"),
}
TEXT = {
    "en": {
        "h1": "Password required",
        "exit": "Exit this page",
        "wrong": "Password: The password you have entered is not correct.",
    },
    "fr": {
        "h1": "Mot de passe requis",
        "exit": "Quitter cette page",
        "wrong": "Mot de passe : Le mot de passe que vous avez saisi est incorrect.",
    },
}


@pytest.fixture
def guarded(site_pages):
    """The about pages, retitled as something private, behind a password."""
    for language in ("en", "fr"):
        page = site_pages[f"about_{language}"]
        page.title = PRIVATE[language][0]
        page.save_revision().publish()
        PageViewRestriction.objects.create(
            page=page,
            restriction_type=PageViewRestriction.PASSWORD,
            password="open sesame",
        )
    return site_pages


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_password_page_has_the_quick_exit_and_hides_the_page(
    client, guarded, language
):
    title, url = PRIVATE[language]
    response = client.get(url)
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == language
    exit_link = html.select_one("[data-quick-exit]")
    assert exit_link.get_text(strip=True) == TEXT[language]["exit"]
    assert html.h1.get_text(strip=True) == TEXT[language]["h1"]
    # (The main menu lists it if editors put it there, as on every page.)
    assert title not in html.main.get_text()
    assert title not in html.title.get_text()
    assert html.title.get_text().startswith(TEXT[language]["h1"])
    form = html.select_one("main form")
    assert form["action"].startswith(f"/{language}/")
    assert form.find("input", type="password")["id"] == form.find("label")["for"]
    assert (
        "no-store" in response["Cache-Control"]
        or "no-cache" in (response["Cache-Control"])
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_wrong_password_is_named_and_the_right_one_opens_the_page(
    client, guarded, language
):
    title, url = PRIVATE[language]
    form = soup(client.get(url)).select_one("main form")
    fields = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("name")
    }
    wrong = client.post(form["action"], {**fields, "password": "guess"})
    html = soup(wrong)
    assert html.html["lang"] == language
    assert html.select_one("[data-quick-exit]") is not None
    summary = html.select_one(".error-summary").get_text(" ", strip=True)
    assert TEXT[language]["wrong"] in summary
    assert title not in html.main.get_text() + html.title.get_text()

    right = client.post(form["action"], {**fields, "password": "open sesame"})
    assert right.status_code == 302 and right["Location"] == url
    assert soup(client.get(url)).h1.get_text(strip=True) == title


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_password_page_is_accessible(page, live_server, guarded, axe, language):
    page.goto(f"{live_server.url}{PRIVATE[language][1]}")
    assert page.get_by_role("link", name=TEXT[language]["exit"]).is_visible()
    assert serious_violations(axe, page) == []
    page.get_by_role("button").filter(has_text="Continu").click()
    page.locator(".error-summary").wait_for()
    assert serious_violations(axe, page) == []

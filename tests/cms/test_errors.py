"""Error pages: styled, translated, and revealing nothing internal."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.utils import translation

from cms.views import server_error

pytestmark = pytest.mark.django_db

INTERNAL_HINTS = ("Traceback", "DEBUG", "urlpatterns", "cms.urls", "Django", "settings")


@pytest.mark.parametrize(
    ("url", "lang", "heading"),
    [
        ("/en/no-such-page/", "en", "Page not found"),
        ("/fr/pas-de-page/", "fr", "Page introuvable"),
    ],
)
def test_unknown_urls_get_the_styled_404(client, site_pages, url, lang, heading):
    response = client.get(url)
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == lang
    assert page.h1.get_text(strip=True) == heading
    assert page.find("a", attrs={"data-quick-exit": True})
    assert page.find("aside", class_="crisis-banner")
    text = response.content.decode()
    for hint in INTERNAL_HINTS:
        assert hint not in text


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "Something went wrong"), ("fr", "Une erreur s’est produite")],
)
def test_500_page_in_both_languages(lang, heading):
    request = RequestFactory().get(f"/{lang}/")
    with translation.override(lang):
        response = server_error(request)
    assert response.status_code == 500
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == lang
    assert page.h1.get_text(strip=True) == heading
    assert "1-833-900-1010" in page.get_text()
    for hint in INTERNAL_HINTS:
        assert hint not in response.content.decode()

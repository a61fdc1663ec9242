import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def results(response):
    page = BeautifulSoup(response.content, "html.parser")
    found = page.find("ol", class_="search-results")
    return [a.get_text(strip=True) for a in found.find_all("a")] if found else []


def test_search_finds_pages_in_the_visitors_language(client, site_pages):
    assert results(client.get("/en/search/", {"query": "meet"})) == ["About us"]
    assert results(client.get("/fr/search/", {"query": "propos"})) == ["À propos"]


def test_search_without_results_says_so(client, site_pages):
    response = client.get("/en/search/", {"query": "zzzzqqq"})
    assert response.status_code == 200
    assert "Nothing matched your search" in response.content.decode()


def test_search_refuses_an_overlong_query_with_a_message(client, site_pages):
    response = client.get("/en/search/", {"query": "x" * 500})
    assert response.status_code == 200
    assert (
        "Your search is too long. Use 200 characters or fewer."
        in response.content.decode()
    )


def test_search_survives_a_bad_page_number(client, site_pages):
    for bad in ("abc", "-1", "99999"):
        response = client.get("/en/search/", {"query": "meet", "page": bad})
        assert response.status_code == 200
        assert results(response) == ["About us"]


def test_unpublished_pages_are_not_found(client, site_pages):
    site_pages["about_en"].unpublish()
    assert results(client.get("/en/search/", {"query": "meet"})) == []

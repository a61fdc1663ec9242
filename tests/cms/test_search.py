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


# --- any text (issue 11: a NUL byte was a 500 on PostgreSQL, a quote on SQLite) ---
def message(response):
    page = BeautifulSoup(response.content, "html.parser")
    found = page.find(id="search-error")
    return found.get_text(" ", strip=True) if found else ""


def test_search_with_a_nul_byte_searches_the_words(client, site_pages):
    response = client.get("/en/search/?query=%00meet")
    assert response.status_code == 200
    assert results(response) == ["About us"]
    field = BeautifulSoup(response.content, "html.parser").find(id="search-page-query")
    assert field["value"] == "meet"


@pytest.mark.parametrize("query", ['"meet"', '"meet', "meet*", "-meet", "(meet)"])
def test_search_with_quotes_and_operators_searches_the_words(client, site_pages, query):
    response = client.get("/en/search/", {"query": query})
    assert response.status_code == 200
    assert "About us" in results(response)


@pytest.mark.parametrize("query", ["NEAR(meet", "title:meet"])
def test_search_operators_are_words_like_any_other(client, site_pages, query):
    response = client.get("/en/search/", {"query": query})
    assert response.status_code == 200
    assert "Nothing matched your search" in response.content.decode()


def test_search_without_words_says_what_to_search_for(client, site_pages):
    for language, query, expected in (
        (
            "en",
            '"" * --',
            'No results for “"" * --”: search for words or numbers, without '
            "quotes or symbols.",
        ),
        (
            "fr",
            "«»",
            "Aucun résultat pour « «» » : cherchez des mots ou des nombres, sans "
            "guillemets ni symboles.",
        ),
    ):
        response = client.get(f"/{language}/search/", {"query": query})
        assert response.status_code == 200
        assert message(response) == expected
        assert results(response) == []


def test_search_of_only_control_characters_is_an_empty_search(client, site_pages):
    response = client.get("/en/search/?query=%00%01%1b")
    assert response.status_code == 200
    assert message(response) == ""
    assert results(response) == []


def test_search_words_keep_letters_and_digits_of_any_script():
    from cms.query_text import plain_text, search_words

    assert search_words('"Réseaux" de-soutien AND 2*3 «ok» l’aide') == (
        "Réseaux de soutien AND 2 3 ok l aide"
    )
    assert search_words("e\u0301te\u0301") == "été"  # composed
    assert search_words("\x00 \" ' * ( ) _") == ""
    assert plain_text("a\x00b\tc\n  d") == "a b c d"

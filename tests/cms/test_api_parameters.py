"""The read API answers any query string below 500 (issue 11): a bad
parameter is a 400 with a JSON message naming it, and ``search`` takes any
text (a NUL byte was a 500 on PostgreSQL, a quote on SQLite)."""

import pytest

pytestmark = pytest.mark.django_db


def titles(response):
    return sorted(item["title"] for item in response.json()["items"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=%00meet",
        "/api/v2/pages/?search=%22meet%22",
        "/api/v2/pages/?search=(meet*)%20-",
    ],
)
def test_search_takes_any_text_and_searches_its_words(client, site_pages, url):
    response = client.get(url)
    assert response.status_code == 200
    assert titles(response) == ["About us"]


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_search_without_words_finds_nothing(client, site_pages, endpoint):
    for query in ("%00", "%22", "%22%22%20*"):
        response = client.get(f"/api/v2/{endpoint}/?search={query}")
        assert response.status_code == 200
        assert response.json()["items"] == []


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "/api/v2/pages/?locale=%00",
            "'locale' must not contain control characters (such as NUL)",
        ),
        (
            "/api/v2/pages/?site=a%00b",
            "'site' must not contain control characters (such as NUL)",
        ),
        (
            "/api/v2/pages/find/?html_path=%00",
            "'html_path' must not contain control characters (such as NUL)",
        ),
        (
            "/api/v2/images/?title=%01",
            "'title' must not contain control characters (such as NUL)",
        ),
        ("/api/v2/pages/find/?id=abc", "id must be a positive integer"),
        ("/api/v2/pages/find/?id=1e309", "id must be a positive integer"),
        (
            "/api/v2/pages/?offset=99999999999999999999",
            "offset must be 2147483647 or less",
        ),
        ("/api/v2/documents/?offset=2147483648", "offset must be 2147483647 or less"),
        (
            "/api/v2/pages/?search=x&search_operator=xor",
            "search_operator must be 'and' or 'or'",
        ),
        (
            "/api/v2/pages/?search=" + "x" * 201,
            "search must be 200 characters or fewer",
        ),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, site_pages, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": message}


def test_good_parameters_still_work(client, site_pages):
    about = site_pages["about_en"]
    found = client.get("/api/v2/pages/find/", {"html_path": "/about/"})
    assert found.status_code == 302
    assert f"/api/v2/pages/{about.pk}/" in found["Location"]
    by_id = client.get("/api/v2/pages/find/", {"id": about.pk})
    assert by_id.status_code == 302
    french = client.get("/api/v2/pages/", {"locale": "fr", "search": "propos"})
    assert titles(french) == ["À propos"]
    either = client.get(
        "/api/v2/pages/", {"search": "meet propos", "search_operator": "or"}
    )
    assert titles(either) == ["About us", "À propos"]
    assert client.get("/api/v2/pages/", {"offset": 2147483647}).status_code == 200

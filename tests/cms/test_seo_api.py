"""sitemap.xml, robots.txt and Wagtail's API v2."""

from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db


def test_sitemap_lists_pages_in_both_languages(client, site_pages):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [loc.text for loc in tree.iter(f"{namespace}loc")]
    paths = {loc.split("localhost", 1)[-1] for loc in locations}
    assert {"/en/", "/fr/", "/en/about/", "/fr/a-propos/"} <= paths


def test_sitemap_leaves_out_unpublished_pages(client, site_pages):
    site_pages["about_fr"].unpublish()
    assert "/fr/a-propos/" not in client.get("/sitemap.xml").content.decode()


def test_robots_txt_points_to_the_sitemap(client, site_pages):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_api_lists_pages_with_their_public_fields(client, site_pages):
    response = client.get(
        "/api/v2/pages/", {"type": "cms.ContentPage", "fields": "intro"}
    )
    assert response.status_code == 200
    items = response.json()["items"]
    by_title = {item["title"]: item for item in items}
    assert by_title["About us"]["intro"] == "Who we are and where we meet."
    assert by_title["À propos"]["meta"]["locale"] == "fr"


def test_api_page_detail_has_the_body(client, site_pages):
    about = site_pages["about_en"]
    about.body = [("paragraph", "<p>Monthly meetings.</p>")]
    about.save_revision().publish()
    body = client.get(f"/api/v2/pages/{about.pk}/").json()["body"]
    assert body[0]["type"] == "paragraph"
    assert "Monthly meetings." in body[0]["value"]


def test_api_bad_filter_is_a_clear_400(client, site_pages):
    response = client.get("/api/v2/pages/", {"type": "nope.Nothing"})
    assert response.status_code == 400
    assert "type doesn't exist" in response.json()["message"]


def test_api_hides_unpublished_pages(client, site_pages):
    site_pages["about_en"].unpublish()
    titles = [i["title"] for i in client.get("/api/v2/pages/").json()["items"]]
    assert "About us" not in titles

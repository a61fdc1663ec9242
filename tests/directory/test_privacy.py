"""Confidential addresses never leak: a hidden location has no address and
no point anywhere public; an approximate one shows only its FSA's centre.
And no full postal code reaches a URL the search produces."""

import pytest
from bs4 import BeautifulSoup

from .conftest import GATINEAU

pytestmark = pytest.mark.django_db

HIDDEN_STREET = "77 Secret Lane"
HIDDEN_POINT = (45.43317, -75.70123)
APPROX_STREET = "55 Quiet Road"
APPROX_POINT = (45.41871, -75.69236)


@pytest.fixture
def confidential(make_service):
    hidden = make_service(
        "Safe house",
        at=HIDDEN_POINT,
        visibility="hidden",
        address=HIDDEN_STREET,
        postal_code="K1P 9Z9",
        need="shelter-housing",
    )
    approximate = make_service(
        "Peer circle",
        at=APPROX_POINT,
        visibility="approximate",
        address=APPROX_STREET,
        postal_code="K1P 8Y8",
        need="community",
    )
    public = make_service("Clinic", at=GATINEAU, address="1 Open Street")
    return {"hidden": hidden, "approximate": approximate, "public": public}


SECRETS = [
    HIDDEN_STREET,
    "9Z9",
    str(HIDDEN_POINT[0]),
    str(HIDDEN_POINT[1]),
    "45.433",
    APPROX_STREET,
    "8Y8",
    str(APPROX_POINT[0]),
    "45.4187",
    "-75.6923",
]


def assert_no_secret(body):
    for secret in SECRETS:
        assert secret not in body, secret


def public_urls(confidential):
    urls = [
        "/en/services/",
        "/en/services/near/K1P/",
        "/fr/services/near/K1P/",
        "/en/services/in/ottawa/",
        "/en/services/canada/",
    ]
    for service in confidential.values():
        urls += [
            f"/en/services/service/{service.pk}/",
            f"/fr/services/service/{service.pk}/",
        ]
    return urls


def test_no_confidential_address_in_any_public_page(client, confidential):
    for url in public_urls(confidential):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(response.content.decode())


def test_the_hidden_service_is_found_with_how_to_reach_intake(client, confidential):
    response = client.get("/en/services/in/ottawa/")
    body = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    assert "Safe house" in body
    assert "Confidential location. Call the intake line." in body
    # Listed by its area, with no distance that could place it.
    card = (
        BeautifulSoup(response.content, "html.parser")
        .find(string="Safe house")
        .find_parent("li")
    )
    assert "km" not in card.get_text()
    assert "Serves Ottawa" in card.get_text()


def test_an_approximate_place_is_measured_from_its_fsa_centre(client, confidential):
    response = client.get("/en/services/near/K1P/")
    card = (
        BeautifulSoup(response.content, "html.parser")
        .find(string="Peer circle")
        .find_parent("li")
    )
    # K1P's centre is the search's origin: the distance is the same for
    # every approximate place in K1P, whatever its exact point.
    assert "less than 1 km" in card.get_text()
    assert "In the K1P area of Ottawa" in card.get_text()


def test_no_confidential_address_in_the_sitemap(client, confidential):
    response = client.get("/sitemap.xml")
    body = response.content.decode()
    assert f"/en/services/service/{confidential['hidden'].pk}/" in body
    assert_no_secret(body)


def test_no_confidential_address_in_site_search(client, confidential):
    response = client.get("/en/search/", {"query": "Secret Lane"})
    assert "Safe house" not in response.content.decode()
    assert_no_secret(response.content.decode().replace("Secret Lane", ""))


def test_no_confidential_address_in_the_organizers_export(
    client, confidential, django_user_model
):
    admin = django_user_model.objects.create_superuser("boss", "b@example.org", "x")
    client.force_login(admin)
    for export in ("csv", "xlsx"):
        response = client.get("/admin/directory/locations/", {"export": export})
        assert response.status_code == 200
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else (response.content)
        )
        if export == "csv":
            text = body.decode()
            assert "1 Open Street" in text
            assert_no_secret(text)
        else:
            import io

            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(body)).active
            cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
            assert "1 Open Street" in cells
            assert_no_secret(cells)


def test_no_full_postal_code_in_any_url_the_search_produces(client, confidential):
    response = client.post(
        "/en/services/", {"where": "K1P 5M2", "need": "community", "language": "en"}
    )
    location = response["Location"]
    assert "5M2" not in location and "5m2" not in location
    results = client.get(location)
    soup = BeautifulSoup(results.content, "html.parser")
    for element in soup.find_all(href=True) + soup.find_all(action=True):
        url = element.get("href") or element.get("action")
        assert "5M2" not in url.upper(), url
    assert "5M2" not in results.content.decode()


def test_no_full_postal_code_in_the_logs(client, confidential, caplog):
    import logging

    with caplog.at_level(logging.DEBUG):
        response = client.post("/en/services/", {"where": "K1P 5M2"})
        client.get(response["Location"])
        client.post("/en/services/", {"where": "D1P 5M2"})  # refused
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "5M2" not in logged.upper()

"""``/api/hsds/``: HSDS 3.0 objects, valid against Open Referral's schemas
(shared/data/hsds-3.0, CC BY-SA 4.0, read in place, not copied), paginated,
with no confidential address."""

import json

import pytest
from jsonschema import Draft202012Validator

from .conftest import ALL_WEEK, GATINEAU, hsds_folder
from .test_privacy import assert_no_secret, confidential  # noqa: F401

pytestmark = pytest.mark.django_db


def validator(name):
    schema = json.loads(
        (hsds_folder() / "schema" / "compiled" / f"{name}.json").read_text()
    )
    return Draft202012Validator(schema)


def assert_valid(name, item):
    errors = [
        f"{'/'.join(map(str, error.path))}: {error.message}"
        for error in validator(name).iter_errors(item)
    ]
    assert errors == [], errors


def test_every_exported_object_is_valid(client, confidential, make_service):  # noqa: F811
    make_service(
        "Line",
        at=GATINEAU,
        hours=ALL_WEEK,
        phones=[("1-800-555-0100", "crisis"), ("1-800-555-0101", "tty")],
        areas=[("canada", "")],
    )
    services = client.get("/api/hsds/services/").json()
    assert services["total_items"] == 4
    for item in services["contents"]:
        assert_valid("service", item)
    organizations = client.get("/api/hsds/organizations/").json()
    for item in organizations["contents"]:
        assert_valid("organization", item)
    links = client.get("/api/hsds/service_at_locations/").json()
    assert links["total_items"] == 4
    for item in links["contents"]:
        assert_valid("service_at_location", item)
    one = client.get(f"/api/hsds/services/{services['contents'][0]['id']}/").json()
    assert_valid("service", one)


def test_pagination(client, make_service):
    for number in range(3):
        make_service(f"Service {number}")
    first = client.get("/api/hsds/services/", {"per_page": 2}).json()
    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert first["first_page"] and not first["last_page"]
    second = client.get("/api/hsds/services/", {"per_page": 2, "page": 2}).json()
    assert second["last_page"] and second["size"] == 1
    bad = client.get("/api/hsds/services/", {"per_page": "x", "page": "\x00"})
    assert bad.status_code == 200


def test_no_confidential_address_in_the_api(client, confidential):  # noqa: F811
    for url in (
        "/api/hsds/services/",
        "/api/hsds/service_at_locations/",
        "/api/hsds/services/?language=fr",
        f"/api/hsds/services/{confidential['hidden'].pk}/",
    ):
        body = client.get(url).content.decode()
        assert_no_secret(body)
    hidden = client.get(f"/api/hsds/services/{confidential['hidden'].pk}/").json()
    place = hidden["service_at_locations"][0]["location"]
    assert place["address_visibility"] == "hidden"
    assert "latitude" not in place and "addresses" not in place
    approximate = client.get(
        f"/api/hsds/services/{confidential['approximate'].pk}/"
    ).json()
    place = approximate["service_at_locations"][0]["location"]
    assert (place["latitude"], place["longitude"]) == (45.421, -75.698)  # K1P
    assert "addresses" not in place


def test_french_texts(client, make_service):
    make_service("Clinic", name_fr="Clinique")
    assert (
        client.get("/api/hsds/services/?language=fr").json()["contents"][0]["name"]
        == "Clinique"
    )

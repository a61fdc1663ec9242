"""The Represent client against a local server: both lists, cache, rate
limit, timeout and the local fallback."""

import time

import pytest

from advocacy.models import District, PostalCodeArea, Representative
from advocacy.postcodes import InvalidPostalCode
from advocacy.services.represent import find_representatives

from .conftest import mp

pytestmark = pytest.mark.django_db


def postcode(centroid, concordance, city="Ottawa"):
    return {
        "code": "K1A0B1",
        "city": city,
        "province": "ON",
        "representatives_centroid": centroid,
        "representatives_concordance": concordance,
    }


def test_both_centroid_and_concordance_are_offered(represent):
    represent.routes["/postcodes/K1A0B1/"] = (
        200,
        postcode(
            [mp("Ada Lovelace", "35075", "Ottawa Centre")],
            [
                mp("Ada Lovelace", "35075", "Ottawa Centre"),
                mp("Grace Hopper", "35076", "Ottawa South"),
                mp("Ian Smith", "2", "Ottawa Centre", office="MPP"),
            ],
        ),
        0,
    )
    lookup = find_representatives(" k1a-0b1 ")
    assert lookup.source == "represent" and lookup.message == ""
    assert [r.name for r in lookup.representatives] == [
        "Ada Lovelace",
        "Grace Hopper",
        "Ian Smith",
    ]
    ada = lookup.representatives[0]
    assert ada.level == "federal" and ada.district.name == "Ottawa Centre"
    assert ada.office("constituency")["tel"] == "1 613 555-0100"
    assert lookup.representatives[2].level == "provincial"
    assert represent.requests == ["/postcodes/K1A0B1/"]


def test_answers_are_cached(represent):
    represent.routes["/postcodes/K1A0B1/"] = (
        200,
        postcode([mp("Ada Lovelace", "35075", "Ottawa Centre")], []),
        0,
    )
    find_representatives("K1A 0B1")
    find_representatives("k1a0b1")
    assert represent.requests == ["/postcodes/K1A0B1/"]


def test_a_bad_postal_code_never_reaches_represent(represent):
    with pytest.raises(InvalidPostalCode):
        find_representatives("K1A OB1")
    assert represent.requests == []


def test_unknown_postal_code_says_nothing_was_found(represent):
    lookup = find_representatives("H0H 0H0")
    assert lookup.representatives == []
    assert "We found no representatives for H0H 0H0" in lookup.message


def local_data():
    district = District.objects.create(
        boundary_set="federal-electoral-districts",
        external_id="35075",
        name="Ottawa Centre",
        level="federal",
    )
    Representative.objects.create(
        source_key="local|ada",
        representative_set="House of Commons",
        level="federal",
        name="Ada Lovelace",
        elected_office="MP",
        district=district,
    )
    area = PostalCodeArea.objects.create(code="K1A")
    area.districts.add(district)


def test_a_slow_represent_falls_back_to_local_data_within_the_timeout(represent):
    local_data()
    represent.routes["/postcodes/K1A0B1/"] = (200, postcode([], []), 5)
    started = time.monotonic()
    lookup = find_representatives("K1A 0B1")
    assert time.monotonic() - started < 3  # the 1 s timeout of this test
    assert lookup.source == "local"
    assert [r.name for r in lookup.representatives] == ["Ada Lovelace"]
    assert "did not answer" in lookup.message


def test_represent_down_and_no_local_data_gives_a_clear_message(settings):
    settings.REPRESENT_API_URL = "http://127.0.0.1:1"  # nothing listens there
    lookup = find_representatives("K1A 0B1")
    assert lookup.representatives == []
    assert "The representatives service did not answer" in lookup.message
    assert "find your representative another way" in lookup.message
    assert "try again in a few minutes" not in lookup.message
    assert "K1A 0B1" in lookup.message


def test_server_errors_fall_back(represent):
    local_data()
    represent.routes["/postcodes/K1A0B1/"] = (503, {"error": "down"}, 0)
    lookup = find_representatives("K1A0B1")
    assert lookup.source == "local" and lookup.found


def test_rate_limit_keeps_requests_under_the_limit(represent, settings):
    settings.REPRESENT_RATE_PER_MINUTE = 3
    for number in range(5):
        code = f"K1A0B{number}"
        represent.routes[f"/postcodes/{code}/"] = (200, postcode([], []), 0)
        find_representatives(code)
    assert len(represent.requests) == 3


def test_an_oversized_answer_is_not_read_or_cached(represent):
    """A 2 MB answer is cut off at the cap: the lookup falls back to the
    local table, and nothing is cached (the next lookup asks again)."""
    from advocacy.services.represent import MAX_ANSWER_BYTES

    local_data()
    huge = postcode([mp("Grace Hopper", "35076", "Ottawa South")], [])
    huge["padding"] = "x" * (MAX_ANSWER_BYTES + 1)
    represent.routes["/postcodes/K1A0B1/"] = (200, huge, 0)
    lookup = find_representatives("K1A 0B1")
    assert lookup.source == "local"
    assert [r.name for r in lookup.representatives] == ["Ada Lovelace"]
    find_representatives("K1A 0B1")
    assert represent.requests == ["/postcodes/K1A0B1/"] * 2
    assert not Representative.objects.filter(name="Grace Hopper").exists()

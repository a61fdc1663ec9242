"""Searching the Service Map: from a postal code or a city, in distance
order, with each filter; bad places answered with a clear message."""

from datetime import UTC, datetime, time

import pytest
from bs4 import BeautifulSoup

from directory.models import Schedule
from directory.search import is_open

from .conftest import ALL_WEEK, GATINEAU, KANATA, KINGSTON, OTTAWA_NEAR

pytestmark = pytest.mark.django_db


def names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".service-card__title")]


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


# --- the place: postal code, FSA, city ----------------------------------------
def test_a_full_postal_code_becomes_its_fsa_in_the_url(client, service_map):
    response = client.post(
        "/en/services/", {"where": " k1p-5m2 ", "need": "legal", "open_now": "on"}
    )
    assert response.status_code == 303
    assert response["Location"] == "/en/services/near/K1P/?need=legal&open_now=1"
    assert "5M2" not in response["Location"].upper()


def test_a_postal_code_typed_into_the_address_is_cut_to_its_fsa(client, service_map):
    response = client.get("/en/services/near/k1p5m2/")
    assert response.status_code == 302
    assert response["Location"] == "/en/services/near/K1P/"


def test_a_city_leads_to_its_results(client, service_map):
    response = client.post("/fr/services/", {"where": "montréal"})
    assert response["Location"] == "/fr/services/in/montreal/"


def test_all_of_canada(client, service_map):
    response = client.post("/en/services/", {"everywhere": "on"})
    assert response["Location"] == "/en/services/canada/"


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("", "Enter a postal code or a city"),
        ("D1P 5M2", "That is not a Canadian postal code"),
        ("Z9Z", "That is not a Canadian postal code"),
        ("Atlantis", "We do not know a place called “Atlantis”"),
        ("<script>x</script>", "We do not know a place called"),
    ],
)
def test_bad_places_get_a_clear_message(client, service_map, where, message):
    response = client.post("/en/services/", {"where": where})
    assert response.status_code == 400
    assert message in text(response)
    assert "<script>x" not in response.content.decode()


def test_an_fsa_we_do_not_know_gets_a_clear_message(client, service_map):
    response = client.get("/en/services/near/K0K/")
    assert response.status_code == 404
    assert "We do not know where the postal area K0K is yet" in text(response)


def test_an_unknown_city_in_the_url_gets_a_clear_message(client, service_map):
    response = client.get("/en/services/in/atlantis/")
    assert response.status_code == 404
    assert "We do not know that place" in text(response)


def test_bad_filter_values_are_refused_with_a_message(client, service_map):
    response = client.get("/en/services/near/K1P/?need=%00&cost=gold")
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)


# --- distance order ---------------------------------------------------------------
def test_results_in_distance_order_with_national_services_last(client, make_service):
    make_service("Far Kingston", at=KINGSTON)
    make_service("Kanata", at=KANATA)
    make_service("Downtown", at=OTTAWA_NEAR)
    make_service("Gatineau", at=GATINEAU)
    make_service("Phone line", at=None, areas=[("canada", "")])
    make_service("Ontario line", at=None, areas=[("province", "ON")])
    make_service("Quebec line", at=None, areas=[("province", "QC")])
    response = client.get("/en/services/near/K1P/")
    assert names(response) == [
        "Downtown",
        "Gatineau",
        "Kanata",
        "Ontario line",
        "Phone line",
    ]
    page = text(response)
    assert "less than 1 km" in page
    assert "6 km" in page
    assert "20 km" in page
    assert "Serves all of Ontario" in page
    assert "Serves all of Canada" in page


def test_a_city_search_measures_from_the_city(client, make_service):
    make_service("Downtown", at=OTTAWA_NEAR)
    make_service("Kingston clinic", at=KINGSTON, city="Kingston", postal_code="K7L 2Z1")
    response = client.get("/en/services/in/kingston/")
    # Ottawa is about 145 km away: beyond the radius.
    assert names(response) == ["Kingston clinic"]
    assert "Services near Kingston" in text(response)


# --- filters ------------------------------------------------------------------------
FILTERS = [
    ("need=legal", {"need": "legal"}, {"need": "health"}),
    ("language=fr", {"languages": ("en", "fr")}, {"languages": ("en",)}),
    ("cost=free", {"cost": "free"}, {"cost": "fee"}),
    (
        "audience=supporters",
        {"for_supporters": True},
        {"for_supporters": False},
    ),
    ("audience=professionals", {"for_professionals": True}, {}),
    ("delivery=text", {"delivery_text": True}, {"delivery_phone": True}),
    ("access=walk-in", {"access_walk_in": True}, {"access_referral": True}),
    ("step_free=1", {"step_free": True}, {"step_free": False}),
    ("hours_24=1", {"hours": ALL_WEEK}, {"hours": [("MO", time(9), time(17))]}),
]


@pytest.mark.parametrize(("query", "matching", "other"), FILTERS)
def test_each_filter(client, make_service, query, matching, other):
    make_service("Matching", **matching)
    make_service("Other", at=GATINEAU, **other)
    assert names(client.get(f"/en/services/near/K1P/?{query}")) == ["Matching"]
    assert names(client.get("/en/services/near/K1P/")) == ["Matching", "Other"]


def test_open_now_filter(client, make_service):
    make_service("Always", hours=ALL_WEEK)
    make_service("Never today", at=GATINEAU, hours=[])
    make_service("Closed", at=KANATA, hours=[("MO", time(0), time(0, 1))])
    assert names(client.get("/en/services/near/K1P/?open_now=1")) == ["Always"]


def test_the_visitor_finds_a_free_french_counselling_service_open_now(
    client, make_service
):
    """The issue's "done when", without JavaScript, in both languages."""
    make_service(
        "Counselling in French",
        name_fr="Counselling en français",
        at=GATINEAU,
        languages=("fr",),
        cost="free",
        hours=ALL_WEEK,
    )
    make_service("English only", languages=("en",), cost="free", hours=ALL_WEEK)
    make_service("Paid", languages=("fr",), cost="fee", hours=ALL_WEEK)
    make_service("Legal", need="legal", languages=("fr",), hours=ALL_WEEK)
    for language, name in (
        ("en", "Counselling in French"),
        ("fr", "Counselling en français"),
    ):
        response = client.post(
            f"/{language}/services/",
            {
                "where": "K1P 5M2",
                "need": "counselling",
                "language": "fr",
                "cost": "free",
                "open_now": "on",
            },
        )
        response = client.get(response["Location"])
        assert names(response) == [name]


# --- open now, across time zones -------------------------------------------------
def schedule(day, opens, closes, zone):
    return Schedule(byday=day, opens_at=opens, closes_at=closes, time_zone=zone)


def test_open_now_reads_each_schedule_in_its_own_time_zone():
    # Wednesday 3 December 2026, 12:45 UTC: 09:15 in St. John's (UTC-3:30),
    # 07:45 in Toronto, 04:45 in Vancouver.
    now = datetime(2026, 12, 2, 12, 45, tzinfo=UTC)
    nine_to_five = (time(9), time(17))
    assert is_open([schedule("WE", *nine_to_five, "America/St_Johns")], now) == "open"
    assert is_open([schedule("WE", *nine_to_five, "America/Toronto")], now) == "closed"
    assert (
        is_open([schedule("WE", *nine_to_five, "America/Vancouver")], now) == "closed"
    )
    # At 17:10 UTC: 09:10 in Vancouver, 13:40 in St. John's.
    later = datetime(2026, 12, 2, 17, 10, tzinfo=UTC)
    assert (
        is_open([schedule("WE", *nine_to_five, "America/Vancouver")], later) == "open"
    )
    assert is_open([], now) == "unknown"


def test_a_schedule_past_midnight():
    evenings = [schedule("TU", time(18), time(2), "America/Toronto")]
    # Wednesday 01:30 in Toronto (06:30 UTC): still Tuesday evening's opening.
    assert is_open(evenings, datetime(2026, 12, 2, 6, 30, tzinfo=UTC)) == "open"
    # Wednesday 02:30: closed.
    assert is_open(evenings, datetime(2026, 12, 2, 7, 30, tzinfo=UTC)) == "closed"
    # Tuesday 23:00 (04:00 UTC Wednesday): open.
    assert is_open(evenings, datetime(2026, 12, 2, 4, 0, tzinfo=UTC)) == "open"
    # Tuesday 17:00: not yet.
    assert is_open(evenings, datetime(2026, 12, 1, 22, 0, tzinfo=UTC)) == "closed"


def test_hours_are_shown_in_three_states(client, make_service):
    make_service("Always", hours=ALL_WEEK)
    make_service("Unknown", at=GATINEAU)
    page = text(client.get("/en/services/near/K1P/"))
    assert "Open now" in page
    assert "Hours unknown" in page


# --- a service's page ---------------------------------------------------------------
def test_a_service_page_in_both_languages(client, make_service, service_map):
    service = make_service(
        "Clinic",
        name_fr="Clinique",
        phones=[("613-555-0199", "crisis")],
        hours=[("MO", time(9), time(17))],
    )
    english = client.get(f"/en/services/service/{service.pk}/")
    assert english.status_code == 200
    assert "Clinic" in text(english)
    assert "613-555-0199" in text(english)
    assert "Monday" in text(english)
    french = client.get(f"/fr/services/service/{service.pk}/")
    assert "Clinique" in text(french)
    assert "Lundi" in text(french) or "lundi" in text(french)


def test_a_retired_service_has_no_page(client, make_service):
    service = make_service("Gone", status="defunct")
    assert client.get(f"/en/services/service/{service.pk}/").status_code == 404
    assert names(client.get("/en/services/near/K1P/")) == []


def test_operators_load_more_areas_and_places(client, service_map, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    areas = tmp_path / "fsa.csv"
    areas.write_text("code,latitude,longitude,province\nK0K,44.5,-77.0,ON\n")
    out = StringIO()
    call_command("import_fsa_centroids", str(areas), stdout=out)
    assert "1 forward sortation area(s) loaded" in out.getvalue()
    assert client.get("/en/services/near/K0K/").status_code == 200
    places = tmp_path / "places.csv"
    places.write_text(
        "slug,name,name_fr,province,latitude,longitude\n"
        "trois-rivieres,Trois-Rivieres,Trois-Rivières,QC,46.34,-72.54\n"
    )
    call_command("import_places", str(places), stdout=out)
    response = client.post("/fr/services/", {"where": "Trois-Rivières"})
    assert response["Location"] == "/fr/services/in/trois-rivieres/"
    areas.write_text("code,latitude,longitude,province\nK0K,95,-77.0,ON\n")
    with pytest.raises(CommandError, match="line 2: coordinates outside Canada"):
        call_command("import_fsa_centroids", str(areas))

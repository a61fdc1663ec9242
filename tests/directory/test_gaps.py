"""Gaps, counted safely: monthly aggregates per FSA and need of searches
that found nothing within 50 km; fewer than 10 are never shown."""

import pytest

from directory.models import SearchGap

from .conftest import KINGSTON

pytestmark = pytest.mark.django_db


def search(client, where, need=""):
    return client.post("/en/services/", {"where": where, "need": need})


def test_searches_that_find_nothing_near_are_counted(client, make_service):
    make_service("Kingston legal", at=KINGSTON, need="legal")
    make_service("Ottawa counselling", need="counselling")
    for _ in range(3):
        search(client, "K1P 5M2", "legal")  # nothing within 50 km
    search(client, "K1P", "counselling")  # found
    search(client, "Ottawa", "legal")  # a city: not counted
    gap = SearchGap.objects.get()
    assert (gap.fsa, gap.need, gap.searches) == ("K1P", "legal", 3)
    assert gap.month.day == 1
    # Only the FSA, the need and a count are kept.
    assert {f.name for f in SearchGap._meta.fields} == {
        "id",
        "month",
        "fsa",
        "need",
        "searches",
    }


def test_areas_under_ten_searches_are_not_shown(
    client, make_service, django_user_model
):
    for _ in range(9):
        search(client, "K1P", "legal")
    for _ in range(10):
        search(client, "M5V", "health")
    admin = django_user_model.objects.create_superuser("boss", "b@example.org", "x")
    client.force_login(admin)
    page = client.get("/admin/directory/gaps/").content.decode()
    assert "M5V" in page
    assert "K1P" not in page

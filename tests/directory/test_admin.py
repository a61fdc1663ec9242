"""Organizer screens: list with filters, export, add and edit a service."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from directory.models import Service

pytestmark = pytest.mark.django_db


def rows_of(response):
    """The listing's table, as text (not the filters' choices)."""
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(soup.select_one("table.listing tbody").get_text().split())


@pytest.fixture
def organizer(client, django_user_model, service_map):
    user = django_user_model.objects.create_user("org", "o@example.org", "x")
    user.groups.add(Group.objects.get(name="Organizers"))
    client.force_login(user)
    return user


def test_organizers_list_filter_and_export_services(client, organizer, make_service):
    make_service("Legal clinic", need="legal")
    make_service("Counselling centre", need="counselling")
    listing = client.get("/admin/directory/services/", {"need": "legal"})
    assert listing.status_code == 200
    rows = rows_of(listing)
    assert "Legal clinic" in rows and "Counselling centre" not in rows
    csv = b"".join(
        client.get("/admin/directory/services/", {"export": "csv"}).streaming_content
    ).decode()
    assert "Legal clinic" in csv and "Counselling centre" in csv
    xlsx = client.get("/admin/directory/services/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    names = {row[1].value for row in sheet.iter_rows(min_row=2)}
    assert names == {"Legal clinic", "Counselling centre"}


def test_needs_verification_filter(client, organizer, make_service):
    make_service("Never checked")
    Service.objects.filter(name="Never checked").update(assured_date=None)
    make_service("Checked")
    Service.objects.filter(name="Checked").update(assured_date="2099-01-01")
    rows = rows_of(
        client.get("/admin/directory/services/", {"needs_verification": "true"})
    )
    assert "Never checked" in rows and "Checked org" not in rows


def test_the_add_and_edit_screens_open(client, organizer, make_service):
    assert client.get("/admin/directory/services/new/").status_code == 200
    service = make_service("Clinic")
    assert (
        client.get(f"/admin/directory/services/edit/{service.pk}/").status_code == 200
    )
    assert client.get("/admin/directory/locations/").status_code == 200
    assert client.get("/admin/directory/organizations/").status_code == 200
    assert client.get("/admin/directory/categories/").status_code == 200

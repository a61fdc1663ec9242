"""``manage.py import_hsds``: Open Referral's examples (CSV datapackage and
JSON) imported, upserted by HSDS id, taxonomy mapped through the editable
table, retired services, and a second run that changes nothing."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.importer import import_hsds
from directory.models import Location, Organization, Service, TaxonomyTerm
from directory.places import load_reference_data

from .conftest import hsds_folder

pytestmark = pytest.mark.django_db
EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"


@pytest.fixture(autouse=True)
def needs():
    load_reference_data()
    # The examples' placeholder term ("code"/"name") is mapped to counselling.
    TaxonomyTerm.objects.filter(code="counselling").update(matches="name\n")


def run(source):
    out = StringIO()
    call_command("import_hsds", str(source), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "source",
    ["csv", "csv/datapackage.json", "service_full.json", "service_list.json"],
)
def test_the_examples_import_and_a_second_run_changes_nothing(source):
    path = hsds_folder() / "examples" / source
    first = run(path)
    assert "Added:" in first and "services" in first
    service = Service.objects.get(pk=EXAMPLE_SERVICE)
    assert service.name == "Community Counselling"
    if source != "service_list.json":  # a list has no nested records
        if source == "service_full.json":
            # (The CSV example links its one attribute to another record.)
            assert service.categories.filter(code="counselling").exists()
        assert service.phones.exists()
        assert service.schedules.filter(byday="TH").exists()
        assert service.languages.exists()
        location = Location.objects.get(service_at_locations__service=service)
        # The examples' coordinates (100, 101) are not a place on Earth.
        assert location.latitude is None
    second = run(path)
    assert "Added: nothing" in second
    assert "Changed: nothing" in second
    assert "Retired: 0 service(s)" in second


def test_organization_full_and_lists():
    report = import_hsds(hsds_folder() / "examples" / "organization_full.json")
    assert Organization.objects.exists()
    assert report.changes > 0
    import_hsds(hsds_folder() / "examples" / "service_at_location_list.json")
    assert Service.objects.filter(pk=EXAMPLE_SERVICE).exists()


def test_an_unmapped_term_is_reported():
    TaxonomyTerm.objects.filter(code="counselling").update(matches="")
    output = run(hsds_folder() / "examples" / "service_full.json")
    assert "Warning: unmapped taxonomy term 'name'" in output


def test_services_missing_from_a_later_import_are_retired(tmp_path):
    data = json.loads((hsds_folder() / "examples" / "service_full.json").read_text())
    other = dict(data, id="11111111-2222-4333-8444-555555555555", name="Other")
    source = tmp_path / "services.json"
    source.write_text(json.dumps([data, other]))
    import_hsds(source)
    source.write_text(json.dumps([data]))
    report = import_hsds(source)
    assert report.retired == 1
    assert Service.objects.get(name="Other").status == Service.Status.DEFUNCT


def test_our_own_export_imports_back_unchanged(client, make_service, tmp_path):
    from .conftest import ALL_WEEK

    make_service(
        "Round trip",
        hours=ALL_WEEK,
        phones=[("1-800-555-0100", "tty")],
        areas=[("province", "ON")],
        visibility="hidden",
    )
    page = client.get("/api/hsds/services/").content
    source = tmp_path / "page.json"
    source.write_bytes(page)
    report = import_hsds(source)
    # Everything matched by id: only the source it came from is new.
    assert dict(report.added) == {}
    assert set(report.changed) <= {"services"}
    assert Location.objects.get().address_visibility == "hidden"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("/nowhere/at/all.json", "No such file or folder"),
        (__file__, "not JSON"),
    ],
)
def test_a_bad_source_gets_a_clear_message(source, message):
    with pytest.raises(CommandError, match=message):
        run(source)

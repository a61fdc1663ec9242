"""manage.py import_representatives: paginated, idempotent, elections."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from advocacy.models import Representative

from .conftest import mp

pytestmark = pytest.mark.django_db


def run(source):
    out = io.StringIO()
    call_command("import_representatives", source, stdout=out)
    return out.getvalue()


def serve_pages(represent, people, page_size=2):
    pages = [people[i : i + page_size] for i in range(0, len(people), page_size)]
    for number, objects in enumerate(pages):
        following = (
            f"/representatives/house-of-commons/?offset={(number + 1) * page_size}"
            if number + 1 < len(pages)
            else None
        )
        path = "/representatives/house-of-commons/" + (
            f"?offset={number * page_size}" if number else ""
        )
        represent.routes[path] = (
            200,
            {
                "objects": objects,
                "meta": {"next": following, "total_count": len(people)},
            },
            0,
        )
    return represent.url + "/representatives/house-of-commons/"


MPS = [
    mp("Ada Lovelace", "1", "Ottawa Centre", party="Liberal"),
    mp("Grace Hopper", "2", "Halifax", party="NDP"),
    mp("Alan Turing", "3", "Winnipeg North", party="Conservative"),
    mp("Edsger Dijkstra", "4", "Regina", party="Green"),
    mp("Barbara Liskov", "5", "Papineau", party="Bloc Québécois"),
]


def test_import_follows_next_and_a_second_run_changes_nothing(represent):
    url = serve_pages(represent, MPS)
    output = run(url)
    assert "Added: 5" in output and "Retired: 0" in output
    assert len(represent.requests) == 3  # three pages of two
    before = list(Representative.objects.order_by("pk").values())
    output = run(url)
    assert "Added: 0" in output and "Changed: 0" in output and "Unchanged: 5" in output
    after = list(Representative.objects.order_by("pk").values())
    for row in before + after:
        row.pop("last_updated")
    assert after == before


def test_changes_are_updated_and_reported(represent):
    url = serve_pages(represent, MPS)
    run(url)
    changed = [dict(m) for m in MPS]
    changed[0] = {**changed[0], "email": "ada@parl.example.org"}
    url = serve_pages(represent, changed)
    output = run(url)
    assert "Changed: 1" in output
    assert (
        Representative.objects.get(name="Ada Lovelace").email == "ada@parl.example.org"
    )


def test_an_election_retires_the_old_members(represent):
    run(serve_pages(represent, MPS))
    after_election = MPS[1:] + [mp("Katherine Johnson", "1", "Ottawa Centre")]
    output = run(serve_pages(represent, after_election))
    assert "Added: 1" in output and "Retired: 1" in output
    assert "Ada Lovelace (MP, Ottawa Centre)" in output
    assert not Representative.objects.get(name="Ada Lovelace").is_active
    assert Representative.objects.get(name="Katherine Johnson").is_active
    active = Representative.objects.filter(
        is_active=True, district__name="Ottawa Centre"
    )
    assert [r.name for r in active] == ["Katherine Johnson"]


def test_import_from_a_file(tmp_path):
    path = tmp_path / "mps.json"
    path.write_text(json.dumps({"objects": MPS[:2], "meta": {"next": None}}))
    assert "Added: 2" in run(str(path))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No such file"),
        ("not json", "is not JSON"),
        ('{"items": []}', "is not in Represent's format"),
        ('{"objects": [{"name": "No office"}]}', "needs a name and an office"),
    ],
)
def test_bad_sources_give_a_clear_error_and_change_nothing(tmp_path, content, message):
    path = tmp_path / "data.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(CommandError) as error:
        run(str(path))
    assert message in str(error.value)
    assert Representative.objects.count() == 0


def test_only_http_urls(represent):
    with pytest.raises(CommandError) as error:
        run("ftp://example.org/reps.json")
    assert "No such file" in str(error.value) or "Only http" in str(error.value)


def test_unreachable_url(settings):
    with pytest.raises(CommandError) as error:
        run("http://127.0.0.1:1/representatives/")
    assert "Could not read" in str(error.value)


def test_postal_code_table_import(tmp_path, represent):
    run(serve_pages(represent, MPS[:1]))
    table = tmp_path / "areas.csv"
    table.write_text(
        "code,boundary_set,district_id\nK1P,federal-electoral-districts,1\n"
    )
    out = io.StringIO()
    call_command("import_postal_code_areas", str(table), stdout=out)
    assert "Postal-code areas added: 1; district links added: 1" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,boundary_set,district_id\nZZZ999,federal-electoral-districts,1\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("import_postal_code_areas", str(bad))
    assert "line 2:" in str(error.value)


def test_demo_sample_loads_is_labelled_and_can_all_be_written_to(settings):
    """(One test: loading the demo takes seconds.)"""
    from cms.demo.loader import DemoLoader

    settings.DEMO_CREATE_ADMIN = False
    DemoLoader().run()
    names = list(Representative.objects.values_list("name", flat=True))
    assert names and all(name.startswith("Sample ") for name in names)
    emails = list(Representative.objects.values_list("email", flat=True))
    assert all(email.split("@")[0].isascii() for email in emails)
    from advocacy.services.represent import _from_local_data

    lookup = _from_local_data("K1P5G4")
    assert {r.level for r in lookup.representatives} == {
        "federal",
        "provincial",
        "municipal",
    }


def test_unusable_email_addresses_are_named_and_the_rest_is_imported(represent):
    """An address our mail server cannot send to (accents before the @) or
    that is no address at all is reported with its row; the person is
    imported without it, and everyone else as usual."""
    people = [dict(m) for m in MPS]
    people[1] = {**people[1], "email": "grace.hoppér@example.org"}
    people[3] = {**people[3], "email": "edsger at example.org"}
    people[4] = {**people[4], "email": "barbara@exämple.org"}  # sendable (IDN)
    output = run(serve_pages(represent, people))
    assert "Added: 5" in output
    assert (
        "Page 1, row 2 (Grace Hopper, Halifax): email “grace.hoppér@example.org” "
        "not imported:" in output
    )
    assert "Page 2, row 2 (Edsger Dijkstra, Regina): email “edsger at example.org”" in (
        output
    )
    assert "Barbara Liskov" not in output.split("Problems")[-1]
    emails = dict(Representative.objects.values_list("name", "email"))
    assert emails["Grace Hopper"] == "" and emails["Edsger Dijkstra"] == ""
    assert emails["Barbara Liskov"] == "barbara@exämple.org"
    assert emails["Ada Lovelace"] == "ada.lovelace@example.org"


def test_an_unusable_new_address_keeps_the_one_we_have(represent):
    run(serve_pages(represent, MPS))
    people = [dict(m) for m in MPS]
    people[0] = {**people[0], "email": "ada.lovelacé@example.org"}
    output = run(serve_pages(represent, people))
    assert "Page 1, row 1 (Ada Lovelace, Ottawa Centre)" in output
    assert "the address we had is kept" in output
    ada = Representative.objects.get(name="Ada Lovelace")
    assert ada.email == "ada.lovelace@example.org"


def test_a_next_page_on_another_site_is_not_followed(represent):
    represent.routes["/representatives/house-of-commons/"] = (
        200,
        {
            "objects": MPS[:1],
            "meta": {"next": "http://169.254.169.254/latest/meta-data/"},
        },
        0,
    )
    with pytest.raises(CommandError) as error:
        run(represent.url + "/representatives/house-of-commons/")
    assert "is on another site" in str(error.value)
    assert Representative.objects.count() == 0

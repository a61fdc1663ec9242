"""CSV exports stop formulas wherever a spreadsheet could start a cell
(issue 11): a name like ``Ann;=2*3;`` was exported as it is, and a
spreadsheet splitting on ``;`` (French-Canadian Excel's list separator) read
``=2*3`` as a formula. Every field is quoted, and an apostrophe goes before
each formula character that could start a cell."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cms.admin_ui import neutralise_formula
from events.services import registrations as rsvp

from .conftest import SAM, download, write_letter

pytestmark = pytest.mark.django_db

SEPARATORS = [",", ";", "\t"]
HOSTILE_NAME = "Ann;=2*3;"


def runs_as_formula(cell):
    """A spreadsheet runs a cell as a formula when it starts (after spaces
    and an opening quote) with one of these; an apostrophe makes it text."""
    return cell.lstrip(' "').startswith(("=", "+", "-", "@")) or cell.startswith(
        ("\t", "\r")
    )


def cells(content, delimiter):
    """Every cell, as a spreadsheet splitting on ``delimiter`` sees them:
    both as a CSV reader does and naively, quotes ignored."""
    parsed = [
        c for row in csv.reader(io.StringIO(content), delimiter=delimiter) for c in row
    ]
    naive = [c for line in content.splitlines() for c in line.split(delimiter)]
    return parsed + naive


def export(client, url):
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def organizer(client, users):
    client.force_login(users["Organizers"])
    return users["Organizers"]


def test_neutralise_formula_marks_every_cell_start():
    assert neutralise_formula(HOSTILE_NAME) == "Ann;'=2*3;"
    assert neutralise_formula('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert neutralise_formula("a,@SUM(A1)\n-1") == "a,'@SUM(A1)\n'-1"
    assert neutralise_formula('x; "=1') == "x;' \"=1"
    assert neutralise_formula("\tx") == "'\tx"
    assert neutralise_formula("a,\rb") == "a,'\rb"
    assert neutralise_formula("Jean-Paul, Café Olé") == "Jean-Paul, Café Olé"
    assert neutralise_formula(-1) == -1


#: Text dense in separators, quotes, spaces and formula characters.
spreadsheet_text = st.one_of(
    st.text(st.sampled_from(list(",;\t\r\n =+-@\"'a"))), st.text()
)


@given(spreadsheet_text)
def test_no_cell_of_a_neutralised_value_runs_as_a_formula(text):
    value = neutralise_formula(text)
    for delimiter in [*SEPARATORS, "\n", "\r"]:
        for cell in value.split(delimiter):
            assert not runs_as_formula(cell), (text, cell)
    assert value.replace("'", "") == text.replace("'", "")


def test_registrations_export_quotes_and_neutralises(client, organizer, event):
    rsvp.register_for_event(event, name=HOSTILE_NAME, email=SAM)
    content = export(client, "/admin/events/registrations/")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][0] == "Ann;'=2*3;"
    assert all(
        line.startswith('"') and line.endswith('"') for line in content.splitlines()
    )
    for delimiter in SEPARATORS:
        assert not [cell for cell in cells(content, delimiter) if runs_as_formula(cell)]


def test_letters_export_quotes_and_neutralises(client, organizer, letter_campaign):
    write_letter(letter_campaign, HOSTILE_NAME, SAM, city="+Ottawa;@x")
    content = export(client, "/admin/advocacy/letters/")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][:3] == ["Ann;'=2*3;", SAM, "'+Ottawa;'@x"]
    for delimiter in SEPARATORS:
        assert not [cell for cell in cells(content, delimiter) if runs_as_formula(cell)]


def test_flyer_downloads_export_quotes_and_neutralises(client, organizer, flyer):
    download(flyer, SAM, business_name=HOSTILE_NAME, city="Ottawa,-1")
    content = export(client, "/admin/flyer-downloads/")
    rows = list(csv.reader(io.StringIO(content)))
    assert "Ann;'=2*3;" in rows[1]
    assert "Ottawa,'-1" in rows[1]
    for delimiter in SEPARATORS:
        assert not [cell for cell in cells(content, delimiter) if runs_as_formula(cell)]

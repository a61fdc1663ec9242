"""What the letter journey keeps and logs of a supporter: the postal code
to sign the letter with (and print its return address), nowhere in the
logs; the province is never guessed wrong."""

import logging

import pytest
from bs4 import BeautifulSoup

from advocacy.models import Letter, Representative
from advocacy.services.letters import build_letter_email

from .conftest import answer, letter_fields, mp

pytestmark = pytest.mark.django_db


@pytest.fixture
def ottawa(represent):
    answer(represent, "K1A0B1", mp("Ada Lovelace", "1", "Ottawa Centre"))
    return represent


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def write(client, page, postal_code="K1A0B1", **fields):
    step2 = client.post(page.url, {"postal_code": postal_code})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    # What the browser posts back: the code as step 1 normalised it.
    normalised = soup(step2).find("input", attrs={"name": "postal_code"})["value"]
    data = letter_fields(postal_code=normalised, representative=[ada], **fields)
    return client.post(page.url + "letter/", data)


def hint(response):
    return soup(response).find(id="postcode-postal_code-hint").get_text(" ", strip=True)


def test_an_email_campaign_signs_with_the_postal_code_and_says_so(
    client, campaign, ottawa
):
    """Issue 12: offices confirm a constituent by their postal code, so
    every letter is signed with it (and it goes with the letter)."""
    page = campaign(delivery="email")
    assert hint(client.get(page.url)) == (
        "We use it to find your representatives and to sign your letter with it, "
        "as offices expect; it is deleted with your letter's other details."
    )
    assert write(client, page, "k1a 0b1").status_code == 302
    letter = Letter.objects.get()
    assert letter.postal_code == "K1A0B1"
    [row] = letter.recipients.all()
    assert (
        build_letter_email(row)
        .body.split("\n-- \n")[0]
        .strip()
        .endswith("Sam Rivera\nOttawa, ON K1A 0B1")
    )


@pytest.mark.parametrize("delivery", ["pdf", "both"])
def test_a_printed_letter_keeps_the_postal_code_for_its_return_address(
    client, campaign, ottawa, delivery
):
    page = campaign(delivery=delivery)
    assert "to print your return address on your letter" in hint(client.get(page.url))
    assert write(client, page, "k1a 0b1").status_code == 302
    assert Letter.objects.get().postal_code == "K1A0B1"


def test_markup_in_the_hidden_postal_code_is_never_stored(client, campaign, ottawa):
    page = campaign(delivery="both")
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    response = client.post(
        page.url + "letter/",
        {
            "postal_code": '"><b>x',
            "representative": [ada],
            "subject": "Hello",
            "body": "Please act for survivors now.",
            "name": "Sam Rivera",
            "email": "sam@example.org",
            "city": "Ottawa",
            "province": "ON",
        },
    )
    assert "is not a Canadian postal code" in soup(response).get_text()
    assert Letter.objects.count() == 0


def test_no_postal_code_in_the_logs(client, campaign, represent, caplog):
    """Represent down: the warning says so, naming at most the area (the
    first three characters), never the postal code."""
    represent.routes["/postcodes/K1A0B1/"] = (503, {"error": "down"}, 0)
    page = campaign()
    with caplog.at_level(logging.DEBUG):
        client.post(page.url, {"postal_code": "K1A 0B1"})
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("Represent unavailable" in r.getMessage() for r in warnings)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "K1A0B1" not in logged and "K1A 0B1" not in logged
    assert "0B1" not in logged


@pytest.mark.parametrize(
    ("postal_code", "province"),
    [("K1A0B1", "ON"), ("H2J1A1", "QC"), ("T5J0N3", "AB"), ("X1A2P7", "")],
)
def test_the_province_follows_the_postal_code(
    client, campaign, represent, postal_code, province
):
    answer(represent, postal_code, mp("Ada Lovelace", "1", "Ottawa Centre"))
    page = campaign()
    client.post(page.url, {"postal_code": postal_code})
    ada = Representative.objects.get().pk
    step3 = client.post(
        page.url + "recipients/", {"postal_code": postal_code, "representative": ada}
    )
    select = soup(step3).find("select", attrs={"name": "province"})
    selected = select.find("option", selected=True)
    assert (selected["value"] if selected else "") == province
    assert select.find("option")["value"] == ""  # never a default province


def test_a_province_must_be_chosen(client, campaign, ottawa):
    page = campaign()
    response = write(client, page, province="")
    assert response.status_code == 200
    assert "Choose your province or territory." in soup(response).get_text()
    assert Letter.objects.count() == 0

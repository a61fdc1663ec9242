"""Who a letter may go to: only the people the supporter's postal code
matched (at the campaign's levels) and the campaign's fixed targets, at most
``ADVOCACY_MAX_RECIPIENTS`` of them, checked on the server at every step."""

import pytest
from bs4 import BeautifulSoup

from advocacy.models import FixedTarget, Letter, LetterRecipient, Representative
from advocacy.services import letters as service
from advocacy.services.representatives import upsert_representative

from .conftest import answer, letter_fields, mp, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ottawa(represent):
    """K1A 0B1 matches two MPs and an MPP; a Halifax MP is in the database
    too (someone else looked up their postal code)."""
    answer(
        represent,
        "K1A0B1",
        mp("Ada Lovelace", "1", "Ottawa Centre"),
        mp("Grace Hopper", "2", "Ottawa South"),
        mp("Ian Smith", "9", "Ottawa Centre", office="MPP"),
    )
    halifax, _ = upsert_representative(mp("Hal Fax", "7", "Halifax"))
    return represent, halifax


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return soup(response).get_text(" ", strip=True)


def offered(client, page):
    """Step 1: the representatives' ids offered for K1A 0B1, by name."""
    step2 = client.post(page.url, {"postal_code": "K1A 0B1"})
    return {
        box.find_parent("label").strong.get_text(): box["value"]
        for box in soup(step2).find_all("input", attrs={"name": "representative"})
    }


def test_the_recipients_step_refuses_people_the_postal_code_did_not_match(
    client, campaign, ottawa
):
    page = campaign()
    _represent, halifax = ottawa
    ids = offered(client, page)
    ian = Representative.objects.get(name="Ian Smith")  # an MPP: not this campaign
    for forged in ([ids["Ada Lovelace"], str(halifax.pk)], [str(ian.pk)]):
        response = client.post(
            page.url + "recipients/",
            {"postal_code": "K1A0B1", "representative": forged},
        )
        assert response.status_code == 200
        assert "Step 2 of 3" in text(response)
        assert "Choose only among the people listed for your postal code." in text(
            response
        )
        assert "Step 3 of 3" not in text(response)


def test_the_letter_step_refuses_every_federal_mp_in_the_database(
    client, campaign, ottawa
):
    """The audit's attack: a valid postal code and every MP's id."""
    page = campaign()
    offered(client, page)
    every_mp = [str(pk) for pk in Representative.objects.values_list("pk", flat=True)]
    response = client.post(page.url + "letter/", letter_fields(representative=every_mp))
    assert "Choose only among the people listed for your postal code." in text(response)
    assert Letter.objects.count() == 0


def test_a_fixed_target_of_another_campaign_is_refused(client, campaign, ottawa):
    minister = FixedTarget.objects.create(name="Minister", kind="minister")
    other = campaign()
    other.fixed_targets.add(minister)
    other.save_revision().publish()
    page = campaign()
    response = client.post(
        page.url + "letter/", letter_fields(target=[str(minister.pk)])
    )
    assert "Choose only among the people listed for your postal code." in text(response)
    assert Letter.objects.count() == 0


def test_someone_without_an_email_cannot_be_forced_on_an_email_campaign(
    client, campaign, ottawa
):
    page = campaign(delivery="email")
    ids = offered(client, page)
    Representative.objects.filter(name="Grace Hopper").update(email="")
    response = client.post(
        page.url + "letter/", letter_fields(representative=[ids["Grace Hopper"]])
    )
    assert "Grace Hopper has no email address on file" in text(response)
    assert Letter.objects.count() == 0


def test_a_letter_goes_to_at_most_the_configured_number(
    client, campaign, ottawa, settings
):
    settings.ADVOCACY_MAX_RECIPIENTS = 1
    page = campaign()
    step2 = client.post(page.url, {"postal_code": "K1A 0B1"})
    assert "You can write to at most 1 person with one letter." in text(step2)
    ids = offered(client, page)
    both = [ids["Ada Lovelace"], ids["Grace Hopper"]]
    response = client.post(
        page.url + "recipients/", {"postal_code": "K1A0B1", "representative": both}
    )
    assert "Choose at most 1 person for one letter." in text(response)
    response = client.post(page.url + "letter/", letter_fields(representative=both))
    assert "Choose at most 1 person for one letter." in text(response)
    assert Letter.objects.count() == 0


@pytest.mark.parametrize(
    "postal_code", ["K1A\x000B1", '"><b>x', "", "K1A0B1" + "x" * 5000]
)
@pytest.mark.parametrize("step", ["recipients/", "letter/"])
def test_the_hidden_postal_code_is_checked_like_the_visible_one(
    client, campaign, ottawa, step, postal_code
):
    page = campaign()
    ids = offered(client, page)
    response = client.post(
        page.url + step,
        letter_fields(postal_code=postal_code, representative=[ids["Ada Lovelace"]]),
    )
    assert response.status_code == 200
    assert "Step 1 of 3" in text(response)
    summary = soup(response).find("div", class_="error-summary")
    assert summary and "postal code" in summary.get_text().lower()
    assert Letter.objects.count() == 0


def test_submit_letter_checks_the_recipients_again(campaign, ottawa):
    """The service is the last door: it finds the postal code's people
    itself, whatever its caller passes."""
    page = campaign()
    _represent, halifax = ottawa
    with pytest.raises(service.LetterError) as error:
        submit(page, [halifax])
    assert "Choose only among the people listed for your postal code." in str(
        error.value
    )
    with pytest.raises(service.LetterError):
        submit(page, [halifax], postal_code="")
    assert Letter.objects.count() == 0
    ada, _ = upsert_representative(mp("Ada Lovelace", "1", "Ottawa Centre"))
    letter = submit(page, [ada], postal_code="k1a 0b1")
    assert list(letter.recipients.values_list("name", flat=True)) == ["Ada Lovelace"]


def test_the_journey_with_allowed_recipients_still_works(client, campaign, ottawa):
    minister = FixedTarget.objects.create(
        name="Minister", kind="minister", email="minister@example.org"
    )
    page = campaign()
    page.fixed_targets.add(minister)
    page.save_revision().publish()
    ids = offered(client, page)
    chosen = [ids["Ada Lovelace"], ids["Grace Hopper"]]
    step3 = client.post(
        page.url + "recipients/",
        {"postal_code": "K1A0B1", "representative": chosen, "target": [minister.pk]},
    )
    assert "To: Ada Lovelace, Grace Hopper, Minister" in text(step3)
    response = client.post(
        page.url + "letter/",
        letter_fields(representative=chosen, target=[str(minister.pk)]),
    )
    assert response.status_code == 302
    assert sorted(LetterRecipient.objects.values_list("name", flat=True)) == [
        "Ada Lovelace",
        "Grace Hopper",
        "Minister",
    ]


def test_the_refusal_is_said_in_french_on_the_french_page(
    client, campaign, ottawa, site_pages
):
    page = campaign()
    french = page.copy_for_translation(site_pages["home_fr"].locale)
    french.save_revision().publish()
    _represent, halifax = ottawa
    response = client.post(
        french.url + "recipients/",
        {"postal_code": "K1A0B1", "representative": [str(halifax.pk)]},
    )
    assert (
        "Choisissez seulement parmi les personnes proposées pour votre code postal."
        in text(response)
    )


def test_the_recipients_step_counts_as_a_lookup(client, campaign, ottawa, settings):
    """Its hidden postal code is looked up again, so it is no way round the
    limit on lookups."""
    settings.ADVOCACY_LOOKUP_RATE = "2/h"
    page = campaign()
    ids = offered(client, page)
    choice = {"postal_code": "K1A0B1", "representative": [ids["Ada Lovelace"]]}
    assert "Step 3 of 3" in text(client.post(page.url + "recipients/", choice))
    response = client.post(page.url + "recipients/", choice)
    assert response.status_code == 429
    assert "Too many searches from your connection." in text(response)

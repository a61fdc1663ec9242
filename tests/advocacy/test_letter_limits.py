"""What a supporter may send (issue 11): a letter limited in characters as
well as words, and a name that cannot pose as an email address in the From
header of the email to a representative."""

from email import message_from_bytes, policy

import pytest

from advocacy.models import Letter, LetterRecipient
from advocacy.services import letters as service

from .test_letters import errors, letter_post, soup, two_mps  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_mps")]

#: A name that carries two more addresses.
HOSTILE_NAME = 'Eve <attacker@evil.example>, "x" <y@evil.example>'
ONE_HUGE_WORD = "a" * 100_000  # 100 KB, one word


@pytest.fixture
def pages(campaign, site_pages):
    """A campaign (at most 1,000 words, the default) and its French copy."""
    english = campaign()
    french = english.copy_for_translation(site_pages["home_fr"].locale)
    french.save_revision().publish()
    return {"en": english, "fr": french}


def post_letter(client, page, **fields):
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    return letter_post(client, page, ada, **fields)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Your letter has 100000 characters; keep it to 10000 or fewer."),
        (
            "fr",
            "Votre lettre compte 100000 caractères\u00a0; elle doit en compter au plus "
            "10000.",
        ),
    ],
)
def test_a_letter_of_one_huge_word_is_refused(client, pages, language, message):
    response = post_letter(client, pages[language], body=ONE_HUGE_WORD)
    assert response.status_code == 200
    assert message in errors(response)
    assert Letter.objects.count() == 0


def test_a_long_letter_within_the_limits_is_taken(client, pages):
    """The cap leaves room for a letter of nearly 1,000 long French words."""
    body = "Nous demandons un financement durable des services aux survivantes. " * 105
    assert 900 < len(body.split()) < 1000 and len(body) > 7000
    response = post_letter(client, pages["en"], body=body)
    assert response["Location"].endswith("/check-your-email/")
    assert Letter.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            'Your name cannot contain <, >, @ or ": write only your name (your '
            "email address has its own field).",
        ),
        (
            "fr",
            'Votre nom ne peut pas contenir <, >, @ ni " : écrivez seulement votre '
            "nom (votre adresse courriel a son propre champ).",
        ),
    ],
)
@pytest.mark.parametrize(
    "name",
    [HOSTILE_NAME, "Eve <eve", "Eve>", "eve@evil.example", 'Eve "the MP"', "Eve ＠x"],
)
def test_a_name_with_address_characters_is_refused(
    client, pages, language, message, name
):
    response = post_letter(client, pages[language], name=name)
    assert response.status_code == 200
    assert message in errors(response)
    assert Letter.objects.count() == 0


def test_names_with_apostrophes_and_accents_are_fine(client, pages):
    response = post_letter(client, pages["fr"], name="Anne-Marie D’Amours-O'Brien")
    assert response["Location"].endswith("/check-your-email/")
    assert Letter.objects.get().supporter_name == "Anne-Marie D’Amours-O'Brien"


def test_the_from_header_never_carries_a_second_address(client, pages):
    """A name stored before names were checked (or from another way in)
    still makes a From header with one address: the site's, under a name
    that reads as a name."""
    post_letter(client, pages["en"])
    Letter.objects.update(supporter_name=HOSTILE_NAME)
    row = LetterRecipient.objects.select_related("letter").get()
    message = service.build_letter_email(row).message()
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    [sender] = parsed["From"].addresses
    assert sender.addr_spec == "noreply@localhost"
    assert not set(sender.display_name) & set('<>@"')
    assert sender.display_name.startswith("Eve ")

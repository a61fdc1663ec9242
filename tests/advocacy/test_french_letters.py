"""Issue 12 item 6: letters that read as French. Offices and greetings in
French ("député·e" for an MP, MNA, MPP or MLA; "Madame la députée,
Monsieur le député" where the gender is unknown), the personal-paragraph
prompt in the page's language, French punctuation spacing."""

import pytest
from bs4 import BeautifulSoup

from advocacy.models import Letter, LetterCampaignPage, LetterRecipient
from advocacy.services import letters as service
from advocacy.services.representatives import upsert_representative
from advocacy.titles import greeting, office_title

from .conftest import answer, letter_fields, mp

NBSP = "\u00a0"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return " ".join(soup(response).get_text(" ").split())


@pytest.mark.parametrize(
    ("office", "gender", "title", "salutation"),
    [
        ("MP", "", "député·e", "Madame la députée, Monsieur le député"),
        ("MP", "F", "députée", "Madame la députée"),
        ("MNA", "M", "député", "Monsieur le député"),
        ("MPP", "", "député·e", "Madame la députée, Monsieur le député"),
        ("MLA", "", "député·e", "Madame la députée, Monsieur le député"),
        (
            "Councillor",
            "",
            "conseiller·ère",
            "Madame la conseillère, Monsieur le conseiller",
        ),
        ("Mayor", "F", "mairesse", "Madame la mairesse"),
        ("Chair", "", "Chair", "Madame, Monsieur"),
    ],
)
def test_french_offices_and_greetings(office, gender, title, salutation):
    assert office_title(office, "fr", gender) == title
    assert greeting(office, "Ada Lovelace", "fr", gender) == salutation


def test_english_letters_keep_the_office_and_greet_by_name():
    assert office_title("MNA", "en", "F") == "MNA"
    assert greeting("MP", "Ada Lovelace", "en", "F") == "Dear Ada Lovelace"
    assert greeting("", "Minister", "fr", salutation="Madame la Ministre") == (
        "Madame la Ministre"
    )


@pytest.mark.django_db
def test_the_gender_comes_from_represent_when_it_gives_one():
    woman, _ = upsert_representative({**mp("Ada Lovelace", "1", "A"), "gender": "F"})
    unknown, _ = upsert_representative(mp("Grace Hopper", "2", "B"))
    odd, _ = upsert_representative({**mp("Ian Smith", "3", "C"), "gender": "x"})
    assert (woman.gender, unknown.gender, odd.gender) == ("F", "", "")


@pytest.fixture
def french_campaign(campaign, site_pages):
    english = campaign(
        require_personal_paragraph=True,
        personal_paragraph_prompt="Why does this matter to you?",
    )
    french = LetterCampaignPage(
        title="Protéger les survivantes",
        slug="proteger",
        topic=english.topic,
        target_levels="federal,provincial",
        subject_template="Protégez les survivantes, {representative_title}",
        body_template=(
            "{salutation},\n\nJe vous écris à titre de personne de "
            "{district}.\n\n{supporter_name}"
        ),
        require_personal_paragraph=True,
        personal_paragraph_prompt="Qu’avez-vous vécu ?",
        goal=10,
        locale=site_pages["home_fr"].locale,
        translation_key=english.translation_key,
    )
    site_pages["home_fr"].add_child(instance=french)
    french.save_revision().publish()
    return english, french


@pytest.mark.django_db
def test_a_french_letter_greets_and_names_offices_in_french(
    client, french_campaign, represent, mailoutbox
):
    english, french = french_campaign
    english.target_levels = "federal,provincial"
    english.save_revision().publish()
    answer(
        represent,
        "K1A0B1",
        mp("Ada Lovelace", "1", "Ottawa-Centre"),
        {**mp("Ian Smith", "9", "Ottawa-Centre", office="MPP"), "gender": "M"},
    )
    step2 = client.post(french.url, {"postal_code": "K1A0B1"})
    offered = [
        label.get_text(" ", strip=True) for label in soup(step2).select(".recipient")
    ]
    assert offered == [
        "Ada Lovelace , député·e, Ottawa-Centre (Independent)",
        "Ian Smith , député, Ottawa-Centre (Independent)",
    ]
    ids = [
        i["value"]
        for i in soup(step2).find_all("input", attrs={"name": "representative"})
    ]
    step3 = client.post(
        french.url + "recipients/", {"postal_code": "K1A0B1", "representative": ids}
    )
    # The prompt the French page asks, not the English one.
    hint = soup(step3).find(id="letter-personal_paragraph-hint").get_text(strip=True)
    assert hint == "Qu’avez-vous vécu ?"
    subject = soup(step3).find("input", attrs={"name": "subject"})["value"]
    body = soup(step3).find("textarea", attrs={"name": "body"}).get_text().strip()
    response = client.post(
        french.url + "letter/",
        letter_fields(
            representative=ids,
            subject=subject,
            body=body,
            personal_paragraph="J’ai vu les effets de la traite.",
        ),
    )
    assert response.status_code == 302
    ada, ian = LetterRecipient.objects.order_by("pk")
    assert service.letter_for(ada) == (
        "Protégez les survivantes, député·e",
        "Madame la députée, Monsieur le député,\n\nJe vous écris à titre de "
        "personne de Ottawa-Centre.\n\nSam Rivera\n\n"
        "J’ai vu les effets de la traite.",
    )
    assert service.letter_for(ian)[1].startswith("Monsieur le député,")

    letter = Letter.objects.get()
    confirm = client.get(french.url + f"confirm/{letter.token()}/")
    headings = [h.get_text(" ", strip=True) for h in soup(confirm).select("h3")]
    assert headings == ["À Ada Lovelace, député·e", "À Ian Smith, député"]
    # French spacing: a no-break space before the colon.
    assert f"Objet{NBSP}:" in soup(confirm).get_text()


@pytest.mark.django_db
def test_a_french_page_without_a_prompt_asks_in_french(
    client, french_campaign, represent
):
    _english, french = french_campaign
    french.personal_paragraph_prompt = ""
    french.save_revision().publish()
    answer(represent, "K1A0B1", mp("Ada Lovelace", "1", "Ottawa-Centre"))
    client.post(french.url, {"postal_code": "K1A0B1"})
    ada = LetterRecipient._meta.get_field("representative").related_model.objects.get()
    step3 = client.post(
        french.url + "recipients/", {"postal_code": "K1A0B1", "representative": ada.pk}
    )
    hint = soup(step3).find(id="letter-personal_paragraph-hint").get_text(strip=True)
    assert hint == f"Pourquoi est-ce important pour vous{NBSP}?"


@pytest.mark.django_db
def test_the_french_thank_you_page_shares_by_courriel(client, french_campaign):
    _english, french = french_campaign
    html = soup(client.get(french.url + "thank-you/"))
    shares = [a.get_text() for a in html.select(".share-kit a")]
    assert shares[0] == "Courriel"
    post = html.find(id="share-post").get_text()
    quoted = f"«{NBSP}Protéger les survivantes{NBSP}»"
    assert post.startswith(f"Je viens d’écrire à mon élu·e{NBSP}: {quoted}.")

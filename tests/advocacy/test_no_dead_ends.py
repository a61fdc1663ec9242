"""Issue 12 item 2: no dead ends. The thank-you page offers the share kit,
the campaign's next action, the printable letter and the deletion link; a
postal code that finds nobody offers the official finders and a list to
pick one's representative from."""

import pytest
from bs4 import BeautifulSoup

from advocacy.models import Letter, LetterCampaignPage
from advocacy.services.letters import confirm_letter
from advocacy.services.representatives import upsert_representative
from campaigns.models import CampaignIndexPage, CampaignPage, FlyerPage
from tests.campaigns.test_campaigns import publish_under, tied_event

from .conftest import answer, letter_fields, mp

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return " ".join(soup(response).get_text(" ").split())


def parent_campaign(site_pages):
    home = site_pages["home_en"]
    index = publish_under(
        home, CampaignIndexPage(title="Campaigns", slug="campaigns", locale=home.locale)
    )
    return publish_under(
        index,
        CampaignPage(
            title="Fund survivor services",
            slug="fund",
            summary="Stable funding.",
            issue_area="funding",
            hashtags="#EndTrafficking",
            locale=home.locale,
        ),
    )


def confirmed_letter(client, page, represent):
    answer(represent, "K1A0B1", mp("Ada Lovelace", "1", "Ottawa Centre"))
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    response = client.post(page.url + "letter/", letter_fields(representative=[ada]))
    assert response.status_code == 302
    letter = Letter.objects.get()
    confirm_letter(letter)
    return letter


def thank_you(client, page, letter):
    return client.get(page.url + f"thank-you/{letter.token('download')}/")


# --- The thank-you page ---------------------------------------------------------
def test_the_thank_you_page_offers_the_next_action_the_share_kit_and_deletion(
    client, campaign, site_pages, represent
):
    parent = parent_campaign(site_pages)
    page = campaign(
        delivery="both",
        related_campaign=parent,
        share_text="I wrote to my MP. Will you?",
    )
    other = campaign(title="Write to your MPP", related_campaign=parent)
    event = tied_event(site_pages, parent)
    flyer = publish_under(
        parent,
        FlyerPage(
            title="Trafficking happens here",
            slug="flyer",
            body=[("headline", "Trafficking happens here")],
            locale=parent.locale,
        ),
    )
    letter = confirmed_letter(client, page, represent)

    response = thank_you(client, page, letter)
    html = soup(response)
    next_links = {
        a.get_text(strip=True): a["href"] for a in html.select(".next-actions a")
    }
    assert next_links["Town hall"] == event.url
    assert next_links["Write to your MPP"] == other.url
    assert next_links["Trafficking happens here"] == flyer.url
    assert next_links["Everything about the campaign “Fund survivor services”"] == (
        parent.url
    )
    assert page.title not in next_links  # not the letter just written

    post = html.find(id="share-post").get_text()
    assert post == (
        f"I wrote to my MP. Will you? #EndTrafficking http://testserver{page.url}"
    )
    copy = html.find("button", attrs={"data-copy": "share-post"})
    assert copy.get_text(strip=True) == "Copy this post"
    assert html.find("script", src="/static/js/copy-button.js")
    shares = [a.get_text() for a in html.select(".share-kit a")]
    assert shares == ["Email", "Facebook", "Bluesky", "X", "LinkedIn", "WhatsApp"]

    pdf = html.find("a", string="Download your printable letter (PDF)")
    assert pdf["href"] == page.url + f"letter-{letter.token('download')}.pdf"
    delete = html.find("a", string="Delete my letter and details")
    assert delete["href"] == page.url + f"delete/{letter.token('delete')}/"
    assert "Delete your letter" in text(client.get(delete["href"]))


def test_a_letter_campaign_without_a_campaign_offers_the_other_letters(
    client, campaign, represent
):
    page = campaign(delivery="email")
    other = campaign(title="Fund shelters")
    letter = confirmed_letter(client, page, represent)
    html = soup(thank_you(client, page, letter))
    assert [a.get_text(strip=True) for a in html.select(".next-actions a")] == [
        other.title
    ]
    assert not html.find("a", string="Download your printable letter (PDF)")
    assert html.find("a", string="Delete my letter and details")
    # The share text the organizer left empty: one that names the campaign.
    assert (
        html.find(id="share-post")
        .get_text()
        .startswith(
            "I just wrote to my representative: “Protect survivors”. Add your voice:"
        )
    )


# --- A postal code that finds nobody ----------------------------------------------
@pytest.fixture
def members_on_file(db):
    """Representatives we hold (from an import): two MPs, an Ontario MPP,
    a Québec MNA."""
    mna = mp("Élise Tremblay", "7", "Laurier-Dorion", office="MPP")
    mna.update(
        elected_office="MNA",
        representative_set_name="Assemblée nationale du Québec",
        related={"boundary_url": "/boundaries/quebec-electoral-districts/7/"},
        gender="F",
    )
    people = [
        mp("Ada Lovelace", "1", "Ottawa Centre"),
        mp("Grace Hopper", "2", "Halifax"),
        mp("Ian Smith", "9", "Ottawa Centre", office="MPP"),
        mna,
    ]
    return {data["name"]: upsert_representative(data)[0] for data in people}


def test_a_postal_code_that_finds_nobody_offers_the_finder_and_a_list(
    client, campaign, represent, members_on_file
):
    answer(represent, "K1A0B1")  # Represent knows nobody there
    page = campaign(delivery="email")
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    assert "We found no representatives for K1A 0B1" in text(step2)
    assert "try again in a few minutes" not in text(step2)
    finder = soup(step2).find(
        "a", string="House of Commons: Find members of Parliament"
    )
    assert finder["href"] == "https://www.ourcommons.ca/members/en/search"
    select = soup(step2).find("select", attrs={"name": "representative"})
    label = soup(step2).find("label", attrs={"for": select["id"]})
    assert label.get_text(strip=True) == "Your member of Parliament (MP)"
    options = [o.get_text(strip=True) for o in select.find_all("option")]
    assert options == [
        "Choose your riding and representative",
        "Halifax: Grace Hopper, MP (Independent)",
        "Ottawa Centre: Ada Lovelace, MP (Independent)",
    ]

    ada = members_on_file["Ada Lovelace"]
    step3 = client.post(
        page.url + "recipients/", {"postal_code": "K1A0B1", "representative": ada.pk}
    )
    assert "Step 3 of 3" in text(step3)
    response = client.post(page.url + "letter/", letter_fields(representative=[ada.pk]))
    assert response.status_code == 302
    [row] = Letter.objects.get().recipients.all()
    assert row.name == "Ada Lovelace"


def test_the_list_offers_only_the_campaigns_offices(
    client, campaign, represent, members_on_file
):
    answer(represent, "K1A0B1")
    page = campaign()
    mpp = members_on_file["Ian Smith"]
    refused = client.post(
        page.url + "recipients/", {"postal_code": "K1A0B1", "representative": mpp.pk}
    )
    assert "Choose only among the people listed" in text(refused)
    nothing = client.post(
        page.url + "recipients/", {"postal_code": "K1A0B1", "representative": ""}
    )
    assert "Choose at least one person to write to." in text(nothing)


def test_a_provincial_campaign_lists_the_postal_codes_own_legislature(
    client, campaign, represent, members_on_file
):
    answer(represent, "H2J1A1")
    page = campaign(target_levels="provincial")
    step2 = client.post(page.url, {"postal_code": "H2J 1A1"})
    finders = {
        a.get_text(strip=True): a["href"]
        for a in soup(step2).select(".find-another-way a")
    }
    assert finders == {
        "National Assembly of Québec: members": (
            "https://www.assnat.qc.ca/en/deputes/index.html"
        )
    }
    options = [
        o.get_text(strip=True)
        for o in soup(step2).find("select", attrs={"name": "representative"})("option")[
            1:
        ]
    ]
    assert options == ["Laurier-Dorion: Élise Tremblay, MNA (Independent)"]


def test_the_lookup_service_down_says_so_and_still_offers_a_way_on(
    client, campaign, settings, members_on_file
):
    settings.REPRESENT_API_URL = "http://127.0.0.1:1"  # nothing listens there
    page = campaign()
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    said = text(step2)
    assert "The representatives service did not answer" in said
    assert "try again in a few minutes" not in said
    assert soup(step2).find("a", string="House of Commons: Find members of Parliament")
    assert soup(step2).find("select", attrs={"name": "representative"})


def test_people_found_need_no_other_way(client, campaign, represent, members_on_file):
    answer(represent, "K1A0B1", mp("Ada Lovelace", "1", "Ottawa Centre"))
    step2 = client.post(campaign().url, {"postal_code": "K1A0B1"})
    assert not soup(step2).select(".find-another-way")
    assert not soup(step2).find("select", attrs={"name": "representative"})


def test_the_way_on_is_valid_html_in_both_languages(
    client, campaign, represent, members_on_file, site_pages, tmp_path
):
    from tests.cms.test_html_valid import run_checker

    answer(represent, "K1A0B1")
    english = campaign(target_levels="federal,provincial,municipal")
    french = LetterCampaignPage(
        title="Protéger les survivantes",
        slug="proteger",
        topic=english.topic,
        target_levels=english.target_levels,
        subject_template="Bonjour",
        body_template="Agissez.",
        locale=site_pages["home_fr"].locale,
        translation_key=english.translation_key,
    )
    site_pages["home_fr"].add_child(instance=french)
    french.save_revision().publish()
    paths = []
    for page in (english, french):
        step2 = client.post(page.url, {"postal_code": "K1A0B1"})
        assert len(soup(step2).select(".find-another-way select")) == 2
        path = tmp_path / f"{page.locale.language_code}.html"
        path.write_bytes(step2.content)
        paths.append(path)
    assert run_checker(paths) == []

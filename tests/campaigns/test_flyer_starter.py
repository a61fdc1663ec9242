"""Issue 12, item 11: a new flyer starts from a complete layout (headline,
signs, hotline, QR code, tear-off tabs) that the organizer edits."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from campaigns.models import FlyerPage
from campaigns.services import flyers

from .flyer_measures import printed

pytestmark = pytest.mark.django_db

STARTS = {
    "en": {
        "title": "Flyer for shops",
        "headline": "Human trafficking can happen anywhere, even here",
        "signs": "Signs to look for",
        "hotline": "Canadian Human Trafficking Hotline",
        "tabs": "Take a tab",
    },
    "fr": {
        "title": "Affiche pour les commerces",
        "headline": "La traite des personnes peut arriver partout, même ici",
        "signs": "Signes à surveiller",
        "hotline": "Ligne d’urgence canadienne contre la traite des personnes",
        "tabs": "Détachez une languette",
    },
}


@pytest.fixture
def campaigns(awareness_campaigns):
    return awareness_campaigns


@pytest.fixture
def organizer(django_user_model):
    user = django_user_model.objects.create_user(username="organizer", password="x")
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


def form_data_of(body):
    """The editor's form fields for the blocks ``body`` (what Wagtail's
    JavaScript posts for them): what an editor who keeps them sends."""
    items = []
    for block in body:
        value = block.block.get_prep_value(block.value)
        if block.block_type == "image":
            value = {"image": str(value["image"]), "alt_text": value["alt_text"]}
        elif block.block_type == "signs":
            signs = {"count": len(value["signs"])}
            for position, sign in enumerate(value["signs"]):
                signs[str(position)] = {
                    "value": sign["value"],
                    "deleted": "",
                    "order": str(position),
                    "id": sign["id"],
                }
            value = {"heading": value["heading"], "signs": signs}
        items.append((block.block_type, "" if value is None else value))
    return nested_form_data({"body": streamfield(items)})


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_new_flyer_starts_designed_in_the_language_of_its_page(
    campaigns, organizer, language, media_roots
):
    """An organizer adds a flyer to a campaign, types its title and
    publishes: the flyer has the complete layout, in the page's language
    (whatever the language of the editor), and prints as a designed
    poster."""
    client = Client()
    client.force_login(organizer)
    url = f"/admin/pages/add/campaigns/flyerpage/{campaigns[language].pk}/"
    response = client.get(url)
    assert response.status_code == 200
    body = response.context["form"]["body"].value()
    assert [block.block_type for block in body] == [
        "headline",
        "signs",
        "paragraph",
        "crisis_line",
        "qr_code",
        "tear_off_tabs",
    ]
    expected = STARTS[language]
    assert body[0].value == expected["headline"]
    assert body[1].value["heading"] == expected["signs"]
    assert len(body[1].value["signs"]) == 4
    assert body[5].value["count"] == 8

    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(form_data_of(body))
    data["title"] = expected["title"]
    data["slug"] = "flyer"
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors

    flyer = FlyerPage.objects.get(slug="flyer", locale__language_code=language)
    assert flyer.live
    assert [block.block_type for block in flyer.body] == [
        block.block_type for block in body
    ]
    pdf = flyers.render_flyer(flyer, "letter", language)
    page = printed(pdf)
    assert page.pages == 1
    assert page.find(expected["headline"])
    assert page.find(expected["signs"])
    assert page.find(expected["hotline"])
    assert page.find(expected["tabs"])
    assert [word.text for word in page.words].count("1-833-900-1010") == 1 + 8


def test_a_flyer_made_in_code_starts_designed_too(campaigns):
    flyer = FlyerPage(title="Flyer", slug="flyer", locale=campaigns["en"].locale)
    campaigns["en"].add_child(instance=flyer)
    assert [block.block_type for block in flyer.body][-1] == "tear_off_tabs"
    assert flyer.body[0].value == STARTS["en"]["headline"]


def test_an_edited_flyer_keeps_its_own_blocks(campaigns, organizer):
    """Only a new page starts from the starter flyer."""
    flyer = FlyerPage(
        title="Flyer",
        slug="flyer",
        body=[("headline", "Our own words")],
        locale=campaigns["en"].locale,
    )
    campaigns["en"].add_child(instance=flyer)
    flyer.save_revision()
    client = Client()
    client.force_login(organizer)
    response = client.get(f"/admin/pages/{flyer.pk}/edit/")
    body = response.context["form"]["body"].value()
    assert [(block.block_type, block.value) for block in body] == [
        ("headline", "Our own words")
    ]

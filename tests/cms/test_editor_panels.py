"""Every relation a page shows can be set in the page editor (issue 18,
item 7: a letter campaign could not be attached to its campaign)."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import querydict_from_html

from campaigns.models import CampaignIndexPage, CampaignPage

pytestmark = pytest.mark.django_db

#: Relations of page models that are deliberately not edited in the page
#: editor, with the reason. Keep it short: anything a page renders belongs in
#: its editor.
NOT_IN_THE_EDITOR = {}


def page_relations(model):
    """Names of the relations a page model adds to Wagtail's own: foreign
    keys, many-to-many fields and child relations (ParentalKey)."""
    wagtail_fields = {field.name for field in Page._meta.get_fields()}
    names = [
        field.name
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and field.name not in wagtail_fields
        and not (field.one_to_one and field.remote_field.parent_link)
    ]
    children = get_all_child_relations(model)
    names += [relation.get_accessor_name() for relation in children]
    return names


def editor_fields(model):
    form_class = model.get_edit_handler().get_form_class()
    return set(form_class._meta.fields or ()) | set(form_class._meta.formsets or ())


def test_the_check_sees_the_relations_pages_render():
    from advocacy.models import LetterCampaignPage
    from events.models import EventPage

    assert {"image", "related_campaign"} <= set(page_relations(EventPage))
    assert {"fixed_targets", "related_campaign"} <= set(
        page_relations(LetterCampaignPage)
    )
    assert "hero_image" in page_relations(CampaignPage)


def test_every_relation_of_a_page_has_a_panel():
    missing = [
        f"{model._meta.label}.{name}"
        for model in get_page_models()
        if model is not Page
        for name in page_relations(model)
        if name not in editor_fields(model)
        and f"{model._meta.label}.{name}" not in NOT_IN_THE_EDITOR
    ]
    assert missing == []


def test_an_organizer_attaches_a_letter_campaign_to_its_campaign(pages, users):
    """Through the editor, as an organizer would: the campaign page then
    invites people to write."""
    home = pages["content"].get_parent()
    index = CampaignIndexPage(title="Campaigns", slug="campaigns", locale=home.locale)
    home.add_child(instance=index)
    index.save_revision().publish()
    campaign = CampaignPage(
        title="Protect survivors in law",
        slug="protect",
        summary="Change the law.",
        issue_area="law_reform",
        locale=home.locale,
    )
    index.add_child(instance=campaign)
    campaign.save_revision().publish()
    letters = pages["letters"]

    client = Client()
    client.force_login(users["Organizers"])
    edit_url = f"/admin/pages/{letters.pk}/edit/"
    data = querydict_from_html(
        client.get(edit_url).content.decode(), form_id="page-edit-form"
    )
    assert "related_campaign" in data
    data["related_campaign"] = str(campaign.pk)
    data["action-publish"] = "action-publish"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors

    page = BeautifulSoup(client.get(campaign.url).content, "html.parser")
    section = page.find("section", attrs={"aria-labelledby": "letters-title"})
    assert [link.get_text() for link in section.find_all("a")] == [letters.title]

"""Campaigns under a restricted index stay off the public home page."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from campaigns.models import CampaignIndexPage, CampaignPage

pytestmark = pytest.mark.django_db


def add_campaign(index, title, slug):
    page = CampaignPage(
        title=title,
        slug=slug,
        summary="Stable funding for housing and counselling.",
        issue_area="funding",
        goal=10,
        progress_measure="all",
        locale=index.locale,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_home_page_features_no_campaign_of_a_restricted_index(client, site_pages):
    home = site_pages["home_en"]
    index = CampaignIndexPage(title="Campaigns", slug="campaigns", locale=home.locale)
    home.add_child(instance=index)
    index.save_revision().publish()
    add_campaign(index, "Draft strategy for the coalition", "draft-strategy")
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    page = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert "Draft strategy for the coalition" not in page.get_text()

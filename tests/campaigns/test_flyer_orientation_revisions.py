"""Flyer revisions keep their orientation (issue 18, item 10).

``campaigns/0005_flyer_orientations`` turned the ``landscape`` flag into
``orientations`` on the page rows only: a landscape flyer with a draft
opened in the editor as "Portrait only" and flipped on the next publish, and
reverting to an older revision did the same. ``0007`` carries the value into
every revision; this test runs its function on revisions as 0005 left them.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.test import Client
from wagtail.models import Revision

from campaigns.models import CampaignIndexPage, CampaignPage, FlyerPage

pytestmark = pytest.mark.django_db

migration = import_module("campaigns.migrations.0007_flyer_orientations_in_revisions")


def as_before_0005(revision, landscape):
    """A revision saved when flyers had a ``landscape`` flag."""
    content = dict(revision.content)
    content.pop("orientations", None)
    content["landscape"] = landscape
    Revision.objects.filter(pk=revision.pk).update(content=content)


@pytest.fixture
def campaign(site_pages):
    home = site_pages["home_en"]
    index = CampaignIndexPage(title="Campaigns", slug="campaigns", locale=home.locale)
    home.add_child(instance=index)
    index.save_revision().publish()
    page = CampaignPage(
        title="Know the signs",
        slug="know",
        summary="Signs.",
        issue_area="awareness",
        locale=home.locale,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_flyer(campaign, slug, landscape):
    """A flyer published, then edited into a draft, all before 0005; the page
    row holds what 0005 gave it."""
    flyer = FlyerPage(
        title=f"Flyer {slug}",
        slug=slug,
        body=[("headline", "Human trafficking happens here")],
        locale=campaign.locale,
    )
    campaign.add_child(instance=flyer)
    published = flyer.save_revision()
    published.publish()
    flyer = FlyerPage.objects.get(pk=flyer.pk)
    flyer.title = f"Flyer {slug} (draft)"
    draft = flyer.save_revision()
    for revision in (published, draft):
        as_before_0005(revision, landscape)
    FlyerPage.objects.filter(pk=flyer.pk).update(
        orientations="landscape" if landscape else "portrait"
    )
    return FlyerPage.objects.get(pk=flyer.pk), published, draft


def carry():
    migration.carry_orientations_into_revisions(apps, None)


def orientation_in_editor(client, flyer):
    response = client.get(f"/admin/pages/{flyer.pk}/edit/")
    assert response.status_code == 200
    return response.context["form"]["orientations"].value()


def test_a_landscape_flyer_with_a_draft_stays_landscape(campaign, admin_user):
    flyer, published, draft = make_flyer(campaign, "sideways", landscape=True)
    client = Client()
    client.force_login(admin_user)
    # The defect, as 0005 left it: the draft opens as "Portrait only".
    assert orientation_in_editor(client, flyer) == "portrait"

    carry()

    assert orientation_in_editor(client, flyer) == "landscape"
    # Reverting to the published revision keeps it landscape too.
    assert Revision.objects.get(pk=published.pk).as_object().orientations == (
        "landscape"
    )
    # Publishing the draft keeps it landscape.
    Revision.objects.get(pk=draft.pk).publish()
    assert FlyerPage.objects.get(pk=flyer.pk).orientations == "landscape"


def test_portrait_flyers_and_newer_revisions_are_left_as_they_are(campaign):
    portrait, old, _draft = make_flyer(campaign, "upright", landscape=False)
    both = FlyerPage(
        title="Either way",
        slug="either",
        body=[("headline", "Human trafficking happens here")],
        orientations="both",
        locale=campaign.locale,
    )
    campaign.add_child(instance=both)
    newer = both.save_revision()

    carry()

    assert Revision.objects.get(pk=old.pk).as_object().orientations == "portrait"
    assert Revision.objects.get(pk=newer.pk).content["orientations"] == "both"


def test_running_it_again_changes_nothing(campaign):
    make_flyer(campaign, "sideways", landscape=True)
    carry()
    before = list(Revision.objects.order_by("pk").values_list("pk", "content"))
    carry()
    assert list(Revision.objects.order_by("pk").values_list("pk", "content")) == (
        before
    )

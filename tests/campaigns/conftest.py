import pytest

from campaigns.models import CampaignIndexPage, CampaignPage


@pytest.fixture
def awareness_campaigns(site_pages):
    """A published awareness campaign in English and in French (flyers go
    below a campaign): ``{"en": campaign, "fr": campaign}``."""
    found = {}
    for language in ("en", "fr"):
        home = site_pages[f"home_{language}"]
        index = CampaignIndexPage(title="Campaigns", slug="c", locale=home.locale)
        home.add_child(instance=index)
        index.save_revision().publish()
        campaign = CampaignPage(
            title="Know the signs",
            slug="know",
            summary="Signs.",
            issue_area="awareness",
            locale=home.locale,
        )
        index.add_child(instance=campaign)
        campaign.save_revision().publish()
        found[language] = campaign
    return found

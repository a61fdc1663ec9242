"""The home page's featured campaigns (cms declares the hook)."""

from django.template.loader import render_to_string

from cms.restrictions import without_view_restrictions

from .models import CampaignPage

FEATURED_ON_HOME = 3


def featured_campaigns_section(request, home):
    # Restrictions on any ancestor count too; not .public(), which costs a
    # query of its own (the home page has a budget of 10 queries).
    campaigns = list(
        without_view_restrictions(
            CampaignPage.objects.live().descendant_of(home)
        ).order_by("-first_published_at")[:FEATURED_ON_HOME]
    )
    if not campaigns:
        return None
    return render_to_string(
        "campaigns/home_section.html", {"campaigns": campaigns}, request=request
    )

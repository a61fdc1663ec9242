"""The home page's featured campaigns (cms declares the hook)."""

from django.template.loader import render_to_string

from .models import CampaignPage

FEATURED_ON_HOME = 3


def featured_campaigns_section(request, home):
    campaigns = list(
        CampaignPage.objects.live()
        # A join, not .public(): that loads every restriction in a query of
        # its own, and the home page has a budget of 10 queries.
        .filter(view_restrictions__isnull=True)
        .descendant_of(home)
        .order_by("-first_published_at")[:FEATURED_ON_HOME]
    )
    if not campaigns:
        return None
    return render_to_string(
        "campaigns/home_section.html", {"campaigns": campaigns}, request=request
    )

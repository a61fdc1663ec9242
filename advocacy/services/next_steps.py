"""What the thank-you page offers after a letter, so that nobody who just
acted meets a dead end (issue 12): the share kit, and the campaign's next
action (an upcoming event, another letter, a flyer).

The next actions come from the campaign page the letter campaign belongs
to (``related_campaign``). advocacy imports nothing from campaigns (apps
depend downward only): it reads that page through the methods a campaign
page offers (``upcoming_events``, ``letter_campaigns``, ``flyers``), and a
page without them offers nothing. A letter campaign tied to no campaign
offers the site's other letter campaigns instead.
"""

from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.sharing import share_links

from ..models import LetterCampaignPage

#: Each kind of next action lists at most this many.
MAX_EACH = 3


def share_kit(page, url):
    """The post to copy and the links to share ``page`` (at ``url``): the
    organizer's share text, else one that names the campaign, with the
    parent campaign's hashtags."""
    text = page.share_text or _(
        "I just wrote to my representative: “%(title)s”. Add your voice:"
    ) % {"title": page.title}
    campaign = parent_campaign(page)
    hashtags = getattr(campaign, "hashtags", "") if campaign else ""
    post = " ".join(part for part in (text, hashtags, url) if part)
    return {"post": post, "url": url, "links": share_links(page.title, url)}


def parent_campaign(page):
    """The live, public campaign page ``page`` belongs to, in the language
    being read (its translation when live), or None."""
    related = page.related_campaign or page.canonical.related_campaign
    if related is None:
        return None
    campaign = related.specific.localized
    if not Page.objects.live().public().filter(pk=campaign.pk).exists():
        return None
    return campaign


def _listed(campaign, method, limit=MAX_EACH):
    found = getattr(campaign, method, None)
    return list(found()[:limit]) if callable(found) else []


def next_actions(page):
    """``{"campaign", "events", "letters", "flyers"}`` to offer after a letter
    to ``page``: from its campaign when it has one (other letters than this
    one), else the other live letter campaigns in this page's language."""
    campaign = parent_campaign(page)
    if campaign is None:
        letters = (
            LetterCampaignPage.objects.live()
            .public()
            .filter(locale_id=page.locale_id)
            .exclude(translation_key=page.translation_key)
            .order_by("-first_published_at")[:MAX_EACH]
        )
        return {"campaign": None, "events": [], "letters": list(letters), "flyers": []}
    letters = [
        letter
        for letter in _listed(campaign, "letter_campaigns", MAX_EACH + 1)
        if letter.translation_key != page.translation_key
    ][:MAX_EACH]
    return {
        "campaign": campaign,
        "events": _listed(campaign, "upcoming_events"),
        "letters": letters,
        "flyers": _listed(campaign, "flyers"),
    }

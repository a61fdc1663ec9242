"""Demo campaigns (law reform, funding, awareness) in English and French,
tied to the demo events and letters. Idempotent."""

from advocacy.models import LetterCampaignPage
from events.models import EventPage

from .models import CampaignIndexPage, CampaignPage

INDEX = {
    "en": {
        "title": "Campaigns",
        "slug": "campaigns",
        "intro": "What we are working for, and how you can help.",
    },
    "fr": {
        "title": "Campagnes",
        "slug": "campagnes",
        "intro": "Ce pour quoi nous agissons, et comment vous pouvez aider.",
    },
}

CAMPAIGNS = [
    {
        "key": "law",
        "slug": ("protect-survivors-in-law", "proteger-les-survivantes-dans-la-loi"),
        "title": (
            "Protect survivors in the law",
            "Protéger les survivantes dans la loi",
        ),
        "summary": (
            "Survivors should never be prosecuted for what traffickers "
            "forced them to do.",
            "Les survivantes ne devraient jamais être poursuivies pour ce que les "
            "trafiquants les ont forcées à faire.",
        ),
        "issue_area": "law_reform",
        "letters": "letter-law-reform",
        "events": ["online-information-session"],
    },
    {
        "key": "funding",
        "slug": ("fund-survivor-services", "financer-les-services"),
        "title": ("Fund survivor services", "Financer les services aux survivantes"),
        "summary": (
            "Housing, counselling and legal help need stable, multi-year funding.",
            "Le logement, le counselling et l’aide juridique ont besoin d’un "
            "financement stable sur plusieurs années.",
        ),
        "issue_area": "funding",
        "letters": "letter-fund-services",
        "events": ["town-hall-survivor-services"],
    },
    {
        "key": "awareness",
        "slug": ("know-the-signs", "connaitre-les-signes"),
        "title": ("Know the signs", "Connaître les signes"),
        "summary": (
            "Help businesses and neighbours recognise trafficking "
            "and know the hotline.",
            "Aider les commerces et le voisinage à reconnaître la traite "
            "et à connaître "
            "la ligne d’urgence.",
        ),
        "issue_area": "awareness",
        "letters": None,
        "events": ["workshop-recognising-signs"],
    },
]


def load(loader):
    changes = 0
    indexes = {}
    english_index = None
    for code in ("en", "fr"):
        home = loader.homes[code]
        index = CampaignIndexPage.objects.child_of(home).first()
        if index is None:
            index = CampaignIndexPage(
                locale=home.locale,
                show_in_menus=True,
                **INDEX[code],
                **(
                    {"translation_key": english_index.translation_key}
                    if english_index
                    else {}
                ),
            )
            home.add_child(instance=index)
            index.save_revision().publish()
            changes += 1
            loader.log(f"  created {code} campaign index")
        english_index = english_index or index
        indexes[code] = index
    for spec in CAMPAIGNS:
        english = None
        for position, code in enumerate(("en", "fr")):
            slug = spec["slug"][position]
            page = (
                CampaignPage.objects.child_of(indexes[code]).filter(slug=slug).first()
            )
            if page is None:
                page = CampaignPage(
                    title=spec["title"][position],
                    slug=slug,
                    summary=spec["summary"][position],
                    issue_area=spec["issue_area"],
                    locale=indexes[code].locale,
                    goal=250,
                    hashtags="#EndTrafficking #NetworksOfCare",
                    suggested_posts=[("post", {"text": spec["summary"][position]})],
                )
                if english is not None:
                    page.translation_key = english.translation_key
                indexes[code].add_child(instance=page)
                page.save_revision().publish()
                changes += 1
                loader.log(f"  created {code} campaign {page.title!r}")
            english = english or page
        changes += _tie(english, spec)
    return changes


def _tie(campaign, spec):
    """Point the demo letters and events at their campaign (where unset)."""
    tied = 0
    if spec["letters"]:
        tied += LetterCampaignPage.objects.filter(
            slug=spec["letters"], related_campaign__isnull=True
        ).update(related_campaign=campaign)
    tied += EventPage.objects.filter(
        slug__in=spec["events"], related_campaign__isnull=True
    ).update(related_campaign=campaign)
    return tied

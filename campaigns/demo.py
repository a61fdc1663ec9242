"""Demo campaigns (law reform, funding, awareness) in English and French,
tied to the demo events and letters. Idempotent."""

from advocacy.models import LetterCampaignPage
from events.models import EventPage

from .models import CampaignIndexPage, CampaignPage, FlyerPage

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
        "flyer": True,
    },
]

FLYER = {
    "en": {
        "title": "Flyer for businesses: know the signs",
        "slug": "flyer-for-businesses",
        "body": [
            ("headline", "Human trafficking can happen anywhere, even here"),
            (
                "signs",
                {
                    "heading": "Signs to look for",
                    "signs": [
                        "Someone who is not free to come and go",
                        "Someone who seems controlled, watched or afraid",
                        "Someone without their own ID or money",
                        "Someone who works very long hours for little or no pay",
                    ],
                },
            ),
            (
                "paragraph",
                "If you see these signs, you do not need to be sure. Call the "
                "hotline: it is free, confidential and open day and night.",
            ),
            ("crisis_line", None),
            ("qr_code", {"url": "", "caption": "Learn more and find support"}),
            ("tear_off_tabs", {"count": 8}),
        ],
    },
    "fr": {
        "title": "Affiche pour les commerces : connaître les signes",
        "slug": "affiche-pour-les-commerces",
        "body": [
            ("headline", "La traite des personnes peut arriver partout, même ici"),
            (
                "signs",
                {
                    "heading": "Signes à surveiller",
                    "signs": [
                        "Une personne qui n’est pas libre d’aller et venir",
                        "Une personne qui semble contrôlée, surveillée ou apeurée",
                        "Une personne sans ses propres papiers ni argent",
                        "Une personne qui travaille de très longues heures, peu ou "
                        "pas payée",
                    ],
                },
            ),
            (
                "paragraph",
                "Si vous voyez ces signes, vous n’avez pas besoin d’en être sûr. "
                "Appelez la ligne d’urgence : elle est gratuite, confidentielle "
                "et ouverte jour et nuit.",
            ),
            ("crisis_line", None),
            (
                "qr_code",
                {"url": "", "caption": "En savoir plus et trouver du soutien"},
            ),
            ("tear_off_tabs", {"count": 8}),
        ],
    },
}


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
            if spec.get("flyer"):
                changes += _flyer(loader, page, code, english)
            english = english or page
        changes += _tie(english, spec)
    return changes


def _flyer(loader, campaign, code, english_campaign):
    """The awareness campaign's flyer for businesses (publishing it queues
    its PDFs in every size and language)."""
    spec = FLYER[code]
    if FlyerPage.objects.child_of(campaign).filter(slug=spec["slug"]).exists():
        return 0
    flyer = FlyerPage(locale=campaign.locale, **spec)
    if english_campaign is not None:
        english_flyer = FlyerPage.objects.child_of(english_campaign).first()
        if english_flyer is not None:
            flyer.translation_key = english_flyer.translation_key
    campaign.add_child(instance=flyer)
    flyer.save_revision().publish()
    loader.log(f"  created {code} flyer {flyer.title!r}")
    return 1


def _tie(campaign, spec):
    """Point the demo letters and events, and their translations, at their
    campaign (where unset): a French event links to the campaign too (its
    page shows the campaign's French copy)."""
    tied = 0
    for model, slugs in (
        (LetterCampaignPage, [spec["letters"]] if spec["letters"] else []),
        (EventPage, spec["events"]),
    ):
        keys = model.objects.filter(slug__in=slugs).values("translation_key")
        tied += model.objects.filter(
            translation_key__in=keys, related_campaign__isnull=True
        ).update(related_campaign=campaign)
    return tied

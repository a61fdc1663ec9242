"""A small, clearly labelled SAMPLE of representatives and postal codes for
the demo site: made-up names, example.org addresses, real-looking districts.
Real data comes from `manage.py import_representatives` (Represent)."""

from pathlib import Path

from ..models import FixedTarget, LetterCampaignPage, PostalCodeArea, Representative
from ..services.postal_areas import import_postal_code_areas
from ..services.representatives import import_representatives

HERE = Path(__file__).parent

FIXED_TARGETS = [
    {
        "name": "Minister of Justice (sample)",
        "kind": "minister",
        "title": "Minister of Justice and Attorney General of Canada",
        "email": "minister.justice@example.org",
        "mailing_address": "284 Wellington Street\nOttawa ON  K1A 0H8",
        "salutation": "Dear Minister",
    },
    {
        "name": "Letters to the editor, The Example Times (sample)",
        "kind": "editor",
        "title": "Letters editor",
        "email": "letters@example.org",
        "mailing_address": "1 News Street\nOttawa ON  K1P 5G4",
        "salutation": "To the editor",
    },
]


def load(loader):
    changes = 0
    before = Representative.objects.count()
    report = import_representatives(str(HERE / "representatives.json"))
    changes += len(report.added) + len(report.changed)
    if Representative.objects.count() != before:
        loader.log(f"  imported {len(report.added)} sample representatives")
    areas_before = PostalCodeArea.objects.count()
    areas, links = import_postal_code_areas(
        HERE / "postal_code_areas.csv", "demo sample"
    )
    changes += areas + links
    if PostalCodeArea.objects.count() != areas_before:
        loader.log(f"  imported {areas} sample postal-code areas")
    for target in FIXED_TARGETS:
        _, created = FixedTarget.objects.get_or_create(
            name=target["name"], defaults=target
        )
        changes += created
    return changes


CAMPAIGNS = [
    {
        "slug": ("letter-law-reform", "lettre-reforme-du-droit"),
        "title": (
            "Write to your MP: protect survivors in the Criminal Code",
            "Écrivez à votre député : protéger les survivantes dans le Code criminel",
        ),
        "topic": "law_reform",
        "target_levels": "federal",
        "subject": (
            "Protect survivors of trafficking, "
            "{representative_title} {representative_last_name}",
            "Protégez les survivantes de la traite",
        ),
        "body": (
            "Dear {representative_name},\n\nAs your constituent in {supporter_city}, I "
            "ask you to support amendments that protect survivors of human "
            "trafficking from being prosecuted for what they were forced to do, "
            "and that give them the right to stay in Canada while they heal.\n\n"
            "Sincerely,\n{supporter_name}",
            "{salutation},\n\nÀ titre de personne "
            "de votre circonscription, à {supporter_city}, je vous demande d’appuyer "
            "des modifications qui protègent les survivantes de la traite contre des "
            "poursuites pour ce qu’on les a forcées à faire, et qui leur donnent le "
            "droit de rester au Canada le temps de guérir.\n\nVeuillez agréer mes "
            "salutations distinguées,\n{supporter_name}",
        ),
        "require_personal_paragraph": False,
    },
    {
        "slug": ("letter-fund-services", "lettre-financer-les-services"),
        "title": (
            "Ask your provincial member to fund survivor services",
            "Demandez à votre député provincial de financer les services "
            "aux survivantes",
        ),
        "topic": "funding",
        "target_levels": "provincial",
        "subject": (
            "Stable funding for survivor services in {district}",
            "Un financement stable des services aux survivantes dans {district}",
        ),
        "body": (
            "Dear {representative_name},\n\nSurvivor services in our province run "
            "on one-year grants. Housing, counselling and legal help need stable, "
            "multi-year funding.\n\nSincerely,\n{supporter_name}",
            "{salutation},\n\nLes services aux "
            "survivantes de notre province dépendent de subventions d’un an. Le "
            "logement, le counselling et l’aide juridique ont besoin d’un "
            "financement stable sur plusieurs années.\n\nVeuillez agréer mes "
            "salutations distinguées,\n{supporter_name}",
        ),
        "require_personal_paragraph": True,
    },
]


def load_campaigns(loader):
    changes = 0
    for spec in CAMPAIGNS:
        english = None
        for position, code in enumerate(("en", "fr")):
            home = loader.homes[code]
            slug = spec["slug"][position]
            existing = (
                LetterCampaignPage.objects.child_of(home).filter(slug=slug).first()
            )
            if existing:
                english = english or existing
                continue
            page = LetterCampaignPage(
                title=spec["title"][position],
                slug=slug,
                locale=home.locale,
                topic=spec["topic"],
                target_levels=spec["target_levels"],
                subject_template=spec["subject"][position],
                body_template=spec["body"][position],
                require_personal_paragraph=spec["require_personal_paragraph"],
                personal_paragraph_prompt="Why does this matter to you?"
                if code == "en"
                else "Pourquoi est-ce important pour vous\u00a0?",
                goal=500,
                share_text="I just wrote to my representative. Will you?"
                if code == "en"
                else "Je viens d’écrire à mon élu·e. Et vous\u00a0?",
            )
            if english is not None:
                page.translation_key = english.translation_key
            home.add_child(instance=page)
            page.save_revision().publish()
            english = english or page
            changes += 1
            loader.log(f"  created {code} letter campaign {page.title!r}")
    return changes

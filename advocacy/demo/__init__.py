"""A small, clearly labelled SAMPLE of representatives and postal codes for
the demo site: made-up names, example.org addresses, real-looking districts.
Real data comes from `manage.py import_representatives` (Represent)."""

from pathlib import Path

from ..models import FixedTarget, PostalCodeArea, Representative
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

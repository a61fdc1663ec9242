"""What every site starts with: the six needs (the taxonomy's top level),
the shipped place tables (directory/data/README.md), and the organizers'
rights over the directory's records."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

NEEDS = [
    ("shelter-housing", "Shelter and housing", "Hébergement et logement"),
    ("legal", "Legal assistance", "Aide juridique"),
    ("counselling", "Counselling and mental health", "Counselling et santé mentale"),
    ("health", "Health care", "Soins de santé"),
    (
        "case-management",
        "Case management and support",
        "Gestion de cas et services de soutien",
    ),
    ("community", "Community support and advocacy", "Soutien communautaire et défense des droits"),
]

ORGANIZER_MODELS = [
    "organization",
    "service",
    "location",
    "taxonomyterm",
    "forwardsortationarea",
    "place",
]


def load(apps, schema_editor):
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    for code, name, name_fr in NEEDS:
        TaxonomyTerm.objects.get_or_create(
            code=code, defaults={"name": name, "name_fr": name_fr}
        )
    ForwardSortationArea = apps.get_model("directory", "ForwardSortationArea")
    with (DATA / "fsa_centroids.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ForwardSortationArea.objects.get_or_create(
                code=row["code"],
                defaults={
                    "latitude": float(row["latitude"]),
                    "longitude": float(row["longitude"]),
                    "province": row["province"],
                    "place_name": row["place_name"],
                    "source": "directory/data/fsa_centroids.csv",
                },
            )
    Place = apps.get_model("directory", "Place")
    with (DATA / "places.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Place.objects.get_or_create(
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "name_fr": row["name_fr"],
                    "province": row["province"],
                    "latitude": float(row["latitude"]),
                    "longitude": float(row["longitude"]),
                    "source": "directory/data/places.csv",
                },
            )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    organizers, _ = Group.objects.get_or_create(name="Organizers")
    for model in ORGANIZER_MODELS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="directory", model=model
        )
        for action in ("add", "change", "delete", "view"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            organizers.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_hsds_records"),
        ("cms", "0002_admin_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

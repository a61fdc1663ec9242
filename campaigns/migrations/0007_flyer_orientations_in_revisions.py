"""Carry each flyer revision's orientation into its content.

0005 replaced the ``landscape`` flag with ``orientations`` on the page rows
only, so revisions saved before it had no ``orientations``: a landscape flyer
with a draft opened in the editor as "Portrait only" and turned portrait on
the next publish, and so did reverting to an older revision. Each revision
now says what its own ``landscape`` flag meant. Revisions that already name
their orientations are left alone, so running this again changes nothing.
"""

from django.db import migrations

BATCH = 500


def carry_orientations_into_revisions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    flyer_type = ContentType.objects.filter(
        app_label="campaigns", model="flyerpage"
    ).first()
    if flyer_type is None:  # a fresh database: no flyer, no revision
        return
    revisions = Revision.objects.filter(content_type=flyer_type).only("content")
    changed = []
    for revision in revisions.iterator(chunk_size=BATCH):
        if "orientations" in revision.content:
            continue
        landscape = revision.content.get("landscape")
        revision.content["orientations"] = "landscape" if landscape else "portrait"
        changed.append(revision)
    Revision.objects.bulk_update(changed, ["content"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0006_flyer_download_anonymised_at"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            carry_orientations_into_revisions, migrations.RunPython.noop
        )
    ]

"""Untranslated copies (aliases in another language than their original)
that Wagtail published along with their original go offline: French
visitors no longer meet English text at a French address
(cms/translations.py keeps them unpublished from now on)."""

from django.db import migrations
from django.db.models import F


def unpublish_untranslated_copies(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(alias_of__isnull=False, live=True).exclude(
        locale_id=F("alias_of__locale_id")
    ).update(live=False, has_unpublished_changes=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_retention_help_text"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(unpublish_untranslated_copies, migrations.RunPython.noop)
    ]

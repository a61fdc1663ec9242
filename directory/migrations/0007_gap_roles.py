"""Organizers see the gaps (view only: the counts are never edited)."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="directory", model="searchgap"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_searchgap",
        defaults={"name": "Can view gap"},
    )
    group, _ = Group.objects.get_or_create(name="Organizers")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_search_gaps")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

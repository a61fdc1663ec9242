"""Moderators and Organizers review suggestions (view and change); nobody
adds one in the admin: they come from the public form."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="directory", model="suggestion"
    )
    for name in ("Moderators", "Organizers"):
        group, _ = Group.objects.get_or_create(name=name)
        for action in ("view", "change"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_suggestion",
                defaults={"name": f"Can {action} suggestion"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_suggestions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

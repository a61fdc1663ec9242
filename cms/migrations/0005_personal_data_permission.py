"""Give Organizers the "Personal data" admin screen (cms/personal_data_views.py):
find, export and delete everything held about one email address, across every
app. It replaces the events screen that "delete registration" opened, so the
same role keeps it.
"""

from django.db import migrations

GROUPS = ["Organizers"]
CODENAME = "manage_personal_data"
NAME = "Can find, export and delete everything held about a person"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="cms", model="personaldatarequest"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="cms", codename=CODENAME
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_personal_data_request"),
        ("cms", "0002_admin_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Give Organizers the flyer downloads report (campaigns/admin_views.py):
"view flyer download" lets them read who downloaded which flyer, where,
and export it.

Downloads are never created or changed in the admin: they come from the
public flyer form only, so nobody gets "add" or "change".
"""

from django.db import migrations

MODEL_PERMISSIONS = {
    "Organizers": [
        ("campaigns", "flyerdownload", ["view"]),
    ],
}
#: As Django names them ("Can view flyer download"), for a fresh database
#: where this migration creates the permissions before post_migrate does.
VERBOSE_NAMES = {"flyerdownload": "flyer download"}


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, models in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, actions in models:
            for action in actions:
                codename = f"{action}_{model}"
                label = f"Can {action} {VERBOSE_NAMES[model]}"
                group.permissions.add(
                    _permission(apps, app_label, model, codename, label)
                )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in MODEL_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, model, actions in models:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0003_flyer_downloads"),
        ("cms", "0002_admin_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

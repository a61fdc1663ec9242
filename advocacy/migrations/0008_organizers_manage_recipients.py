"""Give Organizers the representatives and fixed targets they manage
(advocacy/wagtail_hooks.py).

- Representatives come from imports; Organizers read them and correct an
  email or a party, or take someone out of office (view, change). Nobody
  adds or deletes them in the admin: the import owns the list.
- Fixed targets (a minister, a committee, a letters editor) are written by
  Organizers: add, change, delete, view.
"""

from django.db import migrations

MODEL_PERMISSIONS = {
    "Organizers": [
        ("advocacy", "representative", ["view", "change"]),
        ("advocacy", "fixedtarget", ["add", "change", "delete", "view"]),
    ],
}
#: As Django names them ("Can view fixed target"), for a fresh database
#: where this migration creates the permissions before post_migrate does.
VERBOSE_NAMES = {"representative": "representative", "fixedtarget": "fixed target"}


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
        ("advocacy", "0007_letters_protect_their_campaign"),
        ("cms", "0002_admin_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

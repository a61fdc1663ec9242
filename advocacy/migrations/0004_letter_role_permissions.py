"""Give the admin roles their rights over letters (advocacy/admin_views.py).

- Organizers see every letter's deliveries (view letter recipient), resend
  a failed one (change letter recipient) and may read held letters (view
  letter).
- Moderators review held letters: read them (view), release them (change)
  or reject them, which deletes them (delete).

Letters are never created in the admin: they come from the public campaign
pages only, so nobody gets "add letter" or "add letter recipient".
"""

from django.db import migrations

MODEL_PERMISSIONS = {
    "Organizers": [
        ("advocacy", "letterrecipient", ["view", "change"]),
        ("advocacy", "letter", ["view"]),
    ],
    "Moderators": [
        ("advocacy", "letter", ["view", "change", "delete"]),
    ],
}
#: As Django names them ("Can view letter recipient"), for a fresh database
#: where this migration creates the permissions before post_migrate does.
VERBOSE_NAMES = {"letterrecipient": "letter recipient", "letter": "letter"}


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
        ("advocacy", "0003_letter_pdf"),
        ("cms", "0002_admin_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

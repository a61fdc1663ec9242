"""Give the admin roles their rights over registrations, messages and questions.

- Organizers see registrations, check people in (change), delete a person's
  data on request (delete), write to attendees (add organizer message) and
  review town-hall questions.
- Moderators review town-hall questions and nothing else here.

Registrations are never created in the admin: they come from the public
RSVP form only, so nobody gets "add registration".
"""

from django.db import migrations

MODEL_PERMISSIONS = {
    "Organizers": [
        ("events", "registration", ["view", "change", "delete"]),
        ("events", "organizermessage", ["add", "view"]),
        ("events", "townhallquestion", ["view", "change"]),
    ],
    "Moderators": [
        ("events", "townhallquestion", ["view", "change"]),
    ],
}


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
                label = f"Can {action} {model}"
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
        ("events", "0001_events_and_registrations"),
        ("cms", "0002_admin_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""One scheduled retention run for every app (cms.tasks.anonymise_personal_data,
in CELERY_BEAT_SCHEDULE) replaces the per-app tasks.

django-celery-beat copies CELERY_BEAT_SCHEDULE into its table but never
removes an entry that left the settings: without this migration beat would
keep sending the old tasks, which no longer exist.
"""

from django.db import migrations

OLD_ENTRIES = [
    "advocacy-anonymise-old-letters",
    "events-anonymise-past-registrations",
]


def remove_old_entries(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=OLD_ENTRIES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_personal_data_permission"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(remove_old_entries, migrations.RunPython.noop)]

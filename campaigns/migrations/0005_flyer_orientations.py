"""Organizers choose portrait, landscape or both; a flyer printed sideways
before (``landscape``) keeps printing sideways."""

from django.db import migrations, models


def keep_landscape_flyers(apps, schema_editor):
    FlyerPage = apps.get_model("campaigns", "FlyerPage")
    FlyerPage.objects.filter(landscape=True).update(orientations="landscape")


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_flyer_download_role_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="flyerpage",
            name="orientations",
            field=models.CharField(
                choices=[
                    ("portrait", "Portrait only"),
                    ("landscape", "Landscape only"),
                    ("both", "Portrait and landscape: people choose"),
                ],
                default="portrait",
                help_text="Which ways up the flyer can be printed (landscape is sideways).",
                max_length=10,
                verbose_name="orientation",
            ),
        ),
        migrations.RunPython(keep_landscape_flyers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="flyerpage", name="landscape"),
        migrations.AddField(
            model_name="flyerdownload",
            name="orientation",
            field=models.CharField(
                blank=True, max_length=10, verbose_name="orientation"
            ),
        ),
    ]

"""Consent to updates: what was ticked, apart from what was confirmed.

The "email me updates" box used to record consent at once
(``consent_updates``, ``consent_at``) for whatever address was typed. It is
now a request (``consent_requested_at``) that counts only once the
address's owner confirms it from the link in their email
(``consent_confirmed_at``; see cms/consent.py).

Existing rows with ``consent_updates=True`` were never confirmed by anyone:
they become requests (dated when the box was ticked), NOT consent, so
nobody is emailed updates or exported as consenting on their strength. No
link was ever sent for them; the person is asked the next time they tick
the box. Rows without the box ticked keep no consent wording.

Going back turns every request (confirmed or not) into the old
``consent_updates=True``: confirmations are lost.
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce

APP, MODEL = "events", "Registration"


def ticked_is_a_request(apps, schema_editor):
    rows = apps.get_model(APP, MODEL).objects
    rows.filter(consent_updates=True).update(
        consent_requested_at=Coalesce("consent_at", "created_at"),
        consent_confirmed_at=None,
    )
    rows.filter(consent_updates=False).update(consent_text="")


def requests_back_to_ticked(apps, schema_editor):
    rows = apps.get_model(APP, MODEL).objects
    rows.filter(consent_requested_at__isnull=False).update(
        consent_updates=True, consent_at=models.F("consent_requested_at")
    )


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0005_email_delivery_queued_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="consent_requested_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="updates asked for at"
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="consent_confirmed_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="updates confirmed by email at"
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="consent_email_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="registration",
            name="consent_text",
            field=models.TextField(blank=True, verbose_name="consent wording shown"),
        ),
        migrations.RunPython(ticked_is_a_request, requests_back_to_ticked),
        migrations.RemoveField(model_name="registration", name="consent_updates"),
        migrations.RemoveField(model_name="registration", name="consent_at"),
    ]

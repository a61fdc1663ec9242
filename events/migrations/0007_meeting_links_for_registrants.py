"""Online meeting links go to registered attendees only, unless public.

One setting, "who sees the address and meeting link", used to cover both,
and its default showed a town hall's or information session's meeting link
to everyone: on the page, in the calendar feeds, in the API and in the
Google and Outlook links. For events about trafficking an open link invites
disruption (issue 11), so the link gets a setting of its own whose default
is "registered attendees only"; the old setting now covers the address (an
in-person address stays public unless private, as before).

Existing events: an event whose setting was left at "default" (or set to
"private") gets a registrants-only link; an organizer who explicitly chose
"public: shown to everyone" keeps a public link. The same rule is applied to
each saved revision, so that a draft opened in the editor, or an older
revision restored, says what the page says (a revision without the new
setting would otherwise open as "registered attendees only"). Revisions
that already name it are left alone, so running this again changes nothing.
Going back removes the setting: links are then public again where the old
setting says so.
"""

from django.db import migrations, models

BATCH = 500


def choice_for(location_visibility):
    return "public" if location_visibility == "public" else "registrants"


def meeting_links_for_registrants(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    EventPage.objects.filter(location_visibility="public").update(
        meeting_link_visibility="public"
    )
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    event_type = ContentType.objects.filter(
        app_label="events", model="eventpage"
    ).first()
    if event_type is None:  # a fresh database: no event, no revision
        return
    revisions = Revision.objects.filter(content_type=event_type).only("content")
    changed = []
    for revision in revisions.iterator(chunk_size=BATCH):
        if "meeting_link_visibility" in revision.content:
            continue
        revision.content["meeting_link_visibility"] = choice_for(
            revision.content.get("location_visibility")
        )
        changed.append(revision)
    Revision.objects.bulk_update(changed, ["content"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_consent_requested_apart_from_confirmed"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventpage",
            name="meeting_link_visibility",
            field=models.CharField(
                choices=[
                    (
                        "registrants",
                        "Registered attendees only: by email and on their "
                        "registration page",
                    ),
                    ("public", "Public: on the event page, in calendars and the API"),
                ],
                default="registrants",
                help_text=(
                    "A link anyone can read invites people who want to disrupt "
                    "the meeting. Registered attendees get it in their emails, "
                    "their calendar file and on their registration page."
                ),
                max_length=12,
                verbose_name="who sees the meeting link",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="location_visibility",
            field=models.CharField(
                choices=[
                    ("default", "Default: private for support groups, public otherwise"),
                    ("public", "Public: shown to everyone"),
                    ("private", "Private: only registered attendees get it"),
                ],
                default="default",
                max_length=10,
                verbose_name="who sees the address",
            ),
        ),
        migrations.RunPython(meeting_links_for_registrants, migrations.RunPython.noop),
    ]

"""A page that holds registrations or letters is not deleted with them
(issue 18, item 1): the admin says why and what to do instead.

The rule is simple on purpose: while any registration or letter row points
to the page (anonymised ones too: they keep the figures), the page stays.
Unpublishing takes it offline; the retention schedule anonymises the rows.
"""

import pytest
from django.db.models import ProtectedError
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from advocacy.models import Letter
from events.models import EventPage, Registration

pytestmark = pytest.mark.django_db

SITE_NAME = "Networks of Care"


def register(event, email="ana@example.org", **fields):
    fields = {"name": "Ana", "status": "confirmed", **fields}
    return Registration.objects.create(event=event, email=email, **fields)


def write(campaign, email="sam@example.org"):
    return Letter.objects.create(
        campaign=campaign,
        supporter_name="Sam",
        email=email,
        city="Ottawa",
        province="ON",
        subject="Protect survivors",
        body="Please act.",
        status="confirmed",
    )


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def french_copy(page):
    return Page.objects.get(
        translation_key=page.translation_key, locale__language_code="fr"
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def delete(client, page):
    """GET the delete page, then POST it as the admin's form does."""
    url = f"/admin/pages/{page.pk}/delete/"
    return client.get(url, follow=True), client.post(
        url, {"confirm_site_name": SITE_NAME}, follow=True
    )


def bulk_delete(client, *pages):
    ids = "&".join(f"id={page.pk}" for page in pages)
    url = f"/admin/bulk/wagtailcore/page/delete/?{ids}&next=/admin/"
    return client.post(url, {"confirm_site_name": SITE_NAME}, follow=True)


def test_registrations_protect_their_event_in_the_database(pages):
    event = pages["event"]
    registration = register(event)
    with pytest.raises(ProtectedError):
        event.delete()
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_an_organizer_deleting_an_event_with_registrations_is_told_why(pages, users):
    event = pages["event"]
    register(event)
    register(event, email="bo@example.org")
    asked, posted = delete(client_for(users["Organizers"]), event)
    for response in (asked, posted):
        assert response.status_code == 200
        assert messages_of(response) == [
            "“Peer circle” cannot be deleted: it holds 2 registrations. Unpublish "
            "it to take it offline (the records stay for your figures until they "
            "are anonymised on schedule), or export the records you need and "
            "delete them before you delete the page."
        ]
    assert EventPage.objects.filter(pk=event.pk).exists()
    assert french_copy(event).live
    assert Registration.objects.filter(event=event).count() == 2


def test_anonymised_registrations_still_keep_their_event(pages, users):
    event = pages["event"]
    register(event, email="", name="", anonymised_at=timezone.now())
    _asked, posted = delete(client_for(users["superuser"]), event)
    assert "it holds 1 registration." in messages_of(posted)[0]
    assert EventPage.objects.filter(pk=event.pk).exists()


def test_bulk_deleting_an_event_with_registrations_is_refused_with_a_message(
    pages, users
):
    event, content = pages["event"], pages["content"]
    register(event)
    response = bulk_delete(client_for(users["superuser"]), event, content)
    assert response.status_code == 200
    assert messages_of(response) == [
        "“Peer circle” cannot be deleted: it holds 1 registration. Unpublish it "
        "to take it offline (the records stay for your figures until they are "
        "anonymised on schedule), or export the records you need and delete "
        "them before you delete the page."
    ]
    # Nothing of the batch was deleted.
    assert Page.objects.filter(pk__in=[event.pk, content.pk]).count() == 2
    assert Registration.objects.filter(event=event).count() == 1


def test_a_letter_campaign_with_letters_is_not_deleted(pages, users):
    letters = pages["letters"]
    write(letters)
    _asked, posted = delete(client_for(users["superuser"]), letters)
    assert (
        "“Write to your MP” cannot be deleted: it holds 1 letter."
        in (messages_of(posted)[0])
    )
    response = bulk_delete(client_for(users["Organizers"]), letters)
    assert "it holds 1 letter." in messages_of(response)[0]
    assert Page.objects.filter(pk=letters.pk).exists()
    assert Letter.objects.filter(campaign=letters).count() == 1


def test_deleting_the_page_above_an_event_with_registrations_is_refused(pages, users):
    event = pages["event"]
    register(event)
    index = event.get_parent()
    _asked, posted = delete(client_for(users["Organizers"]), index)
    assert (
        "“Events” cannot be deleted: it holds 1 registration."
        in (messages_of(posted)[0])
    )
    assert Page.objects.filter(pk__in=[index.pk, event.pk]).count() == 2


def test_pages_without_records_are_deleted_as_before(pages, users):
    organizer = client_for(users["Organizers"])
    event, letters = pages["event"], pages["letters"]
    french_event = french_copy(event)
    _asked, posted = delete(organizer, event)
    [deleted] = messages_of(posted)
    assert "Peer circle&#x27; deleted." in deleted
    assert not Page.objects.filter(pk__in=[event.pk, french_event.pk]).exists()
    bulk_delete(organizer, letters)
    assert not Page.objects.filter(pk=letters.pk).exists()

"""Issue 18 item 3: "email me updates" ticked on the RSVP form is a request,
not consent. Anyone can type anyone's address: the consent counts (for the
organizers' export, for any mailing) only once the address's owner confirms
it from the link in their confirmation email (cms/consent.py)."""

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from cms import personal_data
from events.models import EmailDelivery, Registration
from events.services.emails import send_deliveries

pytestmark = pytest.mark.django_db


def rsvp(client, event, **fields):
    data = {
        "name": "Alex Martin",
        "email": "alex@example.org",
        "party_size": "1",
        "language": "en",
        "accessibility_needs": "",
        **fields,
    }
    response = client.post(event.url + "register/", data)
    assert response.status_code == 302
    return response


def deliver(mailoutbox):
    ids = list(
        EmailDelivery.objects.filter(status="pending").values_list("pk", flat=True)
    )
    send_deliveries(ids)
    return mailoutbox


def consent_path(text):
    """The path of the "Yes, send me updates" link in a plain-text email."""
    found = re.findall(
        r"https?://testserver(/(?:en|fr)/(?:email-updates|nouvelles-par-courriel)/"
        r"[\w-]+/[\w-]+/)",
        text,
    )
    assert len(found) == 1, text
    return found[0]


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


@pytest.fixture
def export(client, django_user_model):
    """The organizers' CSV export of registrations, as rows by email."""
    user = django_user_model.objects.create_user(username="organizer", password="x")
    user.groups.add(Group.objects.get(name="Organizers"))

    def read():
        client.force_login(user)
        response = client.get(reverse("event_registrations:index"), {"export": "csv"})
        client.logout()
        content = b"".join(response.streaming_content).decode()
        header, *rows = list(csv.reader(io.StringIO(content)))
        column = header.index("Agreed to future emails")
        return {row[1]: row[column] for row in rows}

    return read


def test_ticking_the_box_records_a_request_not_consent(client, make_event, export):
    event = make_event()
    rsvp(client, event, consent_updates="on")
    registration = Registration.objects.get()
    assert registration.consent_requested_at is not None
    assert registration.consent_confirmed_at is None
    assert registration.consent_text.startswith("Yes, email me about future events")
    assert list(Registration.objects.with_confirmed_consent()) == []
    assert export() == {"alex@example.org": "no"}


def test_the_form_says_we_will_ask_to_confirm_by_email(client, make_event):
    event = make_event()
    page = BeautifulSoup(client.get(event.url).content, "html.parser")
    box = page.find("input", attrs={"name": "consent_updates"})
    field = box.find_parent(class_="field")
    assert "We will email you a link to confirm this" in field.get_text()


def test_the_email_carries_the_link_and_only_a_post_confirms(
    client, make_event, mailoutbox, export
):
    event = make_event(title="Signs workshop")
    rsvp(client, event, consent_updates="on")
    [mail] = deliver(mailoutbox)
    assert "Yes, send me updates" in mail.body
    path = consent_path(mail.body)
    html = mail.alternatives[0][0]
    assert f'href="http://testserver{path}"' in html
    assert "Yes, send me updates" in html

    # Opening the link (as a mail scanner does) changes nothing.
    page = client.get(path)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    shown = BeautifulSoup(page.content, "html.parser")
    assert shown.find("a", attrs={"data-quick-exit": True})  # the site's base page
    assert shown.find("button", string=re.compile("Yes, send me updates"))
    assert "alex@example.org" in text_of(page)
    assert Registration.objects.get().consent_confirmed_at is None
    assert export() == {"alex@example.org": "no"}

    confirmed = client.post(path, follow=True)
    assert confirmed.status_code == 200
    assert "Thank you: you will hear from us" in text_of(confirmed)
    registration = Registration.objects.get()
    first = registration.consent_confirmed_at
    assert first is not None
    assert list(Registration.objects.with_confirmed_consent()) == [registration]
    assert export() == {"alex@example.org": "yes"}

    # Twice is fine: still confirmed, from the first time.
    again = client.post(path, follow=True)
    assert again.status_code == 200
    assert "Thank you: you will hear from us" in text_of(again)
    assert Registration.objects.get().consent_confirmed_at == first


def test_no_link_without_the_box(client, make_event, mailoutbox):
    event = make_event()
    rsvp(client, event)
    [mail] = deliver(mailoutbox)
    assert "send me updates" not in mail.body
    assert "send me updates" not in mail.alternatives[0][0]
    registration = Registration.objects.get()
    assert registration.consent_requested_at is None
    assert registration.consent_text == ""


def test_only_the_first_email_asks(client, make_event, mailoutbox):
    """Reminders and notices are about the event: the question is asked in
    the confirmation (or the waitlist email) only."""
    event = make_event()
    rsvp(client, event, consent_updates="on")
    deliver(mailoutbox)
    registration = Registration.objects.get()
    delivery = EmailDelivery.objects.create(
        registration=registration, kind="reminder", key="24"
    )
    send_deliveries([delivery.pk])
    assert "send me updates" not in mailoutbox[-1].body


def test_french_rsvp_gets_a_french_email_and_page(client, make_event, mailoutbox):
    event = make_event(french=True)
    rsvp(client, event.french, language="fr", name="Camille", consent_updates="on")
    registration = Registration.objects.get()
    assert registration.consent_text.startswith("Oui")
    [mail] = deliver(mailoutbox)
    assert "Oui, envoyez-moi des nouvelles" in mail.body
    path = consent_path(mail.body)
    assert path.startswith("/fr/nouvelles-par-courriel/")
    page = client.get(path)
    assert page.status_code == 200
    assert "Oui, envoyez-moi des nouvelles" in text_of(page)
    assert registration.consent_text in text_of(page)
    done = client.post(path, follow=True)
    assert "Merci : vous aurez de nos nouvelles" in text_of(done)
    assert Registration.objects.get().consent_confirmed_at is not None


def test_registering_again_asks_again(client, make_event, mailoutbox):
    """A cancelled registration made again starts a new request: a consent
    confirmed before does not carry over to what was ticked (or not) now."""
    from events.services.registrations import cancel_registration

    event = make_event()
    rsvp(client, event, consent_updates="on")
    [mail] = deliver(mailoutbox)
    old_path = consent_path(mail.body)
    client.post(old_path)
    registration = Registration.objects.get()
    assert registration.consent_confirmed_at is not None
    cancel_registration(registration)
    rsvp(client, event)  # not ticked this time
    registration.refresh_from_db()
    assert registration.consent_requested_at is None
    assert registration.consent_confirmed_at is None
    assert client.get(old_path).status_code == 404


def test_personal_data_export_and_anonymisation_cover_the_consent(
    client, make_event, mailoutbox
):
    from datetime import timedelta

    from django.utils import timezone

    event = make_event()
    rsvp(client, event, consent_updates="on")
    [mail] = deliver(mailoutbox)
    path = consent_path(mail.body)
    client.post(path)
    registration = Registration.objects.get()

    [record] = personal_data.export("alex@example.org")["registrations"]
    assert record["consent_text"] == registration.consent_text
    requested, confirmed = (
        registration.consent_requested_at,
        registration.consent_confirmed_at,
    )
    assert record["consent_requested_at"] == requested.isoformat()
    assert record["consent_confirmed_at"] == confirmed.isoformat()

    long_ago = timezone.now() - timedelta(days=400)
    type(event).objects.filter(pk=event.pk).update(start_at=long_ago, end_at=long_ago)
    assert personal_data.anonymise_expired()["registrations"] == 1
    registration.refresh_from_db()
    assert registration.consent_text == ""
    assert registration.consent_requested_at is None
    assert registration.consent_confirmed_at is None
    assert client.get(path).status_code == 404

"""The manage page: change the party and needs, cancel after confirming
(with one email saying so), register again, and stay on the page in the
other language."""

import re

import pytest
from bs4 import BeautifulSoup

from events.models import EmailDelivery, Registration
from events.services.registrations import register_for_event
from tests.events.test_rsvp import deliver

pytestmark = pytest.mark.django_db


def register(event, email="alex@example.org", party_size=1, **fields):
    return register_for_event(
        event,
        name=fields.pop("name", "Alex Martin"),
        email=email,
        party_size=party_size,
        **fields,
    ).registration


def text_of(response):
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(page.find("main").get_text(" ").split())


def follow(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def test_the_party_grows_into_free_seats(client, make_event):
    event = make_event(capacity=5, max_party_size=4)
    alex = register(event, party_size=1)
    url = event.manage_url(alex)
    response = client.post(
        url,
        {"action": "change", "party_size": "3", "accessibility_needs": "Step-free"},
    )
    assert "Your registration is updated." in text_of(follow(client, response))
    alex.refresh_from_db()
    assert (alex.party_size, alex.accessibility_needs) == (3, "Step-free")


def test_the_party_never_grows_past_the_seats_left(client, make_event):
    event = make_event(capacity=4, max_party_size=4)
    alex = register(event, party_size=2)
    register(event, email="bo@example.org", party_size=1)
    response = client.post(
        event.manage_url(alex),
        {"action": "change", "party_size": "4", "accessibility_needs": ""},
    )
    assert response.status_code == 200
    assert (
        "Only 1 more seat is left, so your party can be 3 people at most. "
        "Nothing was changed."
    ) in text_of(response)
    alex.refresh_from_db()
    assert (alex.party_size, alex.status) == (2, "confirmed")


def test_a_full_event_refuses_any_growth(client, make_event):
    event = make_event(capacity=2, max_party_size=4, waitlist_enabled=True)
    alex = register(event, party_size=2)
    response = client.post(
        event.manage_url(alex),
        {"action": "change", "party_size": "3", "accessibility_needs": ""},
    )
    assert "No seat is left, so your party cannot grow." in text_of(response)
    alex.refresh_from_db()
    assert (alex.party_size, alex.status) == (2, "confirmed")


def test_a_smaller_party_gives_seats_to_the_waitlist(client, make_event, mailoutbox):
    event = make_event(capacity=3, max_party_size=3, waitlist_enabled=True)
    alex = register(event, party_size=3)
    bo = register(event, email="bo@example.org", party_size=1)
    assert bo.status == "waitlisted"
    deliver(mailoutbox).clear()
    client.post(
        event.manage_url(alex),
        {"action": "change", "party_size": "2", "accessibility_needs": ""},
    )
    bo.refresh_from_db()
    assert bo.status == "confirmed"
    [mail] = deliver(mailoutbox)
    assert mail.to == ["bo@example.org"]


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ("0", "Count at least one person: you."),
        ("9", "You can register up to 4 people at once."),
        ("two", "Enter a whole number."),
    ],
)
def test_bad_party_sizes_are_refused_clearly(client, make_event, size, message):
    event = make_event(max_party_size=4)
    alex = register(event)
    response = client.post(
        event.manage_url(alex),
        {"action": "change", "party_size": size, "accessibility_needs": ""},
    )
    assert message in text_of(response)
    alex.refresh_from_db()
    assert alex.party_size == 1


def test_cancelling_asks_first_then_emails_once(client, make_event, mailoutbox):
    event = make_event(title="Signs workshop")
    alex = register(event, party_size=2)
    deliver(mailoutbox).clear()
    url = event.manage_url(alex)

    response = client.post(url, {"action": "cancel"})
    assert "Cancel your registration?" in text_of(response)
    assert "Your places (for 2 people) go to someone else." in text_of(response)
    alex.refresh_from_db()
    assert alex.status == "confirmed"

    response = client.post(url, {"action": "cancel_confirmed"})
    page = text_of(follow(client, response))
    assert "Your registration is cancelled." in page
    assert "Register again" in page
    alex.refresh_from_db()
    assert alex.status == "cancelled"
    client.post(url, {"action": "cancel_confirmed"})  # a second click

    [mail] = deliver(mailoutbox)
    deliver(mailoutbox)  # a retried task sends nothing more
    assert len(mailoutbox) == 1
    assert mail.to == ["alex@example.org"]
    assert mail.subject == "Registration cancelled: Signs workshop"
    assert "Your registration for “Signs workshop” is cancelled." in mail.body
    assert url in mail.body
    html = mail.alternatives[0][0]
    assert url in html
    assert EmailDelivery.objects.filter(kind="cancelled").count() == 1


def test_the_cancellation_email_is_in_french_for_french_readers(
    client, make_event, mailoutbox
):
    event = make_event(french=True)
    alex = register(event, language="fr")
    deliver(mailoutbox).clear()
    client.post(event.french.manage_url(alex), {"action": "cancel_confirmed"})
    [mail] = deliver(mailoutbox)
    # Subjects are put on one line by cms.mail, which makes every space plain.
    assert mail.subject == "Inscription annulée : Atelier communautaire"
    assert "Votre inscription à «\u00a0Atelier communautaire\u00a0» est annulée." in (
        mail.body
    )
    assert event.french.url + "manage/" in mail.body


def test_register_again_after_cancelling(client, make_event, mailoutbox):
    event = make_event(capacity=3, max_party_size=3, title="Signs workshop")
    alex = register(event, party_size=1, consent_updates=True, consent_text="Yes")
    alex.refresh_from_db()
    requested = alex.consent_requested_at
    url = event.manage_url(alex)
    client.post(url, {"action": "cancel_confirmed"})
    deliver(mailoutbox).clear()

    response = client.post(url, {"action": "again", "party_size": "2"})
    assert "You are registered again." in text_of(follow(client, response))
    alex.refresh_from_db()
    assert (alex.status, alex.party_size) == ("confirmed", 2)
    assert alex.consent_requested_at == requested  # kept as it was
    [mail] = deliver(mailoutbox)
    assert mail.subject == "You are registered: Signs workshop"


@pytest.mark.parametrize(
    ("waitlist", "status", "message"),
    [
        (True, "waitlisted", "You are registered again."),
        (False, "cancelled", "Sorry, this event is full."),
    ],
)
def test_register_again_when_full(client, make_event, waitlist, status, message):
    event = make_event(capacity=1, waitlist_enabled=waitlist)
    alex = register(event)
    url = event.manage_url(alex)
    client.post(url, {"action": "cancel_confirmed"})
    register(event, email="bo@example.org")
    response = client.post(url, {"action": "again", "party_size": "1"}, follow=True)
    assert message in text_of(response)
    alex.refresh_from_db()
    assert alex.status == status


def test_deleting_asks_first(client, make_event):
    event = make_event()
    alex = register(event)
    url = event.manage_url(alex)
    response = client.post(url, {"action": "delete"})
    assert "Delete your data?" in text_of(response)
    assert Registration.objects.count() == 1
    response = client.post(url, {"action": "delete_confirmed"})
    assert "Your data is deleted" in response.content.decode()
    assert Registration.objects.count() == 0


def test_the_language_switch_stays_on_the_manage_page(client, make_event):
    event = make_event(french=True)
    alex = register(event)
    response = client.get(event.manage_url(alex))
    page = BeautifulSoup(response.content, "html.parser")
    link = page.select_one('.language-switch a[hreflang="fr"]')
    assert link["href"] == event.french.manage_url(alex)
    french = client.get(link["href"])
    assert french.status_code == 200
    assert "Votre inscription" in text_of(french)
    back = BeautifulSoup(french.content, "html.parser").select_one(
        '.language-switch a[hreflang="en"]'
    )
    assert back["href"] == event.manage_url(alex)


def test_the_manage_page_after_a_change_keeps_the_switch(client, make_event):
    event = make_event(french=True)
    alex = register(event)
    response = client.post(event.manage_url(alex), {"action": "cancel"})
    page = BeautifulSoup(response.content, "html.parser")
    link = page.select_one('.language-switch a[hreflang="fr"]')
    assert link["href"] == event.french.manage_url(alex)
    assert re.search(r"/manage/[\w-]+/$", link["href"])


@pytest.mark.django_db(transaction=True)
def test_two_parties_growing_into_the_last_seat_at_once_never_overbook(make_event):
    """Both ask for the one seat left at the same moment: the event's lock
    lets one through and tells the other how many seats are left."""
    import threading

    from django.db import connection

    from events.services import registrations as rsvp

    event = make_event(capacity=3, max_party_size=4)
    parties = [register(event, email=f"{n}@example.org") for n in ("ann", "bob")]
    barrier = threading.Barrier(2)
    answers = []

    def grow(registration):
        barrier.wait()
        try:
            rsvp.change_registration(registration, party_size=2, accessibility_needs="")
            answers.append("changed")
        except rsvp.RegistrationError as error:
            answers.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=grow, args=(p,)) for p in parties]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [
        "No seat is left, so your party cannot grow. Nothing was changed.",
        "changed",
    ]
    assert rsvp.seats_taken(event) == 3

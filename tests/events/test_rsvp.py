"""RSVPs through the public form: outcomes, emails, bad input, manage link."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from icalendar import Calendar

from events.models import EmailDelivery, Registration
from events.services.emails import send_deliveries
from tests.events.conftest import ics_of

pytestmark = pytest.mark.django_db


def rsvp(client, event, remote_addr="127.0.0.1", forwarded_for=None, **fields):
    """POST the RSVP form from the connection ``remote_addr``."""
    data = {
        "name": "Alex Martin",
        "email": "alex@example.org",
        "party_size": "1",
        "language": "en",
        "accessibility_needs": "",
    }
    data.update(fields)
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(event.url + "register/", data, **extra)


def errors(response):
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.find("div", class_="error-summary")
    return (
        [li.get_text(" ", strip=True) for li in summary.find_all("li")]
        if summary
        else []
    )


def deliver(mailoutbox):
    """Send what the RSVP queued (the worker's job, run here in-process)."""
    ids = list(
        EmailDelivery.objects.filter(status="pending").values_list("pk", flat=True)
    )
    send_deliveries(ids)
    return mailoutbox


def test_rsvp_confirms_and_emails_with_a_calendar_file(client, make_event, mailoutbox):
    event = make_event(title="Signs workshop", capacity=10)
    response = rsvp(
        client,
        event,
        name="Alex Martin",
        party_size="2",
        accessibility_needs="Wheelchair user",
    )
    assert response.status_code == 302
    assert response["Location"] == event.url + "registered/"
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert registration.party_size == 2
    assert registration.accessibility_needs == "Wheelchair user"
    assert registration.consent_requested_at is None

    [mail] = deliver(mailoutbox)
    assert mail.to == ["alex@example.org"]
    assert mail.subject == "You are registered: Signs workshop"
    assert "Hello Alex Martin," in mail.body
    assert "Library meeting room" in mail.body
    assert "/registered/" not in mail.body
    assert event.url + "manage/" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and "Signs workshop" in html
    vevent = Calendar.from_ical(ics_of(mail)).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == event.start_at
    assert "Wheelchair user" not in mail.body  # only organizers see it


def test_consent_is_asked_for_with_time_and_wording(client, make_event):
    """Asked for, not given: the owner of the address confirms it from the
    email (tests/events/test_consent.py)."""
    event = make_event()
    rsvp(client, event, consent_updates="on")
    registration = Registration.objects.get()
    assert registration.consent_text.startswith("Yes, email me about future events")
    requested = registration.consent_requested_at
    assert abs(requested - timezone.now()) < timedelta(minutes=1)
    assert registration.consent_confirmed_at is None and not registration.has_consent


def test_french_rsvp_gets_french_email(client, make_event, mailoutbox):
    event = make_event(french=True, title="Workshop")
    rsvp(client, event.french, language="fr", name="Camille")
    [mail] = deliver(mailoutbox)
    assert mail.subject == "Inscription confirmée : Atelier communautaire"
    assert "Bonjour Camille," in mail.body
    assert event.french.url + "manage/" in mail.body
    assert Registration.objects.get().event_id == event.pk  # one event, one count


def test_full_event_puts_people_on_the_waitlist(client, make_event, mailoutbox):
    event = make_event(capacity=2, title="Small room")
    rsvp(client, event, email="a@example.org", party_size="2")
    rsvp(client, event, email="b@example.org")
    assert Registration.objects.get(email="b@example.org").status == "waitlisted"
    deliver(mailoutbox)
    waitlisted = [m for m in mailoutbox if m.to == ["b@example.org"]][0]
    assert waitlisted.subject == "You are on the waitlist: Small room"
    assert "Library meeting room" in waitlisted.body  # public location


def test_same_email_twice_creates_nothing_and_resends_the_link(
    client, make_event, mailoutbox
):
    event = make_event(title="Talk")
    rsvp(client, event, email="Alex@Example.org")
    response = rsvp(client, event, email="alex@example.org ", name="Someone else")
    assert response["Location"] == event.url + "registered/"
    assert Registration.objects.count() == 1
    assert Registration.objects.get().name == "Alex Martin"
    deliver(mailoutbox)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["alex@example.org"], "You are registered: Talk"),
        (["alex@example.org"], "Your registration: Talk"),
    ]
    assert event.url + "manage/" in mailoutbox[1].body


def public_view(response, *secrets):
    """What the person at the form sees: status, where it leads, the page
    (without the per-request CSRF token and what they typed themselves)."""
    content = response.content.decode()
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)
    for secret in secrets:
        content = content.replace(secret, "EMAIL")
    return response.status_code, response.get("Location"), content


def submit_and_follow(client, event, email):
    response = rsvp(client, event, email=email, name="Robin")
    followed = client.get(response["Location"]) if response.status_code == 302 else None
    return public_view(response, email), followed and public_view(followed)


@pytest.mark.parametrize(
    ("fields", "newcomer_status"),
    [
        ({"capacity": 10}, "confirmed"),
        # The owner holds the last seat; a newcomer would be waitlisted.
        ({"capacity": 1}, "waitlisted"),
        # No seat and no waitlist: both are told the event is full.
        ({"capacity": 1, "waitlist_enabled": False}, None),
    ],
)
def test_the_form_never_tells_whether_an_email_is_registered(
    client, make_event, mailoutbox, fields, newcomer_status
):
    """Someone who types another person's address (an abuser checking
    whether they attend a support group) gets the very answer a new address
    gets; only the owner's inbox learns anything: their own link."""
    event = make_event(
        title="Support group for families and friends",
        event_type="support_group",
        **fields,
    )
    rsvp(client, event, email="owner@example.org", name="Owner")
    deliver(mailoutbox)
    mailoutbox.clear()

    known = submit_and_follow(client, event, "owner@example.org")
    unknown = submit_and_follow(client, event, "newcomer@example.org")
    assert known == unknown
    assert "already registered" not in str(known)
    if newcomer_status is None:
        assert "Sorry, this event is full." in known[0][2]
    else:
        assert "Check your email" in known[1][2]

    owner = Registration.objects.get(email="owner@example.org")
    assert (owner.name, owner.status) == ("Owner", "confirmed")
    newcomer = Registration.objects.filter(email="newcomer@example.org").first()
    assert (newcomer and newcomer.status) == (newcomer_status or None)
    deliver(mailoutbox)
    by_address = {tuple(m.to): m for m in mailoutbox}
    to_owner = by_address.pop(("owner@example.org",))
    assert (
        to_owner.subject == "Your registration: Support group for families and friends"
    )
    assert event.manage_url(owner).split("/manage/")[1] in to_owner.body
    assert list(by_address) == ([("newcomer@example.org",)] if newcomer else [])


def test_the_answer_page_says_to_check_the_email(client, make_event):
    event = make_event(title="Talk")
    response = rsvp(client, event)
    assert response["Location"] == event.url + "registered/"
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert page.h1.get_text(strip=True) == "Check your email"
    status = page.find(attrs={"role": "status"}).get_text(" ", strip=True)
    assert "We have received your registration for “Talk”." in status
    assert "whether you have a seat or a place on the waitlist" in status
    french = make_event(french=True)
    response = rsvp(client, french.french, email="camille@example.org")
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert page.h1.get_text(strip=True) == "Vérifiez vos courriels"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "Enter an email address like name@example.org."),
        ({"name": "   "}, "Enter your name."),
        ({"name": "x" * 101}, "Your name must be 100 characters or fewer."),
        ({"name": "Eve\r\nBcc: all@example.org"}, "Your name must be on one line"),
        ({"party_size": "0"}, "Count at least one person: you."),
        ({"party_size": "9"}, "You can register up to 4 people at once."),
        ({"party_size": "two"}, "Enter a whole number."),
        ({"accessibility_needs": "x" * 1001}, "Keep this to 1000 characters or fewer."),
        ({"language": "de"}, "Choose English or French for our emails."),
    ],
)
def test_bad_input_gets_a_clear_message(client, make_event, fields, message):
    event = make_event()
    response = rsvp(client, event, **fields)
    assert response.status_code == 200
    assert any(message in error for error in errors(response)), errors(response)
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"days": -3}, "This event has already started or taken place."),
        ({"is_cancelled": True}, "This event has been cancelled."),
        (
            {"rsvp_closes_at": timezone.now() - timedelta(hours=1)},
            "RSVPs for this event are closed.",
        ),
        ({"rsvp_opens_at": timezone.now() + timedelta(days=1)}, "RSVPs open on"),
        ({"capacity": 0, "waitlist_enabled": False}, "Sorry, this event is full."),
    ],
)
def test_closed_events_refuse_with_a_reason(client, make_event, fields, message):
    event = make_event(**fields)
    response = rsvp(client, event)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Registration.objects.count() == 0


def test_get_on_the_register_url_goes_back_to_the_event(client, make_event):
    event = make_event()
    response = client.get(event.url + "register/")
    assert response.status_code == 302 and response["Location"] == event.url


def test_the_old_outcome_pages_are_gone(client, make_event):
    event = make_event()
    for outcome in ("confirmed", "waitlisted", "already_registered", "hacked"):
        assert client.get(event.url + f"registered/{outcome}/").status_code == 404


def test_honeypot_looks_like_success_but_registers_nobody(client, make_event):
    event = make_event()
    response = rsvp(client, event, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == event.url + "registered/"
    assert Registration.objects.count() == 0


def test_rate_limit_per_email(client, make_event):
    """Five tries an hour per address, from whatever connection: a second
    connection cannot go on with it, and another address is not limited."""
    events = [make_event(title=f"Event {n}") for n in range(7)]
    for event in events[:5]:
        assert rsvp(client, event, email="many@example.org").status_code == 302
    for address in ("192.0.2.1", "198.51.100.7"):
        response = rsvp(
            client, events[5], email="many@example.org", remote_addr=address
        )
        assert response.status_code == 429
        assert "Too many attempts with this email address" in response.content.decode()
    assert rsvp(client, events[5], email="other@example.org").status_code == 302
    assert not Registration.objects.filter(
        event=events[5], email="many@example.org"
    ).exists()


def test_rate_limit_per_ip(client, make_event):
    """Twenty registrations an hour per connection: the twenty-first from
    the same address is refused, one from another address goes through,
    and a forged X-Forwarded-For header buys no new allowance."""
    event = make_event(capacity=None)
    first, second = "192.0.2.1", "198.51.100.7"
    for number in range(20):
        rsvp(client, event, email=f"p{number}@example.org", remote_addr=first)
    response = rsvp(client, event, email="last@example.org", remote_addr=first)
    assert response.status_code == 429
    assert "Too many registrations from your connection" in response.content.decode()
    forged = rsvp(
        client,
        event,
        email="forged@example.org",
        remote_addr=first,
        forwarded_for="203.0.113.9",
    )
    assert forged.status_code == 429
    assert Registration.objects.count() == 20

    response = rsvp(client, event, email="neighbour@example.org", remote_addr=second)
    assert response.status_code == 302
    assert Registration.objects.filter(email="neighbour@example.org").exists()


def fill_allowance(client, event, **connection):
    """Use up one connection's twenty registrations of the hour."""
    for number in range(20):
        response = rsvp(client, event, email=f"p{number}@example.org", **connection)
        assert response.status_code == 302


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(
    client, make_event, settings
):
    """Behind nginx every connection comes from 127.0.0.1: the visitor is
    the address nginx put in X-Forwarded-For."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    event = make_event(capacity=None)
    fill_allowance(client, event, forwarded_for="192.0.2.1")
    refused = rsvp(client, event, email="last@example.org", forwarded_for="192.0.2.1")
    assert refused.status_code == 429
    other = rsvp(client, event, email="other@example.org", forwarded_for="192.0.2.2")
    assert other.status_code == 302
    assert Registration.objects.filter(email="other@example.org").exists()


def test_a_visitor_sending_its_own_forwarded_for_is_limited_as_itself(
    client, make_event, settings
):
    """Not behind a trusted proxy, the header is the visitor's own words."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    event = make_event(capacity=None)
    for number in range(20):
        rsvp(
            client,
            event,
            email=f"p{number}@example.org",
            remote_addr="198.51.100.7",
            forwarded_for=f"203.0.113.{number}",
        )
    refused = rsvp(
        client,
        event,
        email="last@example.org",
        remote_addr="198.51.100.7",
        forwarded_for="203.0.113.99",
    )
    assert refused.status_code == 429
    assert Registration.objects.count() == 20


def test_a_forged_forwarded_for_through_the_proxy_counts_as_the_real_address(
    client, make_event, settings
):
    """``X-Forwarded-For: spoofed`` sent through nginx arrives as
    ``spoofed, real``: the visitor is ``real``, whatever they wrote."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    event = make_event(capacity=None)
    fill_allowance(client, event, forwarded_for="192.0.2.1")
    for forged in ("spoofed, 192.0.2.1", "203.0.113.9, 192.0.2.1"):
        refused = rsvp(client, event, email="x@example.org", forwarded_for=forged)
        assert refused.status_code == 429, forged
    assert Registration.objects.count() == 20


# --- the manage link --------------------------------------------------------
def manage_url(event, registration):
    return event.manage_url(registration)


def test_manage_page_shows_the_registration(client, make_event):
    event = make_event(event_type="support_group", venue_address="77 Secret Lane")
    rsvp(client, event)
    registration = Registration.objects.get()
    page = client.get(manage_url(event, registration)).content.decode()
    assert "Alex Martin" in page
    assert "77 Secret Lane" in page  # confirmed attendees see the private place
    assert "77 Secret Lane" not in client.get(event.url).content.decode()


@pytest.mark.parametrize(
    "token",
    ["1-" + "0" * 40, "abc", "999999-" + "a" * 40, "1-zzzz", "-".join(["1"] * 60)],
)
def test_forged_manage_links_are_refused_clearly(client, make_event, token):
    event = make_event()
    rsvp(client, event)
    response = client.get(event.url + f"manage/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_manage_link_with_markup_is_a_plain_404(client, make_event):
    event = make_event()
    response = client.get(event.url + "manage/<script>alert(1)</script>/")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()


def test_manage_link_of_another_event_does_not_open_here(client, make_event):
    first, second = make_event(), make_event()
    rsvp(client, first)
    registration = Registration.objects.get()
    url = second.url + f"manage/{registration.manage_token}/"
    assert client.get(url).status_code == 404


def test_cancel_through_the_manage_link_promotes_the_waitlist(
    client, make_event, mailoutbox
):
    event = make_event(capacity=1, title="One seat")
    rsvp(client, event, email="first@example.org")
    rsvp(client, event, email="second@example.org", name="Second Person")
    first = Registration.objects.get(email="first@example.org")
    deliver(mailoutbox)
    mailoutbox.clear()
    response = client.post(manage_url(event, first), {"action": "cancel_confirmed"})
    response = client.get(response["Location"])
    assert "Your registration is cancelled." in response.content.decode()
    assert Registration.objects.get(email="first@example.org").status == "cancelled"
    assert Registration.objects.get(email="second@example.org").status == "confirmed"
    promoted, cancelled = deliver(mailoutbox)
    assert promoted.to == ["second@example.org"]
    assert promoted.subject == "A seat opened up, you are registered: One seat"
    assert cancelled.to == ["first@example.org"]
    assert cancelled.subject == "Registration cancelled: One seat"


def test_change_language_and_delete_my_data(client, make_event):
    event = make_event()
    rsvp(client, event)
    registration = Registration.objects.get()
    url = manage_url(event, registration)
    client.post(url, {"action": "language", "language": "fr"})
    assert Registration.objects.get().language == "fr"
    response = client.post(url, {"action": "language", "language": "xx"})
    assert "Choose English or French." in response.content.decode()
    response = client.post(url, {"action": "delete_confirmed"})
    assert "Your data is deleted" in response.content.decode()
    assert Registration.objects.count() == 0
    assert client.get(url).status_code == 404


def test_permanent_smtp_refusal_is_recorded_not_retried(make_event, smtp_server):
    from events.services.registrations import register_for_event

    event = make_event()
    outcome = register_for_event(event, name="Nobody", email="nobody@refused.example")
    delivery = EmailDelivery.objects.get(registration=outcome.registration)
    assert send_deliveries([delivery.pk]) == []
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert "550" in delivery.error
    assert len(smtp_server) == 0


def test_transient_smtp_error_is_retried_later(make_event, smtp_server):
    from events.services.registrations import register_for_event

    event = make_event()
    outcome = register_for_event(event, name="Busy", email="someone@busy.example")
    delivery = EmailDelivery.objects.get(registration=outcome.registration)
    assert send_deliveries([delivery.pk]) == [delivery.pk]
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.retry_after > timezone.now()
    assert "451" in delivery.error
    assert send_deliveries([delivery.pk]) == []  # not before retry_after

"""The whole RSVP journey in a real browser, with real email."""

import re
import time as clock

import pytest
from icalendar import Calendar

from events.models import Registration
from events.services.registrations import register_for_event
from tests.conftest import serious_violations

pytestmark = pytest.mark.browser


def wait_for_mail(inbox, address, subject_start, timeout=20):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        for message in inbox.to(address):
            if message["Subject"].startswith(subject_start):
                return message
        clock.sleep(0.2)
    subjects = [message["Subject"] for message in inbox.messages]
    raise AssertionError(f"no mail {subject_start!r} for {address}: {subjects}")


def test_find_rsvp_receive_manage_cancel_and_promote(
    page, live_server, make_event, smtp_server, celery_worker, axe
):
    event = make_event(
        title="Workshop on the signs", capacity=1, time_zone="America/St_Johns"
    )
    base = live_server.url

    page.goto(f"{base}/en/events/")
    assert serious_violations(axe, page) == []
    page.get_by_role("link", name="Workshop on the signs").click()
    page.wait_for_url(f"{base}{event.url}")
    assert serious_violations(axe, page) == []

    # A first try with mistakes shows every error, accessibly.
    page.get_by_label("Email", exact=True).fill("not an email")
    page.get_by_role("button", name="Register").click()
    summary = page.locator(".error-summary")
    assert "Enter your name." in summary.inner_text()
    assert "Enter an email address like name@example.org." in summary.inner_text()
    assert serious_violations(axe, page) == []

    page.get_by_label("Your name").fill("Alex Martin")
    page.get_by_label("Email", exact=True).fill("alex@example.org")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(f"{base}{event.url}registered/")
    assert page.locator("h1").inner_text() == "Check your email"

    # Someone else joins the waitlist.
    register_for_event(event, name="Bo", email="bo@example.org")
    assert Registration.objects.get(email="bo@example.org").status == "waitlisted"

    mail = wait_for_mail(smtp_server, "alex@example.org", "You are registered")
    [ics] = [
        part for part in mail.iter_attachments() if part.get_filename() == "event.ics"
    ]
    vevent = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == event.start_at
    assert vevent.decoded("dtstart").utcoffset().total_seconds() == 0
    body = mail.get_body(("plain",)).get_content()
    manage_path = re.search(r"https?://[^/\s]+(/\S+/manage/\S+/)", body).group(1)

    page.goto(f"{base}{manage_path}")
    assert page.locator("h1").inner_text() == "Your registration"
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Cancel my registration").click()
    assert page.locator("h1").inner_text() == "Cancel your registration?"
    page.get_by_role("button", name="Yes, cancel my registration").click()
    assert "Your registration is cancelled." in page.locator("main").inner_text()

    promoted = wait_for_mail(smtp_server, "bo@example.org", "A seat opened up")
    assert "Workshop on the signs" in promoted["Subject"]
    assert Registration.objects.get(email="bo@example.org").status == "confirmed"


def test_rsvp_works_without_javascript(browser, live_server, make_event):
    event = make_event(title="No script needed")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{event.url}")
        page.get_by_label("Your name").fill("Sam")
        page.get_by_label("Email", exact=True).fill("sam@example.org")
        page.get_by_role("button", name="Register").click()
        page.wait_for_url(f"{live_server.url}{event.url}registered/")
    finally:
        context.close()
    assert Registration.objects.get().email == "sam@example.org"

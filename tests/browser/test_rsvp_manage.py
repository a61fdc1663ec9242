# ruff: noqa: F811
"""Issue 12 in a real browser: the manage page that manages (change, cancel
after a confirmation step, the cancellation email, register again, the
language switch) and safe messaging (the preview and the real count before
anything is sent). Axe on each changed page, 320 px wide, English and French."""

import re
import time as clock

import pytest
from playwright.sync_api import expect

from events.models import Registration
from events.services.registrations import register_for_event
from tests.conftest import serious_violations

# The events' page fixtures, for this folder too: the tests below take them.
from tests.events.conftest import event_index, make_event  # noqa: F401
from tests.events.test_browser import wait_for_mail

pytestmark = pytest.mark.browser


def manage_path(message):
    body = message.get_body(("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/\S+/manage/\S+/)", body).group(1)


def fits_320(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} scrolls sideways ({width}px)"


def test_manage_change_cancel_email_and_register_again(
    browser,
    live_server,
    make_event,
    smtp_server,
    celery_worker,
    axe,
):
    event = make_event(
        french=True, title="Workshop on the signs", capacity=3, max_party_size=4
    )
    register_for_event(event, name="Alex Martin", email="alex@example.org")
    register_for_event(event, name="Bo", email="bo@example.org")
    path = manage_path(
        wait_for_mail(smtp_server, "alex@example.org", "You are registered")
    )
    context = browser.new_context(
        locale="en-CA", viewport={"width": 320, "height": 700}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").inner_text() == "Your registration"
        assert serious_violations(axe, page) == []
        fits_320(page)

        # One seat is left: a party of 3 does not fit, a party of 2 does.
        page.get_by_label("Number of people, you included").fill("3")
        page.get_by_role("button", name="Save changes").click()
        assert "Only 1 more seat is left" in page.locator(".error-summary").inner_text()
        assert serious_violations(axe, page) == []
        page.get_by_label("Number of people, you included").fill("2")
        page.get_by_label("Accessibility needs (optional)").fill("Step-free access")
        page.get_by_role("button", name="Save changes").click()
        assert "Your registration is updated." in page.locator("main").inner_text()
        registration = Registration.objects.get(email="alex@example.org")
        assert registration.party_size == 2
        assert registration.accessibility_needs == "Step-free access"

        # The language switch keeps the manage page, in French.
        page.get_by_role("link", name="Français").click()
        assert page.locator("h1").inner_text() == "Votre inscription"
        assert "/manage/" in page.url and "/fr/" in page.url
        assert serious_violations(axe, page) == []
        fits_320(page)
        page.get_by_role("link", name="English").click()
        assert page.locator("h1").inner_text() == "Your registration"

        # Cancelling asks first.
        page.get_by_role("button", name="Cancel my registration").click()
        assert page.locator("h1").inner_text() == "Cancel your registration?"
        assert serious_violations(axe, page) == []
        fits_320(page)
        page.get_by_role("link", name="No, keep my registration").click()
        assert Registration.objects.get(email="alex@example.org").status == (
            "confirmed"
        )
        page.get_by_role("button", name="Cancel my registration").click()
        page.get_by_role("button", name="Yes, cancel my registration").click()
        assert "Your registration is cancelled." in page.locator("main").inner_text()
        assert serious_violations(axe, page) == []

        cancelled = wait_for_mail(smtp_server, "alex@example.org", "Registration can")
        assert "Workshop on the signs" in cancelled["Subject"]
        assert path in cancelled.get_body(("plain",)).get_content()

        # Registering again from the same page.
        page.get_by_role("button", name="Register again").click()
        assert "You are registered again." in page.locator("main").inner_text()
        assert Registration.objects.get(email="alex@example.org").status == (
            "confirmed"
        )
        clock.sleep(1)
        cancellations = [
            m
            for m in smtp_server.to("alex@example.org")
            if m["Subject"].startswith("Registration cancelled")
        ]
        assert len(cancellations) == 1  # sent exactly once
    finally:
        context.close()


def test_french_manage_page_and_cancellation(
    page, live_server, make_event, smtp_server, celery_worker, axe
):
    event = make_event(french=True, capacity=5)
    register_for_event(event, name="Alex", email="alex@example.org", language="fr")
    path = manage_path(
        wait_for_mail(smtp_server, "alex@example.org", "Inscription confirmée")
    )
    assert path.startswith("/fr/")
    page.goto(f"{live_server.url}{path}")
    assert page.locator("h1").inner_text() == "Votre inscription"
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Annuler mon inscription").click()
    assert page.locator("h1").inner_text() == "Annuler votre inscription\u202f?"
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    assert "Votre inscription est annulée." in page.locator("main").inner_text()
    mail = wait_for_mail(smtp_server, "alex@example.org", "Inscription annulée")
    assert "Atelier communautaire" in mail["Subject"]


def test_message_preview_and_count_before_sending(
    page, live_server, make_event, smtp_server, celery_worker, axe, django_user_model
):
    event = make_event(french=True, title="Town hall on housing")
    for name in ("Ann", "Bob"):
        register_for_event(event, name=name, email=f"{name.lower()}@example.org")
    register_for_event(event, name="Cy", email="cy@example.org", language="fr")
    for address in ("ann@example.org", "bob@example.org"):
        wait_for_mail(smtp_server, address, "You are registered")
    django_user_model.objects.create_superuser(
        "organizer", "organizer@example.org", "a long test password"
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("organizer")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/admin/$"))

    page.goto(f"{live_server.url}/admin/event-tools/{event.pk}/message/")
    page.get_by_label("Subject").fill("Room change")
    page.get_by_label("Message").fill("We meet in room 2B.")
    page.get_by_role("button", name="Preview the message").click()

    # Before anything is sent: the preview in each language and the count.
    expect(page.get_by_role("heading", name="Send to 3 people?")).to_be_visible()
    frames = page.locator("iframe.events-admin__preview-html")
    assert frames.count() == 2
    english = page.frame_locator("iframe.events-admin__preview-html").first
    assert "We meet in room 2B." in english.locator("body").inner_text()
    assert "Hello" in english.locator("body").inner_text()
    french = page.frame_locator("iframe.events-admin__preview-html").nth(1)
    assert "Bonjour" in french.locator("body").inner_text()
    assert len(smtp_server.to("ann@example.org")) == 1  # only the confirmation
    assert serious_violations(axe, page) == []

    page.get_by_role("button", name=re.compile("Send a test to me")).click()
    test = wait_for_mail(smtp_server, "organizer@example.org", "[Test] Room change")
    assert "We meet in room 2B." in test.get_body(("plain",)).get_content()
    wait_for_mail(smtp_server, "organizer@example.org", "[Essai] Room change")
    assert len(smtp_server.to("ann@example.org")) == 1

    page.get_by_role("button", name="Send to 3 people").click()
    page.wait_for_url(re.compile(r".*/registrations/$"))
    for address in ("ann@example.org", "bob@example.org", "cy@example.org"):
        wait_for_mail(smtp_server, address, "Room change")

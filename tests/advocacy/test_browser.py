"""The letter journey in a real browser: every step, with and without
errors shown, checked by axe-core; the emails read from a real SMTP server."""

import re
import time as clock

import pytest
from django.utils import dateformat, timezone
from pypdf import PdfReader

from advocacy.models import Letter, LetterCampaignPage, LetterRecipient
from tests.conftest import serious_violations

from .conftest import mp

pytestmark = pytest.mark.browser


def wait_for(condition, timeout=20):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if condition():
            return True
        clock.sleep(0.2)
    return False


def test_write_confirm_and_deliver(
    page, live_server, site_pages, represent, smtp_server, celery_worker, axe
):
    represent.routes["/postcodes/K1A0B1/"] = (
        200,
        {
            "representatives_centroid": [mp("Ada Lovelace", "1", "Ottawa Centre")],
            "representatives_concordance": [mp("Grace Hopper", "2", "Ottawa South")],
        },
        0,
    )
    campaign = LetterCampaignPage(
        title="Protect survivors",
        slug="protect-survivors",
        topic="law_reform",
        target_levels="federal",
        subject_template="Protect survivors in {district}",
        body_template="Dear {representative_name},\n\nPlease act.\n\n{supporter_name}",
        locale=site_pages["home_en"].locale,
    )
    site_pages["home_en"].add_child(instance=campaign)
    campaign.save_revision().publish()
    base = live_server.url

    page.goto(f"{base}{campaign.url}")
    assert serious_violations(axe, page) == []
    page.get_by_label("Your postal code").fill("K1A OB1")  # a letter O
    page.get_by_role("button", name="Find my representatives").click()
    assert "never use the letters" in page.locator(".error-summary").inner_text()
    assert serious_violations(axe, page) == []
    page.get_by_label("Your postal code").fill("k1a 0b1")
    page.get_by_role("button", name="Find my representatives").click()
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Continue").click()  # nobody ticked
    assert "Choose at least one person" in page.locator(".error-summary").inner_text()
    page.get_by_label(re.compile("Ada Lovelace")).check()
    page.get_by_role("button", name="Continue").click()
    assert serious_violations(axe, page) == []

    page.get_by_role("button", name="Send me the confirmation link").click()
    assert "Enter your name" in page.locator(".error-summary").inner_text()
    assert serious_violations(axe, page) == []
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_label("Your email").fill("sam@example.org")
    page.get_by_label("City or town").fill("Ottawa")
    page.get_by_label("Province or territory").select_option("ON")
    page.get_by_role("button", name="Send me the confirmation link").click()
    page.wait_for_url(f"{base}{campaign.url}check-your-email/")

    assert wait_for(lambda: smtp_server.to("sam@example.org"))
    text = smtp_server.to("sam@example.org")[0].get_body(("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", text).group(1)
    page.goto(f"{base}{path}")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Send my letter").click()
    page.wait_for_url(re.compile(re.escape(f"{base}{campaign.url}thank-you/")))
    assert serious_violations(axe, page) == []

    assert wait_for(lambda: LetterRecipient.objects.filter(status="sent").exists())
    [letter] = smtp_server.to("ada.lovelace@example.org")
    assert letter["Subject"] == "Protect survivors in Ottawa Centre"
    assert letter["Reply-To"] == "sam@example.org"
    body = letter.get_body(("plain",)).get_content()
    assert "Dear Ada Lovelace," in body and "Sam Rivera" in body
    assert not smtp_server.to("grace.hopper@example.org")


def pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_printable_letter_is_downloaded_from_the_thank_you_page(
    page, live_server, site_pages, represent, smtp_server, celery_worker, axe
):
    """Email and PDF: after confirming, the thank-you page's link gives the
    letter rendered by the worker (a page that refreshes until it is ready)."""
    represent.routes["/postcodes/K1A0B1/"] = (
        200,
        {
            "representatives_centroid": [mp("Ada Lovelace", "1", "Ottawa Centre")],
            "representatives_concordance": [],
        },
        0,
    )
    campaign = LetterCampaignPage(
        title="Fund shelters",
        slug="fund-shelters",
        topic="funding",
        target_levels="federal",
        delivery="both",
        subject_template="Shelters in {district}",
        body_template=(
            "Dear {representative_name},\n\nShelters in {supporter_city} are full."
            "\n\nYours,\n{supporter_name}"
        ),
        locale=site_pages["home_en"].locale,
    )
    site_pages["home_en"].add_child(instance=campaign)
    campaign.save_revision().publish()
    base = live_server.url

    page.goto(f"{base}{campaign.url}")
    page.get_by_label("Your postal code").fill("K1A 0B1")
    page.get_by_role("button", name="Find my representatives").click()
    page.get_by_label(re.compile("Ada Lovelace")).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_label("Your email").fill("sam@example.org")
    page.get_by_label("City or town").fill("Kanata")
    page.get_by_label("Province or territory").select_option("ON")
    page.get_by_label("Street address").fill("12 Elm Street, Apt 3")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Send me the confirmation link").click()
    page.wait_for_url(f"{base}{campaign.url}check-your-email/")

    assert wait_for(lambda: smtp_server.to("sam@example.org"))
    text = smtp_server.to("sam@example.org")[0].get_body(("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", text).group(1)
    page.goto(f"{base}{path}")
    page.get_by_role("button", name="Send my letter").click()
    page.wait_for_url(re.compile(re.escape(f"{base}{campaign.url}thank-you/")))
    assert serious_violations(axe, page) == []

    link = page.get_by_role("link", name="Download your printable letter (PDF)")
    with page.expect_download(timeout=30_000) as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "fund-shelters.pdf"
    text = pdf_text(download.path())
    lines = [line.strip() for line in text.splitlines()]
    # The supporter's address, then the date, then the MP at the House.
    confirmed = Letter.objects.get(campaign=campaign).confirmed_at
    start = lines.index("Sam Rivera")
    assert lines[start + 1 : start + 4] == [
        "12 Elm Street, Apt 3",
        "Kanata, ON K1A 0B1",
        dateformat.format(timezone.localdate(confirmed), "j F Y"),
    ]
    to = lines.index("Ada Lovelace, MP")
    assert to == start + 4
    assert lines[to + 1 : to + 4] == ["House of Commons", "Ottawa, Ontario", "K1A 0A6"]
    assert "1 Main Street" not in text  # not her constituency office
    assert "Shelters in Ottawa Centre" in text
    assert "Dear Ada Lovelace," in text
    assert "Shelters in Kanata are full." in text
    assert "No postage is needed for mail to a Member of Parliament." in text

    # Both: the office got the email too.
    assert wait_for(lambda: smtp_server.to("ada.lovelace@example.org"))
    [letter] = smtp_server.to("ada.lovelace@example.org")
    assert letter["Reply-To"] == "sam@example.org"
    assert "Shelters in Kanata are full." in letter.get_body(("plain",)).get_content()

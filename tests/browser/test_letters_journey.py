"""Issue 12, the letter journey in a real browser at 320 px, in English and
French: the supporter checks the finished letter before it leaves (and it
is the letter delivered), a mistyped placeholder is refused, the province
is never Alberta by default, the thank-you page offers a way on, and a
postal code that finds nobody is no dead end. axe-core on every page."""

import re
import time as clock

import pytest

from advocacy.models import LetterCampaignPage, LetterRecipient
from advocacy.services.representatives import upsert_representative
from campaigns.models import CampaignIndexPage, CampaignPage
from tests.advocacy import conftest as advocacy_fixtures
from tests.advocacy.conftest import answer, mp
from tests.campaigns.test_campaigns import publish_under, tied_event
from tests.conftest import serious_violations

pytestmark = pytest.mark.browser

#: Open North's Represent, played by a local server (tests/advocacy).
represent = advocacy_fixtures.represent

NBSP = "\u00a0"


def wait_for(condition, timeout=30):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if result := condition():
            return result
        clock.sleep(0.2)
    return None


def narrow(page):
    page.set_viewport_size({"width": 320, "height": 800})


def fits(page):
    """Nothing wider than the 320 px screen (no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth") <= 320


def checked(axe, page):
    assert serious_violations(axe, page) == []
    assert fits(page)


def confirm_path(smtp_server, address):
    message = wait_for(lambda: smtp_server.to(address))
    assert message, "no confirmation email"
    text = message[0].get_body(("plain",)).get_content()
    return text, re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", text).group(1)


def delivered_text(message):
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    return text.split("\n-- \n", 1)[0].strip()


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_check_the_letter_then_find_the_next_action(
    page,
    live_server,
    site_pages,
    represent,
    smtp_server,
    celery_worker,
    axe,  # noqa: F811
):
    answer(represent, "K1A0B1", mp("Ada Lovelace", "1", "Ottawa Centre"))
    home = site_pages["home_en"]
    index = publish_under(
        home, CampaignIndexPage(title="Campaigns", slug="campaigns", locale=home.locale)
    )
    parent = publish_under(
        index,
        CampaignPage(
            title="Fund survivor services",
            slug="fund",
            summary="Stable funding.",
            issue_area="funding",
            hashtags="#EndTrafficking",
            locale=home.locale,
        ),
    )
    event = tied_event(site_pages, parent)
    campaign = publish(
        home,
        LetterCampaignPage(
            title="Protect survivors",
            slug="protect",
            topic="law_reform",
            target_levels="federal",
            delivery="both",
            subject_template="Protect survivors in {district}",
            body_template=(
                "{salutation},\n\nPlease act for survivors in {district}.\n\n"
                "Sincerely,\n{supporter_name}"
            ),
            share_text="I wrote to my MP. Will you?",
            related_campaign=parent,
            locale=home.locale,
        ),
    )
    base = live_server.url
    narrow(page)
    page.goto(f"{base}{campaign.url}")
    checked(axe, page)
    page.get_by_label("Your postal code").fill("K1A 0B1")
    page.get_by_role("button", name="Find my representatives").click()
    page.get_by_label(re.compile("Ada Lovelace")).check()
    page.get_by_role("button", name="Continue").click()
    # An Ottawa postal code: Ontario, never the first province of the list.
    assert page.get_by_label("Province or territory").input_value() == "ON"

    body = page.get_by_label("Your letter")
    body.fill(body.input_value() + "\n\nThank you, {supporter_nmae}.")
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_label("Your email").fill("sam@example.org")
    page.get_by_label("City or town").fill("Ottawa")
    page.get_by_role("button", name="Send me the confirmation link").click()
    summary = page.locator(".error-summary").inner_text()
    assert "Unknown placeholder(s): {supporter_nmae}." in summary
    assert "{supporter_name}" in summary  # the valid ones are listed
    checked(axe, page)
    body = page.get_by_label("Your letter")
    body.fill(body.input_value().replace("Thank you, {supporter_nmae}.", "Thanks."))
    page.get_by_role("button", name="Send me the confirmation link").click()
    page.wait_for_url(f"{base}{campaign.url}check-your-email/")

    email_text, path = confirm_path(smtp_server, "sam@example.org")
    page.goto(f"{base}{path}")
    checked(axe, page)
    assert page.get_by_role("heading", name="To Ada Lovelace, MP").is_visible()
    preview = page.locator(".letter-preview__text").inner_text().strip()
    assert preview == (
        "Dear Ada Lovelace,\n\nPlease act for survivors in Ottawa Centre.\n\n"
        "Sincerely,\nSam Rivera\n\nThanks.\n\nSam Rivera\nOttawa, ON K1A 0B1"
    )
    assert preview in email_text.replace("\r\n", "\n")  # the same in the email
    subject = page.locator(".letter-preview__subject").inner_text()

    page.get_by_role("button", name="Send my letter").click()
    page.wait_for_url(re.compile(re.escape(f"{base}{campaign.url}thank-you/")))
    checked(axe, page)
    next_actions = page.get_by_role("region", name="What you can do next")
    assert next_actions.get_by_role("link", name=event.title).is_visible()
    share = page.get_by_role("region", name="Ask others to write too")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    share.get_by_role("button", name="Copy this post").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"I wrote to my MP. Will you? #EndTrafficking {base}{campaign.url}"
    assert page.get_by_role("link", name="Download your printable letter (PDF)")
    delete = page.get_by_role("link", name="Delete my letter and details")
    assert delete.is_visible()

    # The letter delivered is the letter checked.
    assert wait_for(lambda: LetterRecipient.objects.filter(status="sent").exists())
    [delivered] = smtp_server.to("ada.lovelace@example.org")
    assert delivered["Subject"] == subject
    assert delivered_text(delivered) == preview

    delete.click()
    checked(axe, page)


def test_a_french_supporter_whose_postal_code_finds_nobody(
    page,
    live_server,
    site_pages,
    represent,
    smtp_server,
    celery_worker,
    axe,  # noqa: F811
):
    answer(represent, "K1A0B1")  # Represent knows nobody there
    ada, _ = upsert_representative(mp("Ada Lovelace", "1", "Ottawa-Centre"))
    english = publish(
        site_pages["home_en"],
        LetterCampaignPage(
            title="Protect survivors",
            slug="protect",
            topic="law_reform",
            target_levels="federal",
            subject_template="Protect survivors",
            body_template="{salutation},\n\nPlease act.\n\n{supporter_name}",
            require_personal_paragraph=True,
            personal_paragraph_prompt="Why does this matter to you?",
            locale=site_pages["home_en"].locale,
        ),
    )
    french = publish(
        site_pages["home_fr"],
        LetterCampaignPage(
            title="Protéger les survivantes",
            slug="proteger",
            topic="law_reform",
            target_levels="federal",
            subject_template="Protégez les survivantes",
            body_template="{salutation},\n\nAgissez.\n\n{supporter_name}",
            require_personal_paragraph=True,
            personal_paragraph_prompt="Qu’est-ce qui vous touche dans cette cause ?",
            locale=site_pages["home_fr"].locale,
            translation_key=english.translation_key,
        ),
    )
    base = live_server.url
    narrow(page)
    page.goto(f"{base}{french.url}")
    checked(axe, page)
    page.get_by_label("Votre code postal").fill("K1A 0B1")
    page.get_by_role("button", name="Trouver mes élus").click()
    checked(axe, page)
    way_on = page.get_by_role("region", name="Trouver votre élu·e autrement")
    finder = way_on.get_by_role("link", name=f"Chambre des communes{NBSP}: trouver")
    assert finder.get_attribute("href") == (
        "https://www.noscommunes.ca/members/fr/search"
    )
    assert "quelques minutes" not in page.locator("main").inner_text()
    way_on.get_by_label("Votre député·e fédéral·e").select_option(str(ada.pk))
    page.get_by_role("button", name="Continuer").click()

    checked(axe, page)
    assert page.get_by_text("Qu’est-ce qui vous touche dans cette cause ?").is_visible()
    page.get_by_label("Dans vos propres mots").fill("Une amie a survécu à la traite.")
    page.get_by_label("Votre nom").fill("Camille Roy")
    page.get_by_label("Votre courriel").fill("camille@example.org")
    page.get_by_label("Ville ou municipalité").fill("Ottawa")
    assert page.get_by_label("Province ou territoire").input_value() == "ON"
    page.get_by_role("button", name="M’envoyer le lien de confirmation").click()
    page.wait_for_url(re.compile(re.escape(f"{base}{french.url}")))

    _text, path = confirm_path(smtp_server, "camille@example.org")
    page.goto(f"{base}{path}")
    checked(axe, page)
    assert page.get_by_role("heading", name="À Ada Lovelace, député·e").is_visible()
    preview = page.locator(".letter-preview__text").inner_text().strip()
    assert preview.startswith("Madame la députée, Monsieur le député,\n\nAgissez.")
    assert preview.endswith("Camille Roy\nOttawa, ON K1A 0B1")
    assert f"Objet{NBSP}:" in page.locator(".letter-preview").inner_text()
    page.get_by_role("button", name="Envoyer ma lettre").click()
    page.wait_for_url(re.compile(re.escape(f"{base}{french.url}thank-you/")))
    checked(axe, page)
    assert page.get_by_role("link", name="Supprimer ma lettre et mes coordonnées")

"""Small things people trip on, seen in a real browser (issue 18, item 14):
a notice hidden under the sticky quick-exit bar, a button that does nothing
without JavaScript, a town hall whose registration is out of sight."""

import pytest

from tests.conftest import serious_violations

pytestmark = pytest.mark.browser

TOWN_HALL = "/en/events/town-hall-survivor-services/"
TOWN_HALL_FR = "/fr/evenements/assemblee-services-survivantes/"
CAMPAIGN = "/en/campaigns/protect-survivors-in-law/"


def below_the_quick_exit(page, locator):
    """The element is on screen and starts below the sticky quick-exit bar."""
    bar = page.locator(".quick-exit").bounding_box()
    box = locator.bounding_box()
    viewport = page.viewport_size
    return bar["y"] + bar["height"] <= box["y"] and box["y"] < viewport["height"]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_thank_you_notice_shows_below_the_quick_exit_bar(
    browser, own_demo_site, axe, width
):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    try:
        page.goto(f"{own_demo_site.url}{TOWN_HALL}")
        page.get_by_label("Your question").fill("How will you fund shelters?")
        page.get_by_role("button", name="Send my question").click()
        page.wait_for_url(f"{own_demo_site.url}{TOWN_HALL}?question=sent#questions")
        notice = page.get_by_role("status").filter(has_text="Thank you")
        assert notice.is_visible()
        assert below_the_quick_exit(page, notice)
        assert serious_violations(axe, page) == []
    finally:
        context.close()


def test_a_question_with_a_mistake_shows_its_errors_in_view(page, demo_site):
    page.goto(f"{demo_site.url}{TOWN_HALL}")
    page.get_by_role("button", name="Send my question").click()
    summary = page.locator("#questions .error-summary")
    summary.wait_for()
    assert "Write your question." in summary.inner_text()
    assert below_the_quick_exit(page, summary)


def test_a_registration_with_a_mistake_shows_its_errors_in_view(page, demo_site):
    """The form is far down a town hall's page: the summary takes the focus
    (GOV.UK's pattern), so it is on screen, below the bar."""
    page.goto(f"{demo_site.url}{TOWN_HALL}")
    page.locator("#rsvp").get_by_role("button", name="Register").click()
    summary = page.locator("#rsvp .error-summary")
    summary.wait_for()
    assert "Your name: Enter your name." in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert below_the_quick_exit(page, summary)
    # Its links lead to each field, label and all, clear of the bar.
    summary.get_by_role("link", name="Email: Enter your email address.").click()
    assert page.evaluate("document.activeElement.name") == "email"
    label = page.locator("#rsvp label", has_text="Email").first
    assert below_the_quick_exit(page, label)


def test_every_anchor_target_clears_the_quick_exit_bar(page, demo_site):
    page.goto(f"{demo_site.url}{TOWN_HALL}#rsvp")
    assert below_the_quick_exit(page, page.locator("#rsvp h2"))
    # The skip link's target, too.
    page.goto(f"{demo_site.url}{TOWN_HALL}")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")
    assert below_the_quick_exit(page, page.locator("#main"))


def test_copy_buttons_are_hidden_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{demo_site.url}{CAMPAIGN}")
        post = page.locator(".share-kit__post").first
        assert post.is_visible()  # the text to select by hand is there
        assert page.locator("[data-copy]").count() >= 1
        assert not page.get_by_role("button", name="Copy this post").is_visible()
    finally:
        context.close()


def test_copy_buttons_show_with_javascript(browser, demo_site):
    context = browser.new_context(permissions=["clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{demo_site.url}{CAMPAIGN}")
        assert page.get_by_role("button", name="Copy this post").first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "link", "heading"),
    [
        (TOWN_HALL, "Register", "Register"),
        (TOWN_HALL_FR, "S’inscrire", "S’inscrire"),
    ],
)
def test_a_town_hall_links_to_registration_from_the_top(
    page, demo_site, axe, path, link, heading
):
    page.goto(f"{demo_site.url}{path}")
    header = page.locator(".page-header")
    header.get_by_role("link", name=link).click()
    registration = page.get_by_role("heading", name=heading, exact=True)
    assert below_the_quick_exit(page, registration)
    # Registering comes before the question form.
    order = page.evaluate(
        "document.getElementById('rsvp').compareDocumentPosition("
        "document.getElementById('questions')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert order
    assert serious_violations(axe, page) == []

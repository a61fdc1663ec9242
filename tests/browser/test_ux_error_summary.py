"""Errors you can see (issue 12, item 3): after a refused form the page opens
at the error summary, with the focus on it, and its title starts with
"Error: " ("Erreur : " in French), as GOV.UK and Canada.ca do, with and
without JavaScript.

Without JavaScript the summary takes the focus through HTML's ``autofocus``
(see templates/includes/form_errors.html), so these tests check the same
things in both cases.
"""

import pytest

from tests.conftest import serious_violations

pytestmark = pytest.mark.browser

TOWN_HALL = {
    "en": "/en/events/town-hall-survivor-services/",
    "fr": "/fr/evenements/assemblee-services-survivantes/",
}
LETTER = {"en": "/en/letter-law-reform/", "fr": "/fr/lettre-reforme-du-droit/"}
FLYER = {
    "en": "/en/campaigns/know-the-signs/flyer-for-businesses/",
    "fr": "/fr/campagnes/connaitre-les-signes/affiche-pour-les-commerces/",
}
PREFIX = {"en": "Error: ", "fr": "Erreur : "}
#: Where the answer to each refused form may be (the form's own URL).
SUBMIT = {
    "rsvp": "#rsvp form button[type=submit]",
    "question": "#questions form button[type=submit]",
    "flyer": "form[action$='download/'] button[type=submit]",
    "postal code": (
        "form:has(input[name=postal_code]:not([type=hidden])) button[type=submit]"
    ),
}


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def javascript(request):
    return request.param


@pytest.fixture
def open_page(browser, javascript):
    """A phone-sized page (the summary is then far below the top), with or
    without JavaScript."""
    contexts = []

    def opener(language):
        context = browser.new_context(
            java_script_enabled=javascript,
            locale="fr-CA" if language == "fr" else "en-CA",
            viewport={"width": 375, "height": 700},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()


def title_of(page):
    """The document's title, with French's no-break spaces made plain."""
    return page.title().replace("\u00a0", " ").replace("\u202f", " ")


def assert_opens_at_the_summary(page, language):
    summary = page.locator(".error-summary").first
    summary.wait_for()
    assert title_of(page).startswith(PREFIX[language]), page.title()
    # Focused, and so read out first by a screen reader.
    focused = page.locator(".error-summary:focus")
    assert focused.count() == 1, "the error summary does not have the focus"
    # On screen, below the sticky quick-exit bar.
    bar = page.locator(".quick-exit").bounding_box()
    box = summary.bounding_box()
    viewport = page.viewport_size
    assert box["y"] >= bar["y"] + bar["height"] - 1, (box, bar)
    assert box["y"] < viewport["height"], (box, viewport)
    # Scrolled to: the page did not simply open at its top.
    assert page.locator("h1").first.bounding_box()["y"] < 0 or box["y"] < 400


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("form", "pages"),
    [("rsvp", TOWN_HALL), ("question", TOWN_HALL), ("flyer", FLYER)],
)
def test_a_refused_form_opens_at_its_focused_summary(
    open_page, demo_site, form, pages, language
):
    page = open_page(language)
    page.goto(f"{demo_site.url}{pages[language]}")
    assert not title_of(page).startswith(PREFIX[language])
    if form == "flyer":  # every other field has a usable default
        page.locator("input[name=copies]").fill("0")
    page.locator(SUBMIT[form]).click()
    page.wait_for_load_state()
    assert_opens_at_the_summary(page, language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_refused_letter_step_opens_at_its_focused_summary(
    open_page, demo_site, language
):
    page = open_page(language)
    page.goto(f"{demo_site.url}{LETTER[language]}")
    page.locator("form input[name=postal_code]").fill("not a postal code")
    page.locator(SUBMIT["postal code"]).click()
    page.wait_for_load_state()
    assert_opens_at_the_summary(page, language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_refused_letter_opens_at_its_focused_summary(open_page, demo_site, language):
    """Step 3: the letter itself, sent without the sender's name."""
    page = open_page(language)
    page.goto(f"{demo_site.url}{LETTER[language]}")
    page.locator("form input[name=postal_code]").fill("K1P 5G4")
    page.locator(SUBMIT["postal code"]).click()
    page.locator("input[type=checkbox]:not([disabled])").first.check()
    page.locator("form[action$='recipients/'] button[type=submit]").click()
    page.locator("form[action$='letter/'] input[name=name]").wait_for()
    page.locator("form[action$='letter/'] input[name=name]").fill("")
    page.locator("form[action$='letter/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert_opens_at_the_summary(page, language)


def test_a_page_without_errors_has_no_prefix_and_no_focus(page, demo_site):
    page.goto(f"{demo_site.url}{TOWN_HALL['en']}")
    assert not page.title().startswith("Error")
    assert page.locator(".error-summary").count() == 0


def test_a_refused_form_page_has_no_serious_violations(page, demo_site, axe):
    page.goto(f"{demo_site.url}{FLYER['fr']}")
    page.locator("input[name=copies]").fill("0")
    page.locator(SUBMIT["flyer"]).click()
    page.locator(".error-summary").wait_for()
    assert serious_violations(axe, page) == []

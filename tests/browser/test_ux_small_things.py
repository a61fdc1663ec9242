"""Small things that looked broken (issue 12, item 7), in a real browser:
campaign progress that says what it counts and one goal per campaign, and
tap targets of at least 24 × 24 CSS pixels at 320 px wide (WCAG 2.2, 2.5.8).
"""

import re

import pytest

from tests.conftest import serious_violations

pytestmark = pytest.mark.browser

CAMPAIGN = {
    "en": "/en/campaigns/protect-survivors-in-law/",
    "fr": "/fr/campagnes/proteger-les-survivantes-dans-la-loi/",
}
LETTER = {"en": "/en/letter-law-reform/", "fr": "/fr/lettre-reforme-du-droit/"}

#: The main public pages, each page type in both languages.
PAGES = [
    "/en/",
    "/fr/",
    "/en/about/",
    "/fr/naviguer-en-securite/",
    "/en/events/",
    "/fr/evenements/",
    "/en/events/town-hall-survivor-services/",
    "/fr/evenements/atelier-reconnaitre-les-signes/",
    "/en/letter-law-reform/",
    "/fr/lettre-financer-les-services/",
    "/en/campaigns/",
    "/fr/campagnes/",
    "/en/campaigns/protect-survivors-in-law/",
    "/fr/campagnes/connaitre-les-signes/",
    "/en/campaigns/know-the-signs/flyer-for-businesses/",
    "/fr/campagnes/connaitre-les-signes/affiche-pour-les-commerces/",
    "/en/search/?query=survivors",
    "/en/your-data/",
]

#: Rows of short links side by side.
LISTS = (
    ".share-kit p",
    ".downloads",
    ".add-to-calendar",
    ".site-footer__links",
    ".language-switch",
    ".main-menu",
)
#: For each link and button on screen: its size, how many boxes it breaks
#: into (a link that wraps is as many targets as lines) and the lowest one.
MEASURE = """lists => [...document.querySelectorAll(
    'a[href], button, input[type=submit], input[type=button], summary'
)].filter(element => {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return style.visibility !== 'hidden' && box.width > 1 && box.height > 1
        && !element.closest('[hidden], [aria-hidden=true], .visually-hidden')
        && !element.classList.contains('skip-link');
}).map(element => {
    const box = element.getBoundingClientRect();
    const boxes = [...element.getClientRects()];
    return {
        what: element.outerHTML.slice(0, 120),
        text: element.textContent.trim(),
        width: box.width,
        height: box.height,
        boxes: boxes.length,
        lowest: Math.min(...boxes.map(part => part.height)),
        narrowest: Math.min(...boxes.map(part => part.width)),
        inList: Boolean(element.closest(lists)),
    };
})"""


def small_targets(page):
    """Targets under 24 x 24 px, lines of a link under 24 px high or wide,
    and links of a row of links split over two lines (a PDF link, a share
    link: each half is a small target of its own). A long title that wraps,
    in a card, is a large target: each of its lines is a full line high."""
    return [
        target
        for target in page.evaluate(MEASURE, ", ".join(LISTS))
        if target["width"] < 24
        or target["height"] < 24
        or target["lowest"] < 24
        or target["narrowest"] < 24
        or (target["boxes"] > 1 and target["inList"])
    ]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_link_and_button_is_a_24_pixel_target_at_320_px(phone, demo_site, path):
    phone.goto(f"{demo_site.url}{path}")
    assert small_targets(phone) == []
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} scrolls sideways ({width}px)"


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("en", r"^\d+ actions? of a goal of 250 \(letters sent, people registered"),
        ("fr", r"^\d+ actions? sur un objectif de 250 \(lettres envoyées, personnes"),
    ],
)
def test_campaign_progress_says_what_it_counts(page, demo_site, language, says):
    page.goto(f"{demo_site.url}{CAMPAIGN[language]}")
    text = page.locator(".progress p").inner_text()
    assert re.match(says, text), text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_campaign_and_its_letter_show_one_goal(page, demo_site, axe, language):
    """The letter campaign is part of the campaign: its page shows the
    campaign's goal and count, not a second goal of its own."""
    page.goto(f"{demo_site.url}{CAMPAIGN[language]}")
    campaign = page.locator(".progress p").inner_text()
    page.goto(f"{demo_site.url}{LETTER[language]}")
    letter = page.locator(".progress p").inner_text()
    assert letter == campaign
    assert serious_violations(axe, page) == []

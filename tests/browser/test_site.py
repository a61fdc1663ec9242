"""The site in a real browser: languages, quick exit, accessibility, phones."""

import pytest

from tests.conftest import serious_violations

pytestmark = pytest.mark.browser


def test_home_page_in_english_and_french(page, demo_site):
    page.goto(f"{demo_site.url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Networks of Care"
    page.goto(f"{demo_site.url}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Réseaux de soutien"
    assert page.get_by_role("link", name="Quitter cette page").is_visible()


def test_language_switch_goes_to_the_translation(page, demo_site):
    page.goto(f"{demo_site.url}/en/about/")
    page.locator(".language-switch a[lang=fr]").click()
    page.wait_for_url(f"{demo_site.url}/fr/a-propos/")
    assert page.locator("h1").inner_text() == "À propos"
    page.locator(".language-switch a[lang=en]").click()
    page.wait_for_url(f"{demo_site.url}/en/about/")


def test_quick_exit_is_the_first_tab_stop(page, demo_site):
    page.goto(f"{demo_site.url}/en/about/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Exit this page"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == (
        "Skip to main content"
    )


def test_quick_exit_button_leaves_and_replaces_the_history_entry(page, demo_site):
    page.goto(f"{demo_site.url}/en/")
    page.goto(f"{demo_site.url}/en/browse-safely/")
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(f"{demo_site.url}/robots.txt")
    # The page that was being read is gone from history: Back skips it.
    page.go_back()
    page.wait_for_url(f"{demo_site.url}/en/")


def test_shift_three_times_leaves(page, demo_site):
    page.goto(f"{demo_site.url}/en/about/")
    assert page.locator("[data-quick-exit-hint]").is_visible()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{demo_site.url}/robots.txt")


def test_two_shift_presses_do_not_leave(page, demo_site):
    page.goto(f"{demo_site.url}/en/about/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == f"{demo_site.url}/en/about/"


def test_quick_exit_works_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{demo_site.url}/fr/a-propos/")
        assert not page.locator("[data-quick-exit-hint]").is_visible()
        page.get_by_role("link", name="Quitter cette page").click()
        page.wait_for_url(f"{demo_site.url}/robots.txt")
    finally:
        context.close()


PAGES = [
    "/en/",
    "/fr/",
    "/en/about/",
    "/fr/naviguer-en-securite/",
    "/en/search/?query=privacy",
    "/fr/search/?query=zzzz",
    "/en/search/?query=" + "x" * 300,
    "/en/no-such-page/",
    "/fr/pas-de-page/",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page, demo_site, axe, path):
    page.goto(f"{demo_site.url}{path}")
    assert serious_violations(axe, page) == []


@pytest.mark.parametrize("path", ["/en/", "/fr/naviguer-en-securite/", "/en/search/"])
def test_usable_at_320_pixels_wide(browser, demo_site, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(f"{demo_site.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} scrolls sideways ({width}px)"
        assert page.locator("[data-quick-exit]").is_visible()
        box = page.locator("[data-quick-exit]").bounding_box()
        assert box["x"] + box["width"] <= 320
    finally:
        context.close()

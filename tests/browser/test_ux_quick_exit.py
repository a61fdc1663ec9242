"""Quick exit that leaves no way back (issue 12, item 5), in Chromium.

What a page can do, and these tests check: the neutral site opens in a new
tab whose Back leads nowhere, and the tab that was open replaces the page
being read with the neutral site. What no page can do, and these tests
record as true so that the "browse safely" page keeps saying it: the tab's
earlier entries (pages of this site opened before) stay reachable with Back.
"""

import pytest

pytestmark = pytest.mark.browser

NEUTRAL = "/robots.txt"  # the demo's quick-exit address in the browser tests


def test_the_exit_opens_a_tab_with_no_way_back_and_replaces_this_page(page, demo_site):
    page.goto(f"{demo_site.url}/en/")
    page.goto(f"{demo_site.url}/en/browse-safely/")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Exit this page").click()
    new_tab = opened.value
    new_tab.wait_for_url(f"{demo_site.url}{NEUTRAL}")
    # The tab in front holds the neutral site only: Back goes nowhere.
    assert new_tab.evaluate("history.length") == 1
    assert new_tab.go_back() is None
    assert new_tab.url == f"{demo_site.url}{NEUTRAL}"
    # The tab behind left too, and the page being read is gone from it.
    page.wait_for_url(f"{demo_site.url}{NEUTRAL}")
    page.go_back()
    # What no page can erase: the page opened before it (the browse-safely
    # page explains private browsing and clearing history for this).
    page.wait_for_url(f"{demo_site.url}/en/")
    page.go_forward()
    page.wait_for_url(f"{demo_site.url}{NEUTRAL}")


def test_shift_three_times_leaves_the_page_out_of_history(page, demo_site):
    page.goto(f"{demo_site.url}/fr/")
    page.goto(f"{demo_site.url}/fr/a-propos/")
    page.locator("h1").click()
    # Chromium counts the key presses as the person's own action: the new
    # tab opens here too.
    with page.context.expect_page() as opened:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(f"{demo_site.url}{NEUTRAL}")
    new_tab = opened.value
    new_tab.wait_for_url(f"{demo_site.url}{NEUTRAL}")
    assert new_tab.evaluate("history.length") == 1
    page.go_back()
    page.wait_for_url(f"{demo_site.url}/fr/")


def test_the_safety_page_says_what_the_exit_cannot_erase(page, demo_site):
    page.goto(f"{demo_site.url}/en/browse-safely/")
    text = page.locator("main").inner_text()
    assert "new tab" in text
    assert "cannot erase" in text
    page.goto(f"{demo_site.url}/fr/naviguer-en-securite/")
    text = page.locator("main").inner_text()
    assert "nouvel onglet" in text
    assert "ne peut pas effacer" in text


@pytest.mark.parametrize(
    "phone",
    [
        {
            "viewport": {"width": 390, "height": 800},
            "has_touch": True,
            "is_mobile": True,
        },
        {"viewport": {"width": 320, "height": 640}},
    ],
    ids=["touch-phone", "narrow-window"],
)
def test_phones_show_no_shift_hint_and_a_one_line_bar(browser, demo_site, phone):
    context = browser.new_context(**phone)
    page = context.new_page()
    try:
        page.goto(f"{demo_site.url}/en/about/")
        assert not page.locator("[data-quick-exit-hint]").is_visible()
        bar = page.locator(".quick-exit").bounding_box()
        button = page.locator("[data-quick-exit]").bounding_box()
        assert bar["height"] <= button["height"] + 20, (bar, button)
    finally:
        context.close()


def test_a_computer_shows_the_shift_hint(page, demo_site):
    page.goto(f"{demo_site.url}/en/about/")
    assert page.locator("[data-quick-exit-hint]").is_visible()

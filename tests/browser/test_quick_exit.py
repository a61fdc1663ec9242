"""The quick exit's Shift shortcut in a real browser: three bare Shift
presses leave, but Shift used to type capitals (a postal code, a name) or to
move backwards with Shift+Tab never does (issue 18, item 5)."""

import pytest

pytestmark = pytest.mark.browser

LETTER_PAGE = "/en/letter-law-reform/"
BETWEEN_KEYS_MS = (120, 150, 135, 140, 125, 150, 130)


def type_like_a_person(page, text, shift_released_first=False):
    """Type ``text`` one key at a time, 120-150 ms apart, holding Shift for
    each capital as people do (``shift_released_first``: Shift comes up
    before the letter key, as it does for quick typists)."""
    for position, character in enumerate(text):
        if character.isupper():
            page.keyboard.down("Shift")
            page.wait_for_timeout(40)
            page.keyboard.down(character)
            if shift_released_first:
                page.keyboard.up("Shift")
                page.keyboard.up(character)
            else:
                page.keyboard.up(character)
                page.keyboard.up("Shift")
        else:
            page.keyboard.press(character)
        page.wait_for_timeout(BETWEEN_KEYS_MS[position % len(BETWEEN_KEYS_MS)])


def mark_page(page):
    page.evaluate("window.stillHere = true")


def still_here(page):
    """True on the marked page while it has not started to leave (the exit
    blanks the page synchronously, in the key handler, before it navigates;
    a page it navigated to has no mark)."""
    return page.evaluate(
        "window.stillHere === true"
        " && !document.documentElement.classList.contains('quick-exit-active')"
    )


def press_shift(page, times, gap_ms=200):
    for _ in range(times):
        page.keyboard.down("Shift")
        page.wait_for_timeout(60)
        page.keyboard.up("Shift")
        page.wait_for_timeout(gap_ms)


@pytest.mark.parametrize("shift_released_first", [False, True])
def test_typing_capitals_into_a_field_never_leaves(
    page, demo_site, shift_released_first
):
    page.goto(f"{demo_site.url}{LETTER_PAGE}")
    mark_page(page)
    field = page.get_by_label("Your postal code")
    for text in ("H2J 1A1", "K1P 5G4", "Ada MacDonald"):
        field.fill("")
        field.click()
        type_like_a_person(page, text, shift_released_first)
        assert still_here(page), f"typing {text!r} left the page"
        assert field.input_value() == text
    # The shortcut still works on this page: three bare presses now leave.
    press_shift(page, 3)
    page.wait_for_url(f"{demo_site.url}/robots.txt")


def test_three_bare_shift_presses_leave_from_a_field(page, demo_site):
    page.goto(f"{demo_site.url}{LETTER_PAGE}")
    field = page.get_by_label("Your postal code")
    field.click()
    type_like_a_person(page, "h2j")
    press_shift(page, 3, gap_ms=250)
    page.wait_for_url(f"{demo_site.url}/robots.txt")


def test_another_key_between_shift_presses_starts_the_count_again(page, demo_site):
    page.goto(f"{demo_site.url}{LETTER_PAGE}")
    mark_page(page)
    page.get_by_label("Your postal code").click()
    press_shift(page, 2)
    page.keyboard.press("k")
    press_shift(page, 2)
    assert still_here(page)
    press_shift(page, 1)  # the third in a row since the "k"
    page.wait_for_url(f"{demo_site.url}/robots.txt")


def test_shift_tab_backwards_never_leaves(page, demo_site):
    page.goto(f"{demo_site.url}/en/about/")
    mark_page(page)
    for _ in range(4):
        page.keyboard.press("Tab")
        page.wait_for_timeout(130)
    for _ in range(3):
        page.keyboard.down("Shift")
        page.keyboard.press("Tab")
        page.keyboard.up("Shift")
        page.wait_for_timeout(130)
    assert still_here(page)
    press_shift(page, 3)
    page.wait_for_url(f"{demo_site.url}/robots.txt")

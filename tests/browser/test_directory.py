"""The Service Map in a real browser: a search without JavaScript, and
axe on the search page, results (with and without results) and a service
page, in English and French."""

import pytest

from directory.models import Service
from tests.conftest import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(locale="en-CA", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_search_without_javascript_keeps_only_the_fsa(no_js_page, demo_site):
    page = no_js_page
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{demo_site.url}/fr/services/")
    page.get_by_label("Code postal ou ville").fill("k1p 5m2")
    page.get_by_label("Votre besoin").select_option("counselling")
    page.locator("#id_language").select_option("fr")
    page.locator("#main").get_by_role("button", name="Trouver des services").click()
    page.wait_for_url(f"{demo_site.url}/fr/services/near/K1P/**")
    assert "5M2" not in page.url.upper()
    assert page.locator("h1").inner_text() == "Services près de K1P"
    assert (
        page.locator(".service-card__title").first.inner_text()
        == ("Centre de counselling en traumatisme d’Ottawa")
        or "Ottawa" in page.locator(".service-card__title").first.inner_text()
    )
    assert all(url.startswith(demo_site.url) for url in requests), requests
    assert not any("5M2" in url.upper() for url in requests)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_serious_accessibility_problem(page, axe, demo_site, language):
    service = Service.objects.filter(name__startswith="Ottawa Safe").first()
    paths = [
        "services/",
        "services/near/K1P/",
        "services/near/Y1A/?need=legal&cost=fee",  # no results
        "services/near/K0K/",  # unknown area
        f"services/service/{service.pk}/",
    ]
    for path in paths:
        page.goto(f"{demo_site.url}/{language}/{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert serious_violations(axe, page) == [], path


def test_usable_at_320_pixels(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{demo_site.url}/en/services/near/K1P/")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320


def test_my_list_stays_in_the_browser_and_prints(page, axe, demo_site):
    service = Service.objects.filter(name__startswith="Ottawa Community Legal").first()
    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.url) if request.method != "GET" else None,
    )
    page.goto(f"{demo_site.url}/en/services/service/{service.pk}/")
    page.get_by_role("button", name="Add to my list").click()
    assert page.get_by_role("button", name="Remove from my list").is_visible()
    page.goto(f"{demo_site.url}/en/services/near/K1P/")
    assert page.get_by_role("button", name="Remove from my list").count() == 1
    page.goto(f"{demo_site.url}/en/services/my-list/")
    item = page.locator(".my-list > li h2")
    item.first.wait_for()
    assert item.all_inner_texts() == ["Ottawa Community Legal Clinic"]
    assert page.get_by_role("button", name="Print my list").is_visible()
    assert serious_violations(axe, page) == []
    assert posts == []  # nothing about the list was sent
    page.emulate_media(media="print")
    assert not page.locator(".quick-exit").first.is_visible()
    assert not page.locator(".my-list-actions").is_visible()
    assert page.locator(".my-list > li h2").is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Clear my list").click()
    assert page.locator(".my-list > li").count() == 0


def test_my_list_without_javascript_says_why(no_js_page, demo_site):
    no_js_page.goto(f"{demo_site.url}/fr/services/my-list/")
    assert no_js_page.locator("h1").inner_text() == "Ma liste"

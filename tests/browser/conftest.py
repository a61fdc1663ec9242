"""Real-browser tests: Playwright drives Debian's Chromium against a live server.

Playwright's own browser download cannot run here; DESIGN.md gives the
binary and the flags (the background-networking flags keep Chromium from
calling out of a machine that has no network).
"""

import os

import pytest
from playwright.sync_api import sync_playwright

from cms.demo.loader import DemoLoader
from cms.models import SiteSettings

# Playwright's sync API runs an event loop in this thread; the ORM calls that
# tests make between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-CA")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server, settings):
    """The demo site, with the quick exit leaving to a page of the live
    server (the tests have no network). The live server makes the test
    transactional: the database is emptied after it, and the demo loader
    rebuilds everything, Wagtail's root page included."""
    settings.DEMO_CREATE_ADMIN = False
    DemoLoader().run()
    site_settings = SiteSettings.objects.get()
    site_settings.quick_exit_url = f"{live_server.url}/robots.txt"
    site_settings.save()
    return live_server


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def serious_violations(axe, page):
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]

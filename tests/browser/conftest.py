"""Fixtures for the site-wide browser tests (browser, page and axe live in
tests/conftest.py)."""

import pytest

from cms.demo.loader import DemoLoader
from cms.models import SiteSettings


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

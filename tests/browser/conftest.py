"""Fixtures for the site-wide browser tests (browser, page and axe live in
tests/conftest.py).

Loading the demo site takes seconds; most browser tests only read it. They
use ``demo_site``: one demo site per test module, loaded once, served by a
live server of the module's own, and removed after the module's last test.
A test that changes what is stored (sends a form that saves something) uses
``own_demo_site``: a demo site of its own, emptied after it. ``demo_site``
checks that a test left every table as it found it, so a test that writes
cannot quietly change what the next one sees.
"""

import pytest
from django.core.management import call_command
from django.db import connection, connections
from pytest_django.live_server_helper import LiveServer

from cms.demo.loader import DemoLoader
from cms.models import SiteSettings


def load_demo(server_url):
    """The demo site, with the quick exit leaving to a page of the live
    server (the tests have no network)."""
    DemoLoader().run()
    site_settings = SiteSettings.objects.get()
    site_settings.quick_exit_url = f"{server_url}/robots.txt"
    site_settings.save()


def row_counts():
    """{table: rows} for every table of the database, in one query."""
    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    query = " UNION ALL ".join(
        f"SELECT %s, COUNT(*) FROM {quote(table)}" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query, tables)
        return dict(cursor.fetchall())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """pytest-django sets up the test database only for tests that ask for
    one, and has already put these (which ask for none) after every test that
    does: mark them now, so that the test database exists even when they are
    the only tests selected, and their own steps run in a transaction that is
    rolled back, as for any test that uses ``db``."""
    for item in items:
        if "_module_demo_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


def _test_database():
    name = connection.settings_dict["NAME"]
    assert name.startswith("test_"), f"not a test database: {name}"


@pytest.fixture(scope="module")
def _module_demo_site(django_db_setup, django_db_blocker):
    """The demo site, committed, for every test of one module.

    The database stays open to the module's tests and to the live server's
    threads until the module ends; then it is flushed as Django flushes it
    after a transactional test, so the tests after it start from empty
    tables. pytest-django runs the tests that use this fixture after all the
    others that use the database (see pytest_collection_modifyitems), so no
    test that expects empty tables runs while the demo is loaded."""
    with django_db_blocker.unblock():
        _test_database()
        server = LiveServer("localhost")
        try:
            load_demo(server.url)
            yield server
        finally:
            server.stop()
            _test_database()
            call_command("flush", interactive=False, verbosity=0)
            # Once Playwright's event loop runs in this thread, Django keeps
            # this thread's connections apart from those opened before it:
            # close them, as a transactional test does, or the test database
            # cannot be dropped at the end of the run.
            connections.close_all()


@pytest.fixture
def demo_site(_module_demo_site):
    """The module's shared demo site, for a test that only reads it."""
    before = row_counts()
    yield _module_demo_site
    changed = {
        table: (rows, after)
        for table, after in row_counts().items()
        if (rows := before.get(table)) != after
    }
    assert not changed, (
        "this test changed the shared demo site (rows before, after): "
        f"{changed}; a test that stores something uses own_demo_site"
    )


@pytest.fixture
def own_demo_site(live_server, settings):
    """A demo site for this test alone. The live server makes the test
    transactional: the database is emptied after it, and the demo loader
    rebuilds everything, Wagtail's root page included."""
    settings.DEMO_CREATE_ADMIN = False
    load_demo(live_server.url)
    return live_server

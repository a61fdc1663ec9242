"""Fixtures shared by every test: the page tree, a real Celery worker.

Tests run against the real services of this machine (PostgreSQL, Redis);
see cms/settings/test.py.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale, Page, Site

from cms.models import SiteSettings

from .factories import ContentPageFactory, HomePageFactory
from .template_checks import take_found

ROOT = Path(__file__).resolve().parent.parent


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``pytest -n 2 --dist loadfile`` (`make test`) hands out files in the
    order pytest-django gives (tests/xdist_scheduling.py)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from .xdist_scheduling import FileAndPhaseScheduling

    return FileAndPhaseScheduling(config, log)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """A request to a French page leaves French active in the thread; code
    called directly by a test starts in English, like a management command."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_missing_template_variables():
    """A test fails when one of our templates printed a variable missing
    from its context, in any thread (see tests/template_checks.py)."""
    take_found()
    yield
    if found := take_found():
        pytest.fail(
            "Our templates printed variables missing from their context:\n  "
            + "\n  ".join(found),
            pytrace=False,
        )


_worker_running = threading.Event()


@pytest.fixture(autouse=True)
def _worker_idle_before_the_database_is_emptied(request):
    """The session's Celery worker, once started, also runs what later tests
    queue (an RSVP's confirmation email, say), even those that do not ask
    for it. A transactional test's data is truncated at its teardown: a task
    still writing then deadlocks with the truncation (seen under load), or
    runs on the next test's data. So, before that teardown, wait (bounded,
    never failing here) for this test's tasks and the worker's requests in
    flight to finish."""
    from celery.signals import after_task_publish, task_postrun
    from celery.worker import state

    from cms.celery import app

    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    # Tasks for the session worker's queue only: a test's own worker process
    # (KillableWorker) consumes a queue of its own, and that test waits for it.
    queued, lock = set(), threading.Lock()

    def published(sender=None, headers=None, routing_key=None, **kwargs):
        if routing_key == app.conf.task_default_queue:
            with lock:
                queued.add((headers or {}).get("id"))

    def finished(task_id=None, **kwargs):
        with lock:
            queued.discard(task_id)

    after_task_publish.connect(published, weak=False)
    task_postrun.connect(finished, weak=False)
    try:
        yield
        if not (transactional and _worker_running.is_set()):
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            queued or state.active_requests or state.reserved_requests
        ):
            time.sleep(0.05)
    finally:
        after_task_publish.disconnect(published)
        task_postrun.disconnect(finished)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Nothing cached by one test (pages, counters) is seen by the next."""
    cache.clear()
    yield


@pytest.fixture
def locales(db):
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in ("en", "fr")
    }


def translated_pair(factory, parents, locales, en, fr, **common):
    """The same page in English and in French (one translation key)."""
    english = factory(parent=parents[0], locale=locales["en"], **en, **common)
    french = factory(
        parent=parents[1],
        locale=locales["fr"],
        translation_key=english.translation_key,
        **fr,
        **common,
    )
    return english, french


@pytest.fixture
def site_pages(db, locales):
    """An English and a French home page, each with an about and a privacy page.

    Works on a database that a transactional test emptied, too: Wagtail's
    root page and default site are made again when missing."""
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locales["en"])
    )
    home_en, home_fr = translated_pair(
        HomePageFactory,
        (root, root),
        locales,
        en={
            "title": "Networks of Care",
            "slug": "home-en",
            "intro": "Act together for survivors.",
        },
        fr={
            "title": "Réseaux de soutien",
            "slug": "home-fr",
            "intro": "Agir ensemble pour les survivantes et survivants.",
        },
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home_en, is_default_site=True
        )
    old_root = site.root_page
    site.root_page = home_en
    site.save()
    if not isinstance(old_root.specific, type(home_en)):
        old_root.delete()
    homes = (home_en, home_fr)
    about_en, about_fr = translated_pair(
        ContentPageFactory,
        homes,
        locales,
        en={
            "title": "About us",
            "slug": "about",
            "intro": "Who we are and where we meet.",
        },
        fr={"title": "À propos", "slug": "a-propos", "intro": "Qui nous sommes."},
        show_in_menus=True,
    )
    privacy_en, privacy_fr = translated_pair(
        ContentPageFactory,
        homes,
        locales,
        en={"title": "Privacy", "slug": "privacy"},
        fr={"title": "Confidentialité", "slug": "confidentialite"},
    )
    site_settings = SiteSettings.for_site(site)
    site_settings.privacy_page = privacy_en
    site_settings.mailing_address = "1 Test Street\nOttawa, ON  K1P 5G4"
    site_settings.contact_email = "hello@example.org"
    site_settings.save()
    return {
        "site": site,
        "home_en": home_en,
        "home_fr": home_fr,
        "about_en": about_en,
        "about_fr": about_fr,
        "privacy_en": privacy_en,
        "privacy_fr": privacy_fr,
        "settings": site_settings,
    }


@pytest.fixture(scope="session", autouse=True)
def _test_database_released_at_the_end(django_db_setup, django_db_blocker):
    """The test database is dropped at the end of the run, which PostgreSQL
    refuses while any session is still connected. Threads that ran tasks
    or served requests (the in-thread Celery worker's pool, the live
    server) each kept a connection of their own, which only garbage
    collection closes: seen once as an error at the last test's teardown.
    Once every test has run, end those sessions, and say which."""
    yield
    from django.db import connection
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    if connection.vendor != "postgresql" or not connection.settings_dict[
        "NAME"
    ].startswith(TEST_DATABASE_PREFIX):
        return  # no test database (no test of this run needed one)
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid), left(query, 80) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for _ended, query in cursor.fetchall():
            sys.stderr.write(f"\nEnded a session left on the test database: {query}\n")
        # Ending is asynchronous: wait (briefly) until they are gone.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if not cursor.fetchone()[0]:
                break
            time.sleep(0.05)
    connection.close()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real Celery worker (threads) consuming from the test Redis broker.

    Tests that use it need committed data: mark them
    ``@pytest.mark.django_db(transaction=True)``. The database is emptied
    after each such test (pytest-django runs them after the others), so they
    build everything they need themselves.
    """
    import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping)
    from celery.contrib.testing.worker import start_worker

    from cms.celery import app

    app.control.purge()
    with django_db_blocker.unblock():
        with start_worker(
            app,
            pool="threads",
            concurrency=2,
            perform_ping_check=True,
            shutdown_timeout=20,
        ) as worker:
            _worker_running.set()
            try:
                yield worker
            finally:
                _worker_running.clear()


# --- Real-browser tests -------------------------------------------------------
# Playwright drives Debian's Chromium; its own browser download cannot run
# here. The flags are DESIGN.md's (the background-networking ones keep
# Chromium from calling out of a machine that has no network).
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
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # that tests make between browser steps are still plain synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def serious_violations(axe, page):
    """axe-core's serious and critical findings on the page, readable."""
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


# --- A real SMTP server -------------------------------------------------------
class Inbox:
    """Messages received by the SMTP server, parsed."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.before_accept = None  # hook: called with the envelope, may block

    def add(self, raw):
        with self.lock:
            self.messages.append(message_from_bytes(raw, policy=policy.default))

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    def __len__(self):
        return len(self.messages)


class _Handler:
    def __init__(self, inbox):
        self.inbox = inbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 No such mailbox here"
        if address.endswith("@busy.example"):
            return "451 4.3.0 Try again later"
        if self.inbox.before_accept:
            await asyncio.get_running_loop().run_in_executor(
                None, self.inbox.before_accept, address
            )
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.inbox.add(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd); Django sends to it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    inbox.port = port
    yield inbox
    controller.stop()


# --- A worker process to kill ----------------------------------------------------
class KillableWorker:
    """A Celery worker in its own process, consuming one queue, sending mail
    to the test SMTP server; the SMTP server holds the ``nth`` message at
    RCPT so the test can kill the worker while it is sending."""

    def __init__(self, smtp_server, queue, nth):
        from django.db import connection

        from cms.celery import app

        self.smtp_server, self.queue, self.nth = smtp_server, queue, nth
        self.arrived, self.reached, self.resume = (
            [],
            threading.Event(),
            threading.Event(),
        )
        smtp_server.before_accept = self._hold
        database = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server.port),
            "PYTHONPATH": str(ROOT),
        }
        self.app = app
        app.connection_for_write().default_channel.queue_purge(queue)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cms",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
        )

    def _hold(self, address):
        self.arrived.append(address)
        if len(self.arrived) == self.nth:
            self.reached.set()
            self.resume.wait(20)

    def kill_when_held(self):
        """SIGKILL the worker once the nth message is held; then let the
        server go on (the killed worker never finishes that message)."""
        try:
            assert self.reached.wait(60), f"the worker never reached message {self.nth}"
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(20)
        finally:
            self.resume.set()
            if self.process.poll() is None:
                self.process.kill()
            self.smtp_server.before_accept = None
            self.app.connection_for_write().default_channel.queue_purge(self.queue)


@pytest.fixture
def media_roots(settings, tmp_path):
    """This test's own public and private media roots: ``(public, private)``."""
    public, private = tmp_path / "media", tmp_path / "private-media"
    settings.MEDIA_ROOT = str(public)
    settings.PRIVATE_MEDIA_ROOT = settings.SENDFILE_ROOT = str(private)
    return public, private


@pytest.fixture
def nginx_sendfile(settings):
    """Production's way of answering with a private file: an X-Accel-Redirect
    for nginx, no body. (Wagtail's sendfile keeps the backend it loaded.)"""
    from wagtail.utils.sendfile import _get_sendfile

    settings.SENDFILE_BACKEND = "cms.sendfile_nginx"
    _get_sendfile.clear()
    yield
    _get_sendfile.clear()

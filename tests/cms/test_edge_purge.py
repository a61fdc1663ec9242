"""Edge purges (cms/edge_purge.py): what a publish, unpublish, move, delete
or settings change sends to the proxy, and that a slow or absent proxy
neither holds up the editor nor loses the purge.

The proxy is a real HTTP server started here, recording each PURGE as
nginx's purge listener would receive it; a real Celery worker sends them.
"""

import threading
import time
from datetime import time as clock
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery.signals import after_task_publish, task_retry
from wagtail.models import Page, PageViewRestriction

from campaigns.models import CampaignIndexPage, CampaignPage
from cms.models import ContentPage
from events.models import EventIndexPage, EventPage
from tests.cms.conftest import publish
from tests.conftest import free_port
from tests.events.conftest import local_day

pytestmark = pytest.mark.django_db(transaction=True)


class PurgeServer:
    """Records ``(Host, path)`` of each PURGE and answers 200 (or 404, as
    nginx does for a URL it does not hold). With ``hold`` set, keeps every
    request waiting until ``release()``, as a proxy that hangs would."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.received = []
        self.hold = False
        self.released = threading.Event()
        self.lock = threading.Lock()
        self.server = None

    @property
    def location(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                if recorder.hold:
                    recorder.released.wait(30)
                with recorder.lock:
                    recorder.received.append((self.headers["Host"], self.path))
                self.send_response(404 if self.path.endswith(".pdf") else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def release(self):
        self.released.set()

    def stop(self):
        if self.server:
            self.released.set()
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def paths(self):
        with self.lock:
            return {path for _host, path in self.received}

    def wait_for(self, paths, timeout=30):
        """True once every path in ``paths`` was purged."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if set(paths) <= self.paths():
                return True
            time.sleep(0.05)
        return False


@pytest.fixture
def edge(settings, celery_worker):
    """The purge server; ``edge.connect()`` makes the site purge through it
    (after a test has built its pages, so that only what the test does is
    purged)."""
    server = PurgeServer().start()
    server.connect = lambda: configure(settings, server)
    yield server
    server.stop()


def configure(settings, server):
    settings.WAGTAILFRONTENDCACHE = {
        "edge": {"BACKEND": "cms.edge_purge.PurgeBackend", "LOCATION": server.location}
    }
    settings.FRONTEND_CACHE_PURGE_TIMEOUT = 1.0


#: name, parent's name, model, (title, slug) in English and French, fields
TREE = [
    ("events", "home", EventIndexPage, ("Events", "events"),
     ("Événements", "evenements"), {}),
    ("campaigns", "home", CampaignIndexPage, ("Campaigns", "campaigns"),
     ("Campagnes", "campagnes"), {}),
    ("campaign", "campaigns", CampaignPage, ("Fund", "fund"), ("Fonds", "fonds"),
     {"summary": "Funding.", "issue_area": "funding"}),
    ("event", "events", EventPage, ("Town hall", "town-hall"),
     ("Assemblée", "assemblee"),
     {"summary": "Ask.", "start_time": clock(19), "end_time": clock(21)}),
]  # fmt: skip


@pytest.fixture
def tree(site_pages):
    """Events and a campaign in both languages, the event tied to the
    campaign; each French page a translation of its English one."""
    pages = {
        ("en", "home"): site_pages["home_en"],
        ("fr", "home"): site_pages["home_fr"],
    }
    for name, parent, model, english, french, fields in TREE:
        if model is EventPage:
            fields = {
                **fields,
                "start_date": local_day(7),
                "related_campaign": pages[("en", "campaign")],
            }
        for code, (title, slug) in (("en", english), ("fr", french)):
            original = pages.get(("en", name))
            key = {"translation_key": original.translation_key} if original else {}
            home = pages[(code, "home")]
            page = model(title=title, slug=slug, locale=home.locale, **key, **fields)
            pages[(code, name)] = publish(pages[(code, parent)], page)
    return pages


EVENT_AND_LISTINGS = {
    "/en/events/town-hall/",
    "/en/events/town-hall/calendar.ics",
    "/fr/evenements/assemblee/",
    "/fr/evenements/assemblee/calendar.ics",
    "/en/events/",
    "/en/events/past/",
    "/en/events/calendar.ics",
    "/fr/evenements/",
    "/fr/evenements/past/",
    "/fr/evenements/calendar.ics",
    "/en/",
    "/fr/",
    "/en/campaigns/fund/",
    "/fr/campagnes/fonds/",
    "/sitemap.xml",
}


def test_publishing_an_event_purges_it_and_its_listings_in_both_languages(tree, edge):
    edge.connect()
    event = tree[("en", "event")]
    event.title = "Town hall, new date"
    event.save_revision().publish()

    assert edge.wait_for(EVENT_AND_LISTINGS), sorted(edge.paths())
    assert {host for host, _path in edge.received} == {"localhost"}


def test_unpublishing_purges_the_page_and_its_listings(tree, edge):
    edge.connect()
    tree[("fr", "event")].unpublish()

    assert edge.wait_for(EVENT_AND_LISTINGS), sorted(edge.paths())


def test_deleting_purges_the_page_and_its_listings(tree, edge):
    edge.connect()
    tree[("en", "event")].delete()

    assert edge.wait_for(
        {"/en/events/town-hall/", "/en/events/", "/en/", "/en/campaigns/fund/"}
    ), sorted(edge.paths())


def test_publishing_a_campaign_purges_the_events_tied_to_it(tree, edge):
    edge.connect()
    tree[("en", "campaign")].save_revision().publish()

    assert edge.wait_for(
        {
            "/en/campaigns/fund/",
            "/fr/campagnes/fonds/",
            "/en/campaigns/",
            "/fr/campagnes/",
            "/en/events/town-hall/",
            "/fr/evenements/assemblee/",
            "/en/",
            "/fr/",
        }
    ), sorted(edge.paths())


def test_moving_purges_the_old_urls_and_both_places(edge, site_pages):
    home = site_pages["home_en"]
    first = publish(home, ContentPage(title="Help", slug="help"))
    second = publish(home, ContentPage(title="Guides", slug="guides"))
    moved = publish(first, ContentPage(title="Shelters", slug="shelters"))
    publish(moved, ContentPage(title="Ottawa", slug="ottawa"))
    edge.connect()

    Page.objects.get(pk=moved.pk).move(second, pos="last-child")

    assert edge.wait_for(
        {
            "/en/help/shelters/",
            "/en/help/shelters/ottawa/",
            "/en/guides/shelters/",
            "/en/help/",
            "/en/guides/",
            "/en/",
        }
    ), sorted(edge.paths())


def test_a_slug_with_accents_is_purged_as_browsers_ask_for_it(site_pages, edge):
    edge.connect()
    publish(site_pages["home_fr"], ContentPage(title="Été", slug="été-2027"))

    assert edge.wait_for({"/fr/%C3%A9t%C3%A9-2027/"}), sorted(edge.paths())


def test_a_settings_change_purges_every_page(tree, site_pages, edge):
    edge.connect()
    site_pages["settings"].contact_email = "new@example.org"
    site_pages["settings"].save()

    assert edge.wait_for(
        EVENT_AND_LISTINGS
        | {
            "/en/about/",
            "/fr/a-propos/",
            "/en/privacy/",
            "/fr/confidentialite/",
            "/en/search/",
            "/fr/search/",
            "/robots.txt",
        }
    ), sorted(edge.paths())


def test_a_page_made_private_purges_every_page(site_pages, edge):
    edge.connect()
    PageViewRestriction.objects.create(
        page=site_pages["about_en"], restriction_type="login"
    )

    assert edge.wait_for({"/en/about/", "/fr/a-propos/", "/en/"}), sorted(edge.paths())


def test_a_hanging_proxy_does_not_hold_up_the_publish(tree, edge):
    edge.connect()
    edge.hold = True
    event = tree[("en", "event")]
    event.title = "Town hall, moved"

    event.save_revision().publish()  # returns while the proxy holds the purge

    assert not edge.paths()
    edge.release()
    assert edge.wait_for({"/en/events/town-hall/", "/en/events/"})
    assert EventPage.objects.get(pk=event.pk).title == "Town hall, moved"


def test_a_purge_missed_while_the_proxy_is_down_lands_when_it_is_back(
    settings, celery_worker, tree
):
    server = PurgeServer()  # not started: nothing listens on its port
    configure(settings, server)
    retried = threading.Event()

    def on_retry(**kwargs):
        retried.set()

    task_retry.connect(on_retry, weak=False)
    event = tree[("en", "event")]
    event.title = "Town hall, new room"

    event.save_revision().publish()

    assert EventPage.objects.get(pk=event.pk).live_revision.content["title"] == (
        "Town hall, new room"
    )
    assert retried.wait(30), "the worker never tried (and failed) to purge"
    task_retry.disconnect(on_retry)
    server.start()
    try:
        assert server.wait_for(EVENT_AND_LISTINGS), sorted(server.paths())
    finally:
        server.stop()


def test_nothing_is_queued_without_an_edge(settings, site_pages):
    settings.WAGTAILFRONTENDCACHE = {}
    queued = []

    def published(sender=None, **kwargs):
        queued.append(sender)

    after_task_publish.connect(published, weak=False)
    try:
        site_pages["about_en"].save_revision().publish()
        site_pages["settings"].save()
    finally:
        after_task_publish.disconnect(published)
    assert not [name for name in queued if "purge" in name]

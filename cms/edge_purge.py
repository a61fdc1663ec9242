"""Purging the edge cache (nginx in front of gunicorn, see deploy/).

Wagtail's frontend cache (``wagtail.contrib.frontend_cache``) purges a page's
own URLs when it is published or unpublished. This module adds what Wagtail
does not know and makes the purges safe:

- **What shows a page.** A publish, unpublish, move or delete also purges the
  page's translations, the pages above them (event index, campaign index,
  campaign page, home page: each lists what is below it) and what apps say
  shows it (the ``pages_showing_page`` hook: a campaign page gathers the
  events and letter campaigns tied to it). A page in the main menu or linked
  from every footer, the site settings, a site or a view restriction changes
  every page: then the whole site is purged, page by page (the purge module
  of Debian's nginx knows exact URLs only).
- **Never blocking, never lost.** Wagtail hands URLs to its backend inside
  the publish (through django-tasks' immediate backend, the default here).
  :class:`PurgeBackend` only queues them, once the transaction has
  committed (a purge before the commit would let the old page be cached
  again), to :func:`cms.tasks.purge_edge_urls`. The worker sends the PURGE
  requests with a short timeout, and retries what did not land, with
  backoff, for about ten minutes: a slow or restarting proxy neither holds
  up an editor nor keeps a stale page.

Configured by ``FRONTEND_CACHE_PURGE_URL`` (empty: no edge, nothing is
purged); see docs/deployment.md for what is purged when.
"""

import http.client
import logging
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail import __version__ as wagtail_version
from wagtail import hooks
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, Revision, Site

logger = logging.getLogger(__name__)

#: Answers of nginx's purge location that mean "not in the cache any more".
PURGED = {200, 404}
#: Views outside the page tree whose HTML shows every page's chrome or the
#: list of pages (reversed in each language).
SITE_WIDE_VIEWS = ("search", "personal_data_request")
SITE_WIDE_PATHS = ("/robots.txt", "/sitemap.xml")
#: Pages at this depth (children of a home page) make the main menu.
MENU_DEPTH = 3


# --- the backend: queue on commit, send from a worker --------------------------
class PurgeBackend(BaseBackend):
    """Wagtail's HTTP purge (``PURGE <path>`` with the page's ``Host``, to
    ``LOCATION``), sent by a Celery worker after the commit, with retries."""

    def __init__(self, params):
        super().__init__(params)
        self.location = params["LOCATION"]

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        urls = sorted(set(urls))
        if urls:
            # robust: the publish is saved by now; a broker that cannot be
            # reached must not turn it into an error page for the editor.
            transaction.on_commit(partial(_queue, urls, self.location), robust=True)


def _queue(urls, location):
    from .tasks import purge_edge_urls

    purge_edge_urls.delay(urls, location)


def send_purges(urls, location):
    """Send a PURGE for each URL to the proxy at ``location``, over one
    connection; answer the URLs that did not land (the proxy down, slow or
    answering an error), in order, to be tried again."""
    target = urlsplit(location)
    connection_class = (
        http.client.HTTPSConnection
        if target.scheme == "https"
        else http.client.HTTPConnection
    )
    connection = connection_class(
        target.netloc, timeout=settings.FRONTEND_CACHE_PURGE_TIMEOUT
    )
    try:
        for position, url in enumerate(urls):
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            try:
                connection.request(
                    "PURGE",
                    path,
                    headers={
                        "Host": parts.netloc,
                        "User-Agent": f"Wagtail-frontendcache/{wagtail_version}",
                    },
                )
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                logger.warning("Edge purge of %s failed: %r", url, error)
                return list(urls[position:])
            if response.status not in PURGED:
                logger.warning("Edge purge of %s answered %s", url, response.status)
                return list(urls[position:])
    finally:
        connection.close()
    return []


def edge_configured():
    return bool(get_backends())


# --- what to purge ---------------------------------------------------------------
def pages_showing(page):
    """``page``, its translations, the live pages above each of them and
    what apps say shows it (``pages_showing_page`` hooks)."""
    pages = {}
    translations = list(
        Page.objects.filter(translation_key=page.translation_key).specific()
    )
    for each in [page.specific, *translations]:
        pages.setdefault(each.pk, each)
        for ancestor in each.get_ancestors().filter(depth__gt=1).live().specific():
            pages.setdefault(ancestor.pk, ancestor)
    for showing in hooks.get_hooks("pages_showing_page"):
        for each in showing(page.specific):
            pages.setdefault(each.pk, each)
    return list(pages.values())


def shown_on_every_page(page, revision=None):
    """A page in the main menu (now or before this revision) or linked from
    every footer (the privacy and safety pages of the site settings)."""
    from .models import SiteSettings

    keys = Page.objects.filter(translation_key=page.translation_key)
    if keys.filter(depth=MENU_DEPTH, show_in_menus=True).exists():
        return True
    if page.depth == MENU_DEPTH and revision is not None:
        before = (
            Revision.page_revisions.filter(object_id=str(page.pk))
            .exclude(pk=revision.pk)
            .order_by("-created_at", "-pk")
            .values_list("content", flat=True)
            .first()
        )
        if before and before.get("show_in_menus"):
            return True
    linked = SiteSettings.objects.values_list("privacy_page_id", "safety_page_id")
    linked_ids = {pk for pair in linked for pk in pair if pk}
    return keys.filter(pk__in=linked_ids).exists()


def site_wide_urls():
    """Non-page URLs the edge may keep, for every site and language."""
    urls = []
    for site in Site.objects.all():
        root = site.root_url
        urls.extend(root + path for path in SITE_WIDE_PATHS)
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                urls.extend(root + reverse(name) for name in SITE_WIDE_VIEWS)
    return urls


def purge_pages(pages, extra_urls=()):
    """Purge these pages' URLs (with their cached paths) in one batch."""
    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.add_urls(extra_urls)
    batch.purge()


def purge_page_and_listings(page, revision=None):
    """What a publish or unpublish of ``page`` changes, or the whole site
    when the page is part of every page's chrome."""
    if not edge_configured():
        return
    if shown_on_every_page(page, revision):
        purge_whole_site()
        return
    root = page.get_site().root_url if page.get_site() else ""
    purge_pages(pages_showing(page), [root + "/sitemap.xml"] if root else [])


def purge_moved_page(page, url_path_before, url_path_after, parent_before):
    """A moved page and everything below it under their old URLs (where the
    edge may still hold them), what shows it at its new place and what
    showed it at its old one (``parent_before`` and the pages above it)."""
    if not edge_configured():
        return
    if shown_on_every_page(page):
        purge_whole_site()
        return
    old_pages = []
    for moved in page.get_descendants(inclusive=True).specific():
        if moved.url_path.startswith(url_path_after):
            # In memory only: Wagtail builds a URL from the url_path.
            moved.url_path = url_path_before + moved.url_path[len(url_path_after) :]
            old_pages.append(moved)
    purge_pages([*old_pages, *pages_showing(page), *pages_showing(parent_before)])


def purge_whole_site():
    """Every live page and the site-wide views, from a worker (a large site
    has many URLs to gather)."""
    if not edge_configured():
        return
    from .tasks import purge_whole_edge

    # robust: as in PurgeBackend, the change is saved already.
    transaction.on_commit(purge_whole_edge.delay, robust=True)


def purge_everything_now():
    """What :func:`cms.tasks.purge_whole_edge` runs in the worker."""
    purge_pages(Page.objects.live().filter(depth__gt=1).specific(), site_wide_urls())

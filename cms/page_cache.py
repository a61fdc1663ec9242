"""A page cache for anonymous visitors, shared by every web process (Redis).

Why our own: wagtail-cache 3 does not support Wagtail 8, and Django's
per-site cache cannot be purged when an editor publishes. Each entry carries
the *generation* number it was made in, read with it in one round trip;
publishing anything bumps the generation, so every cached page is stale at
once, across all processes.

It keeps exactly what a shared cache may keep (:mod:`cms.edge_cache` says
so in ``Cache-Control``), for no longer than the proxy would (``s-maxage``,
capped by ``PAGE_CACHE_SECONDS``):
- never requests carrying a session or messages cookie (editors, people with
  a message to see), nor anything but GET/HEAD;
- only 200 responses marked ``public`` that set no cookie. Pages with public
  forms (an event's RSVP, a letter's postal code) carry no per-visitor token
  (:mod:`cms.cross_origin`), so they are cached like any other; an event page
  showing places left is kept a few seconds only (``LIVE_COUNT_EDGE_SECONDS``);
- one copy per value of the request headers the response's ``Vary`` names
  (``Cookie``, ``Accept-Language``: at most ``MAX_VARIANTS`` per URL), never
  a response that varies on ``*``.

Keep it for installs without the proxy of deploy/; with it, the proxy already
keeps every public page and this cache can be turned off
(``PAGE_CACHE_ENABLED=false``, docs/deployment.md).

Stored files are never cached or streamed here: views redirect to a public
file's own URL or hand a private one to the proxy (cms/stored_files.py).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from .edge_cache import directives

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/healthz",
    "/api/",
    "/static/",
    "/media/",
)
BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
#: Copies of one URL kept for different values of its ``Vary`` headers; past
#: it, further variants are served uncached (a visitor with unusual cookies).
MAX_VARIANTS = 8


def purge_page_cache():
    """Make every cached page stale, in every process sharing the cache."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet
            cache.set(GENERATION_KEY, 1, timeout=None)
    except Exception as error:  # the cache being down must not stop a publish
        logger.warning("Page cache purge failed: %s", error)


def _cache_key(request):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"pagecache:{digest}"


def _is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    return not any(name in request.COOKIES for name in BYPASS_COOKIES)


def _is_cacheable_response(request, response):
    if response.status_code != 200:
        return False
    if response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = directives(response).keys()
    if "public" not in cache_control:
        return False
    return not cache_control & {"private", "no-store", "no-cache"}


def _shared_seconds(response):
    """How long a shared cache may keep ``response`` (``s-maxage``, else
    ``max-age``), or None when it does not say."""
    found = directives(response)
    for name in ("s-maxage", "max-age"):
        if found.get(name, "").isdigit():
            return int(found[name])
    return None


def _vary_names(response):
    """The request headers ``response`` varies on, lower-cased and sorted."""
    return tuple(
        sorted(
            {
                name.strip().lower()
                for name in cc_delim_re.split(response.get("Vary", ""))
                if name.strip()
            }
        )
    )


def _variant_key(request, names):
    """Which copy of the URL this request gets: its values of ``names``."""
    values = "\n".join(f"{name}:{request.headers.get(name, '')}" for name in names)
    return hashlib.sha256(values.encode()).hexdigest()[:32]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = getattr(settings, "PAGE_CACHE_ENABLED", False)
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)

    def __call__(self, request):
        if not (self.enabled and _is_cacheable_request(request)):
            return self.get_response(request)
        key = _cache_key(request)
        try:
            # One round trip: the entry and the generation it must carry.
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:  # first request, or the cache was emptied
                cache.add(GENERATION_KEY, 1, timeout=None)
                generation = cache.get(GENERATION_KEY)
        except Exception as error:  # Redis down: serve uncached, never fail
            logger.warning("Page cache unavailable: %s", error)
            return self.get_response(request)
        if generation is None:  # Redis down (its errors are ignored)
            return self.get_response(request)
        entry = found.get(key)
        if entry is None or entry.get("generation") != generation:
            entry = None
        variant = self._variant(request, entry)
        if variant is not None:
            return self._rebuild(variant)
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            self._store(request, key, entry, response, generation)
        return response

    @staticmethod
    def _variant(request, entry):
        # An entry of an earlier release (one page, or a stored file's name)
        # has no variants: a miss.
        if entry is None or "variants" not in entry:
            return None
        return entry["variants"].get(_variant_key(request, entry["vary"]))

    def _store(self, request, key, entry, response, generation):
        """Add this response to the URL's entry, as the copy for this
        request's values of the headers it varies on."""
        names = _vary_names(response)
        seconds = _shared_seconds(response)
        timeout = self.timeout if seconds is None else min(seconds, self.timeout)
        if "*" in names or timeout <= 0:
            return
        variants = {}
        if entry is not None and tuple(entry.get("vary", ("*",))) == names:
            variants = dict(entry["variants"])
        variant = _variant_key(request, names)
        if variant not in variants and len(variants) >= MAX_VARIANTS:
            return
        variants[variant] = self._freeze(response, generation)
        try:
            # Stored with the generation read before the view ran: a publish
            # meanwhile makes this entry stale at once.
            cache.set(
                key,
                {"generation": generation, "vary": names, "variants": variants},
                timeout,
            )
        except Exception as error:
            logger.warning("Page cache store failed: %s", error)
        response["X-Page-Cache"] = "miss"

    @staticmethod
    def _freeze(response, generation):
        return {
            "generation": generation,
            "status": response.status_code,
            "headers": list(response.headers.items()),
            "content": response.content,
        }

    @staticmethod
    def _rebuild(entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response

"""A page cache for anonymous visitors, shared by every web process (Redis).

Why our own: wagtail-cache 3 does not support Wagtail 8, and Django's
per-site cache cannot be purged when an editor publishes. Each entry carries
the *generation* number it was made in, read with it in one round trip;
publishing anything bumps the generation, so every cached page is stale at
once, across all processes.

What is never cached, so that forms and personal pages keep working:
- requests carrying a session or messages cookie (editors, people with a
  message to see), and anything but GET/HEAD;
- responses that are not 200, that set a cookie (a CSRF token for a form on
  the page, a language cookie), or that say ``private``/``no-store``.
A page with a POST form therefore goes through Django every time and gets a
fresh CSRF token, while the pages around it come from the cache.

Stored files are never cached or streamed here: views redirect to a public
file's own URL or hand a private one to the proxy (cms/stored_files.py).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

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
    cache_control = {
        directive.strip().split("=")[0].lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not cache_control & {"private", "no-store", "no-cache"}


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
        # An entry without "content" named a stored file (before issue 10):
        # the view answers that URL now.
        if (
            entry is not None
            and entry.get("generation") == generation
            and "content" in entry
        ):
            return self._rebuild(entry)
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            try:
                # Stored with the generation read before the view ran: a
                # publish meanwhile makes this entry stale at once.
                cache.set(key, self._freeze(response, generation), self.timeout)
            except Exception as error:
                logger.warning("Page cache store failed: %s", error)
            response["X-Page-Cache"] = "miss"
        return response

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

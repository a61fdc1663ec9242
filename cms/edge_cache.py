"""What a shared cache (the proxy of deploy/, a CDN) may keep: one policy.

Every response leaves with one of two ``Cache-Control`` headers:

- **public** (anonymous pages, the same for every visitor)::

      public, max-age=60, s-maxage=300, stale-while-revalidate=30, stale-if-error=86400

  ``s-maxage`` is how long the proxy keeps it (``PAGE_EDGE_SECONDS``),
  ``max-age`` how long a browser does (``PAGE_BROWSER_SECONDS``); the proxy
  may serve it a little longer while it fetches a fresh copy, and for a day
  while the app is down. A page showing a count that changes with each
  visitor's action (places left at an event) is kept only a few seconds by
  the proxy and not at all by browsers (:func:`live_count`)::

      public, max-age=0, s-maxage=5, stale-while-revalidate=5, stale-if-error=86400
- **personal**, never kept by anyone::

      private, no-store

What is personal, decided here for every view at once:
- anything but GET and HEAD (the answer to a form post);
- the admin (``/admin/``, ``/django-admin/``) and ``/healthz``;
- a request carrying a session (signed-in people, a password-protected page
  let through) or messages, and a response setting any cookie;
- a response a view marked with :func:`private` / :func:`keep_private`, or
  that already says ``private``, ``no-store`` or ``no-cache`` (Django's
  ``never_cache``);
- anything but 200 and redirects (an error, a "preparing your PDF" page).

A view that sets ``Cache-Control: public…`` itself (a file whose name changes
with its content) keeps its own header, unless one of the rules above makes
the answer personal. Nothing here changes ``Vary``: a proxy must keep one copy
per value of the headers it names (nginx does).
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import cc_delim_re

PRIVATE = "private, no-store"
PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/healthz")
PUBLIC_STATUSES = frozenset({200, 301, 302, 307, 308})
_NOT_SHARED = frozenset({"private", "no-store", "no-cache"})


def keep_private(response):
    """Mark ``response`` personal: ``Cache-Control: private, no-store``."""
    response.edge_private = True
    return response


def private(view):
    """Decorate a view whose every answer is personal (a manage page, a
    confirmation reached from an emailed link)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return keep_private(view(request, *args, **kwargs))

    return wrapped


def live_count(response):
    """Mark a page that shows a count changing with each visitor's action:
    the proxy keeps it ``LIVE_COUNT_EDGE_SECONDS`` (and as long again while
    it fetches a fresh copy), browsers not at all."""
    response.edge_seconds = settings.LIVE_COUNT_EDGE_SECONDS
    return response


def public_cache_control(edge_seconds=None):
    """The ``Cache-Control`` value of an anonymous public page; with
    ``edge_seconds``, of a page whose count must stay honest (live_count)."""
    if edge_seconds is None:
        browser = settings.PAGE_BROWSER_SECONDS
        edge = settings.PAGE_EDGE_SECONDS
        revalidate = settings.PAGE_STALE_WHILE_REVALIDATE_SECONDS
    else:
        browser, edge, revalidate = 0, edge_seconds, edge_seconds
    return (
        f"public, max-age={min(browser, edge)}, s-maxage={edge}, "
        f"stale-while-revalidate={revalidate}, "
        f"stale-if-error={settings.PAGE_STALE_IF_ERROR_SECONDS}"
    )


def directives(response):
    """The ``Cache-Control`` directives of ``response``: {name: value}."""
    found = {}
    for part in cc_delim_re.split(response.get("Cache-Control", "")):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value.strip('"')
    return found


def _carries_a_session(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def is_personal(request, response):
    """True when no shared cache may keep ``response`` (see the module)."""
    return (
        getattr(response, "edge_private", False)
        or request.method not in ("GET", "HEAD")
        or request.path.startswith(PRIVATE_PREFIXES)
        or bool(response.cookies)
        or _carries_a_session(request)
        or response.status_code not in PUBLIC_STATUSES
        or bool(directives(response).keys() & _NOT_SHARED)
    )


class EdgeCacheMiddleware:
    """Sets the ``Cache-Control`` of every response that Django answers.

    It sits outside the session, CSRF, messages and locale middleware, so it
    sees every cookie and ``Vary`` they add, and inside the page cache, which
    keeps exactly what this allows a proxy to keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request, response):
            response["Cache-Control"] = PRIVATE
        elif "public" not in directives(response):
            response["Cache-Control"] = public_cache_control(
                getattr(response, "edge_seconds", None)
            )
        return response

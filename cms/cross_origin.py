"""Cross-site form posts: refused by Fetch Metadata on public forms, by the
token everywhere else.

Pages with anonymous public forms (an event's RSVP and town-hall question,
a letter campaign's steps, a flyer's "who are you" form) are served from the
proxy's cache, the same bytes for every visitor, so they cannot carry
Django's per-visitor CSRF token. Their endpoints check what the browser
itself says instead (Filippo Valsorda, "Cross-Site Request Forgery", and Go
1.25's ``http.CrossOriginProtection``; django/new-features#98):

- ``Sec-Fetch-Site: same-origin`` or ``none`` (typed, bookmarked): allowed;
- any other ``Sec-Fetch-Site`` (``cross-site``, ``same-site``): refused,
  unless ``Origin`` is one of ``CSRF_TRUSTED_ORIGINS``;
- no ``Sec-Fetch-Site`` (browsers before 2023): an ``Origin`` that is not the
  site's own (scheme and host, or ``CSRF_TRUSTED_ORIGINS``) is refused;
- neither header (old browsers, curl): allowed, as Go does.

The check is django-modern-csrf's (the only maintained Django package doing
it; used here per view, not in place of Django's middleware). A refusal is a
403 page from ``CSRF_FAILURE_VIEW``, before the view runs: nothing is stored
and no mail is sent. The honeypot and the per-address rate limits stay.

Everything else keeps Django's token: the admin, the forms behind an emailed
link (manage a registration, confirm or delete a letter, consent, your data)
and any page route not marked :func:`public_form`. Wagtail's ``serve`` view
is exempt from the middleware only because the route is not known before it
runs; :func:`check_token_unless_public_form` (a ``before_serve_page`` hook)
then applies the token check to every route that is not a public form.
"""

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from modern_csrf.decorators import csrf_protect as fetch_metadata_protect

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def public_form(route):
    """Decorate a page route (a method of a routable page) that takes an
    anonymous public form: Fetch Metadata and Origin instead of the token."""
    return csrf_exempt(method_decorator(fetch_metadata_protect)(route))


def _no_response(request):  # CsrfViewMiddleware needs a get_response
    return None


def check_token_unless_public_form(page, request, serve_args, serve_kwargs):
    """Django's token check for a page route that is not a public form,
    once Wagtail has found the route: the 403 page, or None to go on."""
    if request.method in SAFE_METHODS:
        return None
    match = getattr(request, "routable_resolver_match", None)
    view = match.func if match is not None else page.serve
    return CsrfViewMiddleware(_no_response).process_view(request, view, (), {})

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page
from wagtail.views import serve as wagtail_serve

from . import edge_cache
from .health import run_checks
from .query_text import plain_text, search_words

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


@edge_cache.private
@require_GET
def healthz(request):
    """Status of each part the site needs; 503 names the parts that failed."""
    results = run_checks()
    body = {name: detail for name, (ok, detail) in results.items()}
    failed = [name for name, (ok, _) in results.items() if not ok]
    body["status"] = "ok" if not failed else "failing: " + ", ".join(failed)
    return JsonResponse(body, status=503 if failed else 200)


@require_GET
def robots_txt(request):
    return render(
        request,
        "cms/robots.txt",
        {"sitemap_url": request.build_absolute_uri("/sitemap.xml")},
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def search(request):
    """Full-text search of live pages in the visitor's language.

    Any text is taken (see :mod:`cms.query_text`): it is shown without its
    control characters, and only its words are searched for, so quotes,
    operators and NUL bytes never reach the database as syntax."""
    query = plain_text(request.GET.get("query", ""))
    words = search_words(query)
    error = None
    results = Page.objects.none()
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        error = "too_long"
    elif query and not words:
        error = "no_words"
    elif words:
        try:
            locale = Locale.objects.get(language_code=get_language())
        except Locale.DoesNotExist:
            locale = Locale.get_default()
        results = (
            Page.objects.live().public().filter(locale=locale).specific().search(words)
        )
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    response = render(
        request,
        "cms/search.html",
        {
            "search_query": query[:SEARCH_QUERY_MAX_LENGTH],
            "search_results": page,
            "search_error": error,
            "max_query_length": SEARCH_QUERY_MAX_LENGTH,
            "debug": settings.DEBUG,
        },
    )
    if query:
        # What someone searched for ("leaving a trafficker") must not sit in
        # the proxy's cache on disk, keyed by the words: results are public,
        # but the question is personal.
        edge_cache.keep_private(response)
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the error may come from anything
    # the normal context needs (the database, the cache, site settings).
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """A form post refused before its view ran (no CSRF token, or a
    cross-site post to a public form: cms/cross_origin.py): nothing was
    stored. The reason is for the log, not the visitor."""
    return render(request, "cms/form_refused.html", status=403)


#: Wagtail's page view, exempt from the CSRF middleware: which route of a page
#: a post goes to (a public form or not) is known only once Wagtail has routed
#: it, and the ``before_serve_page`` hook of cms/cross_origin.py checks it then.
serve_page = csrf_exempt(wagtail_serve)


def serve_file_below_page(request, path):
    """Hand ``<page>/calendar.ics`` to the page as the sub-route
    ``calendar.ics/`` (see RoutablePageMixin routes named like files)."""
    return wagtail_serve(request, path + "/")

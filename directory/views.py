"""The Service Map's public views: thin, the rules are in search.py and
places.py. They are called by the routes of ServiceMapPage."""

import uuid

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from .forms import FilterForm, PlaceForm, SuggestionForm
from .gaps import count_gap, found_nothing_near
from .models import Need, Service, Suggestion
from .places import Origin, PlaceNotFound, origin_for_fsa, origin_for_place
from .search import (
    Filters,
    hours_by_day,
    is_always_open,
    is_open,
    search,
    service_detail,
)


def search_form(request, page):
    """The search page. A POST is turned into a results URL that holds the
    FSA or the city, never a full postal code (303, so the browser's
    history keeps only that URL)."""
    if request.method == "POST":
        form = PlaceForm(request.POST)
        if form.is_valid() and form.origin:
            kind, key = form.origin
            if kind == "fsa":
                _count_if_nothing_near(key, form.filters())
            response = HttpResponseRedirect(
                page.results_url(kind, key, form.query_string())
            )
            response.status_code = 303
            return response
        status = 400
    else:
        form = PlaceForm()
        status = 200
    return TemplateResponse(
        request,
        "directory/service_map_page.html",
        {
            "page": page,
            "self": page,
            "form": form,
            "needs": Need.choices,
            "needs_url": page.results_url("canada"),
        },
        status=status,
    )


def _count_if_nothing_near(fsa, filters):
    """The gaps count (directory/gaps.py): by FSA and need only, whatever
    other filters were chosen."""
    try:
        origin = origin_for_fsa(fsa)
    except PlaceNotFound:
        return
    if found_nothing_near(search(origin, Filters(need=filters.need))):
        count_gap(fsa, filters.need)


def results(request, page, kind, key):
    if kind == "fsa" and key != key.upper()[:3]:
        # A lower-case FSA, or a whole postal code typed into the address:
        # only its FSA is kept.
        return HttpResponseRedirect(page.results_url("fsa", key.upper()[:3]))
    error = ""
    try:
        if kind == "fsa":
            origin = origin_for_fsa(key)
        elif kind == "city":
            origin = origin_for_place(key)
        else:
            origin = Origin("canada", "", _("all of Canada"))
    except PlaceNotFound as problem:
        origin, error = None, str(problem)
    form = FilterForm(request.GET or None)
    found = []
    if origin is not None and (not form.is_bound or form.is_valid()):
        found = search(origin, form.filters() if form.is_bound else Filters())
        for result in found:
            result.url = page.service_url(result.service)
    return TemplateResponse(
        request,
        "directory/results.html",
        {
            "page": page,
            "self": page,
            "origin": origin,
            "origin_error": error,
            "form": form,
            "results": found,
            "search_url": page.url,
        },
        status=404 if error else 200,
    )


def service_page(request, page, service_id):
    service = (
        Service.objects.exclude(
            status__in=[Service.Status.INACTIVE, Service.Status.DEFUNCT]
        )
        .select_related("organization")
        .prefetch_related(
            "service_at_locations__location",
            "schedules",
            "phones",
            "languages",
            "service_areas",
            "categories",
        )
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404(_("No such service."))
    return TemplateResponse(
        request,
        "directory/service_page.html",
        {
            "page": page,
            "self": page,
            "service": service,
            "places": service_detail(service),
            "hours": is_open(service.schedules.all()),
            "hours_by_day": hours_by_day(service),
            "always_open": is_always_open(service),
        },
    )


SUGGESTION_RATE_IP = "5/h"


def _thanks(page):
    return HttpResponseRedirect(page.url + page.reverse_subpage("suggest_thanks"))


def suggest(request, page):
    """Suggest a service or report a change; stored for Moderators, never
    published as sent."""
    service = None
    service_id = request.GET.get("service") or request.POST.get("service")
    if service_id:
        try:
            service = Service.objects.filter(pk=uuid.UUID(str(service_id))).first()
        except ValueError:
            service = None
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if form.is_bot():
            return HttpResponseRedirect(
                page.url + page.reverse_subpage("suggest_thanks")
            )
        if is_ratelimited(
            request,
            group="directory.suggest.ip",
            key="ip",
            rate=SUGGESTION_RATE_IP,
            increment=True,
        ):
            form.add_error(
                None,
                _(
                    "Too many suggestions from your connection. "
                    "Please try again in an hour."
                ),
            )
            status = 429
        elif form.is_valid():
            Suggestion.objects.create(
                kind=form.cleaned_data["kind"],
                service=service,
                service_name=form.cleaned_data["service_name"],
                details=form.cleaned_data["details"],
                language=(get_language() or "en")[:2],
            )
            return HttpResponseRedirect(
                page.url + page.reverse_subpage("suggest_thanks")
            )
        else:
            status = 400
    else:
        initial = {"kind": Suggestion.Kind.CHANGE if service else Suggestion.Kind.NEW}
        if service:
            initial["service_name"] = service.display_name
        form = SuggestionForm(initial=initial)
        status = 200
    return TemplateResponse(
        request,
        "directory/suggest.html",
        {"page": page, "self": page, "form": form, "service": service},
        status=status,
    )


def suggest_thanks(request, page):
    return TemplateResponse(
        request, "directory/suggest_thanks.html", {"page": page, "self": page}
    )


def my_list(request, page):
    """The page the browser fills from its own session storage."""
    return TemplateResponse(
        request, "directory/my_list.html", {"page": page, "self": page}
    )

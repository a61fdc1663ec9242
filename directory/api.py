"""``/api/hsds/``: the directory in HSDS 3.0 shape, read-only, paginated as
the HSDS API specification says (``page``, ``per_page``)."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from . import hsds
from .models import ServiceAtLocation

MAX_PER_PAGE = 100


def _int(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 < number < 1_000_000 else default


def _json(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _listing(request, items, to_json):
    number = _int(request.GET.get("page"), 1)
    size = min(_int(request.GET.get("per_page"), 50), MAX_PER_PAGE)
    language = request.GET.get("language", "en")
    return _json(hsds.in_language(language, hsds.page_of, items, number, size, to_json))


def _one(request, items, pk, to_json):
    item = items.filter(pk=pk).first()
    if item is None:
        raise Http404("No such record")
    return _json(hsds.in_language(request.GET.get("language", "en"), to_json, item))


@require_GET
def root(request):
    return _json(
        {
            "version": hsds.HSDS_VERSION,
            "profile": hsds.PROFILE,
            "openapi_url": "https://openreferral.org/specification/3.0/openapi.json",
        }
    )


@require_GET
def services(request):
    return _listing(request, hsds.published_services(), hsds.service)


@require_GET
def service(request, pk):
    return _one(request, hsds.published_services(), pk, hsds.service)


@require_GET
def organizations(request):
    return _listing(request, hsds.published_organizations(), hsds.organization)


@require_GET
def organization(request, pk):
    return _one(request, hsds.published_organizations(), pk, hsds.organization)


def _links():
    return ServiceAtLocation.objects.select_related("location").order_by("pk")


@require_GET
def service_at_locations(request):
    return _listing(request, _links(), hsds.service_at_location)


@require_GET
def service_at_location(request, pk):
    return _one(request, _links(), pk, hsds.service_at_location)

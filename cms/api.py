"""Wagtail's read-only API v2 at /api/v2/ (pages, images, documents).

Each page type lists its public fields in ``api_fields``; nothing personal is
ever exposed here.

Wagtail's endpoints are used with one change: any query string gets an
answer below 500. A parameter the database cannot take (a NUL byte, a
number past its integers) is refused with a 400 and a JSON body naming the
parameter, and ``search`` is a plain search of its words
(:mod:`cms.query_text`) on every database.
"""

import re
from types import SimpleNamespace

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .query_text import has_control_characters, search_words

SEARCH_MAX_LENGTH = 200
SEARCH_OPERATORS = ("and", "or")
#: Parameters that name a row or count rows: past this, no database
#: integer holds them.
INTEGER_PARAMETERS = (
    "id",
    "limit",
    "offset",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
)
LARGEST_INTEGER = 2**31 - 1


def refuse_bad_parameters(query):
    """Raise BadRequestError (a 400 with ``{"message": ...}``) for the first
    parameter no endpoint can take; ``search`` is checked, not cleaned, here
    (see PlainSearchFilter)."""
    for name, values in query.lists():
        for value in values:
            if name == "search":
                if len(value) > SEARCH_MAX_LENGTH:
                    raise BadRequestError(
                        f"search must be {SEARCH_MAX_LENGTH} characters or fewer"
                    )
            elif has_control_characters(name) or has_control_characters(value):
                raise BadRequestError(
                    f"{name!r} must not contain control characters (such as NUL)"
                )
            elif name == "search_operator" and value not in SEARCH_OPERATORS:
                raise BadRequestError("search_operator must be 'and' or 'or'")
            elif (
                name in INTEGER_PARAMETERS
                and re.fullmatch(r"[0-9]+", value)
                and int(value) > LARGEST_INTEGER
            ):
                raise BadRequestError(f"{name} must be {LARGEST_INTEGER} or less")


class PlainSearchFilter(SearchFilter):
    """Wagtail's search filter, given only the words of ``search``: quotes
    and operators are never parsed (SQLite's FTS5 would fail on them), and
    a search without a word finds nothing."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        words = search_words(request.GET["search"])
        if not words:
            return queryset.none()
        query = request.GET.copy()
        query["search"] = words
        return super().filter_queryset(SimpleNamespace(GET=query), queryset, view)


class CheckedQueryMixin:
    """Refuse what the database cannot take before Wagtail's filters see
    it; search with :class:`PlainSearchFilter`."""

    @classmethod
    def plain_search(cls, filter_backends):
        return [
            PlainSearchFilter if backend is SearchFilter else backend
            for backend in filter_backends
        ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_bad_parameters(request.GET)

    def find_object(self, queryset, request):
        if "id" in request.GET and not re.fullmatch(r"[0-9]+", request.GET["id"]):
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)


class PagesViewSet(CheckedQueryMixin, PagesAPIViewSet):
    filter_backends = CheckedQueryMixin.plain_search(PagesAPIViewSet.filter_backends)


class ImagesViewSet(CheckedQueryMixin, ImagesAPIViewSet):
    filter_backends = CheckedQueryMixin.plain_search(ImagesAPIViewSet.filter_backends)


class DocumentsViewSet(CheckedQueryMixin, DocumentsAPIViewSet):
    filter_backends = CheckedQueryMixin.plain_search(
        DocumentsAPIViewSet.filter_backends
    )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesViewSet)
api_router.register_endpoint("images", ImagesViewSet)
api_router.register_endpoint("documents", DocumentsViewSet)

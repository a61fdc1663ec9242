"""Leaving privately viewed pages out of public listings, in one query.

A view restriction (password, groups, signed-in people) covers its page and
everything below it: a private support group's events index hides every
event in it. Wagtail's ``.public()`` knows this but first loads every
restriction in a query of its own; a filter on the page's own
``view_restrictions`` costs nothing but misses restrictions on ancestors.
This module does what ``.public()`` means inside the listing's query.
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction


def without_view_restrictions(pages, below=None):
    """``pages`` without those a view restriction covers, on the page itself
    or on any of its ancestors (a page's tree path starts with the paths of
    all its ancestors).

    With ``below`` (a page), restrictions on ``below`` and its ancestors are
    not counted: for a listing that ``below`` serves itself, whose
    restrictions Wagtail checked for this visitor before serving it (members
    of a private group see its events; everyone else never reaches the list).
    Never pass ``below`` for anything shown outside ``below``'s own pages.
    """
    covering = PageViewRestriction.objects.filter(
        StartsWith(OuterRef("path"), F("page__path"))
    )
    if below is not None:
        covering = covering.filter(page__depth__gt=below.depth)
    return pages.filter(~Exists(covering))

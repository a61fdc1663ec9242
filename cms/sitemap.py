from functools import reduce
from operator import or_

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    """Wagtail's sitemap covers the site root only; ours adds every translation
    of it, so French pages are listed beside English ones."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        trees = [Page.objects.descendant_of(root, inclusive=True) for root in roots]
        return (
            reduce(or_, trees)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

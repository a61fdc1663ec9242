"""The Service Map's page: search, results and one page per service, as
routes of one translatable page (so English and French each have theirs)."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from cms.cross_origin import public_form
from cms.models import StreamPage


class ServiceMapPage(RoutablePageMixin, StreamPage):
    """Find support services near a postal area or a city.

    Routes (below the page's URL): ``""`` the search form (posted, see
    :mod:`directory.forms`), ``near/K1P/``, ``in/<city>/`` and ``canada/``
    the results, ``service/<id>/`` one service.
    """

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service map page")

    def get_cached_paths(self):
        return ["/", "canada/", "suggest/", "my-list/"]

    def get_sitemap_urls(self, request=None):
        """The page, and each service's own page (no address is in a URL)."""
        from ..models import Service

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        for pk in Service.objects.filter(status=Service.Status.ACTIVE).values_list(
            "pk", flat=True
        ):
            urls.append({"location": base + self.reverse_subpage("service", args=[pk])})
        return urls

    def results_url(self, kind, key="", query=""):
        route = {"fsa": "near", "city": "city", "canada": "canada"}[kind]
        url = self.url + self.reverse_subpage(route, args=[key] if key else [])
        return f"{url}?{query}" if query else url

    def service_url(self, service):
        return self.url + self.reverse_subpage("service", args=[service.pk])

    # --- routes -----------------------------------------------------------
    @path("")
    @public_form
    def search_form(self, request):
        from ..views import search_form

        return search_form(request, self)

    @path("near/<str:code>/")
    def near(self, request, code):
        from ..views import results

        return results(request, self, "fsa", code)

    @path("in/<slug:place>/")
    def city(self, request, place):
        from ..views import results

        return results(request, self, "city", place)

    @path("canada/", name="canada")
    def canada(self, request):
        from ..views import results

        return results(request, self, "canada", "")

    @path("suggest/")
    @public_form
    def suggest(self, request):
        from ..views import suggest

        return suggest(request, self)

    @path("suggest/thanks/")
    def suggest_thanks(self, request):
        from ..views import suggest_thanks

        return suggest_thanks(request, self)

    @path("my-list/")
    def my_list(self, request):
        from ..views import my_list

        return my_list(request, self)

    @path("service/<uuid:service_id>/")
    def service(self, request, service_id):
        from ..views import service_page

        return service_page(request, self, service_id)

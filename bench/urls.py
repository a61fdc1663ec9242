from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from cms.urls import urlpatterns as site_urlpatterns


@never_cache
def minimal(request):
    """The cheapest response Django gives through the same middleware.

    ``never_cache`` keeps it out of the page cache: it is the baseline of a
    request that Django handles, not of a cache hit."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *site_urlpatterns]
handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from . import consent_views, personal_data_views, views
from .admin_pages import AdminLoginView
from .api import api_router
from .sitemap import TranslatedSitemap

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": TranslatedSitemap}},
        name="sitemap",
    ),
    # Wagtail's sign-in, landing on the dashboard (cms/admin_pages.py).
    path("admin/login/", AdminLoginView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # The Service Map in HSDS 3.0 shape (directory/api.py).
    path("api/hsds/", include("directory.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    # A person's own data (cms/personal_data_views.py), in each language.
    path(
        pgettext_lazy("URL", "your-data/"),
        personal_data_views.ask,
        name="personal_data_request",
    ),
    path(
        pgettext_lazy("URL", "your-data/sent/"),
        personal_data_views.sent,
        name="personal_data_sent",
    ),
    path(
        pgettext_lazy("URL", "your-data/<str:token>/"),
        personal_data_views.manage,
        name="personal_data_manage",
    ),
    # "Yes, send me updates": the link in an email (cms/consent.py).
    path(
        pgettext_lazy("URL", "email-updates/<slug:kind>/<str:token>/"),
        consent_views.confirm,
        name="consent_confirm",
    ),
    # Files below a page (calendar.ics, a flyer's PDF): Wagtail's own pattern
    # allows no dot, so they are routed to the page here.
    re_path(
        r"^((?:[\w\-]+/)*[\w\-]+\.(?:ics|pdf|png))$",
        views.serve_file_below_page,
        name="page_file",
    ),
    # Wagtail's own URLs, its page view last, with the CSRF check made once
    # the page's route is known (views.serve_page, cms/cross_origin.py).
    *[url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"],
    re_path(serve_pattern, views.serve_page, name="wagtail_serve"),
    prefix_default_language=True,
)

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"

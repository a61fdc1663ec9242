"""Where organizers find a flyer's tools (issue 12): the "Flyers" menu item
lists the flyers with their downloads and export; the same tools show in
each flyer's (and campaign's) explorer row and editor header
(``register_page_tools``, cms/admin_pages.py). The report itself is
``admin_views.py``."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from cms.admin_pages import AnyPermissionMenuItem, PageToolsListView
from cms.admin_ui import PermissionButton

from .admin_views import PERMISSION, download_buttons, report_url
from .models import FlyerPage
from .services import download_stats as stats


def flyer_tools(page, with_export=True):
    """Downloads of a flyer (or of a campaign's flyers); none elsewhere."""
    tools = download_buttons(page, priority=10)
    page_class = page.specific_class or type(page)
    if tools and with_export and issubclass(page_class, FlyerPage):
        tools.append(
            PermissionButton(
                _("Export downloads (CSV)"),
                report_url(flyer=page.pk, export="csv"),
                PERMISSION,
                icon_name="download",
                priority=20,
            )
        )
    return tools


def campaign_of(page):
    return page.get_parent().get_admin_display_title()


def download_totals(page):
    totals = stats.totals(stats.downloads(stats.DownloadFilter(flyer=page)))
    return _("%(downloads)s downloads, %(copies)s copies") % totals


class FlyerListView(PageToolsListView):
    permissions = (PERMISSION,)
    page_title = gettext_lazy("Flyers")
    header_icon = "doc-full"
    empty_text = gettext_lazy("No flyers yet.")
    columns = (
        (gettext_lazy("Campaign"), campaign_of),
        (gettext_lazy("Downloads"), download_totals),
    )

    def get_pages(self):
        return FlyerPage.objects.filter(locale=Locale.get_default()).order_by(
            "-live", "title"
        )


def admin_urls():
    return [path("flyers/", FlyerListView.as_view(), name="flyer_list")]


def flyers_menu_item():
    return AnyPermissionMenuItem(
        gettext_lazy("Flyers"),
        reverse("flyer_list"),
        name="flyers",
        icon_name="doc-full",
        order=265,
        permissions=(PERMISSION,),
    )

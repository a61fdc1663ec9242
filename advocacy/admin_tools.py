"""Where organizers find a letter campaign's tools (issue 12): the "Letter
campaigns" menu item lists the campaigns with their letters, held letters
and export; the same tools show in each campaign's explorer row and editor
header (``register_page_tools``, cms/admin_pages.py). The tools themselves
are the views of ``admin_views.py``."""

from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from cms.admin_pages import AnyPermissionMenuItem, PageToolsListView
from cms.admin_ui import PermissionButton

from .admin_views import (
    DELIVERIES_PERMISSION,
    LETTERS_PERMISSION,
    campaign_tool_buttons,
    is_campaign_page,
)
from .models import LetterCampaignPage

TOOL_PERMISSIONS = (DELIVERIES_PERMISSION, LETTERS_PERMISSION)


def with_query(url, **query):
    return f"{url}?{urlencode(query)}"


def letter_campaign_tools(page, with_export=True):
    """The letter campaign's tools (none for other pages). Letters are kept
    on the campaign in the default language."""
    if not is_campaign_page(page):
        return []
    tools = campaign_tool_buttons(page, priority=10)
    if not with_export:
        return tools
    canonical = page.specific.canonical.pk
    return [
        *tools,
        PermissionButton(
            _("Held letters"),
            with_query(reverse("letter_tools:held"), campaign=canonical),
            LETTERS_PERMISSION,
            icon_name="warning",
            priority=11,
        ),
        PermissionButton(
            _("Export letters sent (CSV)"),
            with_query(
                reverse("letter_recipients:index"), campaign=canonical, export="csv"
            ),
            DELIVERIES_PERMISSION,
            icon_name="download",
            priority=20,
        ),
    ]


def placed_under(page):
    return page.get_parent().get_admin_display_title()


class LetterCampaignListView(PageToolsListView):
    permissions = TOOL_PERMISSIONS
    page_title = gettext_lazy("Letter campaigns")
    header_icon = "mail"
    empty_text = gettext_lazy("No letter campaigns yet.")
    columns = (
        (gettext_lazy("Placed under"), placed_under),
        (gettext_lazy("Letters sent"), lambda page: page.letters_sent),
    )

    def get_pages(self):
        return LetterCampaignPage.objects.filter(locale=Locale.get_default()).order_by(
            "-live", "title"
        )


def admin_urls():
    return [
        path(
            "letter-campaigns/",
            LetterCampaignListView.as_view(),
            name="letter_campaign_list",
        )
    ]


def letter_campaigns_menu_item():
    return AnyPermissionMenuItem(
        gettext_lazy("Letter campaigns"),
        reverse("letter_campaign_list"),
        name="letter-campaigns",
        icon_name="mail",
        order=255,
        permissions=TOOL_PERMISSIONS,
    )

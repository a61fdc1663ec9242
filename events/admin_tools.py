"""Where organizers find an event's tools (issue 12): the "Events" menu item
lists the coming events with their registrations, check-in, message and
export; the same tools show in each event's explorer row and editor header
(``register_page_tools``, cms/admin_pages.py). The tools themselves are the
views of ``admin_views.py``."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from cms.admin_pages import AnyPermissionMenuItem, PageToolsListView
from cms.admin_ui import PermissionButton

from .admin_views import (
    CHECK_IN_PERMISSION,
    DASHBOARD_PERMISSION,
    MESSAGE_PERMISSION,
    event_tool_buttons,
    is_event_page,
)
from .models import EventPage
from .services import registrations as rsvp

#: Whoever may use one of an event's tools sees the list of events.
TOOL_PERMISSIONS = (CHECK_IN_PERMISSION, MESSAGE_PERMISSION, DASHBOARD_PERMISSION)
EXPORT_PERMISSION = DASHBOARD_PERMISSION


def export_url(page):
    """The registrations of the event as a CSV file (kept on the page in the
    default language, which the registrations list filters on)."""
    query = {"event": page.specific.canonical.pk, "export": "csv"}
    return f"{reverse('event_registrations:index')}?{urlencode(query)}"


def event_tools(page, with_export=True):
    """The event's tools (none for other pages)."""
    if not is_event_page(page):
        return []
    tools = event_tool_buttons(page, priority=10)
    if with_export:
        tools.append(
            PermissionButton(
                _("Export registrations (CSV)"),
                export_url(page),
                EXPORT_PERMISSION,
                icon_name="download",
                priority=20,
            )
        )
    return tools


def when(page):
    return timezone.localtime(page.start_at, page.zone).strftime("%Y-%m-%d %H:%M")


def seats(page):
    counts = rsvp.counts(page)
    if counts["capacity"] is None:
        return _("%(confirmed)s (no limit)") % counts
    return _("%(confirmed)s / %(capacity)s") % counts


class EventListView(PageToolsListView):
    permissions = TOOL_PERMISSIONS
    header_icon = "date"
    columns = (
        (gettext_lazy("Starts"), when),
        (gettext_lazy("Confirmed / capacity"), seats),
    )

    @property
    def past(self):
        return self.request.GET.get("when") == "past"

    def get_page_title(self):
        return _("Past events") if self.past else _("Upcoming events")

    @property
    def empty_text(self):
        return _("No past events.") if self.past else _("No upcoming events.")

    def get_other_lists(self):
        url = reverse("event_list")
        if self.past:
            return [(_("Upcoming events"), url)]
        return [(_("Past events"), f"{url}?when=past")]

    def get_pages(self):
        events = EventPage.objects.filter(locale=Locale.get_default())
        now = timezone.now()
        if self.past:
            return events.filter(end_at__lt=now).order_by("-start_at")
        return events.filter(end_at__gte=now).order_by("start_at")


def admin_urls():
    return [path("events/upcoming/", EventListView.as_view(), name="event_list")]


def events_menu_item():
    return AnyPermissionMenuItem(
        gettext_lazy("Events"),
        reverse("event_list"),
        name="events",
        icon_name="date",
        order=245,
        permissions=TOOL_PERMISSIONS,
    )

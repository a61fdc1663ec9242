from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail import hooks

from cms.personal_data import PersonalData

from . import admin_tools as tools
from . import admin_views, demo, sections
from .services import privacy


@hooks.register("load_demo_content")
def load_demo_events(loader):
    return demo.load(loader)


@hooks.register("home_page_sections")
def upcoming_events_on_home(request, home):
    return sections.upcoming_events_section(request, home)


# --- organizer tools (events/admin_views.py) ---------------------------------
@hooks.register("register_admin_viewset")
def register_event_tools():
    return admin_views.EventToolsViewSetGroup()


@hooks.register("register_admin_urls")
def register_event_tool_urls():
    return admin_views.admin_urls()


@hooks.register("register_permissions")
def register_organizer_message_permissions():
    # Shown in the group editor; no viewset registers them for this model.
    return Permission.objects.filter(
        content_type__app_label="events",
        codename__in=["add_organizermessage", "view_organizermessage"],
    )


@hooks.register("register_page_tools")
def event_page_tools(page, user, where):
    """Registrations, check-in and messages, in the event's explorer row and
    editor header (cms/admin_pages.py); the export too, off the row."""
    return tools.event_tools(page, with_export=where != "listing")


@hooks.register("register_admin_urls")
def register_event_list_url():
    return tools.admin_urls()


@hooks.register("register_admin_menu_item")
def register_events_menu_item():
    return tools.events_menu_item()


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    panels.append(admin_views.UpcomingEventsPanel())


@hooks.register("insert_global_admin_css")
def event_tools_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-events.css")
    )


# --- personal data (cms/personal_data.py) ------------------------------------------
@hooks.register("register_personal_data")
def registrations_personal_data():
    return PersonalData(
        name="registrations",
        label=gettext_lazy("Event registrations"),
        find=privacy.find_registrations,
        delete=privacy.delete_person,
        anonymise=privacy.anonymise_past_registrations,
        order=10,
    )


@hooks.register("register_personal_data")
def town_hall_names_personal_data():
    # Not linked to an email address: only the retention run covers them.
    return PersonalData(
        name="town_hall_question_names",
        label=gettext_lazy("Names on town-hall questions"),
        anonymise=privacy.anonymise_question_names,
        order=11,
    )

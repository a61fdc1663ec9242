from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.personal_data import PersonalData

from . import admin_tools as tools
from . import admin_views, demo
from .models import FixedTarget, Representative
from .services import moderation, privacy
from .services.letters import anonymise_old_letters

#: Organizers find the recipients they manage among their letter tools
#: (permissions: migration advocacy/0008_organizers_manage_recipients).
LETTER_TOOLS_MENU = "register_letter_tools_menu_item"


class FixedTargetViewSet(SnippetViewSet):
    model = FixedTarget
    icon = "user"
    menu_label = _("Fixed targets")
    menu_hook = LETTER_TOOLS_MENU
    list_display = ["name", "kind", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "title"]


register_snippet(FixedTargetViewSet)


class RepresentativeViewSet(ModelViewSet):
    """Representatives come from imports (manage.py import_representatives);
    organizers may correct an email or take someone out of office here."""

    model = Representative
    icon = "group"
    menu_label = _("Representatives")
    menu_hook = LETTER_TOOLS_MENU
    list_display = ["name", "elected_office", "district", "party", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "district__name"]
    inspect_view_enabled = True
    form_fields = ["email", "party", "is_active"]


@hooks.register("register_admin_viewset")
def register_representatives():
    return RepresentativeViewSet("representatives")


@hooks.register("load_demo_content")
def load_demo_representatives(loader):
    return demo.load(loader) + demo.load_campaigns(loader)


# --- letter tools (advocacy/admin_views.py) ----------------------------------
@hooks.register("register_admin_viewset")
def register_letter_tools():
    return admin_views.LetterToolsViewSetGroup()


@hooks.register("register_admin_urls")
def register_letter_tool_urls():
    return admin_views.admin_urls()


@hooks.register("register_letter_tools_menu_item")
def register_held_letters_menu_item():
    return admin_views.held_letters_menu_item()


@hooks.register("register_permissions")
def register_letter_permissions():
    # Shown in the group editor; no viewset registers them for this model
    # (held letters have their own views).
    return Permission.objects.filter(
        content_type__app_label="advocacy",
        codename__in=["view_letter", "change_letter", "delete_letter"],
    )


@hooks.register("register_page_tools")
def letter_campaign_page_tools(page, user, where):
    """The campaign's letters in its explorer row; held letters and the
    export too in its editor header and the list (cms/admin_pages.py)."""
    return tools.letter_campaign_tools(page, with_export=where != "listing")


@hooks.register("register_admin_urls")
def register_letter_campaign_list_url():
    return tools.admin_urls()


@hooks.register("register_admin_menu_item")
def register_letter_campaigns_menu_item():
    return tools.letter_campaigns_menu_item()


@hooks.register("construct_homepage_panels")
def add_letters_panel(request, panels):
    panels.append(admin_views.LettersPanel())


@hooks.register("insert_global_admin_css")
def letter_tools_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-advocacy.css")
    )


# --- audit log: Moderators' decisions (advocacy/services/moderation.py) --------
@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    @actions.register_action(moderation.RELEASE_ACTION)
    class ReleaseLetter(LogFormatter):
        label = _("Release held letter")

        def format_message(self, log_entry):
            count = log_entry.data.get("recipients", 0)
            return ngettext(
                "Released after moderation to its %(count)s recipient",
                "Released after moderation to its %(count)s recipients",
                count,
            ) % {"count": count}

    @actions.register_action(moderation.REJECT_ACTION)
    class RejectLetter(LogFormatter):
        label = _("Reject held letter")
        message = _("Rejected after moderation and deleted")


# --- personal data (cms/personal_data.py) ------------------------------------------
@hooks.register("register_personal_data")
def letters_personal_data():
    return PersonalData(
        name="letters",
        label=_("Letters to representatives"),
        find=privacy.find_letters,
        delete=privacy.delete_letters,
        anonymise=anonymise_old_letters,
        order=20,
    )

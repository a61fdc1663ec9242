from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail import hooks

from cms.personal_data import PersonalData

from . import admin_tools as tools
from . import admin_views, demo, sections
from .services import privacy


@hooks.register("load_demo_content", order=10)
def load_demo_campaigns(loader):
    return demo.load(loader)


@hooks.register("move_private_media")
def remove_old_layout_flyer_files(storage):
    from .services.flyers import remove_old_layout_files

    return remove_old_layout_files(storage)


@hooks.register("home_page_sections", order=-10)
def featured_campaigns_on_home(request, home):
    return sections.featured_campaigns_section(request, home)


@hooks.register("pages_showing_page")
def campaign_pages_showing(page):
    """What the edge cache must purge besides the page and the pages above
    it (cms/edge_purge.py): a campaign page gathers the events and letter
    campaigns tied to it, and they show it. Every campaign page is purged
    for an event or a letter campaign, since the tie may just have moved."""
    from advocacy.models import LetterCampaignPage
    from events.models import EventPage

    from .models import CampaignPage

    if isinstance(page, CampaignPage):
        return page.tied_pages()
    if isinstance(page, EventPage | LetterCampaignPage):
        return CampaignPage.objects.live()
    return []


# --- flyer downloads (campaigns/admin_views.py) -------------------------------
@hooks.register("register_admin_urls")
def register_flyer_download_urls():
    return admin_views.admin_urls()


@hooks.register("register_admin_menu_item")
def register_flyer_downloads_menu_item():
    return admin_views.downloads_menu_item()


@hooks.register("register_permissions")
def register_flyer_download_permissions():
    # Shown in the group editor; no viewset registers them for this model.
    return Permission.objects.filter(
        content_type__app_label="campaigns", codename="view_flyerdownload"
    )


@hooks.register("register_page_tools")
def flyer_page_tools(page, user, where):
    """A flyer's (or a campaign's) downloads, in its explorer row, editor
    header and the list of flyers (cms/admin_pages.py)."""
    return tools.flyer_tools(page, with_export=where != "listing")


@hooks.register("register_admin_urls")
def register_flyer_list_url():
    return tools.admin_urls()


@hooks.register("register_admin_menu_item")
def register_flyers_menu_item():
    return tools.flyers_menu_item()


@hooks.register("construct_homepage_panels")
def add_flyer_downloads_panel(request, panels):
    panels.append(admin_views.FlyerDownloadsPanel())


@hooks.register("insert_global_admin_css")
def flyer_tools_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-campaigns.css")
    )


# --- personal data (cms/personal_data.py) ------------------------------------------
@hooks.register("register_personal_data")
def flyer_downloads_personal_data():
    return PersonalData(
        name="flyer_downloads",
        label=gettext_lazy("Flyer downloads"),
        find=privacy.find_downloads,
        delete=privacy.delete_downloads,
        anonymise=privacy.anonymise_downloads,
        order=30,
    )


# --- flyer images too small to print sharp (issue 14, item 3) ----------------
@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_small_flyer_images(request, page):
    from django.contrib import messages

    from .models import FlyerPage
    from .services.flyers import images_too_small

    if isinstance(page.specific, FlyerPage):
        for warning in images_too_small(page.specific):
            messages.warning(request, warning)

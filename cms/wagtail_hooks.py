from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.models import Page

from . import (
    admin_pages,
    cross_origin,
    personal_data,
    personal_data_views,
    translations,
)
from .permissions import deletion_refusal
from .personal_data import PersonalData
from .roles import editor_may_handle, is_limited_editor

# Hooks that cms declares for the apps to fill (cms imports none of them):
# - "home_page_sections": fn(request, home_page) -> safe HTML or None, shown
#   on the home page in registration order (featured campaigns, events...).
# - "register_page_tools": fn(page, user, where) -> [MenuItem, ...], a
#   page's organizer tools, shown as labelled buttons in its explorer row
#   and editor header, and in the admin's lists of events, campaigns and
#   flyers (cms/admin_pages.py).
# - "load_demo_content": fn(loader) -> number of changes, called by
#   `manage.py load_demo` after the site pages exist (``loader.homes`` has the
#   home page of each language, ``loader.log()`` prints progress); it must
#   be idempotent.


# --- roles (what each may do to a page: cms/permissions.py) -----------------
@hooks.register("before_create_page")
def limit_editors_create(request, parent_page, page_class):
    """The one rule the page permission tester cannot apply: it answers for
    an existing page ("may add below it"), not for the kind being added."""
    if is_limited_editor(request.user) and not editor_may_handle(page_class):
        raise PermissionDenied("Editors may only work on content pages.")


@hooks.register("before_move_page")
def refuse_moves_the_user_may_not_make(request, page, destination):
    """Wagtail's move confirmation asks the permission tester only when the
    move is posted; ask it before showing the confirmation too."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


# --- form posts to pages (cms/cross_origin.py) --------------------------------
# Wagtail's serve view is exempt from the CSRF middleware (cms/urls.py) so that
# public forms can go without a token; every other page route gets the token
# check here, once its route is known.
hooks.register("before_serve_page", cross_origin.check_token_unless_public_form)


# --- pages that hold records are not deleted ---------------------------------
def pages_deleted_with(page):
    """The page and the translations and aliases deleted along with it (as
    Wagtail's delete view gathers them)."""
    pages = {page}
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        for fn in hooks.get_hooks("construct_translated_pages_to_cascade_actions"):
            for more in (fn([page], "delete") or {}).values():
                pages.update(more)
    return list(pages)


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_records(request, page):
    refusal = deletion_refusal(page, pages_deleted_with(page))
    if refusal:
        messages.error(request, refusal)
        return redirect("wagtailadmin_explore", page.get_parent().id)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_pages_with_records(request, action_type, objects, action):
    if action_type != "delete" or not issubclass(action.model, Page):
        return None
    refusals = [
        refusal
        for page in objects
        if (refusal := deletion_refusal(page, pages_deleted_with(page)))
    ]
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(action.next_url) if refusals else None


# --- personal data (cms/personal_data.py, cms/personal_data_views.py) -------------
# Apps describe what they hold about people with the "register_personal_data"
# hook: fn() -> cms.personal_data.PersonalData. cms registers its own: the
# requests for a link to one's data.
@hooks.register("register_personal_data")
def personal_data_requests():
    return PersonalData(
        name=personal_data.REQUESTS,
        label=gettext_lazy("Requests for a link to your data"),
        find=personal_data.find_requests,
        delete=personal_data.delete_requests,
        anonymise=personal_data.expire_requests,
        order=1000,
    )


@hooks.register("register_admin_urls")
def personal_data_admin_urls():
    return [
        path(
            "personal-data/",
            personal_data_views.PersonalDataAdminView.as_view(),
            name="personal_data_admin",
        )
    ]


@hooks.register("register_admin_menu_item")
def personal_data_menu_item():
    return personal_data_views.admin_menu_item()


@hooks.register("register_permissions")
def personal_data_permissions():
    return Permission.objects.filter(
        content_type__app_label="cms", codename="manage_personal_data"
    )


# --- the page editor and explorer (cms/admin_pages.py) ----------------------------
@hooks.register("register_admin_viewset")
def register_site_page_viewset():
    return admin_pages.site_page_viewset


@hooks.register("register_page_listing_buttons")
def page_tool_listing_buttons(page, user, next_url=None):
    return admin_pages.listing_buttons(page, user, next_url)


@hooks.register("insert_global_admin_css")
def page_editor_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-cms.css"))


# --- translations never published by surprise (cms/translations.py) ---------------
@hooks.register("after_publish_page")
def say_which_translations_stay_unpublished(request, page):
    copies = list(translations.untranslated_copies(page))
    if not copies:
        return
    say_copies_stay_unpublished(request, copies)


@hooks.register("after_create_page", order=100)
def say_new_copies_stay_unpublished(request, page):
    """A page created and published at once: its copies in the other
    languages are made after it is published (by simple translation's own
    "after_create_page" hook, which runs before this one)."""
    if page.live:
        say_which_translations_stay_unpublished(request, page)


def say_copies_stay_unpublished(request, copies):
    languages = ", ".join(copy.locale.get_display_name() for copy in copies)
    messages.info(
        request,
        ngettext(
            "Not published in %(languages)s: that copy is not translated yet. "
            "It stays off the public site until someone translates and "
            "publishes it.",
            "Not published in %(languages)s: those copies are not translated "
            "yet. They stay off the public site until someone translates and "
            "publishes them.",
            len(copies),
        )
        % {"languages": languages},
    )

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail import hooks

from . import personal_data, personal_data_views
from .personal_data import PersonalData
from .roles import editor_may_handle, is_limited_editor

# Hooks that cms declares for the apps to fill (cms imports none of them):
# - "home_page_sections": fn(request, home_page) -> safe HTML or None, shown
#   on the home page in registration order (featured campaigns, events...).
# - "load_demo_content": fn(loader) -> number of changes, called by
#   `manage.py load_demo` after the site pages exist (``loader.homes`` has the
#   home page of each language, ``loader.log()`` prints progress); it must
#   be idempotent.


def _deny_editor(request, page_class):
    if is_limited_editor(request.user) and not editor_may_handle(page_class):
        raise PermissionDenied("Editors may only work on content pages.")


@hooks.register("before_create_page")
def limit_editors_create(request, parent_page, page_class):
    _deny_editor(request, page_class)


@hooks.register("before_edit_page")
def limit_editors_edit(request, page):
    _deny_editor(request, page.specific_class)


@hooks.register("before_delete_page")
def limit_editors_delete(request, page):
    _deny_editor(request, page.specific_class)


@hooks.register("before_copy_page")
def limit_editors_copy(request, page):
    _deny_editor(request, page.specific_class)


@hooks.register("before_move_page")
def limit_editors_move(request, page, destination):
    _deny_editor(request, page.specific_class)


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

from django.core.exceptions import PermissionDenied
from wagtail import hooks

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

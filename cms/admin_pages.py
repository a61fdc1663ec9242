"""The page editor and page listing, with each page's organizer tools in
sight and its translations' state at the top of the editor.

Wagtail puts what the ``register_page_header_buttons`` hook gives into the
header's unlabelled "⋯" menu, where organizers did not find their tools. So
cms declares its own hook, and shows what it gives as labelled buttons:

- ``"register_page_tools"``: ``fn(page, user, where) -> [MenuItem, ...]``,
  the tools of one page (an event's registrations, a letter campaign's
  letters, a flyer's downloads), each a ``cms.admin_ui.PermissionButton``
  (or any Wagtail ``MenuItem``) that says who may see it. ``where`` is
  ``"listing"`` (a row of the page explorer: keep it short), ``"header"``
  (the page editor: tools of priority ``SECONDARY`` or more, the exports,
  go in its "⋯" menu) or ``"menu"`` (the admin's own lists of events,
  campaigns and flyers).

The page editor of every page type is Wagtail's own, reached through a
``PageViewSet`` (Wagtail's supported way to customise the page views), with
the tools as header buttons and a "Translations" box above the form
(``cms/translations.py``).
"""

from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem as SidebarMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.account import LoginView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets.button import Button, HeaderButton, ListingButton
from wagtail.models import Page

from . import translations

TOOLS_HOOK = "register_page_tools"
#: Tools of this priority or more (exports) go in the editor header's "⋯"
#: menu, so that the header keeps room for the breadcrumbs on a laptop.
SECONDARY = 20


def page_tools(page, user, where):
    """The tools of ``page`` that ``user`` may use, in priority order."""
    items = []
    for fn in hooks.get_hooks(TOOLS_HOOK):
        items.extend(fn(page=page, user=user, where=where) or [])
    shown = [
        item for item in items if not isinstance(item, MenuItem) or item.is_shown(user)
    ]
    return sorted(shown, key=lambda item: (item.priority, str(item.label)))


def as_buttons(items, button_class):
    return [
        button_class.from_menu_item(item) if isinstance(item, MenuItem) else item
        for item in items
    ]


def listing_buttons(page, user, next_url=None):
    """The page's tools as buttons in its row of the page explorer."""
    return as_buttons(page_tools(page, user, "listing"), ListingButton)


class SitePageEditView(EditView):
    """Wagtail's page editor, with the page's tools as labelled buttons in
    the header and its translations above the form."""

    def get_template_names(self):
        names = super().get_template_names()
        ours = {
            "wagtailadmin/pages/edit.html": "cms/admin/page_edit.html",
            "wagtailadmin/pages/edit_alias.html": "cms/admin/page_edit_alias.html",
        }
        return [ours.get(name, name) for name in names]

    @cached_property
    def tools(self):
        return page_tools(self.page, self.request.user, "header")

    @cached_property
    def header_buttons(self):
        # Labelled (``from_menu_item`` passes no ``icon_only``), without
        # their icon: the header is narrow on a laptop.
        buttons = as_buttons(
            [tool for tool in self.tools if tool.priority < SECONDARY], HeaderButton
        )
        for button in buttons:
            button.icon_name = None
        return buttons

    @cached_property
    def header_more_buttons(self):
        secondary = [tool for tool in self.tools if tool.priority >= SECONDARY]
        return as_buttons(secondary, Button) + super().header_more_buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["translation_states"] = translations.states_for_editor(
            self.page, self.request.user
        )
        return context


class SitePageViewSet(PageViewSet):
    """Every page type's admin views: Wagtail's, with our editor. Registered
    for the base ``Page`` model, it replaces Wagtail's default viewset, as
    Wagtail's "Customizing the default page listings" documents."""

    edit_view_class = SitePageEditView


site_page_viewset = SitePageViewSet("site_pages")


# --- the admin's lists of events, letter campaigns, flyers ---------------------------
class AnyPermissionMenuItem(SidebarMenuItem):
    """A sidebar item shown to users with any of ``permissions``."""

    def __init__(self, *args, permissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = tuple(permissions)

    def is_shown(self, request):
        return any(request.user.has_perm(perm) for perm in self.permissions)


class PageToolsListView(WagtailAdminTemplateMixin, TemplateView):
    """A list of pages of one kind (the next events, the letter campaigns,
    the flyers) with, on each row, what the organizer needs: the page's
    dates or counts, its translations, and its tools (the
    ``register_page_tools`` hook, ``where="menu"``).

    Subclasses set ``permissions`` (any of them opens the list),
    ``page_title``, ``header_icon``, ``columns`` (``[(label, fn(page))]``),
    ``empty_text`` and ``get_pages()``."""

    template_name = "cms/admin/page_tools_list.html"
    permissions = ()
    columns = ()
    empty_text = ""
    #: Other lists the page links to, as ``[(label, url)]`` (past events).
    other_lists = ()
    max_rows = 200

    def dispatch(self, request, *args, **kwargs):
        if not any(request.user.has_perm(perm) for perm in self.permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_pages(self):
        raise NotImplementedError

    def get_other_lists(self):
        return self.other_lists

    def row(self, page):
        user = self.request.user
        perms = page.permissions_for_user(user)
        return {
            "page": page,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk])
            if perms.can_edit()
            else "",
            "cells": [fn(page) for _label, fn in self.columns],
            "translations": [
                state
                for state in translations.states_for_editor(page, user)
                if not state.current
            ],
            "tools": page_tools(page, user, "menu"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = list(self.get_pages()[: self.max_rows])
        context.update(
            headings=[label for label, _fn in self.columns],
            rows=[self.row(page) for page in pages],
            empty_text=self.empty_text,
            other_lists=self.get_other_lists(),
        )
        return context


# --- sign-in ------------------------------------------------------------------------
class AdminLoginView(LoginView):
    """Wagtail's sign-in, which lands on the dashboard (with the organizer's
    panels) rather than on the page explorer's top, "Root": a tree of the
    two home pages that says "Pages created here will not be accessible at
    any URL". A ``next`` there (the explorer's top, or its root page, kept
    from a bookmark or an expired session) leads to the dashboard instead;
    any other ``next`` is followed, as Wagtail does."""

    def get_success_url(self):
        url = super().get_success_url()
        if leads_to_explorer_root(url):
            return reverse("wagtailadmin_home")
        return url


def leads_to_explorer_root(url):
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    if match.view_name == "wagtailadmin_explore_root":
        return True
    if match.view_name == "wagtailadmin_explore":
        root = Page.get_first_root_node()
        parent = str(match.kwargs.get("parent_page_id"))
        return root is not None and parent == str(root.pk)
    return False

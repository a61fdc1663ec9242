"""Admin menu items and buttons that show only to users with a permission."""

from wagtail.admin.menu import MenuItem as SidebarMenuItem
from wagtail.admin.ui.menus import MenuItem


class PermissionMenuItem(SidebarMenuItem):
    """A sidebar item shown to users with one model permission."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class PermissionButton(MenuItem):
    """A page-listing or page-header button shown to users with one model
    permission."""

    def __init__(self, label, url, permission, icon_name="", priority=1000):
        super().__init__(label, url, icon_name=icon_name, priority=priority)
        self.permission = permission

    def is_shown(self, user):
        return user.has_perm(self.permission)


class PageToolMixin:
    """An admin view about one page of ``page_model`` (an event, a letter
    campaign), for users with ``permission``; breadcrumbs lead back through
    the page tree. ``self.page`` is the page asked for, ``self.canonical``
    its default-language translation, which holds its records."""

    page_model = None
    permission = None

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import get_object_or_404

        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.page = get_object_or_404(self.page_model, pk=kwargs["page_id"])
        self.canonical = self.page.canonical
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        from django.urls import reverse

        items = list(self.breadcrumbs_items)
        parent = self.page.get_parent()
        if parent is not None:
            items.append(
                {
                    "url": reverse("wagtailadmin_explore", args=[parent.pk]),
                    "label": parent.get_admin_display_title(),
                }
            )
        items.append(
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            }
        )
        items.append({"url": "", "label": self.get_page_title()})
        return items


#: A spreadsheet cell starting with one of these is run as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """``value`` for a CSV cell: text from the public that a spreadsheet
    would run as a formula gets a leading apostrophe (XLSX needs none:
    Wagtail's export writes such cells as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value

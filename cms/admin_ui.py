"""Admin building blocks: menu items and buttons that show only to users with
a permission, page tools, and safe CSV exports."""

import csv
import re

from wagtail.admin.menu import MenuItem as SidebarMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.mixins import Echo


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


#: Where a spreadsheet may start a new cell while splitting a line: the
#: list separators (a comma; a semicolon in French-Canadian Excel; a tab)
#: and line breaks. A cell starting there with a formula character (after
#: spaces or a double quote), a tab or a carriage return is the danger.
_FORMULA_AT_CELL_START = re.compile(r"(^|[,;\t\r\n])(?=[ \"]*[=+\-@]|[\t\r])")


def neutralise_formula(value):
    """``value`` for a CSV cell, safe however a spreadsheet splits the line:
    wherever a cell could start (the value's start, or just after a list
    separator or line break inside it) with a formula character, an
    apostrophe goes first, which spreadsheets read as "text". So the name
    ``Ann;=2*3;`` is exported as ``Ann;'=2*3;``. XLSX needs none of this:
    Wagtail writes such cells as text."""
    if not isinstance(value, str):
        return value
    return _FORMULA_AT_CELL_START.sub(r"\1'", value)


class SafeCSVExportMixin:
    """For views with Wagtail's SpreadsheetExportMixin (list it first): the
    CSV quotes every field and neutralises formulas in every text cell
    (:func:`neutralise_formula`), headings included. Names, letters and
    business names come from the public."""

    def stream_csv(self, queryset):
        writer = csv.DictWriter(
            Echo(), fieldnames=self.list_export, quoting=csv.QUOTE_ALL
        )
        yield writer.writerow(
            {
                field: neutralise_formula(self.get_heading(queryset, field))
                for field in self.list_export
            }
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_formula(value)
        return value

"""Organizer tools for flyers in the Wagtail admin.

- Flyer downloads: downloads through the business form per flyer, per city
  and per sector, with the copies to post, a chart a day, and CSV/XLSX
  export of the rows, all under the same filters (flyer, campaign, dates).
- Buttons on flyer and campaign pages lead to it, filtered on that page.
- A dashboard panel: downloads per day.

Views are thin: the counting lives in ``campaigns.services.download_stats``;
the hooks that register all this live in ``wagtail_hooks.py``.
"""

from datetime import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Locale

from cms.admin_ui import PermissionButton, PermissionMenuItem, SafeCSVExportMixin

from .models import CampaignPage, FlyerPage
from .services import download_stats as stats

#: Who sees flyer downloads (granted to Organizers by migration
#: campaigns/0004_flyer_download_role_permissions).
PERMISSION = "campaigns.view_flyerdownload"


# --- filters ----------------------------------------------------------------------
class TranslatedPageChoiceField(forms.ModelChoiceField):
    """A page listed in the default language; any translation's id is taken
    as that page (the buttons of a French page give the French page's id)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        page = None
        # Page ids are 32-bit integers: a longer number is no page.
        if value.isdigit() and len(value) <= 9:
            page = self.queryset.model.objects.filter(pk=int(value)).first()
        if page is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return stats.canonical(page)


def default_language_pages(model):
    return model.objects.filter(locale=Locale.get_default()).order_by("title")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DownloadFilterForm(forms.Form):
    flyer = TranslatedPageChoiceField(
        label=gettext_lazy("Flyer"),
        queryset=FlyerPage.objects.none(),
        required=False,
        empty_label=gettext_lazy("Any flyer"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "There is no flyer with the id “%(value)s”: downloads of every "
                "flyer are shown."
            )
        },
    )
    campaign = TranslatedPageChoiceField(
        label=gettext_lazy("Campaign"),
        queryset=CampaignPage.objects.none(),
        required=False,
        empty_label=gettext_lazy("Any campaign"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "There is no campaign with the id “%(value)s”: downloads of "
                "every campaign are shown."
            )
        },
    )
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=DateInput,
        error_messages={
            "invalid": gettext_lazy(
                "The start date is not a date (write it like 2026-05-31): it "
                "is ignored."
            )
        },
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("Both days included."),
        error_messages={
            "invalid": gettext_lazy(
                "The end date is not a date (write it like 2026-05-31): it is ignored."
            )
        },
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data.copy() if data is not None else None, **kwargs)
        self.fields["flyer"].queryset = default_language_pages(FlyerPage)
        self.fields["campaign"].queryset = default_language_pages(CampaignPage)

    def clean(self):
        cleaned = super().clean()
        # The list shows the page chosen through a translation's id.
        for name in ("flyer", "campaign"):
            if cleaned.get(name) is not None:
                self.data[name] = str(cleaned[name].pk)
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end", _("The end date is before the start date: it is ignored.")
            )
        return cleaned

    def filters(self):
        """The filters that are valid (an invalid one is left out and said
        so in ``errors``)."""
        self.is_valid()
        data = self.cleaned_data
        return stats.DownloadFilter(
            flyer=data.get("flyer"),
            campaign=data.get("campaign"),
            start=data.get("start"),
            end=data.get("end"),
        )

    def messages(self):
        """What is wrong with the filters, each saying what is ignored."""
        if not self.is_bound or self.is_valid():
            return []
        return [message for errors in self.errors.values() for message in errors]


# --- the report ----------------------------------------------------------------------
class FlyerDownloadsView(
    SafeCSVExportMixin,
    SpreadsheetExportMixin,
    WagtailAdminTemplateMixin,
    TemplateView,
):
    """Downloads per flyer, city and sector, a chart, and the export."""

    page_title = gettext_lazy("Flyer downloads")
    header_icon = "download"
    template_name = "campaigns/admin/downloads.html"
    list_export = list(stats.EXPORT_FIELDS)
    export_headings = {
        "downloaded_at": gettext_lazy("Downloaded at"),
        "flyer": gettext_lazy("Flyer"),
        "campaign": gettext_lazy("Campaign"),
        "size": gettext_lazy("Size"),
        "language": gettext_lazy("Language"),
        "business_name": gettext_lazy("Business name"),
        "sector": gettext_lazy("Sector"),
        "city": gettext_lazy("City"),
        "province": gettext_lazy("Province"),
        "copies": gettext_lazy("Copies"),
        "consent_updates": gettext_lazy("Consents to updates"),
        "email": gettext_lazy("Email (with consent only)"),
    }
    export_filename = "flyer-downloads"
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        # Times as organizers read them: local, to the minute.
        datetime: {
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: timezone.localtime(
                value
            ).strftime("%Y-%m-%d %H:%M"),
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: timezone.make_naive(
                value
            ).replace(microsecond=0),
        },
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @cached_property
    def form(self):
        query = self.request.GET
        asked = any(query.get(name) for name in DownloadFilterForm.base_fields)
        return DownloadFilterForm(query if asked else None)

    @cached_property
    def filters(self):
        if not self.form.is_bound:
            return stats.DownloadFilter()
        return self.form.filters()

    @cached_property
    def rows(self):
        return stats.downloads(self.filters)

    def get(self, request, *args, **kwargs):
        # An export of something other than what was asked would mislead:
        # with a bad filter, the page says what is wrong instead.
        if self.is_export and not self.form.messages():
            return self.as_spreadsheet(
                stats.export_rows(self.rows), request.GET["export"]
            )
        return super().get(request, *args, **kwargs)

    def get_filename(self):
        flyer = self.filters.flyer or self.filters.campaign
        if flyer is not None:
            return f"{self.export_filename}-{flyer.slug}"
        return self.export_filename

    def to_row_dict(self, item):
        return {field: item[field] for field in self.list_export}

    def export_url(self, export_format):
        query = {
            key: value
            for key, value in self.request.GET.items()
            if key in DownloadFilterForm.base_fields and value
        }
        query["export"] = export_format
        return f"{self.request.path}?{urlencode(query)}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report_url = reverse("flyer_downloads:report")
        flyers = stats.per_flyer(self.rows)
        for row in flyers:
            row["url"] = f"{report_url}?{urlencode({'flyer': row['flyer'].pk})}"
        context.update(
            form=self.form,
            filter_messages=self.form.messages(),
            filters=self.filters,
            totals=stats.totals(self.rows),
            per_flyer=flyers,
            per_city=stats.per_city(self.rows),
            per_sector=stats.per_sector(self.rows),
            chart=stats.chart(self.rows, self.filters),
            csv_url=self.export_url(self.FORMAT_CSV),
            xlsx_url=self.export_url(self.FORMAT_XLSX),
            report_url=report_url,
        )
        return context


# --- menu and buttons ---------------------------------------------------------------
def downloads_menu_item():
    return PermissionMenuItem(
        _("Flyer downloads"),
        reverse("flyer_downloads:report"),
        name="flyer-downloads",
        icon_name="download",
        order=270,
        permission=PERMISSION,
    )


def report_url(**query):
    return f"{reverse('flyer_downloads:report')}?{urlencode(query)}"


def download_buttons(page, priority=100):
    """A button to the page's downloads, on flyer and campaign pages."""
    page_class = page.specific_class or type(page)
    if issubclass(page_class, FlyerPage):
        label, query = _("Downloads"), {"flyer": page.pk}
    elif issubclass(page_class, CampaignPage):
        label, query = _("Flyer downloads"), {"campaign": page.pk}
    else:
        return []
    return [
        PermissionButton(
            label,
            report_url(**query),
            PERMISSION,
            icon_name="download",
            priority=priority,
        )
    ]


# --- dashboard -----------------------------------------------------------------------
class FlyerDownloadsPanel(Component):
    name = "flyer_downloads"
    template_name = "campaigns/admin/dashboard_panel.html"
    order = 100

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        if not request.user.has_perm(PERMISSION):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        rows = stats.downloads()
        return {
            "request": parent_context["request"],
            "chart": stats.chart(rows),
            "report_url": reverse("flyer_downloads:report"),
        }


# --- URLs ---------------------------------------------------------------------------
urlpatterns = [path("", FlyerDownloadsView.as_view(), name="report")]


def admin_urls():
    return [path("flyer-downloads/", include((urlpatterns, "flyer_downloads")))]

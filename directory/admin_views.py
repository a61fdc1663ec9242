"""Organizer screens: add, verify and retire services; organizations and
locations; listings with filters and CSV/XLSX export (cms/admin_ui.py's
safe CSV)."""

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.admin_ui import SafeCSVExportMixin

from .gaps import shown_gaps
from .models import (
    Location,
    Need,
    Organization,
    Province,
    SearchGap,
    Service,
    Suggestion,
    TaxonomyTerm,
)
from .verification import needs_verification


class HttpsURLMixin:
    """Website fields take ``example.org`` as ``https://example.org``."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, **kwargs)


class ServiceFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Service.Status.choices,
        empty_label=gettext_lazy("Any status"),
    )
    need = django_filters.ChoiceFilter(
        label=gettext_lazy("Need"),
        choices=Need.choices,
        method="filter_need",
        empty_label=gettext_lazy("Any need"),
    )
    province = django_filters.ChoiceFilter(
        label=gettext_lazy("Province"),
        choices=Province.choices,
        method="filter_province",
        empty_label=gettext_lazy("Any province"),
    )
    needs_verification = django_filters.BooleanFilter(
        label=gettext_lazy("Needs verification (not verified for 12 months)"),
        method="filter_needs_verification",
    )
    assured_date = django_filters.DateFilter(
        label=gettext_lazy("Last verified before"),
        field_name="assured_date",
        lookup_expr="lt",
    )

    class Meta:
        model = Service
        fields = ["status", "cost", "organization"]

    def filter_need(self, queryset, name, value):
        return queryset.filter(
            pk__in=Service.objects.filter(categories__code=value).values("pk")
        ) | queryset.filter(
            pk__in=Service.objects.filter(categories__parent__code=value).values("pk")
        )

    def filter_needs_verification(self, queryset, name, value):
        if value is None:
            return queryset
        stale = needs_verification(queryset)
        return stale if value else queryset.exclude(pk__in=stale.values("pk"))

    def filter_province(self, queryset, name, value):
        return queryset.filter(
            pk__in=Service.objects.filter(
                service_at_locations__location__province=value
            ).values("pk")
        )


class ExportIndexView(SafeCSVExportMixin, IndexView):
    pass


class ServiceViewSet(HttpsURLMixin, ModelViewSet):
    model = Service
    icon = "help"
    menu_label = gettext_lazy("Services")
    url_prefix = "directory/services"
    index_view_class = ExportIndexView
    filterset_class = ServiceFilterSet
    list_display = ["name", "organization", "status", "cost", "assured_date"]
    list_export = [
        "id",
        "name",
        "name_fr",
        "organization",
        "status",
        "cost",
        "assured_date",
        "assurer",
        "url",
        "email",
    ]
    search_fields = ["name", "name_fr", "description"]
    search_backend_name = None
    ordering = "name"
    inspect_view_enabled = True
    copy_view_enabled = False


class LocationFilterSet(WagtailFilterSet):
    class Meta:
        model = Location
        fields = ["province", "address_visibility", "organization"]


class LocationIndexView(ExportIndexView):
    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        # Exports travel: an address that is not public never leaves in one.
        if item.address_visibility != Location.Visibility.PUBLIC:
            for name in ("address_1", "postal_code", "latitude", "longitude"):
                if name in row:
                    row[name] = ""
        return row


class LocationViewSet(HttpsURLMixin, ModelViewSet):
    model = Location
    icon = "site"
    menu_label = gettext_lazy("Locations")
    url_prefix = "directory/locations"
    index_view_class = LocationIndexView
    filterset_class = LocationFilterSet
    list_display = ["name", "city", "province", "address_visibility"]
    list_export = [
        "id",
        "name",
        "organization",
        "address_1",
        "city",
        "province",
        "postal_code",
        "latitude",
        "longitude",
        "address_visibility",
        "step_free_access",
    ]
    search_fields = ["name", "city"]
    search_backend_name = None
    form_fields = [
        "organization",
        "name",
        "name_fr",
        "address_visibility",
        "address_1",
        "city",
        "province",
        "postal_code",
        "latitude",
        "longitude",
        "intake_instructions",
        "intake_instructions_fr",
        "step_free_access",
        "accessibility",
        "accessibility_fr",
        "time_zone",
    ]
    copy_view_enabled = False


class OrganizationViewSet(HttpsURLMixin, ModelViewSet):
    model = Organization
    icon = "group"
    menu_label = gettext_lazy("Organizations")
    url_prefix = "directory/organizations"
    index_view_class = ExportIndexView
    list_display = ["name", "website"]
    list_export = ["id", "name", "name_fr", "email", "website"]
    list_filter = ["is_demo"]
    search_fields = ["name", "name_fr"]
    search_backend_name = None
    form_fields = [
        "name",
        "name_fr",
        "description",
        "description_fr",
        "email",
        "website",
        "is_demo",
    ]
    copy_view_enabled = False


class TaxonomyTermViewSet(HttpsURLMixin, ModelViewSet):
    model = TaxonomyTerm
    icon = "tag"
    menu_label = gettext_lazy("Categories")
    url_prefix = "directory/categories"
    list_display = ["name", "code", "parent"]
    list_filter = ["parent"]
    form_fields = ["code", "name", "name_fr", "description", "parent", "matches"]
    search_fields = ["name", "code"]
    search_backend_name = None
    copy_view_enabled = False


class SuggestionViewSet(ModelViewSet):
    """Moderators read what visitors sent and mark it approved, done or
    rejected; nothing here is published."""

    model = Suggestion
    icon = "mail"
    menu_label = gettext_lazy("Suggestions")
    url_prefix = "directory/suggestions"
    list_display = ["service_name", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    form_fields = ["status", "note"]
    search_fields = ["service_name", "details"]
    search_backend_name = None
    ordering = "-created_at"
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"add_url_name": None, **kwargs})

    def get_urlpatterns(self):
        # Suggestions come from the public form only.
        return [
            pattern for pattern in super().get_urlpatterns() if pattern.name != "add"
        ]


class GapIndexView(ExportIndexView):
    def get_base_queryset(self):
        # Areas with fewer than 10 such searches in a month are never shown.
        return shown_gaps()


class SearchGapViewSet(ModelViewSet):
    """Read-only monthly counts of searches that found nothing within 50 km."""

    model = SearchGap
    icon = "warning"
    menu_label = gettext_lazy("Gaps")
    url_prefix = "directory/gaps"
    index_view_class = GapIndexView
    list_display = ["month", "fsa", "need", "searches"]
    list_filter = ["need", "month"]
    list_export = ["month", "fsa", "need", "searches"]
    form_fields = ["searches"]
    ordering = ["-month", "-searches"]
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"add_url_name": None, **kwargs})

    def get_urlpatterns(self):
        # Counted by searches only.
        return [
            pattern for pattern in super().get_urlpatterns() if pattern.name != "add"
        ]


class DirectoryViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Service Map")
    menu_icon = "help"
    menu_order = 270
    items = (
        ServiceViewSet,
        OrganizationViewSet,
        LocationViewSet,
        TaxonomyTermViewSet,
        SuggestionViewSet,
        SearchGapViewSet,
    )

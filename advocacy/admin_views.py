"""Organizer and Moderator tools for letters in the Wagtail admin.

- Letters sent: one row per letter per recipient, read-only (filters,
  search, CSV/XLSX export, inspect), with Resend for a failed delivery.
- Per campaign (a button on each letter campaign page): letters and
  deliveries by status, letters per recipient and per district, and Resend
  for all failed deliveries of the campaign.
- Held letters: Moderators read them, then release or reject them.
- A dashboard panel: letters confirmed per day.

Views are thin: check a permission, call the service in
``advocacy.services`` that owns the change, redirect with a message. The
hooks that register all this live in ``wagtail_hooks.py``.
"""

from datetime import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import (
    ButtonsColumnMixin,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import (
    IndexView,
    InspectView,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, ButtonWithDropdown
from wagtail.models import Locale

from cms.admin_charts import daily_bar_chart
from cms.admin_ui import (
    PageToolMixin,
    PermissionButton,
    PermissionMenuItem,
    SafeCSVExportMixin,
)

from .models import Letter, LetterCampaignPage, LetterRecipient
from .services import letters as letter_service
from .services.moderation import (
    ModerationError,
    reject_held_letter,
    release_held_letter,
)

#: Permissions of the tools (granted by migration
#: advocacy/0003_letter_role_permissions): Organizers read deliveries and
#: resend failed ones; Moderators read, release and reject held letters.
DELIVERIES_PERMISSION = "advocacy.view_letterrecipient"
RESEND_PERMISSION = "advocacy.change_letterrecipient"
LETTERS_PERMISSION = "advocacy.view_letter"
RELEASE_PERMISSION = "advocacy.change_letter"
REJECT_PERMISSION = "advocacy.delete_letter"
DASHBOARD_PERMISSION = LETTERS_PERMISSION


#: Deliveries still on their way (claimed or not).
QUEUED = (LetterRecipient.Status.PENDING, LetterRecipient.Status.SENDING)


def supporter_name(letter):
    if letter.anonymised_at:
        return _("(anonymised)")
    return letter.supporter_name


def row_supporter_name(row):
    return supporter_name(row.letter)


def can_resend(row):
    """A failed delivery of a letter that is out (not held, not awaiting)
    and not anonymised (its text and sender are gone: it would go blank)."""
    return (
        row.status == LetterRecipient.Status.FAILED
        and row.letter.status == Letter.Status.CONFIRMED
        and row.letter.anonymised_at is None
    )


ANONYMISED_NOT_RESENT = gettext_lazy(
    "This letter was anonymised after the retention period: its text and "
    "sender are gone, so it cannot be sent again."
)


def short_error(row):
    return Truncator(row.error).chars(80)


def campaign_choices(request=None):
    """Campaigns that hold letters: pages in the default language."""
    return LetterCampaignPage.objects.filter(locale=Locale.get_default()).order_by(
        "title"
    )


def with_query(url, query):
    return f"{url}?{urlencode(query)}" if query else url


# --- letters sent (one row per letter per recipient) ---------------------------
class LetterRecipientFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(
        field_name="letter__campaign",
        label=gettext_lazy("Campaign"),
        queryset=campaign_choices,
        empty_label=gettext_lazy("Any campaign"),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Delivery status"),
        choices=LetterRecipient.Status.choices,
        empty_label=gettext_lazy("Any delivery status"),
    )
    letter_status = django_filters.ChoiceFilter(
        field_name="letter__status",
        label=gettext_lazy("Letter status"),
        choices=Letter.Status.choices,
        empty_label=gettext_lazy("Any letter status"),
    )

    class Meta:
        model = LetterRecipient
        fields = ["status"]


class ButtonsTitleColumn(ButtonsColumnMixin, TitleColumn):
    """A title column with the row's buttons (the "more" dropdown)."""

    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


def row_label(row):
    return _("%(supporter)s to %(recipient)s") % {
        "supporter": supporter_name(row.letter),
        "recipient": row.name,
    }


class LetterRecipientIndexView(SafeCSVExportMixin, IndexView):
    """Letters per recipient, newest first, with export of what is shown."""

    page_title = gettext_lazy("Letters sent")
    resend_url_name = None
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        # Times as organizers read them: local, to the minute.
        datetime: {
            IndexView.FORMAT_CSV: lambda value: timezone.localtime(value).strftime(
                "%Y-%m-%d %H:%M"
            ),
            IndexView.FORMAT_XLSX: lambda value: timezone.make_naive(value).replace(
                microsecond=0
            ),
        },
    }

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("letter__campaign")

    @cached_property
    def columns(self):
        return [
            ButtonsTitleColumn(
                "supporter",
                label=_("Supporter"),
                accessor=row_supporter_name,
                sort_key="letter__supporter_name",
                get_url=self.get_inspect_url,
                get_buttons=self.get_list_buttons,
            ),
            Column("name", label=_("Recipient"), sort_key="name"),
            Column("title", label=_("Title")),
            Column("district", label=_("District"), sort_key="district"),
            Column("campaign", label=_("Campaign"), accessor="letter.campaign.title"),
            StatusTagColumn(
                "letter_status",
                label=_("Letter"),
                accessor="letter.get_status_display",
                sort_key="letter__status",
                primary=lambda row: row.letter.status == Letter.Status.CONFIRMED,
            ),
            StatusTagColumn(
                "status",
                label=_("Delivery"),
                accessor="get_status_display",
                sort_key="status",
                primary=lambda row: row.status == LetterRecipient.Status.SENT,
            ),
            DateColumn("sent_at", label=_("Sent at"), sort_key="sent_at"),
            Column("error", label=_("Error"), accessor=short_error),
        ]

    def get_resend_url(self, instance):
        if (
            self.resend_url_name
            and can_resend(instance)
            and self.user_has_permission("change")
        ):
            url = reverse(self.resend_url_name, args=[instance.pk])
            return with_query(url, {"next": self.back_url})
        return None

    @cached_property
    def back_url(self):
        """This listing as shown, also when rendered by the results view."""
        query = self.request.GET.urlencode()
        return f"{self.index_url}?{query}" if query else self.index_url

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if resend_url := self.get_resend_url(instance):
            buttons.append(
                MenuItem(_("Resend"), url=resend_url, icon_name="mail", priority=15)
            )
        return buttons

    def get_list_buttons(self, instance):
        # As Wagtail builds them, with a label naming the row in words
        # rather than the model's "name (status)".
        more = [
            Button.from_menu_item(button)
            for button in self.get_list_more_buttons(instance)
            if button.is_shown(self.request.user)
        ]
        if not more:
            return []
        return [
            ButtonWithDropdown(
                buttons=more,
                icon_name="dots-horizontal",
                attrs={
                    "aria-label": _("More options for '%(title)s'")
                    % {"title": row_label(instance)}
                },
            )
        ]

    def get_filename(self):
        campaign = (
            self.filters
            and self.filters.is_valid()
            and self.filters.form.cleaned_data.get("campaign")
        )
        if campaign:
            return f"{self.export_filename}-{campaign.slug}"
        return self.export_filename

    def to_row_dict(self, item):
        letter = item.letter
        anonymised = bool(letter.anonymised_at)
        values = {
            "supporter": supporter_name(letter),
            "supporter_email": "" if anonymised else letter.email,
            "supporter_city": "" if anonymised else letter.city,
            "supporter_province": letter.province,
            # Confirmed by the address's owner, not merely ticked.
            "consent_updates": _("yes") if letter.has_consent else _("no"),
            "recipient": item.name,
            "title": item.title,
            "district": item.district,
            "campaign": letter.campaign.title,
            "letter_status": letter.get_status_display(),
            "status": item.get_status_display(),
            "created_at": letter.created_at,
            "confirmed_at": letter.confirmed_at,
            "sent_at": item.sent_at,
            "error": item.error,
        }
        return {field: values[field] for field in self.list_export}

    def preprocess_field_value(self, field, value, export_format):
        if value is None:
            return ""
        return super().preprocess_field_value(field, value, export_format)


class LetterRecipientInspectView(InspectView):
    resend_url_name = None
    labels = {
        "supporter": gettext_lazy("Supporter"),
        "campaign": gettext_lazy("Campaign"),
        "letter_status": gettext_lazy("Letter status"),
        "confirmed_at": gettext_lazy("Confirmed at"),
        "name": gettext_lazy("Recipient"),
        "email": gettext_lazy("Recipient's email"),
        "status": gettext_lazy("Delivery status"),
        "sent_at": gettext_lazy("Sent at"),
        "letter_text": gettext_lazy("The letter as the recipient gets it"),
    }

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Letters sent")},
            {
                "url": "",
                "label": self.get_page_title(),
                "sublabel": self.get_page_subtitle(),
            },
        ]

    def get_object(self, queryset=None):
        return get_object_or_404(
            LetterRecipient.objects.select_related("letter__campaign"), pk=self.pk
        )

    def get_page_subtitle(self):
        return f"{supporter_name(self.object.letter)} – {self.object.name}"

    def get_field_label(self, field_name, field):
        if field_name in self.labels:
            return self.labels[field_name]
        return super().get_field_label(field_name, field)

    def get_supporter_display_value(self):
        return supporter_name(self.object.letter)

    def get_campaign_display_value(self):
        return self.object.letter.campaign.title

    def get_letter_status_display_value(self):
        return self.object.letter.get_status_display()

    def get_confirmed_at_display_value(self):
        confirmed_at = self.object.letter.confirmed_at
        return timezone.localtime(confirmed_at) if confirmed_at else "-"

    def get_sent_at_display_value(self):
        sent_at = self.object.sent_at
        return timezone.localtime(sent_at) if sent_at else "-"

    def get_letter_text_display_value(self):
        if self.object.letter.anonymised_at:
            return _("(anonymised)")
        subject, body = letter_service.letter_for(self.object)
        return linebreaks(f"{subject}\n\n{body}", autoescape=True)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if (
            self.resend_url_name
            and can_resend(self.object)
            and self.user_has_permission("change")
        ):
            buttons.append(
                Button(
                    _("Resend"),
                    url=reverse(self.resend_url_name, args=[self.object.pk]),
                    icon_name="mail",
                    priority=10,
                )
            )
        return buttons


class ResendView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Try a failed delivery again: GET asks, POST does it."""

    model = LetterRecipient
    permission_required = "change"
    template_name = "advocacy/admin/resend.html"
    page_title = gettext_lazy("Resend a letter")
    header_icon = "mail"
    index_url_name = None
    inspect_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            LetterRecipient.objects.select_related("letter__campaign"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return f"{supporter_name(self.object.letter)} – {self.object.name}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Letters sent")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_back_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(
            self.index_url_name
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            row=self.object,
            supporter=supporter_name(self.object.letter),
            is_failed=can_resend(self.object),
            action_url=self.request.path,
            next_url=get_valid_next_url_from_request(self.request),
            back_url=self.get_back_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            # The letter first, as hold_letter locks it: a letter being held
            # now is not sent behind the Moderator's back.
            letter = Letter.objects.select_for_update().get(pk=self.object.letter_id)
            row = LetterRecipient.objects.select_for_update().get(pk=self.object.pk)
            row.letter = letter
            resent = can_resend(row)
            if resent:
                letter_service.resend(row)
        values = {"name": row.name, "supporter": supporter_name(letter)}
        if resent:
            messages.success(
                request,
                _("The letter of %(supporter)s to %(name)s is queued again.") % values,
            )
        elif letter.anonymised_at:
            messages.warning(request, ANONYMISED_NOT_RESENT)
        elif letter.status == Letter.Status.HELD:
            messages.warning(
                request,
                _(
                    "The letter of %(supporter)s is held for a moderator: it is "
                    "sent if they release it. Nothing was resent."
                )
                % values,
            )
        else:
            messages.warning(
                request,
                _(
                    "The letter of %(supporter)s to %(name)s did not fail "
                    "(%(status)s): nothing was resent."
                )
                % {**values, "status": row.get_status_display()},
            )
        return HttpResponseRedirect(self.get_back_url())


class LetterRecipientViewSet(ModelViewSet):
    """Deliveries are read here; the only change is Resend, through the
    service. Letters come from the public campaign pages only."""

    model = LetterRecipient
    name = "letter_recipients"
    url_prefix = "advocacy/letters"
    icon = "mail"
    menu_label = gettext_lazy("Letters sent")
    index_view_class = LetterRecipientIndexView
    inspect_view_class = LetterRecipientInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Many rows of personal data pointing at campaign pages: keeping them
    # out of the reference index keeps letters cheap.
    add_to_reference_index = False
    filterset_class = LetterRecipientFilterSet
    search_fields = ["letter__supporter_name", "letter__email", "name"]
    search_backend_name = None
    ordering = "-pk"
    list_per_page = 50
    list_export = [
        "supporter",
        "supporter_email",
        "supporter_city",
        "supporter_province",
        "consent_updates",
        "recipient",
        "title",
        "district",
        "campaign",
        "letter_status",
        "status",
        "created_at",
        "confirmed_at",
        "sent_at",
        "error",
    ]
    export_headings = {
        "supporter": gettext_lazy("Supporter"),
        "supporter_email": gettext_lazy("Supporter email"),
        "supporter_city": gettext_lazy("City"),
        "supporter_province": gettext_lazy("Province"),
        "consent_updates": gettext_lazy("Consents to updates"),
        "recipient": gettext_lazy("Recipient"),
        "title": gettext_lazy("Title"),
        "district": gettext_lazy("District"),
        "campaign": gettext_lazy("Campaign"),
        "letter_status": gettext_lazy("Letter status"),
        "status": gettext_lazy("Delivery status"),
        "created_at": gettext_lazy("Written at"),
        "confirmed_at": gettext_lazy("Confirmed at"),
        "sent_at": gettext_lazy("Sent at"),
        "error": gettext_lazy("Error"),
    }
    export_filename = "letters"
    inspect_view_fields = [
        "supporter",
        "campaign",
        "letter_status",
        "confirmed_at",
        "name",
        "title",
        "district",
        "email",
        "status",
        "attempts",
        "sent_at",
        "error",
        "letter_text",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, delete, history or usage views: links to them must
        # not be built.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                "resend_url_name": self.get_url_name("resend"),
                **kwargs,
            }
        )

    @cached_property
    def resend_view(self):
        return self.construct_view(ResendView)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("resend/<int:pk>/", self.resend_view, name="resend"),
        ]

    @property
    def url_finder_class(self):
        inspect_url_name = self.get_url_name("inspect")

        class LetterRecipientURLFinder(ModelAdminURLFinder):
            edit_url_name = inspect_url_name

        return LetterRecipientURLFinder


class LetterToolsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Letter tools")
    menu_icon = "mail"
    menu_order = 260
    items = (LetterRecipientViewSet,)
    #: Menu items that are not viewsets (held letters) join the group here.
    submenu_hook = "register_letter_tools_menu_item"


def held_letters_menu_item():
    return PermissionMenuItem(
        _("Held letters"),
        reverse("letter_tools:held"),
        name="held-letters",
        icon_name="warning",
        order=900,
        permission=LETTERS_PERMISSION,
    )


# --- buttons on letter campaign pages ------------------------------------------
def is_campaign_page(page):
    page_class = page.specific_class or type(page)
    return issubclass(page_class, LetterCampaignPage)


def campaign_tool_buttons(page, priority=100):
    """A button to the campaign's letters, for the page listing and header."""
    if not is_campaign_page(page):
        return []
    return [
        PermissionButton(
            _("Letters"),
            reverse("letter_tools:summary", args=[page.pk]),
            DELIVERIES_PERMISSION,
            icon_name="mail",
            priority=priority,
        )
    ]


# --- per-campaign views -----------------------------------------------------------
class CampaignToolMixin(PageToolMixin, WagtailAdminTemplateMixin):
    """An admin view about one campaign, for users with ``permission``.

    Reached from any translation of the campaign; letters are kept on the
    page in the default language (``page.canonical``)."""

    page_model = LetterCampaignPage
    header_icon = "mail"

    @property
    def campaign(self):
        return self.canonical

    def tool_url(self, name):
        return reverse(f"letter_tools:{name}", args=[self.page.pk])


def counts_by(queryset, field="status"):
    return dict(queryset.values_list(field).annotate(total=Count("pk")).order_by())


def delivery_tally(rows, *fields):
    """Deliveries of ``rows`` grouped by ``fields``: sent, printed by the
    supporter, queued and failed, most sent first."""
    status = LetterRecipient.Status
    return list(
        rows.values(*fields)
        .annotate(
            sent=Count("pk", filter=Q(status=status.SENT)),
            printed=Count("pk", filter=Q(status=status.PRINT_ONLY)),
            queued=Count("pk", filter=Q(status__in=QUEUED)),
            failed=Count("pk", filter=Q(status=status.FAILED)),
        )
        .order_by("-sent", "-printed", *fields)
    )


def campaign_summary(campaign):
    """What the summary shows of ``campaign`` (its default-language page)."""
    letters = Letter.objects.filter(campaign=campaign)
    deliveries = LetterRecipient.objects.filter(letter__campaign=campaign)
    letter_counts = counts_by(letters)
    delivery_counts = counts_by(deliveries)
    # Only released letters reach their recipients: the others wait for
    # their supporter or a Moderator.
    released = deliveries.filter(letter__status=Letter.Status.CONFIRMED)
    per_recipient = delivery_tally(released, "name", "title", "district")
    per_district = delivery_tally(released.exclude(district=""), "district", "title")
    return {
        "letter_statuses": [
            (value, label, letter_counts.get(value, 0))
            for value, label in Letter.Status.choices
        ],
        "delivery_statuses": [
            (value, label, delivery_counts.get(value, 0))
            for value, label in LetterRecipient.Status.choices
        ],
        "per_recipient": per_recipient,
        "per_district": per_district,
        "show_printed": any(row["printed"] for row in per_recipient),
        "letters_confirmed": letter_counts.get(Letter.Status.CONFIRMED, 0),
        "held": letter_counts.get(Letter.Status.HELD, 0),
        "failed": delivery_counts.get(LetterRecipient.Status.FAILED, 0),
        "resendable": letter_service.resendable_failures(campaign).count(),
    }


class CampaignSummaryView(CampaignToolMixin, TemplateView):
    permission = DELIVERIES_PERMISSION
    page_title = gettext_lazy("Letters")
    template_name = "advocacy/admin/summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = campaign_summary(self.campaign)
        list_url = reverse("letter_recipients:index")
        query = {"campaign": self.campaign.pk}
        user = self.request.user
        context.update(
            summary,
            page=self.page,
            campaign=self.campaign,
            list_url=with_query(list_url, query),
            csv_url=with_query(list_url, {**query, "export": "csv"}),
            xlsx_url=with_query(list_url, {**query, "export": "xlsx"}),
            failed_url=with_query(list_url, {**query, "status": "failed"}),
            held_url=with_query(reverse("letter_tools:held"), query),
            resend_failed_url=self.tool_url("resend_failed"),
            can_resend=user.has_perm(RESEND_PERMISSION),
            can_see_held=user.has_perm(LETTERS_PERMISSION),
        )
        return context


class ResendFailedView(CampaignToolMixin, View):
    """Queue every failed delivery of the campaign again (POST only)."""

    permission = RESEND_PERMISSION
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count = letter_service.resend_failed(self.campaign)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s failed letter is queued again.",
                    "%(count)s failed letters are queued again.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("No letter of this campaign failed: none resent."))
        return HttpResponseRedirect(self.tool_url("summary"))


# --- held letters ---------------------------------------------------------------
def show_letter(letter):
    """Set what a Moderator reads of ``letter``: its recipients, and its text
    as the first of them gets it (placeholders filled, as it would leave)."""
    letter.display_name = supporter_name(letter)
    letter.recipient_list = list(letter.recipients.all())
    letter.shown_to = letter.recipient_list[0] if letter.recipient_list else None
    if letter.shown_to is not None:
        subject, body = letter_service.letter_for(letter.shown_to)
    else:
        subject, body = letter.subject, letter.body
    letter.shown_subject = " ".join(subject.split())
    letter.shown_body = body
    return letter


class HeldLettersView(WagtailAdminTemplateMixin, TemplateView):
    """Letters held for a Moderator, oldest first (the fair order)."""

    page_title = gettext_lazy("Held letters")
    header_icon = "warning"
    template_name = "advocacy/admin/held_letters.html"
    per_page = 20

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(LETTERS_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @cached_property
    def campaign(self):
        """The campaign asked for (``?campaign=<id>``), if any."""
        value = self.request.GET.get("campaign", "")
        if not value:
            return None
        if not value.isdigit() or len(value) > 18:
            raise Http404
        return get_object_or_404(LetterCampaignPage, pk=value).canonical

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        held = (
            Letter.objects.filter(status=Letter.Status.HELD)
            .select_related("campaign")
            .prefetch_related("recipients__representative__district")
            .order_by("confirmed_at", "created_at", "pk")
        )
        if self.campaign is not None:
            held = held.filter(campaign=self.campaign)
        page = Paginator(held, self.per_page).get_page(self.request.GET.get("p"))
        for letter in page:
            show_letter(letter)
            letter.reject_url = with_query(
                reverse("letter_tools:reject", args=[letter.pk]),
                {"next": self.request.get_full_path()},
            )
        user = self.request.user
        context.update(
            letters=page,
            campaign=self.campaign,
            all_url=reverse("letter_tools:held"),
            next_url=self.request.get_full_path(),
            can_release=user.has_perm(RELEASE_PERMISSION),
            can_reject=user.has_perm(REJECT_PERMISSION),
        )
        return context


def _held_letter_or_message(request, letter_id):
    letter = Letter.objects.select_related("campaign").filter(pk=letter_id).first()
    if letter is None:
        messages.error(
            request, _("This letter no longer exists: someone else rejected it.")
        )
    return letter


def _back_to_held(request):
    return HttpResponseRedirect(
        get_valid_next_url_from_request(request) or reverse("letter_tools:held")
    )


@require_POST
def release_view(request, letter_id):
    """A Moderator releases a held letter to its recipients."""
    if not request.user.has_perm(RELEASE_PERMISSION):
        raise PermissionDenied
    letter = _held_letter_or_message(request, letter_id)
    if letter is not None:
        name = supporter_name(letter)
        try:
            release_held_letter(letter, user=request.user)
        except ModerationError as error:
            messages.error(request, f"{name}: {error}")
        else:
            messages.success(
                request,
                _("The letter of %(name)s is released to its recipients.")
                % {"name": name},
            )
    return _back_to_held(request)


class RejectView(WagtailAdminTemplateMixin, TemplateView):
    """A Moderator rejects a held letter: GET asks, POST deletes it."""

    page_title = gettext_lazy("Reject a held letter")
    header_icon = "warning"
    template_name = "advocacy/admin/reject.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REJECT_PERMISSION):
            raise PermissionDenied
        self.letter = _held_letter_or_message(request, kwargs["letter_id"])
        if self.letter is None:
            return _back_to_held(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("letter_tools:held"), "label": _("Held letters")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_subtitle(self):
        return supporter_name(self.letter)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            letter=show_letter(self.letter),
            is_held=self.letter.status == Letter.Status.HELD,
            action_url=self.request.path,
            next_url=get_valid_next_url_from_request(self.request),
            back_url=get_valid_next_url_from_request(self.request)
            or reverse("letter_tools:held"),
        )
        return context

    def post(self, request, *args, **kwargs):
        name = supporter_name(self.letter)
        try:
            reject_held_letter(self.letter, user=request.user)
        except ModerationError as error:
            messages.error(request, f"{name}: {error}")
        else:
            messages.success(
                request,
                _("The letter of %(name)s is rejected and deleted.") % {"name": name},
            )
        return _back_to_held(request)


# --- dashboard -------------------------------------------------------------------
def letters_chart(days=30, today=None):
    """Letters confirmed per day over the last ``days`` days."""
    return daily_bar_chart(
        Letter.objects.filter(status=Letter.Status.CONFIRMED),
        "confirmed_at",
        days=days,
        today=today,
    )


class LettersPanel(Component):
    name = "letters"
    template_name = "advocacy/admin/dashboard_panel.html"
    order = 95

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        if not request.user.has_perm(DASHBOARD_PERMISSION):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        request = parent_context["request"]
        user = request.user
        return {
            "request": request,
            "chart": letters_chart(),
            "held": Letter.objects.filter(status=Letter.Status.HELD).count(),
            "held_url": reverse("letter_tools:held"),
            "can_see_deliveries": user.has_perm(DELIVERIES_PERMISSION),
            "deliveries_url": reverse("letter_recipients:index"),
        }


# --- URLs -----------------------------------------------------------------------
urlpatterns = [
    path("<int:page_id>/letters/", CampaignSummaryView.as_view(), name="summary"),
    path(
        "<int:page_id>/resend-failed/",
        ResendFailedView.as_view(),
        name="resend_failed",
    ),
    path("held/", HeldLettersView.as_view(), name="held"),
    path("held/<int:letter_id>/release/", release_view, name="release"),
    path("held/<int:letter_id>/reject/", RejectView.as_view(), name="reject"),
]


def admin_urls():
    return [path("letter-tools/", include((urlpatterns, "letter_tools")))]

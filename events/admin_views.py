"""Organizer tools in the Wagtail admin.

- Registrations: a read-only listing (filters, search, CSV/XLSX export) and
  an inspect view; registrations come from the public RSVP form only.
- Town-hall questions: Moderators approve, reject or mark them answered.
- Per event (a button on each event page): a summary of the counts, a
  phone-friendly check-in list, and a message to everyone registered.
- Personal data (export, deletion) is the site-wide screen of
  ``cms/personal_data_views.py``, fed by ``services/privacy.py``.
- A dashboard panel: the next events and RSVPs per day.

Views are thin: check a permission, validate a form, call the service in
``events.services`` that owns the change, redirect. Hooks that register all
this live in ``wagtail_hooks.py``.
"""

import uuid
from datetime import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import (
    BooleanColumn,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views.generic import (
    IndexView,
    InspectView,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

from cms.admin_charts import daily_bar_chart
from cms.admin_ui import (
    PageToolMixin,
    PermissionButton,
    SafeCSVExportMixin,
)

from .models import EventPage, OrganizerMessage, Registration, TownHallQuestion
from .services import registrations as rsvp
from .services.messages import (
    SUBJECT_MAX_LENGTH,
    MessageError,
    clean_subject,
    delivery_counts,
    preview_message,
    recipients,
    send_organizer_message,
    send_test_message,
)
from .services.questions import review_question

#: Permissions of the per-event tools (granted to Organizers by migration
#: events/0002_event_role_permissions).
CHECK_IN_PERMISSION = "events.change_registration"
MESSAGE_PERMISSION = "events.add_organizermessage"
DASHBOARD_PERMISSION = "events.view_registration"


def registration_name(registration):
    if registration.anonymised_at:
        return _("(anonymised)")
    return registration.name


def masked_email(email):
    """Enough of an address to tell two people of one name apart at the door
    without showing it to everyone looking at the screen."""
    local, _at, domain = (email or "").partition("@")
    if not domain:
        return ""
    return f"{local[:1]}…@{domain}"


def event_choices(request=None):
    """Events that hold registrations: pages in the default language."""
    return EventPage.objects.filter(locale=Locale.get_default()).order_by("-start_at")


class EventChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({timezone.localtime(obj.start_at, obj.zone):%Y-%m-%d})"


class EventFilter(django_filters.ModelChoiceFilter):
    field_class = EventChoiceField


# --- registrations ---------------------------------------------------------
class RegistrationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Registration.Status.choices,
        empty_label=gettext_lazy("Any status"),
    )
    event = EventFilter(
        label=gettext_lazy("Event"),
        queryset=event_choices,
        empty_label=gettext_lazy("Any event"),
    )
    #: CASL: only people who confirmed, from their own inbox, that they want
    #: future emails may get them (``cms.consent``).
    consent = django_filters.ChoiceFilter(
        label=gettext_lazy("Future emails"),
        choices=[
            ("yes", gettext_lazy("Agreed to future emails")),
            ("no", gettext_lazy("Did not agree to future emails")),
        ],
        empty_label=gettext_lazy("Agreed or not"),
        method="filter_consent",
    )

    class Meta:
        model = Registration
        fields = ["status", "event", "consent"]

    def filter_consent(self, queryset, name, value):
        if value == "yes":
            return queryset.with_confirmed_consent()
        if value == "no":
            return queryset.filter(consent_confirmed_at__isnull=True)
        return queryset


class RegistrationIndexView(SafeCSVExportMixin, IndexView):
    """The registrations, newest first, with export of what is shown."""

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
        return super().get_base_queryset().select_related("event")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label=_("Name"),
                accessor=registration_name,
                sort_key="name",
                get_url=self.get_inspect_url,
            ),
            Column("email", label=_("Email"), sort_key="email"),
            Column("party_size", label=_("Party size"), sort_key="party_size"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                sort_key="status",
                primary=lambda registration: registration.status in rsvp.ACTIVE,
            ),
            Column("event", label=_("Event"), accessor="event.title"),
            DateColumn("created_at", label=_("Registered at"), sort_key="created_at"),
        ]

    def get_filename(self):
        event = (
            self.filters
            and self.filters.is_valid()
            and self.filters.form.cleaned_data.get("event")
        )
        name = self.export_filename
        if event:
            name = f"{name}-{event.slug}"
        if self.filters and self.filters.form.cleaned_data.get("consent") == "yes":
            name = f"{name}-agreed-to-emails"
        return name

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["name"] = registration_name(item)
        row["status"] = item.get_status_display()
        row["event"] = item.event.title
        if "language" in row:
            row["language"] = item.get_language_display()
        if "has_consent" in row:
            # Confirmed by the address's owner, not merely ticked: the date
            # they confirmed and the words they agreed to (CASL), or nothing.
            row["has_consent"] = _("yes") if item.has_consent else _("no")
            row["consent_confirmed_at"] = item.consent_confirmed_at
            row["consent_text"] = item.consent_text if item.has_consent else ""
        return row


class RegistrationInspectView(InspectView):
    def get_page_subtitle(self):
        return f"{registration_name(self.object)} – {self.object.event.title}"

    def get_name_display_value(self):
        return registration_name(self.object)


class RegistrationViewSet(ModelViewSet):
    """Registrations are read here and changed only through the services:
    check-in and messages have their own views."""

    model = Registration
    name = "event_registrations"
    url_prefix = "events/registrations"
    icon = "group"
    menu_label = gettext_lazy("Registrations")
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Thousands of rows of personal data pointing at event pages: keeping
    # them out of the reference index keeps RSVPs cheap.
    add_to_reference_index = False
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email"]
    search_backend_name = None
    ordering = "-created_at"
    list_per_page = 50
    list_export = [
        "name",
        "email",
        "party_size",
        "status",
        "event",
        "created_at",
        "checked_in_at",
        "language",
        "accessibility_needs",
        "has_consent",
        "consent_confirmed_at",
        "consent_text",
    ]
    export_headings = {
        "name": gettext_lazy("Name"),
        "email": gettext_lazy("Email"),
        "party_size": gettext_lazy("Party size"),
        "status": gettext_lazy("Status"),
        "event": gettext_lazy("Event"),
        "created_at": gettext_lazy("Registered at"),
        "checked_in_at": gettext_lazy("Checked in at"),
        "language": gettext_lazy("Language"),
        "accessibility_needs": gettext_lazy("Accessibility needs"),
        "has_consent": gettext_lazy("Agreed to future emails"),
        "consent_confirmed_at": gettext_lazy("Agreed to future emails on"),
        "consent_text": gettext_lazy("Wording agreed to"),
    }
    export_filename = "registrations"
    inspect_view_fields = [
        "name",
        "email",
        "party_size",
        "status",
        "event",
        "language",
        "accessibility_needs",
        "created_at",
        "waitlisted_at",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "consent_text",
        "consent_requested_at",
        "consent_confirmed_at",
        "anonymised_at",
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
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    @property
    def url_finder_class(self):
        inspect_url_name = self.get_url_name("inspect")

        class RegistrationURLFinder(ModelAdminURLFinder):
            edit_url_name = inspect_url_name

        return RegistrationURLFinder


# --- town-hall questions ------------------------------------------------------
class TownHallQuestionForm(WagtailAdminModelForm):
    """Only the status is edited; the review goes through the service, which
    stamps when it happened."""

    class Meta:
        model = TownHallQuestion
        fields = ["status"]

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        self.instance = review_question(self.instance, self.cleaned_data["status"])
        return self.instance


class TownHallQuestionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=TownHallQuestion.Status.choices,
        empty_label=gettext_lazy("Any status"),
    )
    event = EventFilter(
        label=gettext_lazy("Event"),
        queryset=event_choices,
        empty_label=gettext_lazy("Any event"),
    )

    class Meta:
        model = TownHallQuestion
        fields = ["status", "event"]


class TownHallQuestionViewSet(ModelViewSet):
    model = TownHallQuestion
    name = "town_hall_questions"
    url_prefix = "events/questions"
    icon = "help"
    menu_label = gettext_lazy("Town-hall questions")
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    filterset_class = TownHallQuestionFilterSet
    search_fields = ["question", "name"]
    search_backend_name = None
    # The order people asked in: the fair order to read them.
    ordering = "created_at"
    list_per_page = 50
    list_display = [
        "__str__",
        "event",
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            sort_key="status",
            primary=lambda question: question.status == TownHallQuestion.Status.PENDING,
        ),
        Column("name", label=gettext_lazy("Name")),
        BooleanColumn("may_read_aloud", label=gettext_lazy("May be read aloud")),
        DateColumn("created_at", label=gettext_lazy("Sent at"), sort_key="created_at"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("event", read_only=True),
            FieldPanel("question", read_only=True),
            FieldPanel("name", read_only=True),
            FieldPanel("may_read_aloud", read_only=True),
            FieldPanel("status"),
        ],
        base_form_class=TownHallQuestionForm,
    )
    inspect_view_fields = [
        "event",
        "question",
        "name",
        "may_read_aloud",
        "language",
        "status",
        "created_at",
        "reviewed_at",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # Questions come from the public page only.
        return super().get_common_view_kwargs(**{"add_url_name": None, **kwargs})

    def get_urlpatterns(self):
        return [
            pattern for pattern in super().get_urlpatterns() if pattern.name != "add"
        ]


class EventToolsViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Event tools")
    menu_icon = "date"
    menu_order = 250
    items = (RegistrationViewSet, TownHallQuestionViewSet)
    #: Menu items that are not viewsets join the group here.
    submenu_hook = "register_event_tools_menu_item"


# --- buttons on event pages ----------------------------------------------------
def is_event_page(page):
    page_class = page.specific_class or type(page)
    return issubclass(page_class, EventPage)


def event_tool_buttons(page, priority=100):
    """Buttons to the per-event tools, for the page listing and header."""
    if not is_event_page(page):
        return []
    return [
        PermissionButton(
            _("Registrations"),
            reverse("event_tools:summary", args=[page.pk]),
            CHECK_IN_PERMISSION,
            icon_name="group",
            priority=priority,
        ),
        PermissionButton(
            _("Check-in"),
            reverse("event_tools:check_in", args=[page.pk]),
            CHECK_IN_PERMISSION,
            icon_name="tick",
            priority=priority + 1,
        ),
        PermissionButton(
            _("Message attendees"),
            reverse("event_tools:message", args=[page.pk]),
            MESSAGE_PERMISSION,
            icon_name="mail",
            priority=priority + 2,
        ),
    ]


# --- per-event views ------------------------------------------------------------
class EventToolMixin(PageToolMixin, WagtailAdminTemplateMixin):
    """An admin view about one event, for users with ``permission``.

    Reached from any translation of the event; registrations are kept on the
    page in the default language (``page.canonical``)."""

    page_model = EventPage
    header_icon = "date"

    @property
    def event(self):
        return self.canonical

    def tool_url(self, name, **query):
        url = reverse(f"event_tools:{name}", args=[self.page.pk])
        return f"{url}?{urlencode(query)}" if query else url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            page=self.page,
            event=self.event,
            summary_url=self.tool_url("summary"),
            check_in_url=self.tool_url("check_in"),
            message_url=self.tool_url("message"),
            can_check_in=user.has_perm(CHECK_IN_PERMISSION),
            can_message=user.has_perm(MESSAGE_PERMISSION),
        )
        return context


class RegistrationsSummaryView(EventToolMixin, TemplateView):
    permission = CHECK_IN_PERMISSION
    page_title = gettext_lazy("Registrations")
    template_name = "events/admin/summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = rsvp.counts(self.event)
        by_status = dict(
            Registration.objects.filter(event=self.event)
            .values_list("status")
            .annotate(total=Count("pk"))
            .order_by()
        )
        list_url = reverse("event_registrations:index")
        query = {"event": self.event.pk}
        agreed = {**query, "consent": "yes"}
        sent = list(
            OrganizerMessage.objects.filter(event=self.event)
            .select_related("sent_by")
            .order_by("-created_at")[:10]
        )
        for message in sent:
            message.delivery_counts = delivery_counts(message)
        capacity = counts["capacity"]
        context.update(
            counts=counts,
            seats_left=None
            if capacity is None
            else max(capacity - counts["confirmed"], 0),
            statuses=[
                (label, by_status.get(value, 0))
                for value, label in Registration.Status.choices
            ],
            list_url=f"{list_url}?{urlencode(query)}",
            csv_url=f"{list_url}?{urlencode({**query, 'export': 'csv'})}",
            xlsx_url=f"{list_url}?{urlencode({**query, 'export': 'xlsx'})}",
            consent_csv_url=f"{list_url}?{urlencode({**agreed, 'export': 'csv'})}",
            consent_xlsx_url=f"{list_url}?{urlencode({**agreed, 'export': 'xlsx'})}",
            sent_messages=sent,
            pending_questions=TownHallQuestion.objects.filter(
                event=self.event, status=TownHallQuestion.Status.PENDING
            ).count(),
            questions_url=reverse("town_hall_questions:index")
            + "?"
            + urlencode({"event": self.event.pk}),
            can_review_questions=self.request.user.has_perm(
                "events.change_townhallquestion"
            ),
        )
        return context


class CheckInView(EventToolMixin, TemplateView):
    """At the door, on a phone: find someone by name, mark them attended."""

    permission = CHECK_IN_PERMISSION
    page_title = gettext_lazy("Check-in")
    template_name = "events/admin/check_in.html"
    #: More rows than this and the list asks for a search instead.
    max_rows = 300

    def get_query(self, data):
        return " ".join(data.get("q", "").split())[:100]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.get_query(self.request.GET)
        registrations = Registration.objects.filter(
            event=self.event, anonymised_at__isnull=True
        ).order_by(Lower("name"), "pk")
        if query:
            registrations = registrations.filter(
                Q(name__icontains=query) | Q(email__icontains=query)
            )
        rows = list(registrations[: self.max_rows + 1])
        for registration in rows:
            registration.masked_email = masked_email(registration.email)
        tally = Registration.objects.filter(event=self.event).aggregate(
            arrived=Sum("party_size", filter=Q(status=Registration.Status.ATTENDED)),
            expected=Sum("party_size", filter=Q(status__in=rsvp.ACTIVE)),
        )
        context.update(
            query=query,
            registrations=rows[: self.max_rows],
            truncated=len(rows) > self.max_rows,
            arrived=tally["arrived"] or 0,
            expected=tally["expected"] or 0,
        )
        return context

    def post(self, request, *args, **kwargs):
        query = self.get_query(request.POST)
        pk = request.POST.get("registration", "")
        action = request.POST.get("action")
        back = self.tool_url("check_in", **({"q": query} if query else {}))
        if not pk.isdigit() or action not in ("arrived", "undo"):
            messages.error(request, _("Choose a person and a button in the list."))
            return HttpResponseRedirect(back)
        registration = get_object_or_404(
            Registration, pk=pk, event=self.event, anonymised_at__isnull=True
        )
        name = registration_name(registration)
        try:
            rsvp.check_in(registration, attended=action == "arrived")
        except rsvp.RegistrationError as error:
            messages.error(request, f"{name}: {error}")
        else:
            if action == "arrived":
                messages.success(request, _("%(name)s is checked in.") % {"name": name})
            else:
                messages.success(
                    request, _("Check-in of %(name)s undone.") % {"name": name}
                )
        return HttpResponseRedirect(f"{back}#registration-{registration.pk}")


def single_line_subject(value):
    try:
        return clean_subject(value)
    except MessageError as error:
        raise forms.ValidationError(str(error)) from error


class OrganizerMessageForm(forms.Form):
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        strip=False,
        error_messages={"required": gettext_lazy("Write a subject.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Plain text. Each email also gives the event's time and place and "
            "the person's own link to change or cancel their registration."
        ),
        error_messages={"required": gettext_lazy("Write a message.")},
    )
    include_waitlist = forms.BooleanField(
        label=gettext_lazy("Also send to people on the waitlist"), required=False
    )
    #: One message per form shown: a second click or a reload sends nothing
    #: (the token is unique on the message row).
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("This form expired: reload the page."),
            "invalid": gettext_lazy("This form expired: reload the page."),
        },
    )

    #: The number of recipients the organizer confirmed ("Send to 117
    #: people?"): sending stops to ask again when it changed since.
    confirm_count = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_subject(self):
        return single_line_subject(self.cleaned_data["subject"])

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write a message."))
        return body


class MessageAttendeesView(EventToolMixin, FormView):
    permission = MESSAGE_PERMISSION
    page_title = gettext_lazy("Message attendees")
    template_name = "events/admin/message.html"
    form_class = OrganizerMessageForm

    def get_initial(self):
        return {"token": uuid.uuid4()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attendees = recipients(self.event).count()
        context.update(
            attendees=attendees,
            waitlisted=recipients(self.event, include_waitlist=True).count()
            - attendees,
        )
        return context

    def form_valid(self, form):
        """Preview first (the default), then send a test to oneself or send
        to everyone once the count shown is confirmed."""
        data = form.cleaned_data
        action = self.request.POST.get("action", "preview")
        count = recipients(self.event, data["include_waitlist"]).count()
        if action == "edit":
            return self.render_to_response(self.get_context_data(form=form))
        if action == "test":
            try:
                to = send_test_message(
                    self.page, data["subject"], data["body"], self.request.user
                )
            except MessageError as error:
                messages.error(self.request, str(error))
            else:
                messages.success(
                    self.request,
                    _(
                        "A test in each language went to %(address)s only. "
                        "Nobody else got anything."
                    )
                    % {"address": to},
                )
            return self.preview(form, count)
        if action != "send":
            return self.preview(form, count)
        if data.get("confirm_count") != count:
            messages.warning(
                self.request,
                _(
                    "The number of people this message goes to changed since "
                    "you saw it: check it again."
                ),
            )
            return self.preview(form, count)
        try:
            sent = send_organizer_message(
                self.page,
                data["subject"],
                data["body"],
                data["include_waitlist"],
                self.request.user,
                token=data["token"],
            )
        except MessageError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        count = len(sent.delivery_ids)
        messages.success(
            self.request,
            ngettext(
                "Your message is being sent to %(count)s registration.",
                "Your message is being sent to %(count)s registrations.",
                count,
            )
            % {"count": count},
        )
        return HttpResponseRedirect(self.tool_url("summary"))

    def preview(self, form, count):
        """The message in each language as attendees receive it, and the
        question "Send to 117 people?" with the real count."""
        data = form.cleaned_data
        context = self.get_context_data(form=form)
        context.update(
            previewing=True,
            previews=preview_message(
                self.page, data["subject"], data["body"], data["include_waitlist"]
            ),
            recipient_count=count,
            data=data,
            user_email=self.request.user.email,
        )
        return self.render_to_response(context)


# --- dashboard -------------------------------------------------------------------
def rsvp_chart(days=30, today=None):
    """Registrations made per day over the last ``days`` days."""
    return daily_bar_chart(
        Registration.objects.all(), "created_at", days=days, today=today
    )


def upcoming_events(limit=5, now=None):
    """The next live events (default language) with their seat counts."""
    now = now or timezone.now()
    events = list(
        EventPage.objects.live()
        .filter(locale=Locale.get_default(), end_at__gte=now)
        .order_by("start_at")[:limit]
    )
    totals = {
        row["event"]: row
        for row in Registration.objects.filter(event__in=events)
        .values("event")
        .annotate(
            confirmed=Sum("party_size", filter=Q(status__in=rsvp.ACTIVE)),
            waitlisted=Sum(
                "party_size", filter=Q(status=Registration.Status.WAITLISTED)
            ),
        )
        .order_by()
    }
    for event in events:
        row = totals.get(event.pk, {})
        event.confirmed_seats = row.get("confirmed") or 0
        event.waitlisted_seats = row.get("waitlisted") or 0
    return events


class UpcomingEventsPanel(Component):
    name = "upcoming_events"
    template_name = "events/admin/dashboard_panel.html"
    order = 90

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        if not request.user.has_perm(DASHBOARD_PERMISSION):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        request = parent_context["request"]
        events = upcoming_events()
        for event in events:
            event.summary_url = reverse("event_tools:summary", args=[event.pk])
            event.check_in_url = reverse("event_tools:check_in", args=[event.pk])
        return {
            "request": request,
            "events": events,
            "chart": rsvp_chart(),
            "can_check_in": request.user.has_perm(CHECK_IN_PERMISSION),
            "registrations_url": reverse("event_registrations:index"),
        }


# --- URLs -----------------------------------------------------------------------
urlpatterns = [
    path(
        "<int:page_id>/registrations/",
        RegistrationsSummaryView.as_view(),
        name="summary",
    ),
    path("<int:page_id>/check-in/", CheckInView.as_view(), name="check_in"),
    path("<int:page_id>/message/", MessageAttendeesView.as_view(), name="message"),
]


def admin_urls():
    return [path("event-tools/", include((urlpatterns, "event_tools")))]

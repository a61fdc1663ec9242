"""Event pages: the index with its filters and feeds, and each event."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.cross_origin import public_form
from cms.models import CanonicalTranslationMixin, StreamPage
from cms.permissions import RolePermissionsMixin
from cms.restrictions import without_view_restrictions

from .choices import (
    CANADIAN_TIME_ZONES,
    AttendanceMode,
    EventLanguage,
    EventType,
    LocationVisibility,
    MeetingLinkVisibility,
    Province,
)

DEFAULT_REMINDERS = "7d, 1d, 2h"
_OFFSET = re.compile(r"^\s*(\d{1,3})\s*([dh])\s*$", re.IGNORECASE)


def parse_reminder_schedule(text):
    """``"7d, 1d, 2h"`` -> offsets in hours, largest first: ``[168, 24, 2]``."""
    offsets = set()
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        match = _OFFSET.match(part)
        if not match:
            raise ValidationError(
                _(
                    "“%(part)s” is not a reminder time. Write days or hours before "
                    "the event, separated by commas, for example: 7d, 1d, 2h"
                ),
                params={"part": part},
            )
        number, unit = int(match[1]), match[2].lower()
        hours = number * 24 if unit == "d" else number
        if not 1 <= hours <= 24 * 60:
            raise ValidationError(
                _("Reminders can be sent from 1 hour to 60 days before an event.")
            )
        offsets.add(hours)
    return sorted(offsets, reverse=True)


def validate_reminder_schedule(text):
    parse_reminder_schedule(text)


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=150)
    role = blocks.CharBlock(label=_("Role or title"), required=False, max_length=200)
    invited_official = blocks.BooleanBlock(
        label=_("Invited elected official"), required=False
    )

    class Meta:
        icon = "user"
        template = "events/blocks/speaker_block.html"


class EventIndexPage(RoutablePageMixin, StreamPage):
    """Upcoming events with filters, a past-events archive and a calendar feed."""

    per_page = 12

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index page")

    @property
    def calendar_url(self):
        return self.url + "calendar.ics"

    def get_cached_paths(self):
        """What the edge cache keeps of this index (purged on publish)."""
        return ["/", "past/", "calendar.ics"]

    def events(self):
        """Live events below this index, in the same language, for the
        index's own listing and feed: events restricted on their own are
        left out; a restriction on the index (or above) is Wagtail's to check
        before the index is served, so its members see its events."""
        return without_view_restrictions(
            EventPage.objects.live().descendant_of(self), below=self
        )

    @path("")
    def upcoming(self, request):
        from ..views import event_index

        return event_index(request, self, past=False)

    @path("past/")
    def past(self, request):
        from ..views import event_index

        return event_index(request, self, past=True)

    @path("calendar.ics/")
    def calendar(self, request):
        from ..views import index_calendar

        return index_calendar(request, self)


class EventPageForm(WagtailAdminPageForm):
    """Languages as checkboxes, stored as a comma-separated list."""

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=EventLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.languages:
            self.initial["languages"] = self.instance.language_codes

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])


class EventPage(
    RolePermissionsMixin, CanonicalTranslationMixin, RoutablePageMixin, Page
):
    """One event. Time, place and capacity are edited on the page in the
    site's default language and copied to its translations on publish, so
    every language shows the same event and counts the same seats."""

    event_type = models.CharField(
        _("type"), max_length=20, choices=EventType.choices, default=EventType.WORKSHOP
    )
    summary = models.TextField(_("summary"), max_length=500)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("details"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # When: entered as the organizer thinks of it, local to the event.
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"))
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Leave blank if the same day."),
    )
    end_time = models.TimeField(_("end time"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=CANADIAN_TIME_ZONES,
        default="America/Toronto",
    )
    # Derived, in UTC, for queries (upcoming, reminders, feeds).
    start_at = models.DateTimeField(editable=False, db_index=True)
    end_at = models.DateTimeField(editable=False)

    # Where.
    attendance_mode = models.CharField(
        _("attendance"),
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
    )
    venue_name = models.CharField(_("venue name"), max_length=200, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    city = models.CharField(_("city or town"), max_length=100, blank=True)
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province.choices, blank=True
    )
    meeting_url = models.URLField(_("online meeting link"), blank=True)
    location_visibility = models.CharField(
        _("who sees the address"),
        max_length=10,
        choices=LocationVisibility.choices,
        default=LocationVisibility.DEFAULT,
    )
    meeting_link_visibility = models.CharField(
        _("who sees the meeting link"),
        max_length=12,
        choices=MeetingLinkVisibility.choices,
        default=MeetingLinkVisibility.REGISTRANTS,
        help_text=_(
            "A link anyone can read invites people who want to disrupt the "
            "meeting. Registered attendees get it in their emails, their "
            "calendar file and on their registration page."
        ),
    )

    #: Codes from EventLanguage, comma-separated ("en,fr,ase").
    languages = models.CharField(_("languages spoken"), max_length=100, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    asl_interpretation = models.BooleanField(_("ASL interpretation"), default=False)
    lsq_interpretation = models.BooleanField(_("LSQ interpretation"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    quiet_room = models.BooleanField(_("quiet room"), default=False)
    accessibility_notes = models.TextField(
        _("other accessibility information"), blank=True
    )

    # RSVPs.
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave blank for no limit.")
    )
    waitlist_enabled = models.BooleanField(_("waitlist when full"), default=True)
    max_party_size = models.PositiveSmallIntegerField(
        _("most people per registration"), default=4
    )
    rsvp_opens_at = models.DateTimeField(_("RSVPs open"), null=True, blank=True)
    rsvp_closes_at = models.DateTimeField(_("RSVPs close"), null=True, blank=True)
    reminder_schedule = models.CharField(
        _("reminders"),
        max_length=100,
        default=DEFAULT_REMINDERS,
        blank=True,
        validators=[validate_reminder_schedule],
        help_text=_("Days (d) or hours (h) before the event, for example: 7d, 1d, 2h"),
    )
    organizer_name = models.CharField(_("organizer name"), max_length=150, blank=True)
    organizer_email = models.EmailField(_("organizer email"), blank=True)
    related_campaign = models.ForeignKey(
        Page,
        verbose_name=_("related campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    cancellation_note = models.TextField(_("cancellation note"), blank=True)

    # Town halls.
    agenda = RichTextField(
        _("agenda"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    speakers = StreamField(
        [("speaker", SpeakerBlock())], blank=True, verbose_name=_("panel and speakers")
    )
    livestream_url = models.URLField(_("livestream link"), blank=True)
    questions_open = models.BooleanField(_("accept questions"), default=False)
    show_approved_questions = models.BooleanField(
        _("show approved questions on the page"), default=False
    )

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    content_panels = Page.content_panels + [
        FieldPanel("event_type"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When (local time of the event)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("province")]),
                FieldPanel("location_visibility"),
                FieldPanel("meeting_url"),
                FieldPanel("meeting_link_visibility"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("languages"),
                FieldRowPanel(
                    [
                        FieldPanel("step_free_access"),
                        FieldPanel("asl_interpretation"),
                        FieldPanel("lsq_interpretation"),
                    ]
                ),
                FieldRowPanel([FieldPanel("childcare"), FieldPanel("quiet_room")]),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Languages and accessibility"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("max_party_size")]),
                FieldPanel("waitlist_enabled"),
                FieldRowPanel(
                    [FieldPanel("rsvp_opens_at"), FieldPanel("rsvp_closes_at")]
                ),
                FieldPanel("reminder_schedule"),
            ],
            heading=_("RSVPs and reminders"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("agenda"),
                FieldPanel("speakers"),
                FieldPanel("livestream_url"),
                FieldPanel("questions_open"),
                FieldPanel("show_approved_questions"),
            ],
            heading=_("Town hall"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("organizer_name"),
                FieldPanel("organizer_email"),
                # The campaign page lists what is attached to it; its type
                # is named by string, so events imports nothing from campaigns.
                PageChooserPanel("related_campaign", "campaigns.CampaignPage"),
            ],
            heading=_("Organizer"),
        ),
        MultiFieldPanel(
            [FieldPanel("is_cancelled"), FieldPanel("cancellation_note")],
            heading=_("Cancellation"),
        ),
    ]
    #: Copied from the default-language page to its translations on publish.
    LOGISTICS_FIELDS = (
        "event_type",
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "time_zone",
        "start_at",
        "end_at",
        "attendance_mode",
        "venue_name",
        "venue_address",
        "city",
        "province",
        "meeting_url",
        "location_visibility",
        "meeting_link_visibility",
        "languages",
        "step_free_access",
        "asl_interpretation",
        "lsq_interpretation",
        "childcare",
        "quiet_room",
        "capacity",
        "waitlist_enabled",
        "max_party_size",
        "rsvp_opens_at",
        "rsvp_closes_at",
        "reminder_schedule",
        "is_cancelled",
        "livestream_url",
        "questions_open",
        "show_approved_questions",
    )

    # The address, venue and meeting link are never indexed: they may be private
    # (the meeting link is, unless the organizer made it public).
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("event_type"),
        index.FilterField("start_at"),
    ]
    api_fields = [
        APIField("event_type"),
        APIField("summary"),
        APIField("body"),
        APIField("start_at"),
        APIField("end_at"),
        APIField("time_zone"),
        APIField("attendance_mode"),
        APIField("city"),
        APIField("province"),
        APIField("public_location"),
        APIField("language_codes"),
        APIField("accessibility"),
        APIField("capacity"),
        APIField("is_cancelled"),
        APIField("livestream_url"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # --- time -----------------------------------------------------------
    @property
    def zone(self):
        return ZoneInfo(self.time_zone)

    def _local(self, day, time):
        return datetime.combine(day, time).replace(tzinfo=self.zone)

    def compute_times(self):
        """Set start_at/end_at (UTC) from the local date, time and zone."""
        if self.start_date and self.start_time is not None:
            self.start_at = self._local(self.start_date, self.start_time)
        if self.start_date and self.end_time is not None:
            self.end_at = self._local(self.end_date or self.start_date, self.end_time)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.start_time is not None:
            for label, day, time in (
                ("start_time", self.start_date, self.start_time),
                ("end_time", self.end_date or self.start_date, self.end_time),
            ):
                if time is None:
                    continue
                local = datetime.combine(day, time).replace(tzinfo=self.zone)
                round_trip = local.astimezone(ZoneInfo("UTC")).astimezone(self.zone)
                if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
                    errors[label] = _(
                        "This time does not exist in this time zone: clocks move "
                        "forward then. Choose another time."
                    )
            self.compute_times()
            if "end_time" not in errors and self.end_at <= self.start_at:
                errors["end_time"] = _("The event must end after it starts.")
        if (
            self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.HYBRID)
            and not self.meeting_url
            and not self.livestream_url
        ):
            errors["meeting_url"] = _("An online event needs a meeting link.")
        if (
            self.rsvp_opens_at
            and self.rsvp_closes_at
            and (self.rsvp_closes_at <= self.rsvp_opens_at)
        ):
            errors["rsvp_closes_at"] = _("RSVPs must close after they open.")
        if self.max_party_size is not None and self.max_party_size < 1:
            errors["max_party_size"] = _("At least one person per registration.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.compute_times()
        super().save(*args, **kwargs)

    @property
    def local_start(self):
        return self.start_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.end_at.astimezone(self.zone)

    def is_past(self, now=None):
        return self.end_at <= (now or timezone.now())

    # --- identity across translations (canonical: CanonicalTranslationMixin)
    @property
    def ical_uid(self):
        """Stable for the life of the event, whatever its URL or language."""
        return f"event-{self.translation_key}@{settings.EVENT_UID_DOMAIN}"

    # --- where ----------------------------------------------------------
    @property
    def location_is_private(self):
        """Whether the venue and address go to registered attendees only
        (by default, only for support groups)."""
        if self.location_visibility == LocationVisibility.DEFAULT:
            return self.event_type == EventType.SUPPORT_GROUP
        return self.location_visibility == LocationVisibility.PRIVATE

    @property
    def meeting_link_is_private(self):
        """Whether the meeting link goes to registered attendees only (unless
        the organizer made it public)."""
        return self.meeting_link_visibility != MeetingLinkVisibility.PUBLIC

    def shown_to(self, confirmed):
        """``(address, meeting link)``: whether a reader sees each, given
        whether they have a confirmed place. Every page, email and calendar
        file for one registration asks here."""
        return (
            confirmed or not self.location_is_private,
            confirmed or not self.meeting_link_is_private,
        )

    @property
    def is_online(self):
        return self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.HYBRID)

    @property
    def is_in_person(self):
        return self.attendance_mode in (AttendanceMode.IN_PERSON, AttendanceMode.HYBRID)

    @property
    def venue_address_lines(self):
        """The address as typed, one line each, without blank lines: emails
        put each on its own line (HTML) or after a comma (text), never run
        together ("5 Example RoadHalifax")."""
        return [
            line.strip() for line in self.venue_address.splitlines() if line.strip()
        ]

    @property
    def public_location(self):
        """What anyone may see of the place: None when neither the address
        nor the meeting link is public; a private part is left empty."""
        address, link = self.shown_to(confirmed=False)
        link = link and bool(self.meeting_url)
        if not (address or link):
            return None
        return {
            "venue_name": self.venue_name if address else "",
            "venue_address": self.venue_address if address else "",
            "meeting_url": self.meeting_url if link else "",
        }

    @property
    def accessibility(self):
        return {
            "step_free_access": self.step_free_access,
            "asl_interpretation": self.asl_interpretation,
            "lsq_interpretation": self.lsq_interpretation,
            "childcare": self.childcare,
            "quiet_room": self.quiet_room,
            "notes": self.accessibility_notes,
        }

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]

    @property
    def language_labels(self):
        labels = dict(EventLanguage.choices)
        return [labels[code] for code in self.language_codes if code in labels]

    @property
    def reminder_offsets(self):
        return parse_reminder_schedule(self.reminder_schedule)

    def reminder_due_times(self):
        return [
            (hours, self.start_at - timedelta(hours=hours))
            for hours in self.reminder_offsets
        ]

    # --- routes -----------------------------------------------------------
    @path("")
    def event(self, request):
        from ..views import event_page

        return event_page(request, self)

    @path("register/")
    @public_form
    def register(self, request):
        from ..views import register

        return register(request, self)

    @path("registered/")
    def registered(self, request):
        from ..views import registered

        return registered(request, self)

    @path("question/")
    @public_form
    def question(self, request):
        from ..views import ask_question

        return ask_question(request, self)

    @path("calendar.ics/")
    def calendar(self, request):
        from ..views import event_calendar

        return event_calendar(request, self)

    @path("manage/<str:token>/")
    def manage(self, request, token):
        from ..views import manage

        return manage(request, self, token)

    @property
    def calendar_url(self):
        return self.url + "calendar.ics"

    def get_cached_paths(self):
        """What the edge cache keeps of this event (purged on publish)."""
        return ["/", "calendar.ics"]

    def manage_url(self, registration):
        """The manage link of a registration, on this page (its language)."""
        return self.url + self.reverse_subpage(
            "manage", args=[registration.manage_token]
        )

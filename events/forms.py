"""Public forms: RSVP, event filters, town-hall questions."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms import consent
from cms.forms import HoneypotMixin, PublicForm

from .models import AttendanceMode, EventLanguage, EventType, Province

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

#: Shown beside the consent box and stored, word for word, with the consent.
CONSENT_TEXT = _(
    "Yes, email me about future events and actions of this organisation. "
    "I can unsubscribe at any time."
)


def single_line(value, label):
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("%(label)s must be on one line, without special characters."),
            params={"label": label},
        )
    return value


def party_size_field():
    return forms.IntegerField(
        label=_("Number of people, you included"),
        min_value=1,
        initial=1,
        error_messages={
            "required": _("Enter how many people are coming."),
            "invalid": _("Enter a whole number."),
            "min_value": _("Count at least one person: you."),
        },
    )


def accessibility_needs_field():
    return forms.CharField(
        label=_("Accessibility needs (optional)"),
        help_text=_("Only the organizers see this."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep this to 1000 characters or fewer.")},
    )


class RegistrationForm(HoneypotMixin):
    auto_id = "rsvp-%s"

    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("A first name or a nickname is enough."),
        error_messages={
            "required": _("Enter your name."),
            "max_length": _("Your name must be 100 characters or fewer."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send your confirmation and reminders here, nothing else."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
            "max_length": _("Keep the email address to 254 characters or fewer."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    party_size = party_size_field()
    language = forms.ChoiceField(
        label=_("Language for our emails"),
        choices=[("en", "English"), ("fr", "Français")],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose English or French for our emails."),
            "invalid_choice": _("Choose English or French for our emails."),
        },
    )
    accessibility_needs = accessibility_needs_field()
    consent_updates = forms.BooleanField(
        label=CONSENT_TEXT, help_text=consent.CONSENT_HELP, required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        _limit_party_size(self, event)
        self.fields["language"].initial = (get_language() or "en")[:2]

    def clean_name(self):
        name = single_line(self.cleaned_data["name"].strip(), _("Your name"))
        name = " ".join(name.split())
        if not name:
            raise ValidationError(_("Enter your name."))
        return name


def _limit_party_size(form, event):
    size = form.fields["party_size"]
    size.max_value = event.max_party_size
    size.widget.attrs.update(min=1, max=event.max_party_size)
    size.validators.append(_max(event.max_party_size))
    if event.max_party_size == 1:
        size.widget = forms.HiddenInput()


class ChangeRegistrationForm(PublicForm):
    """The manage page's changes: party size and accessibility needs. Seats
    are checked by the service, under the event's lock."""

    auto_id = "change-%s"

    party_size = party_size_field()
    accessibility_needs = accessibility_needs_field()

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_party_size(self, event)


class RegisterAgainForm(PublicForm):
    """Register again after cancelling, from the manage page."""

    auto_id = "again-%s"

    party_size = party_size_field()

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_party_size(self, event)


def _max(limit):
    def validate(value):
        if value is not None and value > limit:
            raise ValidationError(
                _("You can register up to %(max)s people at once."),
                params={"max": limit},
            )

    return validate


def _choice(label, choices, any_label):
    names = ", ".join(str(value) for value, _label in choices)
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", any_label), *choices],
        error_messages={
            "invalid_choice": _("“%(value)s” is not a choice here. Choose one of: ")
            + names
        },
    )


class EventFilterForm(PublicForm):
    auto_id = "filter-%s"

    type = _choice(_("Type"), EventType.choices, _("Any type"))
    province = _choice(_("Province or territory"), Province.choices, _("Anywhere"))
    mode = _choice(_("Attendance"), AttendanceMode.choices, _("In person or online"))
    language = _choice(
        _("Language"),
        [(code, label) for code, label in EventLanguage.choices if code != "other"],
        _("Any language"),
    )

    def filter(self, events):
        data = self.cleaned_data
        if data.get("type"):
            events = events.filter(event_type=data["type"])
        if data.get("province"):
            events = events.filter(province=data["province"])
        if data.get("mode") == AttendanceMode.ONLINE:
            events = events.filter(
                attendance_mode__in=[AttendanceMode.ONLINE, AttendanceMode.HYBRID]
            )
        elif data.get("mode"):
            events = events.filter(attendance_mode=data["mode"])
        if data.get("language"):
            code = data["language"]
            events = events.filter(
                Q(languages=code)
                | Q(languages__startswith=f"{code},")
                | Q(languages__endswith=f",{code}")
                | Q(languages__contains=f",{code},")
            )
        return events


class QuestionForm(HoneypotMixin):
    auto_id = "ask-%s"

    question = forms.CharField(
        label=_("Your question"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write your question."),
            "max_length": _("Keep your question to 1000 characters or fewer."),
        },
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to ask anonymously."),
        error_messages={"max_length": _("Your name must be 100 characters or fewer.")},
    )
    may_read_aloud = forms.BooleanField(
        label=_("The moderator may read my question aloud"), required=False
    )

    def clean_name(self):
        name = single_line(self.cleaned_data["name"].strip(), _("Your name"))
        return " ".join(name.split())

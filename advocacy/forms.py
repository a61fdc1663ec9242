"""The supporter's forms, one per step (no JavaScript needed)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.choices import Province
from cms.forms import HoneypotMixin

from .postcodes import InvalidPostalCode, normalise_postal_code

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CONSENT_TEXT = _(
    "Yes, email me about this campaign and future actions. I can unsubscribe "
    "at any time."
)


def one_line(value, label):
    if CONTROL.search(value or ""):
        raise ValidationError(
            _("%(label)s must be on one line, without special characters."),
            params={"label": label},
        )
    return " ".join(value.split())


class PostalCodeForm(forms.Form):
    postal_code = forms.CharField(
        label=_("Your postal code"),
        max_length=20,
        help_text=_("We use it only to find your representatives; it is not stored."),
        error_messages={
            "required": _("Enter your postal code, for example K1A 0B1."),
            "max_length": _("Enter your postal code, for example K1A 0B1."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )

    def clean_postal_code(self):
        try:
            return normalise_postal_code(self.cleaned_data["postal_code"])
        except InvalidPostalCode as error:
            raise ValidationError(error.messages[0]) from error


class LetterForm(HoneypotMixin):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={
            "required": _("Enter the subject of your letter."),
            "max_length": _("Keep the subject to 200 characters or fewer."),
        },
    )
    body = forms.CharField(
        label=_("Your letter"),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Write your letter.")},
    )
    personal_paragraph = forms.CharField(
        label=_("In your own words"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": _("Keep your own words to 3000 characters or fewer.")
        },
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={
            "required": _(
                "Enter your name: representatives answer people, not addresses."
            ),
            "max_length": _("Your name must be 100 characters or fewer."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send you a link to confirm your letter. Replies come here."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
            "max_length": _("Keep the email address to 254 characters or fewer."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    city = forms.CharField(
        label=_("City or town"),
        max_length=100,
        error_messages={
            "required": _("Enter your city or town."),
            "max_length": _("Keep the city or town to 100 characters or fewer."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    province = forms.ChoiceField(
        label=_("Province or territory"),
        choices=Province.choices,
        error_messages={
            "required": _("Choose your province or territory."),
            "invalid_choice": _("Choose a province or territory from the list."),
        },
    )
    street_address = forms.CharField(
        label=_("Street address (only for the printable letter)"),
        required=False,
        max_length=300,
        error_messages={
            "max_length": _("Keep the street address to 300 characters or fewer.")
        },
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
    )
    send_copy = forms.BooleanField(
        label=_("Send me a copy of what is sent"), required=False
    )
    consent_updates = forms.BooleanField(label=CONSENT_TEXT, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        if not campaign.allow_editing:
            for name in ("subject", "body"):
                self.fields[name].widget.attrs["readonly"] = True
        if campaign.require_personal_paragraph:
            field = self.fields["personal_paragraph"]
            field.required = True
            field.help_text = campaign.personal_paragraph_prompt
            field.error_messages["required"] = _(
                "Add a few words of your own: letters in people's own words are read."
            )
        if campaign.delivery == "email":
            del self.fields["street_address"]

    def clean_name(self):
        return one_line(self.cleaned_data["name"], _("Your name"))

    def clean_subject(self):
        return one_line(self.cleaned_data["subject"], _("The subject"))

    def clean_city(self):
        return one_line(self.cleaned_data["city"], _("Your city"))

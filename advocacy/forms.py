"""The supporter's forms, one per step (no JavaScript needed)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms import consent, mail
from cms.choices import Province
from cms.forms import HoneypotMixin, PublicForm

from .placeholders import validate_template
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


class PostalCodeField(forms.CharField):
    """A postal code, typed or posted back in a hidden field: every refusal
    (a NUL, 5,000 characters, markup) is :func:`normalise_postal_code`'s,
    which says what a postal code looks like, instead of Django's generic
    length and null-character messages."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = []


#: What the postal-code step says is done with the code, by delivery: every
#: letter is signed with it (offices check that a writer lives in their
#: riding), and a printed one carries it in its return address.
POSTAL_CODE_HELP = {
    "email": _(
        "We use it to find your representatives and to sign your letter with it, "
        "as offices expect; it is deleted with your letter's other details."
    ),
    "printed": _(
        "We use it to find your representatives and to print your return address "
        "on your letter; it is deleted with your letter's other details."
    ),
}


class PostalCodeForm(PublicForm):
    auto_id = "postcode-%s"

    postal_code = PostalCodeField(
        label=_("Your postal code"),
        help_text=POSTAL_CODE_HELP["email"],
        error_messages={"required": _("Enter your postal code, for example K1A 0B1.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "maxlength": "20"}
        ),
    )

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None and campaign.prints_letters:
            self.fields["postal_code"].help_text = POSTAL_CODE_HELP["printed"]

    def clean_postal_code(self):
        try:
            return normalise_postal_code(self.cleaned_data["postal_code"])
        except InvalidPostalCode as error:
            raise ValidationError(error.messages[0]) from error


class LetterForm(HoneypotMixin):
    auto_id = "letter-%s"

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
        # Empty until chosen (or filled in from the postal code): a default
        # province signs letters from the wrong place.
        choices=[("", _("Choose your province or territory"))] + Province.choices,
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
    consent_updates = forms.BooleanField(
        label=CONSENT_TEXT, help_text=consent.CONSENT_HELP, required=False
    )

    def __init__(self, *args, campaign, prompt="", **kwargs):
        """``campaign``: the canonical page (its rules); ``prompt``: the
        personal-paragraph prompt of the page in the supporter's language."""
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        if not campaign.allow_editing:
            for name in ("subject", "body"):
                self.fields[name].widget.attrs["readonly"] = True
        if campaign.require_personal_paragraph:
            field = self.fields["personal_paragraph"]
            field.required = True
            field.help_text = prompt or _("Why does this matter to you?")
            field.error_messages["required"] = _(
                "Add a few words of your own: letters in people's own words are read."
            )
        if campaign.delivery == "email":
            del self.fields["street_address"]

    def clean_name(self):
        # The name is the display name of the email to the representative.
        name = one_line(self.cleaned_data["name"], _("Your name"))
        mail.validate_display_name(name)
        return name

    def clean_subject(self):
        subject = one_line(self.cleaned_data["subject"], _("The subject"))
        validate_template(subject)
        return subject

    def clean_body(self):
        # Placeholders are filled for each recipient: one mistyped would
        # reach them as typed, braces and all.
        body = self.cleaned_data["body"]
        validate_template(body)
        return body

    def clean_personal_paragraph(self):
        paragraph = self.cleaned_data["personal_paragraph"]
        validate_template(paragraph)
        return paragraph

    def clean_city(self):
        return one_line(self.cleaned_data["city"], _("Your city"))

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms import consent
from cms.choices import Province
from cms.forms import HoneypotMixin, LanguageSelect

from .models import LANGUAGES, FlyerDownload

CONSENT_TEXT = _(
    "Yes, email me about this campaign's new flyers and actions. I can "
    "unsubscribe at any time."
)


class FlyerDownloadForm(HoneypotMixin, forms.ModelForm):
    """Every field says what to do in its own words: Django's defaults
    ("Ensure this value is greater than or equal to 1.") name nothing."""

    auto_id = "flyer-%s"

    size = forms.ChoiceField(
        label=_("Paper size"),
        choices=[
            ("letter", _("Letter")),
            ("legal", _("Legal")),
            ("tabloid", _("Tabloid (11 × 17)")),
            ("a4", "A4"),
        ],
        error_messages={
            "required": _("Choose a paper size."),
            "invalid_choice": _("Choose Letter, Legal, Tabloid or A4."),
        },
    )
    orientation = forms.ChoiceField(
        label=_("Which way up"),
        choices=[("portrait", _("Portrait")), ("landscape", _("Landscape (sideways)"))],
        error_messages={
            "required": _("Choose portrait or landscape."),
            "invalid_choice": _("Choose portrait or landscape."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language"),
        # Each language in its own name, whatever the page's language, as a
        # language switch names them.
        choices=[(code, dict(settings.LANGUAGES)[code]) for code in LANGUAGES],
        widget=LanguageSelect,
        error_messages={
            "required": _("Choose the flyer's language."),
            "invalid_choice": _("Choose English or French."),
        },
    )
    province = forms.ChoiceField(
        label=_("Province or territory"),
        choices=[("", "—"), *Province.choices],
        required=False,
        error_messages={
            "invalid_choice": _("Choose a province or territory from the list.")
        },
    )
    copies = forms.IntegerField(
        label=_("Copies you will post"),
        min_value=1,
        max_value=1000,
        initial=1,
        error_messages={
            "required": _("Enter how many copies you will post, for example 5."),
            "invalid": _("Enter the number of copies in figures, for example 5."),
            "min_value": _("Enter at least 1 copy."),
            "max_value": _(
                "Enter 1000 copies or fewer. For more, download the PDF above "
                "and print as many as you need."
            ),
        },
    )
    consent_updates = forms.BooleanField(
        label=CONSENT_TEXT, help_text=consent.CONSENT_HELP, required=False
    )

    class Meta:
        model = FlyerDownload
        fields = [
            "size",
            "orientation",
            "language",
            "business_name",
            "local_contact",
            "sector",
            "city",
            "province",
            "copies",
            "email",
            "consent_updates",
        ]
        labels = {
            "business_name": _("Business name, printed as “Displayed by …” (optional)"),
            "local_contact": _("A local contact to print (optional)"),
        }
        error_messages = {
            "business_name": {
                "max_length": _("Keep the business name to 120 characters or fewer.")
            },
            "local_contact": {
                "max_length": _("Keep the local contact to 120 characters or fewer.")
            },
            "sector": {"invalid_choice": _("Choose a sector from the list.")},
            "city": {
                "max_length": _("Keep the city or town to 100 characters or fewer.")
            },
            "email": {
                "invalid": _("Enter an email address like name@example.org."),
                "max_length": _("Keep the email address to 254 characters or fewer."),
            },
        }

    def __init__(self, *args, flyer=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked only when the organizer lets people choose.
        if flyer is None or len(flyer.allowed_orientations) < 2:
            del self.fields["orientation"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_updates") and not cleaned.get("email"):
            self.add_error("email", _("Give an email address to hear from us."))
        for name in ("business_name", "local_contact", "city"):
            value = cleaned.get(name) or ""
            if any(ord(character) < 32 for character in value):
                self.add_error(name, _("Keep this on one line."))
        return cleaned

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.choices import Province
from cms.forms import HoneypotMixin

from .models import LANGUAGES, FlyerDownload

CONSENT_TEXT = _(
    "Yes, email me about this campaign's new flyers and actions. I can "
    "unsubscribe at any time."
)


class FlyerDownloadForm(HoneypotMixin, forms.ModelForm):
    size = forms.ChoiceField(
        label=_("Paper size"),
        choices=[
            ("letter", _("Letter")),
            ("legal", _("Legal")),
            ("tabloid", _("Tabloid (11 × 17)")),
            ("a4", "A4"),
        ],
    )
    orientation = forms.ChoiceField(
        label=_("Which way up"),
        choices=[("portrait", _("Portrait")), ("landscape", _("Landscape (sideways)"))],
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[(code, code.upper()) for code in LANGUAGES]
    )
    province = forms.ChoiceField(
        label=_("Province or territory"),
        choices=[("", "—"), *Province.choices],
        required=False,
    )
    copies = forms.IntegerField(
        label=_("Copies you will post"), min_value=1, max_value=1000, initial=1
    )
    consent_updates = forms.BooleanField(label=CONSENT_TEXT, required=False)

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

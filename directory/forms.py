"""The Service Map's public forms.

The place form is posted, never sent as a query string: a full postal code
would otherwise land in the address bar, the history, the proxy's log and
the cache. The view reduces it to its FSA and redirects to a URL such as
``/en/services/near/K1P/``. Filters carry nothing personal and stay in the
query string of that URL (so a result list can be bookmarked and cached).
"""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import HoneypotMixin
from cms.query_text import plain_text

from .models import Need, Service, Suggestion
from .places import PlaceNotFound, find_place, fsa_of, looks_like_postal_code
from .search import ACCESS_FIELDS, AUDIENCE_FIELDS, DELIVERY_FIELDS, Filters

ANY = [("", _("Any"))]

LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("es", _("Spanish")),
    ("pa", _("Punjabi")),
    ("tl", _("Tagalog")),
    ("uk", _("Ukrainian")),
    ("iu", _("Inuktitut")),
    ("cr", _("Cree")),
    ("ase", _("American Sign Language")),
    ("fsl", _("Quebec Sign Language (LSQ)")),
]
AUDIENCES = [
    ("survivors", _("Survivors")),
    ("supporters", _("People supporting a survivor")),
    ("professionals", _("Professionals")),
]
ACCESS = [
    ("walk-in", _("Walk-in")),
    ("self-referral", _("Self-referral")),
    ("referral", _("Referral")),
    ("appointment", _("Appointment")),
]
DELIVERY = [
    ("in-person", _("In person")),
    ("phone", _("By phone")),
    ("text", _("By text message")),
    ("online", _("Online")),
]
assert {key for key, _label in AUDIENCES} == set(AUDIENCE_FIELDS)
assert {key for key, _label in ACCESS} == set(ACCESS_FIELDS)
assert {key for key, _label in DELIVERY} == set(DELIVERY_FIELDS)


class FilterForm(forms.Form):
    """What to look for. Used on its own (GET, on a results page) and as
    part of :class:`PlaceForm` (POST, on the search page)."""

    need = forms.ChoiceField(
        label=_("What you need"), choices=ANY + Need.choices, required=False
    )
    audience = forms.ChoiceField(
        label=_("Who it is for"), choices=ANY + AUDIENCES, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=ANY + LANGUAGES, required=False
    )
    cost = forms.ChoiceField(
        label=_("Cost"), choices=ANY + Service.Cost.choices, required=False
    )
    access = forms.ChoiceField(
        label=_("How to get help"), choices=ANY + ACCESS, required=False
    )
    delivery = forms.ChoiceField(
        label=_("How it is offered"), choices=ANY + DELIVERY, required=False
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    hours_24 = forms.BooleanField(label=_("Open 24 hours"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)

    FILTER_NAMES = (
        "need",
        "audience",
        "language",
        "cost",
        "access",
        "delivery",
        "open_now",
        "hours_24",
        "step_free",
    )

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        defaults = Filters()
        return Filters(
            **{
                name: data.get(name) or getattr(defaults, name)
                for name in self.FILTER_NAMES
            }
        )

    def query_string(self):
        """The filters chosen, as a query string ("" when none)."""
        data = self.cleaned_data if self.is_valid() else {}
        pairs = []
        for name in self.FILTER_NAMES:
            value = data.get(name)
            if value is True:
                pairs.append((name, "1"))
            elif value:
                pairs.append((name, value))
        return urlencode(pairs)


class PlaceForm(FilterForm):
    where = forms.CharField(
        label=_("Postal code or city"),
        help_text=_(
            "For example K1P or Ottawa. Only the first three characters of a "
            "postal code are used, and nothing you type is kept."
        ),
        max_length=100,
        required=False,
    )
    everywhere = forms.BooleanField(
        label=_("Or list services that serve all of Canada"), required=False
    )

    field_order = ["where", "everywhere"]

    def clean(self):
        data = super().clean()
        where = plain_text(data.get("where") or "").strip()
        self.origin = None
        if data.get("everywhere") and not where:
            self.origin = ("canada", "")
            return data
        if not where:
            self.add_error(
                "where",
                _("Enter a postal code or a city, or choose “all of Canada”."),
            )
            return data
        try:
            if looks_like_postal_code(where):
                self.origin = ("fsa", fsa_of(where))
            else:
                self.origin = ("city", find_place(where).slug)
        except PlaceNotFound as error:
            self.add_error("where", str(error))
        # The postal code itself is never kept, even in the form's data.
        data["where"] = ""
        return data


class SuggestionForm(HoneypotMixin):
    """Suggest a service, or report a change to one. No name or email is
    asked: nothing sent here is personal data."""

    auto_id = "suggest-%s"

    kind = forms.ChoiceField(
        label=_("What would you like to tell us?"),
        choices=Suggestion.Kind.choices,
        widget=forms.RadioSelect,
    )
    service_name = forms.CharField(
        label=_("Name of the service"), max_length=200, strip=True
    )
    details = forms.CharField(
        label=_("Details"),
        help_text=_(
            "What it offers, where and how to reach it, or what has changed. "
            "Do not write anything about yourself or anyone else."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_service_name(self):
        return plain_text(self.cleaned_data["service_name"]).strip()

    def clean_details(self):
        details = plain_text(self.cleaned_data["details"]).strip()
        if len(details) < 10:
            raise forms.ValidationError(
                _("Tell us a little more: at least 10 characters.")
            )
        return details

"""Form pieces every public form shares."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PublicForm(forms.Form):
    """A form of the public site, whose fields' ids are its own.

    Each public form class names its ids with ``auto_id`` (the pattern of
    Django's ``auto_id`` argument, ``"rsvp-%s"`` for ``rsvp-name``; the
    hint and error of a field add ``-hint`` and ``-error``). A page can hold
    two forms whose fields share names (a town hall's RSVP and question
    forms both ask a name): with Django's default ``id_%s`` both fields
    would be ``id_name``, an invalid page whose labels, hints and error
    links point at the other form's field."""

    auto_id = "id_%s"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", type(self).auto_id)
        super().__init__(*args, **kwargs)


class HoneypotMixin(PublicForm):
    """A field people never see or reach (hidden by CSS, out of the tab
    order and hidden from screen readers); bots that fill every field do."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool(self.data.get("website"))


class LanguageSelect(forms.Select):
    """A list of languages whose values are language codes: each option is
    marked with its language (``lang``), so that a screen reader says
    "Français" in French."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option

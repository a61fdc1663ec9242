from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    """Representatives and letters to them (built in the letters issue)."""

    name = "advocacy"
    verbose_name = _("Advocacy")

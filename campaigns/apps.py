from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Campaigns and printable flyers (built in the campaigns issue)."""

    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from . import signals  # noqa: F401

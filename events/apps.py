from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events, town halls, RSVPs and reminders (built in the events issue)."""

    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import signals  # noqa: F401

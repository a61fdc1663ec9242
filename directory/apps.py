from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The Service Map: support services near you, in HSDS 3.0 shape."""

    name = "directory"
    verbose_name = _("Service Map")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from . import (
            client_address,  # noqa: F401  (its check of TRUSTED_PROXIES)
            signals,  # noqa: F401  (page-cache purge on publish)
            storage,  # noqa: F401  (its system checks)
            translations,  # noqa: F401  (untranslated copies stay unpublished)
        )

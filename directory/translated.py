"""English and French texts on directory records.

Pages are translated with Wagtail's simple translation (docs/translation.md);
records that are not pages (a service, a location) keep each visitor-facing
text twice, ``name`` and ``name_fr``, as the site settings do for the crisis
line (``cms.models.SiteSettings.crisis_line_name_fr``): one record, one HSDS
id, two languages edited side by side on one screen. A French text left
empty falls back to the English one.
"""

from django.utils.translation import get_language


def is_french():
    return (get_language() or "en").startswith("fr")


def translated(obj, field):
    """``obj.<field>_fr`` for a French visitor when it is filled, else
    ``obj.<field>``."""
    if is_french():
        french = getattr(obj, f"{field}_fr", "")
        if french:
            return french
    return getattr(obj, field)


class TranslatedText:
    """A descriptor: ``Service.display_name`` reads ``name`` or ``name_fr``
    in the visitor's language."""

    def __init__(self, field):
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return translated(obj, self.field)

"""Where people look for help and find none: counts, never searches.

Each month, for each forward sortation area and need, the number of
searches (sent from the search form) that found no service with a place
within 50 km. Only these aggregates exist; nothing identifies a search, and
an FSA with fewer than 10 such searches in a month is not shown
(docs/directory.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchGap(models.Model):
    month = models.DateField(_("month"))
    fsa = models.CharField(_("postal area"), max_length=3)
    need = models.CharField(_("need"), max_length=20, blank=True)
    searches = models.PositiveIntegerField(_("searches that found nothing"), default=0)

    class Meta:
        verbose_name = _("gap")
        verbose_name_plural = _("gaps")
        ordering = ["-month", "-searches"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "fsa", "need"], name="directory_one_gap_count"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.fsa} {self.need}"

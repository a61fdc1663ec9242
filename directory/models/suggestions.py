"""What visitors tell us: a service we should list, or a change to one.

Nothing a visitor sends is published: a Moderator reads it, and an organizer
makes the change in the directory. No name or email is asked, so nothing
here is personal data to export or delete.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Suggestion(models.Model):
    class Kind(models.TextChoices):
        NEW = "new", _("A service to add")
        CHANGE = "change", _("A change to a service")

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        APPROVED = "approved", _("Approved: to make in the directory")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    service_name = models.CharField(_("service name"), max_length=200)
    details = models.TextField(_("details"), max_length=4000)
    language = models.CharField(_("language"), max_length=2, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    note = models.TextField(_("moderator's note"), blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.service_name

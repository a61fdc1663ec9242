"""Elected representatives at three levels, their districts, the local
postal-code table used when Represent cannot be reached, and fixed targets."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Level(models.TextChoices):
    FEDERAL = "federal", _("Federal")
    PROVINCIAL = "provincial", _("Provincial or territorial")
    MUNICIPAL = "municipal", _("Municipal")


class District(models.Model):
    """An electoral district (a riding, a ward), as Represent names it."""

    boundary_set = models.CharField(_("boundary set"), max_length=200)
    external_id = models.CharField(_("district id"), max_length=100)
    name = models.CharField(_("district name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["boundary_set", "external_id"],
                name="one_district_per_set_and_id",
            )
        ]

    def __str__(self):
        return self.name


class Representative(models.Model):
    """One elected person in one office (an MP, an MNA, a councillor...).

    ``source_key`` identifies them across imports: the representative set,
    the district, the office and the person's name. When someone else wins
    the seat, the old row is retired (letters sent to them keep pointing at
    the person they were written to) and a new one is added.
    """

    source_key = models.CharField(max_length=400, unique=True)
    representative_set = models.CharField(_("representative set"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    elected_office = models.CharField(_("elected office"), max_length=100)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="representatives",
    )
    party = models.CharField(_("party"), max_length=200, blank=True)
    #: As Represent gives it ("F", "M"), or blank when it does not: only
    #: French titles and greetings use it (``advocacy.titles``).
    gender = models.CharField(_("gender"), max_length=1, blank=True)
    email = models.EmailField(_("email"), blank=True)
    url = models.URLField(_("website"), blank=True, max_length=500)
    photo_url = models.URLField(_("photo source"), blank=True, max_length=500)
    # A copy in our own storage: public pages never load images from elsewhere.
    photo = models.FileField(_("photo"), upload_to="representatives/", blank=True)
    photo_copied_from = models.URLField(blank=True, max_length=500, editable=False)
    offices = models.JSONField(
        _("offices"),
        default=list,
        blank=True,
        help_text=_(
            "Each office: type (constituency, legislature), postal address, phone."
        ),
    )
    source_url = models.URLField(_("source"), blank=True, max_length=500)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)
    is_active = models.BooleanField(_("in office"), default=True, db_index=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["level", "district__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.elected_office}, {self.district.name})"

    @property
    def is_federal_mp(self):
        return self.level == Level.FEDERAL

    @property
    def office_title(self):
        """The office in the language of the page being read ("MNA" is
        "député·e" in French)."""
        from ..titles import office_title

        language = (get_language() or "en")[:2]
        return office_title(self.elected_office, language, self.gender)

    def office(self, kind):
        """The first office of a kind ("constituency", "legislature")."""
        return next((o for o in self.offices if o.get("type") == kind), None)


class PostalCodeArea(models.Model):
    """Local data for when Represent cannot be reached: a full postal code or
    its first three characters (forward sortation area), and the districts
    it lies in. A code can span several districts at a level."""

    code = models.CharField(_("postal code or prefix"), max_length=6, unique=True)
    districts = models.ManyToManyField(District, related_name="postal_code_areas")
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("postal-code area")
        verbose_name_plural = _("postal-code areas")

    def __str__(self):
        return self.code


class FixedTarget(index.Indexed, models.Model):
    """Someone every supporter writes to, whatever their postal code: a
    minister, a committee, a newspaper's letters editor."""

    class Kind(models.TextChoices):
        MINISTER = "minister", _("Minister")
        COMMITTEE = "committee", _("Committee")
        EDITOR = "editor", _("Letters editor")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(
        _("title or office"),
        max_length=200,
        blank=True,
        help_text=_("For example: Minister of Justice and Attorney General of Canada."),
    )
    email = models.EmailField(_("email"), blank=True)
    mailing_address = models.TextField(_("mailing address"), blank=True)
    salutation = models.CharField(
        _("salutation"),
        max_length=200,
        blank=True,
        help_text=_("How a letter addresses them, for example: Dear Minister"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("email"),
        FieldPanel("mailing_address"),
        FieldPanel("salutation"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("title")]

    class Meta:
        verbose_name = _("fixed target")
        verbose_name_plural = _("fixed targets")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

"""The Service Map's records, shaped like HSDS 3.0 (Open Referral's Human
Services Data Specification) so that import and export are mappings.

Every record keeps its HSDS ``id`` (a UUID) as its primary key. Texts a
visitor reads exist in English and French (``name`` / ``name_fr``, see
:mod:`directory.translated`). One field is ours, not HSDS's: a location's
``address_visibility`` (a profile extension, docs/directory.md), because a
shelter's address must never be published.
"""

import uuid
from datetime import time

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from ..translated import TranslatedText


class Need(models.TextChoices):
    """The taxonomy's top level: what survivors and the people around them
    need (the six needs of Networks of Care's source material)."""

    SHELTER = "shelter-housing", _("Shelter and housing")
    LEGAL = "legal", _("Legal assistance")
    COUNSELLING = "counselling", _("Counselling and mental health")
    HEALTH = "health", _("Health care")
    CASE_MANAGEMENT = "case-management", _("Case management and support")
    COMMUNITY = "community", _("Community support and advocacy")


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")


class TaxonomyTerm(models.Model):
    """A category of service. The six top-level terms are the needs
    (``code`` is a :class:`Need`); finer terms name their ``parent``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    #: Terms of another taxonomy that mean this one, for import_hsds:
    #: one per line, as ``taxonomy:code`` or a term's name (the editable
    #: mapping table of the issue).
    matches = models.TextField(
        _("matching terms from imports"),
        blank=True,
        help_text=_("One per line: a term's code or name in imported data."),
    )

    display_name = TranslatedText("name")

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def need(self):
        """The top-level need this term belongs to."""
        term, seen = self, set()
        while term.parent_id and term.pk not in seen:
            seen.add(term.pk)
            term = term.parent
        return term.code


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(
        _("fictional demo record"),
        default=False,
        help_text=_("Shown with a “fictional example” label everywhere."),
    )

    display_name = TranslatedText("name")
    display_description = TranslatedText("description")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Service(ClusterableModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Retired")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    class Cost(models.TextChoices):
        FREE = "free", _("Free")
        SLIDING = "sliding", _("Sliding scale")
        FEE = "fee", _("Fee")

    class Gender(models.TextChoices):
        ALL = "", _("Anyone")
        WOMEN = "women", _("Women")
        MEN = "men", _("Men")
        GENDER_DIVERSE = "gender-diverse", _("Two-spirit, trans and non-binary people")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    categories = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("categories"), related_name="services"
    )
    # Who it is for.
    for_survivors = models.BooleanField(_("for survivors"), default=True)
    for_supporters = models.BooleanField(
        _("for family, friends and people supporting a survivor"), default=False
    )
    for_professionals = models.BooleanField(_("for professionals"), default=False)
    eligibility_description = models.TextField(_("eligibility (English)"), blank=True)
    eligibility_description_fr = models.TextField(_("eligibility (French)"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    gender_served = models.CharField(
        _("gender served"), max_length=20, choices=Gender.choices, blank=True
    )
    lgbtq_affirming = models.BooleanField(_("2SLGBTQI+-affirming"), default=False)
    immigration_status_safe = models.BooleanField(
        _("safe regardless of immigration status"), default=False
    )
    # What it costs and how to get it.
    cost = models.CharField(
        _("cost"), max_length=10, choices=Cost.choices, default=Cost.FREE
    )
    fees_description = models.TextField(_("fees (English)"), blank=True)
    fees_description_fr = models.TextField(_("fees (French)"), blank=True)
    access_walk_in = models.BooleanField(_("walk-in"), default=False)
    access_self_referral = models.BooleanField(_("self-referral"), default=False)
    access_referral = models.BooleanField(_("referral needed"), default=False)
    access_appointment = models.BooleanField(_("by appointment"), default=False)
    application_process = models.TextField(_("how to get help (English)"), blank=True)
    application_process_fr = models.TextField(_("how to get help (French)"), blank=True)
    delivery_in_person = models.BooleanField(_("in person"), default=False)
    delivery_phone = models.BooleanField(_("by phone"), default=False)
    delivery_text = models.BooleanField(_("by text message"), default=False)
    delivery_online = models.BooleanField(_("online"), default=False)
    alert = models.TextField(_("alert (English)"), blank=True)
    alert_fr = models.TextField(_("alert (French)"), blank=True)
    # Keeping it true.
    assured_date = models.DateField(_("last verified on"), null=True, blank=True)
    assurer = models.CharField(_("verified by"), max_length=200, blank=True)
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)
    is_demo = models.BooleanField(
        _("fictional demo record"),
        default=False,
        help_text=_("Shown with a “fictional example” label everywhere."),
    )
    #: Where ``import_hsds`` found it: a later import of the same source
    #: retires the services it no longer lists.
    import_source = models.CharField(
        _("imported from"), max_length=500, blank=True, editable=False
    )

    ACCESS_FIELDS = (
        "access_walk_in",
        "access_self_referral",
        "access_referral",
        "access_appointment",
    )
    DELIVERY_FIELDS = (
        "delivery_in_person",
        "delivery_phone",
        "delivery_text",
        "delivery_online",
    )

    panels = [
        FieldPanel("organization"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_fr")]),
        FieldRowPanel([FieldPanel("description"), FieldPanel("description_fr")]),
        FieldRowPanel([FieldPanel("alert"), FieldPanel("alert_fr")]),
        FieldPanel("status"),
        FieldPanel("categories"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("for_survivors"),
                        FieldPanel("for_supporters"),
                        FieldPanel("for_professionals"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("eligibility_description"),
                        FieldPanel("eligibility_description_fr"),
                    ]
                ),
                FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
                FieldPanel("gender_served"),
                FieldRowPanel(
                    [
                        FieldPanel("lgbtq_affirming"),
                        FieldPanel("immigration_status_safe"),
                    ]
                ),
            ],
            heading=_("Who it is for"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("cost"),
                FieldRowPanel(
                    [FieldPanel("fees_description"), FieldPanel("fees_description_fr")]
                ),
                FieldRowPanel([FieldPanel(name) for name in ACCESS_FIELDS]),
                FieldRowPanel(
                    [
                        FieldPanel("application_process"),
                        FieldPanel("application_process_fr"),
                    ]
                ),
                FieldRowPanel([FieldPanel(name) for name in DELIVERY_FIELDS]),
                FieldRowPanel([FieldPanel("url"), FieldPanel("email")]),
            ],
            heading=_("Cost and how to get help"),
        ),
        InlinePanel("languages", heading=_("Languages"), label=_("language")),
        InlinePanel("phones", heading=_("Phones"), label=_("phone")),
        InlinePanel(
            "service_at_locations", heading=_("Locations"), label=_("location")
        ),
        InlinePanel("schedules", heading=_("Opening hours"), label=_("opening")),
        InlinePanel(
            "service_areas", heading=_("Serves from afar"), label=_("service area")
        ),
        MultiFieldPanel(
            [FieldPanel("assured_date"), FieldPanel("assurer"), FieldPanel("is_demo")],
            heading=_("Verification"),
        ),
    ]

    display_name = TranslatedText("name")
    display_description = TranslatedText("description")
    display_eligibility = TranslatedText("eligibility_description")
    display_fees = TranslatedText("fees_description")
    display_application_process = TranslatedText("application_process")
    display_alert = TranslatedText("alert")

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "cost"])]

    def __str__(self):
        return self.name

    def labels(self, names):
        return [
            self._meta.get_field(name).verbose_name
            for name in names
            if getattr(self, name)
        ]

    @property
    def may_be_out_of_date(self):
        """Not verified for 18 months: the site says so (docs/directory.md)."""
        from ..verification import is_out_of_date

        return is_out_of_date(self)

    @property
    def access_labels(self):
        return self.labels(self.ACCESS_FIELDS)

    @property
    def delivery_labels(self):
        return self.labels(self.DELIVERY_FIELDS)

    @property
    def audience_labels(self):
        return self.labels(("for_survivors", "for_supporters", "for_professionals"))


class ServiceLanguage(models.Model):
    """A language a service is offered in (HSDS ``language``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(
        _("language code"),
        max_length=10,
        help_text=_("ISO 639 code: en, fr, ar, es, ase (ASL), fsl (LSQ)…"),
    )

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "code"], name="directory_one_language_each"
            )
        ]

    def __str__(self):
        return self.code


class Location(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: address and map point published")
        APPROXIMATE = (
            "approximate",
            _("Approximate: only the postal area’s centre is published"),
        )
        HIDDEN = "hidden", _("Hidden: no address and no point published")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="locations",
    )
    name = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    address_1 = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    address_visibility = models.CharField(
        _("address visibility"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_(
            "Hidden for a shelter or safe house: visitors see only how to reach intake."
        ),
    )
    intake_instructions = models.TextField(
        _("how to reach intake (English)"), blank=True
    )
    intake_instructions_fr = models.TextField(
        _("how to reach intake (French)"), blank=True
    )
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    accessibility = models.TextField(_("accessibility (English)"), blank=True)
    accessibility_fr = models.TextField(_("accessibility (French)"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=40, default="America/Toronto"
    )

    display_name = TranslatedText("name")
    display_intake = TranslatedText("intake_instructions")
    display_accessibility = TranslatedText("accessibility")

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return self.name

    @property
    def fsa(self):
        return self.postal_code.replace(" ", "").upper()[:3]

    @property
    def is_hidden(self):
        return self.address_visibility == self.Visibility.HIDDEN

    @property
    def is_approximate(self):
        return self.address_visibility == self.Visibility.APPROXIMATE


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )

    class Meta:
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="directory_service_once_per_place"
            )
        ]

    def __str__(self):
        return f"{self.service} @ {self.location}"


class Phone(models.Model):
    class Kind(models.TextChoices):
        VOICE = "voice", _("Phone")
        TEXT = "text", _("Text message")
        TTY = "tty", _("TTY")
        CRISIS = "crisis", _("24-hour crisis line")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=40)
    extension = models.CharField(_("extension"), max_length=10, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.VOICE
    )
    description = models.CharField(_("note (English)"), max_length=200, blank=True)
    description_fr = models.CharField(_("note (French)"), max_length=200, blank=True)

    display_description = TranslatedText("description")

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self):
        return self.number

    @property
    def tel(self):
        digits = "".join(c for c in self.number if c.isdigit())
        if len(digits) == 10:
            digits = "1" + digits
        return f"+{digits}" if digits else ""


class Schedule(models.Model):
    """Weekly opening hours: one row per day and opening (HSDS ``schedule``
    with ``freq=WEEKLY`` and one ``byday``), in the time zone of the place.

    ``closes_at`` before ``opens_at`` runs past midnight; both at midnight
    is open all day."""

    class Day(models.TextChoices):
        MO = "MO", _("Monday")
        TU = "TU", _("Tuesday")
        WE = "WE", _("Wednesday")
        TH = "TH", _("Thursday")
        FR = "FR", _("Friday")
        SA = "SA", _("Saturday")
        SU = "SU", _("Sunday")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="schedules")
    byday = models.CharField(_("day"), max_length=2, choices=Day.choices)
    opens_at = models.TimeField(_("opens at"), default=time(9))
    closes_at = models.TimeField(_("closes at"), default=time(17))
    time_zone = models.CharField(
        _("time zone"), max_length=40, default="America/Toronto"
    )

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["service", "byday", "opens_at"]

    def __str__(self):
        return f"{self.byday} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    @property
    def all_day(self):
        return self.opens_at == self.closes_at == time(0)


class ServiceArea(models.Model):
    """Where a service serves people from afar (a phone line, an online
    service): a city, a province or all of Canada."""

    class Extent(models.TextChoices):
        CITY = "city", _("A city")
        PROVINCE = "province", _("A province or territory")
        CANADA = "canada", _("All of Canada")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = ParentalKey(
        Service, on_delete=models.CASCADE, related_name="service_areas"
    )
    extent = models.CharField(
        _("extent"), max_length=10, choices=Extent.choices, default=Extent.CANADA
    )
    province = models.CharField(
        _("province"), max_length=2, choices=Province.choices, blank=True
    )
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self):
        return self.city or self.province or "Canada"


class ForwardSortationArea(models.Model):
    """The centre of a forward sortation area (the first three characters
    of a postal code): where a search by postal code starts, and the only
    point published for an approximate address."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    place_name = models.CharField(_("place"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("forward sortation area")
        verbose_name_plural = _("forward sortation areas")

    def __str__(self):
        return self.code


class Place(models.Model):
    """A Canadian city or town a visitor can search by name."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    display_name = TranslatedText("name")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.province}"

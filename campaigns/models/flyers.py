"""Printable awareness flyers: a PDF per size and language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.consent import UpdatesConsent
from cms.cross_origin import public_form
from cms.permissions import RolePermissionsMixin
from cms.signing import SignedLink

from ..admin_forms import FlyerPageForm
from ..flyer_blocks import FlyerBlock, starter_flyer

#: CSS page sizes WeasyPrint knows, by the names organizers see. Named sizes
#: only: ``landscape`` turns a named size sideways but is invalid after two
#: lengths (WeasyPrint then falls back to Letter). CSS calls 11 × 17 in "ledger".
SIZES = {"letter": "letter", "legal": "legal", "tabloid": "ledger", "a4": "A4"}
LANGUAGES = ("en", "fr")
ORIENTATIONS = ("portrait", "landscape")


class Orientations(models.TextChoices):
    """Which ways up an organizer lets the flyer be printed."""

    PORTRAIT = "portrait", _("Portrait only")
    LANDSCAPE = "landscape", _("Landscape only")
    BOTH = "both", _("Portrait and landscape: people choose")


class FlyerPage(RolePermissionsMixin, RoutablePageMixin, Page):
    body = StreamField(FlyerBlock(), verbose_name=_("flyer"), default=starter_flyer)
    orientations = models.CharField(
        _("orientation"),
        max_length=10,
        choices=Orientations.choices,
        default=Orientations.PORTRAIT,
        help_text=_("Which ways up the flyer can be printed (landscape is sideways)."),
    )

    parent_page_types = ["campaigns.CampaignPage"]
    subpage_types = []
    base_form_class = FlyerPageForm
    content_panels = Page.content_panels + [
        FieldPanel("body"),
        FieldPanel("orientations"),
    ]
    api_fields = [APIField("body"), APIField("pdf_urls")]

    class Meta:
        verbose_name = _("flyer")

    @property
    def allowed_orientations(self):
        if self.orientations == Orientations.BOTH:
            return list(ORIENTATIONS)
        return [self.orientations or Orientations.PORTRAIT]

    @property
    def default_orientation(self):
        return self.allowed_orientations[0]

    def pdf_key(self, size, orientation, language):
        """The PDF's name below the page: the orientation is named only when
        people choose (the short name is the first one allowed)."""
        if len(self.allowed_orientations) == 1:
            return f"{size}-{language}"
        return f"{size}-{orientation}-{language}"

    def pdf_url(self, size, orientation, language):
        return f"{self.url}{self.pdf_key(size, orientation, language)}.pdf"

    def pdf_files(self):
        """``(key, url, size, orientation, language)`` of every PDF offered."""
        base = self.url  # looked up once: a page's URL costs a cache lookup
        files = []
        for size in SIZES:
            for orientation in self.allowed_orientations:
                for language in LANGUAGES:
                    key = self.pdf_key(size, orientation, language)
                    files.append((key, f"{base}{key}.pdf", size, orientation, language))
        return files

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        size_labels = {
            "letter": _("Letter (8½ × 11 in)"),
            "legal": _("Legal (8½ × 14 in)"),
            "tabloid": _("Tabloid (11 × 17 in)"),
            "a4": _("A4"),
        }
        orientation_labels = {"portrait": _("portrait"), "landscape": _("landscape")}
        names = {"en": "English", "fr": "Français"}
        both = len(self.allowed_orientations) > 1
        downloads = {}
        for _key, url, size, orientation, language in self.pdf_files():
            label = size_labels[size]
            if both:
                label = f"{label}, {orientation_labels[orientation]}"
            downloads.setdefault(label, []).append(
                {"url": url, "language": language, "name": names[language]}
            )
        context["downloads"] = list(downloads.items())
        from ..services.flyers import thumbnail_url

        # The first page of each size as printed (made by the worker once
        # the flyer is published), in this page's language.
        context["thumbnails"] = [
            {"label": size_labels[size], "url": url}
            for size in SIZES
            if (url := thumbnail_url(self, size))
        ]
        if "download_form" not in context:
            from ..forms import FlyerDownloadForm

            context["download_form"] = FlyerDownloadForm(
                flyer=self, initial={"language": self.locale.language_code}
            )
        return context

    def get_cached_paths(self):
        """What the edge cache keeps of this flyer (purged on publish): the
        page, its business form and every PDF (their URLs stay the same
        when their content changes)."""
        return ["/", "download/"] + [f"{key}.pdf" for key, *_rest in self.pdf_files()]

    @property
    def pdf_urls(self):
        return {key: url for key, url, *_rest in self.pdf_files()}

    def qr_target(self, request=None):
        """Where the flyer's QR code leads by default: its campaign."""
        parent = self.get_parent()
        return parent.get_full_url(request) if parent else self.get_full_url(request)

    @re_path(
        r"^(?P<size>[a-z0-9]+)(?:-(?P<orientation>[a-z]+))?"
        r"-(?P<language>[a-z]{2,3})\.pdf/$"
    )
    def pdf(self, request, size, language, orientation=None):
        from ..views import flyer_pdf

        return flyer_pdf(request, self, size, language, orientation)

    @path("download/")
    @public_form
    def download(self, request):
        from ..views import flyer_download_form

        return flyer_download_form(request, self)

    @re_path(r"^copy-(?P<token>[\w-]+)\.pdf/$")
    def personal_pdf(self, request, token):
        from ..views import personal_flyer_pdf

        return personal_flyer_pdf(request, self, token)


class FlyerDownload(UpdatesConsent):
    """A business that said who they are when downloading a flyer (the form
    is optional: anyone can download without it).

    After the retention period the business's name, contact and email are
    blanked (``anonymised_at``); what the statistics count stays.

    "Email me about this campaign" ticked on the form is a request: the flow
    sends no email of its own, so one short email asks the address's owner
    to confirm (``cms.consent``); it counts once confirmed.
    """

    consent_link_name = "flyer"

    #: Names this business's own copy in its URL (no expiry: it works until
    #: the download is deleted or anonymised).
    COPY_LINK = SignedLink("campaigns.flyer-copy")

    class Sector(models.TextChoices):
        HOSPITALITY = "hospitality", _("Hotel or short-term rental")
        FOOD = "food", _("Restaurant, bar or café")
        TRANSPORT = "transport", _("Transport or gas station")
        HEALTH = "health", _("Health or beauty")
        RETAIL = "retail", _("Shop")
        COMMUNITY = "community", _("School, library or community centre")
        OTHER = "other", _("Other")

    flyer = models.ForeignKey(
        FlyerPage, on_delete=models.CASCADE, related_name="downloads"
    )
    size = models.CharField(_("size"), max_length=10)
    orientation = models.CharField(_("orientation"), max_length=10, blank=True)
    language = models.CharField(_("language"), max_length=2)
    business_name = models.CharField(_("business name"), max_length=120, blank=True)
    local_contact = models.CharField(_("local contact"), max_length=120, blank=True)
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, blank=True
    )
    city = models.CharField(_("city or town"), max_length=100, blank=True)
    province = models.CharField(_("province or territory"), max_length=2, blank=True)
    copies = models.PositiveIntegerField(_("copies"), default=1)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(
        _("downloaded at"), auto_now_add=True, db_index=True
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("flyer download")
        verbose_name_plural = _("flyer downloads")

    def __str__(self):
        return f"{self.flyer.title} – {self.business_name or self.city or self.pk}"

    def token(self):
        """Names this business's copy in its URL: signed (``cms.signing``),
        so nobody reads another business's details."""
        return self.COPY_LINK.token(self)

    @classmethod
    def consent_link_rows(cls):
        return cls.objects.filter(anonymised_at__isnull=True)

    @classmethod
    def from_token(cls, token):
        return cls.COPY_LINK.read(
            token,
            cls.objects.filter(anonymised_at__isnull=True).select_related("flyer"),
        )

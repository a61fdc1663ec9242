"""Printable awareness flyers: a PDF per size and language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField
from wagtail.models import Page

from ..flyer_blocks import FlyerBlock

#: CSS page sizes WeasyPrint knows, by the names organizers see.
SIZES = {"letter": "letter", "legal": "legal", "tabloid": "11in 17in", "a4": "A4"}
LANGUAGES = ("en", "fr")


class FlyerPage(RoutablePageMixin, Page):
    body = StreamField(FlyerBlock(), verbose_name=_("flyer"))
    landscape = models.BooleanField(
        _("landscape"), default=False, help_text=_("Print the flyer sideways.")
    )

    parent_page_types = ["campaigns.CampaignPage"]
    subpage_types = []
    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("landscape")]
    api_fields = [APIField("body"), APIField("pdf_urls")]

    class Meta:
        verbose_name = _("flyer")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sizes"] = [
            ("letter", _("Letter (8½ × 11 in)")),
            ("legal", _("Legal (8½ × 14 in)")),
            ("tabloid", _("Tabloid (11 × 17 in)")),
            ("a4", _("A4")),
        ]
        context["languages"] = [("en", "English"), ("fr", "Français")]
        return context

    @property
    def pdf_urls(self):
        return {
            f"{size}-{language}": f"{self.url}{size}-{language}.pdf"
            for size in SIZES
            for language in LANGUAGES
        }

    def qr_target(self, request=None):
        """Where the flyer's QR code leads by default: its campaign."""
        parent = self.get_parent()
        return parent.get_full_url(request) if parent else self.get_full_url(request)

    @re_path(r"^(?P<size>[\w-]+)-(?P<language>[\w-]+)\.pdf/$")
    def pdf(self, request, size, language):
        from ..views import flyer_pdf

        return flyer_pdf(request, self, size, language)

"""The site's own pages and settings: home, content pages, site identity."""

import re
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from .blocks import BodyBlock
from .brand import DEFAULT_COLOUR, validate_brand_colour
from .permissions import RolePermissionsMixin


class StreamPage(RolePermissionsMixin, Page):
    """What every page of the site has: an introduction and a StreamField body."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        abstract = True


class HomePage(StreamPage):
    """The front page of each language.

    Apps add their own sections (featured campaigns, upcoming events) through
    the ``home_page_sections`` hook, so that ``cms`` imports none of them.
    """

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = [
            html
            for section in hooks.get_hooks("home_page_sections")
            if (html := section(request, self))
        ]
        return context


class ContentPage(StreamPage):
    """A plain page: about, privacy, safety, any page an editor writes."""

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who runs the site and how to reach help: shown on every page.

    CASL requires the sender's name, mailing address and a contact in every
    commercial electronic message, so the emails read them from here too.
    """

    organisation_name = models.CharField(
        _("organisation name"), max_length=200, default="Networks of Care"
    )
    mailing_address = models.TextField(
        _("mailing address"),
        blank=True,
        help_text=_("Printed in the footer of every page and email (CASL)."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    crisis_line_name = models.CharField(
        _("crisis line name (English)"),
        max_length=200,
        default="Canadian Human Trafficking Hotline",
    )
    crisis_line_name_fr = models.CharField(
        _("crisis line name (French)"),
        max_length=200,
        default="Ligne d’urgence canadienne contre la traite des personnes",
    )
    crisis_line_number = models.CharField(
        _("crisis line number"), max_length=40, default="1-833-900-1010"
    )
    quick_exit_url = models.URLField(
        _("quick-exit destination"),
        default="https://www.theweathernetwork.com/ca",
        help_text=_(
            "A neutral site the quick-exit button leaves to. "
            "Choose one that raises no suspicion."
        ),
    )
    privacy_page = models.ForeignKey(
        Page,
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    safety_page = models.ForeignKey(
        Page,
        verbose_name=_("browsing-safety page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page on private browsing and clearing history."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Printed in a corner of flyers and at the top of letters. Its "
            "description is the organisation name."
        ),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[validate_brand_colour],
        help_text=_(
            "For headlines and bands on flyers and letters, for example #0b4f6c. "
            "It must be dark enough for text on white."
        ),
    )
    data_retention_days = models.PositiveIntegerField(
        _("data retention (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Personal data (RSVPs, letters, flyer downloads, names on town-hall "
            "questions) is anonymised this many days after it is last needed."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("mailing_address"),
                FieldPanel("contact_email"),
            ],
            heading=_("Organisation (shown in footers, required by CASL)"),
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("brand_colour")],
            heading=_("Look of printed flyers and letters"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("crisis_line_name"),
                FieldPanel("crisis_line_name_fr"),
                FieldPanel("crisis_line_number"),
            ],
            heading=_("Crisis line"),
        ),
        MultiFieldPanel(
            [FieldPanel("quick_exit_url"), FieldPanel("safety_page")],
            heading=_("Safety"),
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("data_retention_days")],
            heading=_("Privacy"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def crisis_line_label(self):
        if (get_language() or "en").startswith("fr"):
            return self.crisis_line_name_fr or self.crisis_line_name
        return self.crisis_line_name

    @property
    def crisis_line_tel(self):
        """The number as a ``tel:`` URI: digits only, with the leading plus."""
        digits = re.sub(r"\D", "", self.crisis_line_number)
        return f"+{digits}" if digits else ""


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran the heartbeat task (read by /healthz)."""

    name = models.CharField(max_length=100, unique=True)
    last_seen = models.DateTimeField()
    hostname = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self):
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class CanonicalTranslationMixin:
    """For pages whose records (registrations, letters) and logistics belong
    to the event or campaign, not to one language of its page: ``canonical``
    is the translation in the site's default language (else this page)."""

    @cached_property
    def canonical(self):
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return (
            type(self)
            .objects.filter(translation_key=self.translation_key, locale=default)
            .first()
            or self
        )


def new_secret():
    return secrets.token_hex(16)


class PersonalDataRequest(models.Model):
    """Someone asked, on the public "Your data" page, for a link to what the
    site holds about an email address (see ``cms/personal_data.py``).

    The row makes the link's email go exactly once (``sent_at`` is claimed
    before sending) and names the link (signed with ``secret``). It holds an
    address itself, so it lives only as long as its link works: it is
    deleted with the person's data, or by the retention run once the link
    has expired.
    """

    email = models.EmailField(_("email"), max_length=254, db_index=True)
    language = models.CharField(_("language"), max_length=2, default="en")
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("link sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        permissions = [
            (
                "manage_personal_data",
                "Can find, export and delete everything held about a person",
            )
        ]

    def __str__(self):
        return _("Request #%(number)s") % {"number": self.pk}

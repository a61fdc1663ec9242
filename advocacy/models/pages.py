"""The letter-writing campaign page organizers publish."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.cross_origin import public_form
from cms.models import CanonicalTranslationMixin
from cms.permissions import RolePermissionsMixin

from ..placeholders import PLACEHOLDERS, validate_template
from .representatives import Level


class Topic(models.TextChoices):
    LAW_REFORM = "law_reform", _("Law reform")
    FUNDING = "funding", _("Funding for survivor services")
    OTHER = "other", _("Other")


class Delivery(models.TextChoices):
    EMAIL = "email", _("Email to the office")
    PDF = "pdf", _("Printable letter (PDF)")
    BOTH = "both", _("Both")


PLACEHOLDER_HELP = _("Placeholders: ") + ", ".join(
    f"{{{name}}}" for name in PLACEHOLDERS
)


class LetterCampaignPageForm(WagtailAdminPageForm):
    target_levels = forms.MultipleChoiceField(
        label=_("Write to these elected offices"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.target_levels:
            self.initial["target_levels"] = self.instance.levels

    def clean_target_levels(self):
        return ",".join(self.cleaned_data["target_levels"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("target_levels") and not cleaned.get("fixed_targets"):
            self.add_error(
                "target_levels",
                _("Choose the elected offices to write to, or fixed targets, or both."),
            )
        return cleaned


class LetterCampaignPage(
    RolePermissionsMixin, CanonicalTranslationMixin, RoutablePageMixin, Page
):
    """A letter supporters send to their representatives (found from their
    postal code) and/or to fixed targets, from the organizer's template."""

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    target_levels = models.CharField(_("elected offices"), max_length=50, blank=True)
    fixed_targets = ParentalManyToManyField(
        "advocacy.FixedTarget",
        blank=True,
        verbose_name=_("fixed targets"),
        related_name="letter_campaigns",
    )
    subject_template = models.CharField(
        _("subject"),
        max_length=200,
        validators=[validate_template],
        help_text=PLACEHOLDER_HELP,
    )
    body_template = models.TextField(
        _("letter"), validators=[validate_template], help_text=PLACEHOLDER_HELP
    )
    allow_editing = models.BooleanField(
        _("supporters may edit the letter"), default=True
    )
    require_personal_paragraph = models.BooleanField(
        _("ask for a personal paragraph"), default=False
    )
    personal_paragraph_prompt = models.CharField(
        _("personal paragraph prompt"),
        max_length=300,
        blank=True,
        help_text=_("For example: Why does this matter to you?"),
    )
    min_words = models.PositiveIntegerField(_("fewest words"), default=0)
    max_words = models.PositiveIntegerField(
        _("most words"),
        default=1000,
        help_text=_("A letter to the editor: usually 250 words at most."),
    )
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.EMAIL
    )
    goal = models.PositiveIntegerField(_("goal (letters)"), default=100)
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "italic", "link"]
    )
    share_text = models.TextField(_("share text"), blank=True, max_length=500)
    related_campaign = models.ForeignKey(
        Page,
        verbose_name=_("related campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Under a campaign page, the campaign gathers it as it gathers its
    # flyers (campaigns/models/pages.py); named by string, as below.
    parent_page_types = ["cms.HomePage", "cms.ContentPage", "campaigns.CampaignPage"]
    subpage_types = []
    base_form_class = LetterCampaignPageForm

    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        FieldPanel("intro"),
        # The campaign page lists what is attached to it; its type is named
        # by string, so advocacy imports nothing from campaigns.
        PageChooserPanel("related_campaign", "campaigns.CampaignPage"),
        MultiFieldPanel(
            [FieldPanel("target_levels"), FieldPanel("fixed_targets")],
            heading=_("Recipients"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("subject_template"),
                FieldPanel("body_template"),
                FieldPanel("allow_editing"),
                FieldPanel("require_personal_paragraph"),
                FieldPanel("personal_paragraph_prompt"),
                FieldRowPanel([FieldPanel("min_words"), FieldPanel("max_words")]),
                FieldPanel("delivery"),
            ],
            heading=_("The letter"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("goal"),
                FieldPanel("thank_you_text"),
                FieldPanel("share_text"),
            ],
            heading=_("After sending"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("topic"),
        APIField("intro"),
        APIField("levels"),
        APIField("goal"),
        APIField("letters_sent"),
        APIField("share_text"),
    ]

    class Meta:
        verbose_name = _("letter campaign")

    def clean(self):
        super().clean()
        if self.min_words and self.max_words and self.min_words > self.max_words:
            raise ValidationError(
                {"max_words": _("Most words must be at least fewest words.")}
            )

    @property
    def prints_letters(self):
        """Whether supporters get a printable letter (which carries their
        return address, so the only reason to keep a postal code)."""
        return self.delivery in (Delivery.PDF, Delivery.BOTH)

    @property
    def levels(self):
        return [level for level in self.target_levels.split(",") if level]

    @property
    def letters_sent(self):
        from .letters import Letter

        return Letter.objects.filter(
            campaign__translation_key=self.translation_key,
            status=Letter.Status.CONFIRMED,
        ).count()

    @path("")
    @public_form
    def start(self, request):
        from ..views import campaign_start

        return campaign_start(request, self)

    @path("recipients/")
    @public_form
    def recipients(self, request):
        from ..views import choose_recipients

        return choose_recipients(request, self)

    @path("letter/")
    @public_form
    def letter(self, request):
        from ..views import write_letter

        return write_letter(request, self)

    @path("check-your-email/")
    def check_email(self, request):
        from ..views import check_your_email

        return check_your_email(request, self)

    @path("confirm/<str:token>/")
    def confirm(self, request, token):
        from ..views import confirm_letter

        return confirm_letter(request, self, token)

    @path("thank-you/")
    def thank_you(self, request):
        from ..views import thank_you

        return thank_you(request, self)

    @path("thank-you/<str:token>/")
    def thank_you_with_letter(self, request, token):
        from ..views import thank_you

        return thank_you(request, self, token)

    @path("letter-<str:token>.pdf/")
    def letter_pdf(self, request, token):
        from ..views import download_letter

        return download_letter(request, self, token)

    @path("delete/<str:token>/")
    def delete_letter(self, request, token):
        from ..views import delete_letter

        return delete_letter(request, self, token)

"""Campaigns: the page people are sent to, gathering events, letters and
(later) flyers, with progress computed from real counts."""

from django.core.cache import cache
from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import StreamPage
from cms.permissions import RolePermissionsMixin
from cms.sharing import share_links

from ..blocks import MediaKitBlock, SuggestedPostBlock, UpdateBlock

PROGRESS_CACHE_SECONDS = 300


class IssueArea(models.TextChoices):
    LAW_REFORM = "law_reform", _("Law reform")
    FUNDING = "funding", _("Funding for survivor services")
    AWARENESS = "awareness", _("Awareness")
    SUPPORT = "support", _("Support for Networks of Care")


class ProgressMeasure(models.TextChoices):
    LETTERS = "letters", _("Letters sent")
    RSVPS = "rsvps", _("People registered for events")
    FLYERS = "flyers", _("Flyer downloads")
    ALL = "all", _("All of these together")


class CampaignIndexPage(StreamPage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("campaign index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["campaigns"] = (
            CampaignPage.objects.live()
            .public()
            .child_of(self)
            .select_related("hero_image")
        )
        return context


class CampaignPage(RolePermissionsMixin, Page):
    issue_area = models.CharField(
        _("issue area"), max_length=20, choices=IssueArea.choices
    )
    summary = models.TextField(_("summary"), max_length=500)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("hero image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    goal = models.PositiveIntegerField(_("goal"), default=100)
    progress_measure = models.CharField(
        _("what counts toward the goal"),
        max_length=10,
        choices=ProgressMeasure.choices,
        default=ProgressMeasure.ALL,
    )
    updates = StreamField(
        [("update", UpdateBlock())], blank=True, verbose_name=_("updates")
    )
    suggested_posts = StreamField(
        [("post", SuggestedPostBlock())], blank=True, verbose_name=_("suggested posts")
    )
    hashtags = models.CharField(
        _("hashtags"),
        max_length=200,
        blank=True,
        help_text=_(
            "Separated by spaces, for example: #EndTrafficking #NetworksOfCare"
        ),
    )
    media_kit = StreamField(MediaKitBlock(), blank=True, verbose_name=_("media kit"))

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = ["campaigns.FlyerPage", "advocacy.LetterCampaignPage"]

    content_panels = Page.content_panels + [
        FieldPanel("issue_area"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Image")
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("goal"), FieldPanel("progress_measure")], heading=_("Goal")
        ),
        FieldPanel("updates"),
        MultiFieldPanel(
            [FieldPanel("suggested_posts"), FieldPanel("hashtags")],
            heading=_("Share kit"),
        ),
        FieldPanel("media_kit"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("issue_area"),
        APIField("summary"),
        APIField("body"),
        APIField("goal"),
        APIField("progress_measure"),
        APIField("progress"),
        APIField("updates"),
        APIField("hashtags"),
    ]

    class Meta:
        verbose_name = _("campaign")

    # --- what it gathers ---------------------------------------------------
    # Letter campaigns and events name one campaign page, usually the
    # original in the default language (a translation keeps its original's
    # relation, or has none): every translation of this campaign gathers them,
    # each shown in this page's language when that translation is live.
    def _tie(self):
        """The pages that hold the tie to this campaign (a Q): those whose
        relation points at one of its translations, and those placed under
        one of its translations (a letter campaign may live below it)."""
        return (
            Q(related_campaign__translation_key=self.translation_key)
            | self._under_a_translation()
        )

    def _tied(self, model):
        """Live, public pages of ``model`` tied to this campaign, in every
        language: the tie is held by one of them (``_tie``), and its
        translations share its key."""
        keys = model.objects.filter(self._tie()).values("translation_key")
        return model.objects.live().public().filter(translation_key__in=keys)

    def tied_pages(self):
        """Events and letter campaigns tied to this campaign, in every
        language (each shows the campaign's title and link)."""
        from advocacy.models import LetterCampaignPage
        from events.models import EventPage

        return [*self._tied(EventPage), *self._tied(LetterCampaignPage)]

    def _one_per_translation(self, pages, original):
        """``pages`` with one page per translation key: the one in this
        page's locale, else the ``original`` (a Q: the page that holds the
        tie), so a page not yet translated still shows, in its language."""
        candidates = pages.filter(Q(locale_id=self.locale_id) | original)
        preferred = (
            candidates.filter(translation_key=OuterRef("translation_key"))
            .order_by(Case(When(locale_id=self.locale_id, then=0), default=1), "pk")
            .values("pk")[:1]
        )
        return candidates.filter(pk=Subquery(preferred))

    def _gathered(self, model):
        return self._one_per_translation(self._tied(model), self._tie())

    def letter_campaigns(self):
        from advocacy.models import LetterCampaignPage

        return self._gathered(LetterCampaignPage).order_by("path")

    def upcoming_events(self):
        from django.utils import timezone

        from events.models import EventPage

        return (
            self._gathered(EventPage)
            .filter(end_at__gte=timezone.now())
            .order_by("start_at", "path")
        )

    def _flyer_keys(self, under):
        """Translation keys of the flyers under any translation of this
        campaign (flyers are its children, not tied by a relation)."""
        from .flyers import FlyerPage

        return FlyerPage.objects.filter(under).values("translation_key")

    def _under_a_translation(self):
        """Children of any translation of this campaign (a Q)."""
        children = Q(pk__in=[])
        for path, depth in Page.objects.filter(
            translation_key=self.translation_key
        ).values_list("path", "depth"):
            children |= Q(path__startswith=path, depth=depth + 1)
        return children

    def flyers(self):
        """Live, public flyers of this campaign, one per translation."""
        from .flyers import FlyerPage

        under = self._under_a_translation()
        return self._one_per_translation(
            FlyerPage.objects.live()
            .public()
            .filter(translation_key__in=self._flyer_keys(under)),
            under,
        ).order_by("path")

    def flyer_listing(self):
        from ..services.flyers import thumbnail_url

        return [
            {"page": flyer, "thumbnail": thumbnail_url(flyer)}
            for flyer in self.flyers()
        ]

    # --- progress ----------------------------------------------------------
    def count(self):
        """The real count toward the goal (not cached)."""
        from advocacy.models import Letter
        from events.models import EventPage, Registration

        total = 0
        if self.progress_measure in (ProgressMeasure.LETTERS, ProgressMeasure.ALL):
            from advocacy.models import LetterCampaignPage

            campaigns = self._tied(LetterCampaignPage).values("translation_key")
            total += Letter.objects.filter(
                campaign__translation_key__in=campaigns,
                status=Letter.Status.CONFIRMED,
            ).count()
        if self.progress_measure in (ProgressMeasure.RSVPS, ProgressMeasure.ALL):
            events = self._tied(EventPage).values("translation_key")
            total += (
                Registration.objects.filter(
                    event__translation_key__in=events,
                    status__in=(
                        Registration.Status.CONFIRMED,
                        Registration.Status.ATTENDED,
                    ),
                ).aggregate(people=models.Sum("party_size"))["people"]
                or 0
            )
        if self.progress_measure in (ProgressMeasure.FLYERS, ProgressMeasure.ALL):
            from .flyers import FlyerDownload

            # Downloads through the business form (plain downloads are not
            # counted: nothing about the visitor is recorded for them).
            total += FlyerDownload.objects.filter(
                flyer__translation_key__in=self._flyer_keys(self._under_a_translation())
            ).count()
        return total

    @property
    def progress(self):
        """Count, goal, percent and what is counted (``measure``: a
        ``ProgressMeasure``, which the page names: "12 letters sent of a
        goal of 250"), cached a few minutes (shared by processes).

        The campaign's goal is the one source of truth: a letter campaign or
        an event tied to the campaign shows this progress, not a goal of its
        own (templates/advocacy/progress.html)."""
        key = f"campaign-progress:{self.translation_key}:{self.progress_measure}"
        count = cache.get(key)
        if count is None:
            count = self.count()
            cache.set(key, count, PROGRESS_CACHE_SECONDS)
        goal = self.goal or 1
        return {
            "count": count,
            "goal": self.goal,
            "percent": min(100, round(100 * count / goal)),
            "measure": self.progress_measure,
        }

    # --- sharing -----------------------------------------------------------
    def share_links(self, url):
        """Plain links to share this page (``cms.sharing``)."""
        return share_links(self.title, url)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        full_url = request.build_absolute_uri(self.url)
        context.update(
            share_url=full_url,
            share_links=self.share_links(full_url),
            events=list(self.upcoming_events()[:6]),
            flyers=self.flyer_listing(),
            letter_campaigns=list(self.letter_campaigns()),
        )
        return context

"""Flyer downloads for organizers: totals per flyer, city and sector, a
daily chart, and the rows to export.

Only downloads made through the optional business form are recorded (a
plain download leaves no trace), so these are the businesses that said who
they are. A flyer's translations count as one flyer: a download through the
French page is a download of the same flyer.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from cms.admin_charts import daily_bar_chart
from cms.choices import Province

from ..models import CampaignPage, FlyerDownload, FlyerPage

#: Days the chart shows when no dates are chosen.
DEFAULT_CHART_DAYS = 30
#: A longer range is charted over its last days only (a bar a day).
MAX_CHART_DAYS = 366

#: Columns of the export, in order. What the form stores about a business,
#: less the local contact (printed on their copy, of no use to count) and
#: the email of anyone who did not consent to hear from us (and confirm it).
EXPORT_FIELDS = (
    "downloaded_at",
    "flyer",
    "campaign",
    "size",
    "language",
    "business_name",
    "sector",
    "city",
    "province",
    "copies",
    "consent_updates",
    "email",
)


@dataclass(frozen=True)
class DownloadFilter:
    """What the organizer asked for; ``None`` means "any"."""

    flyer: FlyerPage | None = None
    campaign: CampaignPage | None = None
    start: date | None = None
    end: date | None = None


def canonical(page):
    """``page``'s translation in the default language, else ``page``."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return (
        type(page)
        .objects.filter(translation_key=page.translation_key, locale=default)
        .first()
        or page
    )


def _local_midnight(day):
    return datetime.combine(day, time.min).replace(
        tzinfo=timezone.get_current_timezone()
    )


def downloads(filters=DownloadFilter()):
    """The recorded downloads that ``filters`` select (dates are local days,
    both ends included)."""
    rows = FlyerDownload.objects.all()
    if filters.flyer is not None:
        rows = rows.filter(flyer__translation_key=filters.flyer.translation_key)
    if filters.campaign is not None:
        campaigns = Page.objects.filter(
            translation_key=filters.campaign.translation_key
        )
        flyer_keys = set()
        for campaign in campaigns:
            flyer_keys.update(
                FlyerPage.objects.child_of(campaign).values_list(
                    "translation_key", flat=True
                )
            )
        rows = rows.filter(flyer__translation_key__in=flyer_keys)
    if filters.start is not None:
        rows = rows.filter(created_at__gte=_local_midnight(filters.start))
    if filters.end is not None and filters.end < date.max:
        rows = rows.filter(
            created_at__lt=_local_midnight(filters.end + timedelta(days=1))
        )
    return rows


def totals(rows):
    """Downloads and copies to post."""
    result = rows.aggregate(downloads=Count("pk"), copies=Sum("copies"))
    return {"downloads": result["downloads"], "copies": result["copies"] or 0}


def _tally(rows, *fields):
    return (
        rows.values(*fields)
        .annotate(downloads=Count("pk"), copies=Sum("copies"))
        .order_by()
    )


def _campaign_titles(flyers):
    """Title of each flyer's campaign (its parent page), by flyer pk."""
    parent_paths = {flyer.pk: flyer.path[: -Page.steplen] for flyer in flyers}
    titles = dict(
        Page.objects.filter(path__in=set(parent_paths.values())).values_list(
            "path", "title"
        )
    )
    return {pk: titles.get(path, "") for pk, path in parent_paths.items()}


def per_flyer(rows):
    """Downloads and copies per flyer (its translations together), most
    downloaded first; each with the flyer in the default language and its
    campaign's title."""
    tally = list(_tally(rows, "flyer__translation_key"))
    keys = [row["flyer__translation_key"] for row in tally]
    default = Locale.get_default()
    flyers = {}
    for flyer in FlyerPage.objects.filter(translation_key__in=keys).order_by("pk"):
        current = flyers.get(flyer.translation_key)
        if current is None or (
            flyer.locale_id == default.pk and current.locale_id != default.pk
        ):
            flyers[flyer.translation_key] = flyer
    campaigns = _campaign_titles(flyers.values())
    result = []
    for row in tally:
        flyer = flyers[row["flyer__translation_key"]]
        result.append(
            {
                "flyer": flyer,
                "title": flyer.title,
                "campaign": campaigns.get(flyer.pk, ""),
                "downloads": row["downloads"],
                "copies": row["copies"] or 0,
            }
        )
    return sorted(
        result, key=lambda item: (-item["downloads"], -item["copies"], item["title"])
    )


def _city_key(city):
    return " ".join(city.split()).casefold()


def per_city(rows):
    """Downloads and copies per city and province, most downloaded first.

    Cities are typed by the public: "Ottawa", " ottawa" and "OTTAWA" are one
    city, shown as it was spelled most often. A download without a city
    counts as "City not given"."""
    groups = defaultdict(lambda: {"downloads": 0, "copies": 0, "spellings": {}})
    for row in _tally(rows, "city", "province"):
        spelled = " ".join(row["city"].split())
        group = groups[(_city_key(row["city"]), row["province"])]
        group["downloads"] += row["downloads"]
        group["copies"] += row["copies"] or 0
        group["spellings"][spelled] = (
            group["spellings"].get(spelled, 0) + row["downloads"]
        )
    result = []
    for (key, province), group in groups.items():
        # The most used spelling; between equals, "Ottawa" over "ottawa" or
        # "OTTAWA".
        spelled = max(
            group["spellings"],
            key=lambda name: (
                group["spellings"][name],
                name != name.lower() and name != name.upper(),
                name,
            ),
        )
        result.append(
            {
                "city": spelled if key else "",
                "city_label": spelled if key else _("City not given"),
                "province": province,
                "province_label": province_label(province),
                "downloads": group["downloads"],
                "copies": group["copies"],
            }
        )
    return sorted(
        result,
        key=lambda item: (
            -item["downloads"],
            -item["copies"],
            not item["city"],
            item["city"].casefold(),
            item["province"],
        ),
    )


def province_label(code):
    if not code:
        return _("Province not given")
    try:
        return str(Province(code).label)
    except ValueError:
        return code


def sector_label(value):
    if not value:
        return _("Sector not given")
    try:
        return str(FlyerDownload.Sector(value).label)
    except ValueError:
        return value


def per_sector(rows):
    """Downloads and copies per sector, most downloaded first."""
    result = [
        {
            "sector": row["sector"],
            "label": sector_label(row["sector"]),
            "downloads": row["downloads"],
            "copies": row["copies"] or 0,
        }
        for row in _tally(rows, "sector")
    ]
    return sorted(
        result,
        key=lambda item: (-item["downloads"], -item["copies"], not item["sector"]),
    )


def chart(rows, filters=DownloadFilter(), today=None):
    """Downloads per day over the chosen dates, for
    ``cms/admin/daily_bar_chart.html``: the last 30 days when none are
    chosen, and the last ``MAX_CHART_DAYS`` of a longer range."""
    today = today or timezone.localdate()
    if filters.end is not None:
        last = filters.end
    elif filters.start is not None:
        last = max(today, filters.start)
    else:
        last = today
    first = filters.start or last - timedelta(days=DEFAULT_CHART_DAYS - 1)
    days = (last - first).days + 1
    # The bars begin at ``first``: it must be a real date.
    days = min(days, MAX_CHART_DAYS, (last - date.min).days + 1)
    result = daily_bar_chart(rows, "created_at", days=days, today=last)
    result["shortened"] = result["first"] > first
    return result


def export_rows(rows):
    """One dict per download for CSV/XLSX (keys: ``EXPORT_FIELDS``), oldest
    first. The email is given only with the consent to updates, confirmed
    by the address's owner (``cms.consent``): a ticked box is not enough."""
    flyer_ids = set(rows.values_list("flyer_id", flat=True).distinct())
    campaigns = _campaign_titles(FlyerPage.objects.filter(pk__in=flyer_ids))
    for download in (
        rows.select_related("flyer").order_by("created_at", "pk").iterator(2000)
    ):
        yield {
            "downloaded_at": download.created_at,
            "flyer": download.flyer.title,
            "campaign": campaigns.get(download.flyer_id, ""),
            "size": download.size,
            "language": download.language,
            "business_name": download.business_name,
            "sector": sector_label(download.sector) if download.sector else "",
            "city": download.city,
            "province": download.province,
            "copies": download.copies,
            "consent_updates": _("yes") if download.has_consent else _("no"),
            "email": download.email if download.has_consent else "",
        }

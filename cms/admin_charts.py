"""A small server-rendered bar chart for admin dashboards (no JavaScript,
no chart library): how many rows a day, over the last days."""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone


def daily_bar_chart(queryset, date_field, days=30, today=None):
    """Rows of ``queryset`` per day of ``date_field`` over the last ``days``
    days (today included, in the current time zone), laid out as bars for
    ``cms/admin/daily_bar_chart.html``."""
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    zone = timezone.get_current_timezone()
    since = datetime.combine(first, time.min).replace(tzinfo=zone)
    per_day = dict(
        queryset.filter(**{f"{date_field}__gte": since})
        .annotate(day=TruncDate(date_field, tzinfo=zone))
        .values_list("day")
        .annotate(total=Count("pk"))
        .order_by()
    )
    values = [
        (first + timedelta(days=offset), per_day.get(first + timedelta(days=offset), 0))
        for offset in range(days)
    ]
    peak = max((count for _day, count in values), default=0)
    scale_max = max(peak, 1)
    left, top, plot_height, step, bar_width = 36, 8, 120, 20, 14
    bars = []
    for index, (day, count) in enumerate(values):
        height = round(plot_height * count / scale_max, 1)
        bars.append(
            {
                "day": day,
                "count": count,
                "x": left + index * step + (step - bar_width) / 2,
                "y": top + plot_height - height,
                "width": bar_width,
                "height": height,
                "label_x": left + index * step + step / 2,
                # A label a week apart, counting back from today.
                "show_label": (days - 1 - index) % 7 == 0,
            }
        )
    busiest = max(values, key=lambda value: value[1]) if peak else None
    return {
        "bars": bars,
        "total": sum(count for _day, count in values),
        "peak": peak,
        "busiest": busiest,
        "days": days,
        "first": first,
        "last": today,
        "width": left + days * step + 8,
        "height": top + plot_height + 28,
        "left": left,
        "top": top,
        "baseline": top + plot_height,
        "label_y": top + plot_height + 18,
        "right": left + days * step,
    }

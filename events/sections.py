"""The home page's "upcoming events" section (cms declares the hook)."""

from django.template.loader import render_to_string
from django.utils import timezone

from .models import EventPage

UPCOMING_ON_HOME = 3


def upcoming_events_section(request, home):
    events = list(
        EventPage.objects.live()
        # A join, not .public(): that loads every restriction in a query of
        # its own, and the home page has a budget of 10 queries.
        .filter(view_restrictions__isnull=True)
        .descendant_of(home)
        .filter(end_at__gte=timezone.now(), is_cancelled=False)
        .order_by("start_at")[:UPCOMING_ON_HOME]
    )
    if not events:
        return None
    index = events[0].get_parent()
    return render_to_string(
        "events/home_section.html",
        {"events": events, "index": index},
        request=request,
    )

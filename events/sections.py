"""The home page's "upcoming events" section (cms declares the hook)."""

from django.template.loader import render_to_string
from django.utils import timezone

from cms.restrictions import without_view_restrictions

from .models import EventPage

UPCOMING_ON_HOME = 3


def upcoming_events_section(request, home):
    # Public events only: none under a private index (a support group).
    # Not .public(), which costs a query of its own (the home page has a
    # budget of 10 queries).
    events = list(
        without_view_restrictions(EventPage.objects.live().descendant_of(home))
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

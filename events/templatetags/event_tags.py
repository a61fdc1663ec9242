"""Template filters for events: time zones as each language writes them."""

from django import template

from ..services.calendar import zone_abbreviation

register = template.Library()


@register.filter
def zone_abbr(moment, zone_name):
    """``{{ event.end_at|zone_abbr:event.time_zone }}``: "EST" in English,
    "HNE" in French (the active language)."""
    return zone_abbreviation(moment, zone_name)

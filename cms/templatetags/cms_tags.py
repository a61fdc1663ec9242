"""Template tags for the page chrome: language switch, menu, footer links."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

register = template.Library()


def _site_home(request):
    """The home page in the active language (cached on the request)."""
    if not hasattr(request, "_cms_home"):
        site = Site.find_for_request(request)
        request._cms_home = site.root_page.localized.specific if site else None
    return request._cms_home


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """One link per language, to this page's translation where it has one.

    Wagtail pages link to their live translation, other views to the same
    URL in the other language, and a page without a translation to the
    other language's home page.
    """
    request = context["request"]
    current = get_language()
    page = context.get("page")
    by_language = {}
    if isinstance(page, Page) and page.pk:
        for translation in (
            page.get_translations(inclusive=True).live().select_related("locale")
        ):
            by_language[translation.locale.language_code] = translation.url
    site = Site.find_for_request(request)
    homes = {}
    if site and len(by_language) < len(settings.LANGUAGES):
        for home in (
            site.root_page.get_translations(inclusive=True)
            .live()
            .select_related("locale")
        ):
            homes[home.locale.language_code] = home.url
    links = []
    for code, name in settings.LANGUAGES:
        if code in by_language:
            url = by_language[code]
        elif isinstance(page, Page) and page.pk:
            url = homes.get(code, f"/{code}/")
        else:
            url = translate_url(request.get_full_path(), code)
            if url == request.get_full_path() and code != current:
                url = homes.get(code, f"/{code}/")
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    home = _site_home(request)
    items = list(home.get_children().live().public().in_menu()) if home else []
    current = context.get("page")
    return {
        "home": home,
        "items": items,
        "current_path": current.path if isinstance(current, Page) else "",
    }


@register.simple_tag(takes_context=True)
def home_url(context):
    home = _site_home(context["request"])
    return home.url if home else f"/{get_language()}/"


@register.simple_tag
def localized_url(page):
    """URL of ``page`` in the active language, or "" when it is not live."""
    if not page:
        return ""
    page = page.localized
    return page.url if page.live else ""

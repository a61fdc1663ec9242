"""Template tags for the page chrome: language switch, menu, footer links.

Every public page shows the same chrome, so its cost counts on every page:
the menu and the language switch come from one query together (see
``_chrome_pages``).
"""

from django import template
from django.conf import settings
from django.db.models import Q
from django.forms import BaseForm, BaseFormSet
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

from cms.models import SiteSettings

register = template.Library()


def _home_path(context):
    """Tree path of the home page in the active language.

    On a page it is read off the page's own path, without a query; elsewhere
    it is the path of the translation of the site's root page.
    """
    page = context.get("page")
    if isinstance(page, Page) and page.depth >= 2:
        return page.path[: Page.steplen * 2]
    site = Site.find_for_request(context["request"])
    return site.root_page.localized.path if site else None


def _chrome_pages(context):
    """The menu items, this page's translations and the footer's privacy and
    safety pages in the active language, all from one query.

    Cached on the request: the menu, the language switch and the footer all
    use it.
    """
    request = context["request"]
    if hasattr(request, "_cms_chrome"):
        return request._cms_chrome
    language = get_language()
    page = context.get("page")
    is_page = isinstance(page, Page) and page.pk
    home_path = _home_path(context)
    site_settings = SiteSettings.for_request(request)
    linked = {
        "privacy": site_settings.privacy_page_id,
        "safety": site_settings.safety_page_id,
    }
    linked_ids = [pk for pk in linked.values() if pk]

    wanted = Q(pk__in=linked_ids)
    if home_path:
        # Pages with their own view restriction stay out of the menu.
        wanted |= Q(
            depth=3,
            path__startswith=home_path,
            show_in_menus=True,
            view_restrictions__isnull=True,
        )
    if is_page:
        wanted |= Q(translation_key=page.translation_key)
    if linked_ids:
        wanted |= Q(
            translation_key__in=Page.objects.filter(pk__in=linked_ids).values(
                "translation_key"
            ),
            locale__language_code=language,
        )

    menu, translations, key_of, in_language = [], {}, {}, {}
    rows = Page.objects.live().filter(wanted).select_related("locale").order_by("path")
    for row in rows:
        code = row.locale.language_code
        if is_page and row.translation_key == page.translation_key:
            translations[code] = row
        if home_path and row.depth == 3 and row.path.startswith(home_path):
            if row.show_in_menus:
                menu.append(row)
        if row.pk in linked_ids:
            key_of[row.pk] = row.translation_key
        if code == language:
            in_language[row.translation_key] = row
    footer = {
        name: in_language[key_of[pk]].url if key_of.get(pk) in in_language else ""
        for name, pk in linked.items()
    }
    request._cms_chrome = {
        "home_path": home_path,
        "menu": menu,
        "translations": translations,
        "footer": footer,
    }
    return request._cms_chrome


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """One link per language, to this page's translation where it has one.

    Wagtail pages link to their live translation, other views to the same
    URL in the other language, and anything without a translation to the
    other language's home page. A view of a routable page below the page's
    own URL (an RSVP's manage page) sets ``translation_subpath`` (its route
    below the page, such as ``manage/<token>/``) to stay on that view.
    """
    request = context["request"]
    current = get_language()
    page = context.get("page")
    translations = _chrome_pages(context)["translations"]
    subpath = context.get("translation_subpath", "")
    links = []
    for code, name in settings.LANGUAGES:
        home = f"/{code}/"
        if code in translations:
            url = translations[code].url + subpath
        elif isinstance(page, Page) and page.pk:
            url = home
        else:
            url = translate_url(request.get_full_path(), code)
            if url == request.get_full_path() and code != current:
                url = home
        links.append(
            {"code": code, "name": name, "url": url, "current": code == current}
        )
    return {"links": links}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's children marked "show in menus", in the active language."""
    chrome = _chrome_pages(context)
    current = context.get("page")
    return {
        "home_url": home_url(context),
        "home_path": chrome["home_path"],
        "items": chrome["menu"],
        "current_path": current.path if isinstance(current, Page) else "",
    }


@register.simple_tag(takes_context=True)
def home_url(context):
    """The home page of the active language: Wagtail serves the translations
    of the site root at each language prefix."""
    return reverse("wagtail_serve", args=("",))


@register.simple_tag(takes_context=True)
def linked_page_url(context, name):
    """URL of the privacy or safety page of site settings, in the active
    language; "" when none is set or it is not live."""
    return _chrome_pages(context)["footer"].get(name, "")


@register.simple_tag
def field_widget(field):
    """A form field's input, pointing at its hint and error for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


# --- Errors you can see (GOV.UK's error summary, issue 12 item 3) ------------
def _refused(value):
    """A bound form or formset that was refused (has errors).

    ``type()``, not ``isinstance()``: isinstance reads ``__class__``, which
    evaluates the context's lazy objects (the CSRF token, the user), and
    that sets a cookie and reads the session on every page, which would
    make every page private to the page cache and the proxy."""
    kind = type(value)
    if issubclass(kind, BaseForm):
        return value.is_bound and bool(value.errors)
    if issubclass(kind, BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def page_has_errors(context):
    """True when the page shows an error summary: some bound form in the
    context was refused, or the view passed an ``error`` message (a refusal
    that is no form's, shown with ``includes/form_errors.html``'s
    ``refusal``).

    base.html starts the page title with "Error: " when it is true, as GOV.UK
    and Canada.ca do, so a screen reader announces the refusal first. Read
    off the context that the page renders with, so no view has to say it."""
    values = context.flatten().values()
    if any(_refused(value) for value in values):
        return True
    error = context.get("error")
    return isinstance(error, str) and bool(error)


@register.simple_tag(takes_context=True)
def error_summary_takes_focus(context):
    """True for the first error summary of the page, false after.

    That summary gets HTML's ``autofocus``: the browser focuses it, and
    scrolls it into view, as the page opens, with or without JavaScript (a
    page may hold only one ``autofocus``). Remembered on the request, which
    the page's templates and includes share."""
    holder = context.get("request") or context
    if getattr(holder, "_error_summary_focused", False):
        return False
    try:
        holder._error_summary_focused = True
    except AttributeError:  # no request and a context that takes no attribute
        pass
    return True

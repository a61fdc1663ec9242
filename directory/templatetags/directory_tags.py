from django import template

from ..forms import LANGUAGES

register = template.Library()
LANGUAGE_NAMES = dict(LANGUAGES)


@register.filter
def language_names(service):
    """The service's languages by name, in the visitor's language."""
    return [
        str(LANGUAGE_NAMES.get(language.code, language.code))
        for language in service.languages.all()
    ]

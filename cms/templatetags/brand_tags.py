"""The organisation's logo and brand colour in printed documents."""

from django import template
from wagtail.models import Site

from cms.brand import print_brand as brand_of
from cms.models import SiteSettings

register = template.Library()


@register.simple_tag
def print_brand():
    """``{% print_brand as brand %}``: the default site's brand
    (cms.brand.print_brand), for templates rendered outside a request
    (PDFs in the worker)."""
    site = Site.objects.filter(is_default_site=True).first()
    return brand_of(SiteSettings.for_site(site) if site else SiteSettings())

"""The organisation's look on what it prints: its logo and brand colour
(site settings), on flyers and letters.

The brand colour is printed as text on white and as a band behind white
text, so it must contrast with white as text needs to (WCAG 2.1 AA,
4.5:1): a lighter colour is refused when the settings are saved, with a
message that says how far off it is. Such a colour also stays dark when a
flyer is printed in black and white, so the headline and hotline still
stand out.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_COLOUR = "#0b4f6c"
MINIMUM_CONTRAST = 4.5
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Enough pixels for a logo printed up to about 3 × 1.5 in at 150 dpi and up.
LOGO_RENDITION = "max-900x450"


def relative_luminance(colour):
    """WCAG 2.1's relative luminance of ``#rrggbb``."""
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(
            value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        )
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(colour):
    return 1.05 / (relative_luminance(colour) + 0.05)


def validate_brand_colour(value):
    if not _HEX.match(value or ""):
        raise ValidationError(
            _("Enter the colour as # and six hexadecimal digits, for example #0b4f6c."),
            code="format",
        )
    ratio = contrast_with_white(value)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "This colour is too light for text on white: its contrast is "
                "%(ratio).1f:1 and at least 4.5:1 is needed (WCAG AA). Choose a "
                "darker shade."
            ),
            code="contrast",
            params={"ratio": ratio},
        )


def print_brand(site_settings):
    """What a printed document needs of the brand: ``{"colour": "#…",
    "logo": {"url", "alt", "key"} or None}``. The logo is a rendition (the
    original upload may be huge), under ``/media/`` where the PDF
    renderer's fetcher reads it; ``key`` names it in stored PDFs' names."""
    colour = site_settings.brand_colour or ""
    if not _HEX.match(colour):  # printed into a stylesheet: nothing else
        colour = DEFAULT_COLOUR
    logo = None
    image = site_settings.logo
    if image is not None:
        rendition = image.get_rendition(LOGO_RENDITION)
        logo = {
            "url": rendition.url,
            "alt": site_settings.organisation_name,
            "key": rendition.file.name,
        }
    return {"colour": colour, "logo": logo}

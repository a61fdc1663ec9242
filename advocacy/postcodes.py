"""Canadian postal codes: forgiving about how they are typed, strict about
what they are.

Accepted: ``a1a1a1``, ``A1A 1A1``, extra spaces, a hyphen (``A1A-1A1``).
Refused, each with a message that says why: the wrong shape, any of the
letters D, F, I, O, Q, U (Canada Post never uses them), W or Z as the first
letter.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NEVER_USED = set("DFIOQU")
NEVER_FIRST = set("WZ")
SHAPE = re.compile(r"^[A-Z][0-9][A-Z][0-9][A-Z][0-9]$")
SEPARATORS = re.compile(r"[\s\-]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

EXAMPLE = "K1A 0B1"


class InvalidPostalCode(ValidationError):
    """A postal code that is not one; its message says what one looks like."""


def normalise_postal_code(text):
    """``" k1a-0b1 "`` -> ``"K1A0B1"``; raises InvalidPostalCode."""
    if text is None:
        text = ""
    compact = SEPARATORS.sub("", str(text)).upper()
    if not compact:
        raise InvalidPostalCode(
            _("Enter your postal code, for example %(example)s."),
            params={"example": EXAMPLE},
            code="required",
        )
    # A letter O typed for a zero is the commonest slip: say so first.
    unused = sorted(NEVER_USED & set(compact))
    if unused and len(compact) == 6 and compact.isalnum():
        raise InvalidPostalCode(
            _(
                "Canadian postal codes never use the letters D, F, I, O, Q or U "
                "(you typed %(letters)s). Check for a zero or a one typed as a "
                "letter, for example %(example)s."
            ),
            params={"letters": ", ".join(unused), "example": EXAMPLE},
            code="letters",
        )
    if not SHAPE.match(compact):
        raise InvalidPostalCode(
            _(
                "“%(value)s” is not a Canadian postal code. A postal code is six "
                "characters, letter-digit-letter digit-letter-digit, for example "
                "%(example)s."
            ),
            params={
                "value": CONTROL.sub("", str(text)).strip()[:20],
                "example": EXAMPLE,
            },
            code="shape",
        )
    if compact[0] in NEVER_FIRST:
        raise InvalidPostalCode(
            _("No Canadian postal code starts with W or Z, for example %(example)s."),
            params={"example": EXAMPLE},
            code="first_letter",
        )
    return compact


def format_postal_code(code):
    """``"K1A0B1"`` -> ``"K1A 0B1"``."""
    return f"{code[:3]} {code[3:]}"


def forward_sortation_area(code):
    """The first three characters: the area a postal code belongs to."""
    return code[:3]


#: The province or territory of a postal code's first letter (Canada Post's
#: districts). X is shared by the Northwest Territories and Nunavut, so it
#: gives none.
PROVINCE_BY_FIRST_LETTER = {
    "A": "NL",
    "B": "NS",
    "C": "PE",
    "E": "NB",
    "G": "QC",
    "H": "QC",
    "J": "QC",
    "K": "ON",
    "L": "ON",
    "M": "ON",
    "N": "ON",
    "P": "ON",
    "R": "MB",
    "S": "SK",
    "T": "AB",
    "V": "BC",
    "Y": "YT",
}


def province_of(code):
    """``"K1A0B1"`` -> ``"ON"``; ``""`` when the first letter does not say."""
    return PROVINCE_BY_FIRST_LETTER.get((code or "")[:1].upper(), "")

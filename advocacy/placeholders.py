"""The small placeholder language of letter templates.

Organizers write ``{representative_name}``, ``{district}``,
``{supporter_name}``... Substitution is plain text, in one pass: a value is
never read again for placeholders, and templates never go near Django's
template engine, so ``{{ settings.SECRET_KEY }}`` or ``{% debug %}`` typed
by anyone stays those characters. Escaping happens on output (HTML email,
PDF), like any other text.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = {
    "representative_name": _("the recipient’s full name"),
    "representative_first_name": _("the recipient’s first name"),
    "representative_last_name": _("the recipient’s last name"),
    "representative_title": _("the recipient’s office (MP, MPP, Councillor…)"),
    "district": _("the recipient’s district or riding"),
    "party": _("the recipient’s party"),
    "salutation": _(
        "the greeting for the recipient, without its comma: “Dear Ada Lovelace”, "
        "in French “Madame la députée, Monsieur le député”"
    ),
    "supporter_name": _("the supporter’s name"),
    "supporter_city": _("the supporter’s city or town"),
    "supporter_province": _("the supporter’s province or territory"),
    "campaign_title": _("the campaign’s title"),
}
#: Filled per recipient; left in place when the supporter edits the letter.
RECIPIENT_PLACEHOLDERS = {
    "salutation",
    "representative_name",
    "representative_first_name",
    "representative_last_name",
    "representative_title",
    "district",
    "party",
}
TOKEN = re.compile(r"\{([a-z_]+)\}")
ANY_BRACES = re.compile(r"\{[^{}\n]{0,60}\}")


def validate_template(text):
    """Refuse unknown placeholders, listing the valid ones."""
    unknown = sorted(
        {
            match.group(0)
            for match in ANY_BRACES.finditer(text or "")
            if (token := TOKEN.fullmatch(match.group(0))) is None
            or token.group(1) not in PLACEHOLDERS
        }
    )
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(unknown)s. Valid placeholders: %(valid)s."),
            params={
                "unknown": ", ".join(unknown),
                "valid": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            },
            code="unknown_placeholder",
        )


def fill(text, values, only=None):
    """Replace known placeholders with ``values`` (plain text, one pass).

    ``only`` limits which placeholders are filled; others stay as typed.
    """

    def replace(match):
        name = match.group(1)
        if name in values and (only is None or name in only):
            return str(values[name])
        return match.group(0)

    return TOKEN.sub(replace, text or "")

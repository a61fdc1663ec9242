"""Who one letter may go to: the rule every step of the journey applies.

A supporter may write only to the people their postal code matched (at the
campaign's levels, in office) and to the campaign's fixed targets, at most
``ADVOCACY_MAX_RECIPIENTS`` of them, and on an email-only campaign only to
people with an email address. The browser posts ids back at each step; they
are never trusted: the recipients step, the letter step and
:func:`~advocacy.services.letters.submit_letter` each ask :func:`offer` again
(Represent's answer is cached, so this costs a cache read).

A postal code that finds nobody at the campaign's levels (too new for our
sources, or the lookup service down) is no dead end: the supporter may pick
their representative from a list of the offices the campaign targets
(:func:`listed_representatives`), having checked it on an official finder
(:mod:`advocacy.finders`).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Representative
from ..models.representatives import Level
from ..postcodes import normalise_postal_code, province_of
from .represent import Lookup, find_representatives


class RecipientError(Exception):
    """A choice of recipients the campaign does not allow; ``str()`` is the
    message shown to the supporter."""


@dataclass
class Offer:
    """The people one postal code may write to in one campaign."""

    postal_code: str
    lookup: Lookup
    representatives: list = field(default_factory=list)
    fixed_targets: list = field(default_factory=list)
    #: When the postal code matched nobody at the campaign's levels: the
    #: representatives the supporter may pick from instead.
    listed: list = field(default_factory=list)
    #: The campaign's levels (federal, provincial, municipal).
    levels: tuple = ()

    @property
    def unmatched(self):
        """The campaign writes to elected offices and the postal code found
        nobody in them."""
        return bool(self.levels) and not self.representatives

    @property
    def people(self):
        return self.representatives + self.listed + self.fixed_targets

    def listed_by_level(self):
        """``[(level, [representatives])]`` for the pick-list, one list a
        level ("federal", "provincial")."""
        groups = {}
        for person in self.listed:
            groups.setdefault(person.level, []).append(person)
        return list(groups.items())


#: The start of the boundary sets of each province's legislature, as Open
#: North's Represent names them ("ontario-electoral-districts"): a pick-list
#: of provincial members shows only those of the postal code's province.
PROVINCIAL_BOUNDARY_SETS = {
    "NL": "newfoundland",
    "NS": "nova-scotia",
    "PE": "prince-edward-island",
    "NB": "new-brunswick",
    "QC": "quebec",
    "ON": "ontario",
    "MB": "manitoba",
    "SK": "saskatchewan",
    "AB": "alberta",
    "BC": "british-columbia",
    "YT": "yukon",
    "NT": "northwest-territories",
    "NU": "nunavut",
}


def listed_representatives(levels, postal_code):
    """The representatives in office that a supporter whose postal code
    matched nobody may pick from: every MP for a federal campaign; the
    members of the postal code's own legislature for a provincial one
    (both territories' for an X code). Municipal councils are too many to
    list: for them the supporter is pointed to their council."""
    people = Representative.objects.filter(is_active=True).select_related("district")
    wanted = Representative.objects.none()
    if Level.FEDERAL in levels:
        wanted |= people.filter(level=Level.FEDERAL)
    if Level.PROVINCIAL in levels:
        province = province_of(postal_code)
        provinces = [province] if province else ["NT", "NU"]
        for code in provinces:
            wanted |= people.filter(
                level=Level.PROVINCIAL,
                district__boundary_set__startswith=PROVINCIAL_BOUNDARY_SETS[code],
            )
    return list(wanted.order_by("level", "district__name", "name"))


def max_recipients():
    return settings.ADVOCACY_MAX_RECIPIENTS


def offer(campaign, postal_code):
    """What the recipients step shows for ``postal_code`` (however typed).

    Raises ``InvalidPostalCode``. ``campaign`` is the canonical page (its
    levels and fixed targets). A campaign with fixed targets only asks
    Represent nothing."""
    code = normalise_postal_code(postal_code)
    levels = set(campaign.levels)
    if levels:
        lookup = find_representatives(code)
    else:
        lookup = Lookup(postal_code=code, source="none")
    representatives = [
        person
        for person in lookup.representatives
        if person.level in levels and person.is_active
    ]
    found = Offer(
        postal_code=code,
        lookup=lookup,
        representatives=representatives,
        fixed_targets=list(campaign.fixed_targets.all()),
        levels=tuple(sorted(levels)),
    )
    if found.unmatched:
        found.listed = listed_representatives(levels, code)
    return found


def choose(campaign, postal_code, representative_ids=(), target_ids=()):
    """The people chosen by their posted ids, in the order offered.

    Raises ``InvalidPostalCode`` for the postal code and
    :class:`RecipientError` for a choice the campaign does not allow."""
    offered = offer(campaign, postal_code)
    # A pick-list left on "Choose..." posts an empty value.
    wanted = {("representative", str(pk)) for pk in representative_ids if pk}
    wanted |= {("target", str(pk)) for pk in target_ids if pk}
    return _checked(campaign, offered, wanted)


def check(campaign, postal_code, recipients):
    """``recipients`` (Representative and FixedTarget objects), checked
    against what ``postal_code`` offers; answers them in the order offered.
    Raises like :func:`choose`."""
    wanted = {_key(person) for person in recipients}
    return _checked(campaign, offer(campaign, postal_code), wanted)


def _key(person):
    if isinstance(person, Representative):
        return ("representative", str(person.pk))
    return ("target", str(person.pk))


def _checked(campaign, offered, wanted):
    if not wanted:
        raise RecipientError(_("Choose at least one person to write to."))
    by_key = {_key(person): person for person in offered.people}
    if not wanted <= set(by_key):
        raise RecipientError(
            _("Choose only among the people listed for your postal code.")
        )
    chosen = [person for key, person in by_key.items() if key in wanted]
    limit = max_recipients()
    if len(chosen) > limit:
        raise RecipientError(
            ngettext(
                "Choose at most %(count)s person for one letter.",
                "Choose at most %(count)s people for one letter.",
                limit,
            )
            % {"count": limit}
        )
    if campaign.delivery == "email":
        without = [person.name for person in chosen if not person.email]
        if without:
            raise RecipientError(
                ngettext(
                    "%(names)s has no email address on file, and this campaign "
                    "sends letters by email: choose someone else.",
                    "%(names)s have no email address on file, and this campaign "
                    "sends letters by email: choose someone else.",
                    len(without),
                )
                % {"names": ", ".join(without)}
            )
    return chosen

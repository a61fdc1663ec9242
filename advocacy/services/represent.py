"""Postal code -> representatives, through Open North's Represent API.

Represent's own advice: a postal code can span districts, so both its
``representatives_centroid`` (the district at the code's centre) and
``representatives_concordance`` (every district the code touches) are
offered, and the supporter chooses. Answers are cached in Redis for a day;
at most REPRESENT_RATE_PER_MINUTE requests a minute leave this site (their
usage limit), each with a REPRESENT_TIMEOUT. When Represent cannot be
reached, answers come from the local table (``PostalCodeArea``), with a
message saying so.
"""

import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from ..models import PostalCodeArea, Representative
from ..postcodes import (
    format_postal_code,
    forward_sortation_area,
    normalise_postal_code,
)
from .outbound import read_capped
from .representatives import (
    RepresentImportError,
    source_key,
    upsert_representative,
)

logger = logging.getLogger(__name__)

#: Represent's answer for one postal code is a few tens of kilobytes; a
#: larger one is not read (nor parsed, nor cached).
MAX_ANSWER_BYTES = 1024 * 1024


class Unavailable(Exception):
    """Represent did not answer usefully (down, slow, over our rate)."""


@dataclass
class Lookup:
    postal_code: str
    representatives: list = field(default_factory=list)
    #: "represent" or "local"
    source: str = "represent"
    message: str = ""
    city: str = ""
    province: str = ""

    @property
    def found(self):
        return bool(self.representatives)


def find_representatives(typed_postal_code):
    """Representatives for a postal code, however it was typed.

    Raises ``InvalidPostalCode`` (with a message for the person) when it is
    not a postal code; otherwise always answers, possibly with nobody found
    and a message.
    """
    code = normalise_postal_code(typed_postal_code)
    try:
        payload = _postcode_payload(code)
    except Unavailable as error:
        # The area at most: a postal code can point at someone's home.
        logger.warning(
            "Represent unavailable (area %s): %s", forward_sortation_area(code), error
        )
        return _from_local_data(code)
    representatives = _representatives_from(payload)
    result = Lookup(
        postal_code=code,
        representatives=representatives,
        source="represent",
        city=payload.get("city") or "",
        province=payload.get("province") or "",
    )
    if not representatives:
        local = _from_local_data(code, reachable=True)
        if local.found:
            return local
        result.message = _not_found(code)
    return result


def _postcode_payload(code):
    key = f"represent:postcode:{code}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    if not _take_rate_slot():
        raise Unavailable("rate limit reached")
    url = f"{settings.REPRESENT_API_URL.rstrip('/')}/postcodes/{code}/"
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "networks-of-care"}
    )
    try:
        with urllib.request.urlopen(  # noqa: S310 (URL from settings)
            request, timeout=settings.REPRESENT_TIMEOUT
        ) as response:
            body = read_capped(
                response, MAX_ANSWER_BYTES, timeout=settings.REPRESENT_TIMEOUT
            )
        payload = json.loads(body.decode("utf-8"))
    except urllib.error.HTTPError as error:
        error.close()  # it holds the connection
        if error.code == 404:
            payload = {}  # Represent does not know this code: a real answer
        else:
            raise Unavailable(f"HTTP {error.code}") from error
    except (OSError, ValueError) as error:  # timeouts, refused, bad JSON
        raise Unavailable(str(error)) from error
    if not isinstance(payload, dict):
        raise Unavailable("not a JSON object")
    cache.set(key, payload, settings.REPRESENT_CACHE_SECONDS)
    return payload


def _take_rate_slot():
    """A fixed one-minute window shared by every process (Redis)."""
    window = f"represent:rate:{int(time.time() // 60)}"
    cache.add(window, 0, 120)
    try:
        used = cache.incr(window)
    except ValueError:  # the cache lost the key (or is down): be conservative
        return True
    return used <= settings.REPRESENT_RATE_PER_MINUTE


def _representatives_from(payload):
    """Our rows for Represent's answer, in its order, without duplicates.

    Known representatives are read in one query; only new ones are written
    (the importer keeps known ones up to date), so a cached answer costs no
    write."""
    entries = [
        data
        for group in ("representatives_centroid", "representatives_concordance")
        for data in payload.get(group) or []
        if isinstance(data, dict)
    ]
    keys = [source_key(data) for data in entries]
    known = {
        row.source_key: row
        for row in Representative.objects.filter(source_key__in=keys).select_related(
            "district"
        )
    }
    seen, found = set(), []
    for key, data in zip(keys, entries, strict=True):
        representative = known.get(key)
        if representative is None:
            problems = []
            try:
                representative, _outcome = upsert_representative(data, problems)
            except RepresentImportError:
                continue
            if problems:
                logger.warning("Represent's answer: %s", problems[0])
            known[key] = representative
        if representative.pk not in seen:
            seen.add(representative.pk)
            found.append(representative)
    return found


def _from_local_data(code, reachable=False):
    areas = list(
        PostalCodeArea.objects.filter(code__in=[code, forward_sortation_area(code)])
    )
    exact = [area for area in areas if area.code == code]
    districts = [
        district.pk for area in (exact or areas) for district in area.districts.all()
    ]
    representatives = list(
        Representative.objects.filter(district__in=districts, is_active=True)
        .select_related("district")
        .order_by("level", "district__name", "name")
    )
    if representatives:
        message = (
            ""
            if reachable
            else _(
                "The national representatives service did not answer, so these come "
                "from our own list, which may be out of date. Check that they are "
                "yours before you write."
            )
        )
    elif reachable:
        message = _not_found(code)
    else:
        message = _(
            "The representatives service did not answer, and we have no list of "
            "our own for %(code)s: find your representative another way below."
        ) % {"code": format_postal_code(code)}
    return Lookup(
        postal_code=code,
        representatives=representatives,
        source="local",
        message=message,
    )


def _not_found(code):
    return _(
        "We found no representatives for %(code)s. Check the postal code; if it "
        "is right, it may be too new for our sources."
    ) % {"code": format_postal_code(code)}

"""Where a search starts: a forward sortation area (FSA) or a city, turned
into coordinates from tables in our own database (nothing is sent to
another service).

A visitor may type a whole postal code; only its first three characters
(the FSA) are ever kept, put in a URL or looked up: the rest is dropped
here, before anything else sees it.
"""

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import ForwardSortationArea, Place

DATA = Path(__file__).resolve().parent / "data"

#: An FSA: letter, digit, letter. Canada Post never uses D F I O Q U, nor
#: W or Z first.
FSA_SHAPE = re.compile(r"^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z]$")
#: What a typed postal code may look like before it is reduced to its FSA.
POSTAL_CODE_SHAPE = re.compile(r"^[A-Z][0-9][A-Z](?:[0-9][A-Z][0-9])?$")
SEPARATORS = re.compile(r"[\s\-]+")
EARTH_RADIUS_KM = 6371.0


class PlaceNotFound(Exception):
    """What the visitor typed names no place we know; the message says what
    to try instead."""


def looks_like_postal_code(text):
    """True for ``K1P``, ``k1p 5m2``, ``K1P-5M2``: the visitor meant a postal
    code (valid or not), not a city."""
    compact = SEPARATORS.sub("", text or "").upper()
    return bool(POSTAL_CODE_SHAPE.match(compact))


def fsa_of(text):
    """``"k1p 5m2"`` -> ``"K1P"``. Raises :class:`PlaceNotFound` when the
    first three characters cannot begin a Canadian postal code."""
    compact = SEPARATORS.sub("", text or "").upper()
    fsa = compact[:3]
    if not POSTAL_CODE_SHAPE.match(compact) or not FSA_SHAPE.match(fsa):
        raise PlaceNotFound(
            _(
                "That is not a Canadian postal code. A postal code starts with "
                "a letter, a digit and a letter, for example K1P: letters D, F, "
                "I, O, Q and U are never used."
            )
        )
    return fsa


@dataclass(frozen=True)
class Origin:
    """Where a search is centred, as the results page shows it."""

    kind: str  # "fsa", "city" or "canada"
    key: str  # K1P, a place's slug, or ""
    label: str
    province: str = ""
    latitude: float | None = None
    longitude: float | None = None
    city: str = ""


def origin_for_fsa(code):
    code = (code or "").upper()
    if not FSA_SHAPE.match(code):
        raise PlaceNotFound(
            _("“%(code)s” is not the start of a Canadian postal code.")
            % {"code": code[:3]}
        )
    area = ForwardSortationArea.objects.filter(code=code).first()
    if area is None:
        raise PlaceNotFound(
            _(
                "We do not know where the postal area %(code)s is yet. Search "
                "by city instead, or list services that serve all of Canada."
            )
            % {"code": code}
        )
    return Origin(
        "fsa",
        code,
        code,
        area.province,
        area.latitude,
        area.longitude,
        city=area.place_name,
    )


def origin_for_place(slug):
    place = Place.objects.filter(slug=slug).first()
    if place is None:
        raise PlaceNotFound(_("We do not know that place."))
    return place_origin(place)


def place_origin(place):
    return Origin(
        "city",
        place.slug,
        place.display_name,
        place.province,
        place.latitude,
        place.longitude,
        city=place.name,
    )


def find_place(text):
    """The place a visitor typed (English or French name, any case or
    accents), or :class:`PlaceNotFound`."""
    wanted = slugify(text or "")
    if not wanted:
        raise PlaceNotFound(_("Enter a postal code or the name of a city."))
    for place in Place.objects.all():
        names = {place.slug, slugify(place.name), slugify(place.name_fr)}
        if wanted in names:
            return place
    raise PlaceNotFound(
        _(
            "We do not know a place called “%(name)s”. Check the spelling, try "
            "a nearby city or your postal code, or list services that serve all "
            "of Canada."
        )
        % {"name": (text or "").strip()[:60]}
    )


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


class TableError(Exception):
    """A row of an imported table is wrong; the message names the line."""


@transaction.atomic
def import_fsa_centroids(path, source=""):
    """Upsert FSA centres from a CSV with ``code,latitude,longitude,
    province[,place_name]``. Answers how many rows were read; refuses the
    whole file on the first bad row."""
    count = 0
    with Path(path).open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code = (row.get("code") or "").strip().upper()
            if not FSA_SHAPE.match(code):
                raise TableError(f"line {line}: {code!r} is not an FSA")
            try:
                latitude = float(row["latitude"])
                longitude = float(row["longitude"])
            except (KeyError, TypeError, ValueError) as error:
                raise TableError(f"line {line}: bad coordinates") from error
            if not (41 <= latitude <= 84 and -142 <= longitude <= -52):
                raise TableError(f"line {line}: coordinates outside Canada")
            ForwardSortationArea.objects.update_or_create(
                code=code,
                defaults={
                    "latitude": latitude,
                    "longitude": longitude,
                    "province": (row.get("province") or "").strip().upper(),
                    "place_name": (row.get("place_name") or "").strip(),
                    "source": source or Path(path).name,
                },
            )
            count += 1
    return count


@transaction.atomic
def import_places(path, source=""):
    count = 0
    with Path(path).open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                latitude = float(row["latitude"])
                longitude = float(row["longitude"])
                name = row["name"].strip()
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise TableError(f"line {line}: bad row") from error
            Place.objects.update_or_create(
                slug=(row.get("slug") or slugify(name)).strip(),
                defaults={
                    "name": name,
                    "name_fr": (row.get("name_fr") or "").strip(),
                    "province": (row.get("province") or "").strip().upper(),
                    "latitude": latitude,
                    "longitude": longitude,
                    "source": source or Path(path).name,
                },
            )
            count += 1
    return count


#: The taxonomy's top level, in French (the English names are Need's).
NEED_NAMES_FR = {
    "shelter-housing": "Hébergement et logement",
    "legal": "Aide juridique",
    "counselling": "Counselling et santé mentale",
    "health": "Soins de santé",
    "case-management": "Gestion de cas et services de soutien",
    "community": "Soutien communautaire et défense des droits",
}


def load_reference_data():
    """The six needs and the shipped FSA and place tables, where missing
    (migration 0002 loads them too; a test that empties the database, or
    the demo, calls this again). Answers how many rows were added."""
    from .models import Need, TaxonomyTerm

    added = 0
    with translation.override("en"):
        names = [(code, str(name)) for code, name in Need.choices]
    for code, name in names:
        _term, created = TaxonomyTerm.objects.get_or_create(
            code=code, defaults={"name": name, "name_fr": NEED_NAMES_FR[code]}
        )
        added += created
    if not ForwardSortationArea.objects.exists():
        added += import_fsa_centroids(DATA / "fsa_centroids.csv")
    if not Place.objects.exists():
        added += import_places(DATA / "places.csv")
    return added

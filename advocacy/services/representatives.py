"""Representatives in the database: upsert from Represent's format, import
whole sets, and retire those who left office. An email address that mail
cannot be sent to is reported with its row and not stored; the rest of the
import goes on."""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import District, Level, Representative
from ..titles import normalise_gender
from ..validators import validate_sendable_email
from .outbound import read_capped

#: Represent's representative sets, by level (the ones this toolkit targets).
PROVINCIAL_OFFICES = {"MPP", "MLA", "MNA", "MHA"}
MUNICIPAL_OFFICES = {"Mayor", "Councillor", "Maire", "Conseiller", "Conseillère"}

FIELDS = (
    "name",
    "first_name",
    "last_name",
    "elected_office",
    "party",
    "email",
    "url",
    "photo_url",
    "offices",
    "source_url",
    "representative_set",
    "level",
)


#: One page of Represent's representatives (1,000 of them: a few MB).
MAX_PAGE_BYTES = 50 * 1024 * 1024


class RepresentImportError(Exception):
    """The file or URL could not be read as Represent data."""


def level_of(data):
    office = (data.get("elected_office") or "").strip()
    set_name = (data.get("representative_set_name") or "").lower()
    if office == "MP" or "house of commons" in set_name:
        return Level.FEDERAL
    provincial_set = "legislative" in set_name or "assembl" in set_name
    if office in PROVINCIAL_OFFICES or provincial_set:
        return Level.PROVINCIAL
    return Level.MUNICIPAL


def _boundary(data):
    """(boundary set, district id) from Represent's related.boundary_url."""
    url = (data.get("related") or {}).get("boundary_url") or ""
    parts = [part for part in url.split("/") if part]
    if len(parts) >= 3 and parts[0] == "boundaries":
        return parts[1], parts[2]
    set_name = data.get("representative_set_name") or "unknown"
    return set_name, data.get("district_name") or "unknown"


def source_key(data):
    boundary_set, district_id = _boundary(data)
    return "|".join(
        [
            data.get("representative_set_name") or "",
            boundary_set,
            district_id,
            data.get("elected_office") or "",
            data.get("name") or "",
        ]
    )[:400]


def _values(data, district):
    return {
        "name": (data.get("name") or "").strip()[:200],
        "first_name": (data.get("first_name") or "").strip()[:100],
        "last_name": (data.get("last_name") or "").strip()[:100],
        "elected_office": (data.get("elected_office") or "").strip()[:100],
        "party": (data.get("party_name") or "").strip()[:200],
        "gender": normalise_gender(data.get("gender")),
        "email": (data.get("email") or "").strip()[:254],
        "url": (data.get("url") or data.get("personal_url") or "")[:500],
        "photo_url": (data.get("photo_url") or "")[:500],
        "offices": [
            {
                "type": office.get("type") or "",
                "postal": office.get("postal") or "",
                "tel": office.get("tel") or "",
            }
            for office in (data.get("offices") or [])
            if isinstance(office, dict)
        ],
        "source_url": (data.get("source_url") or "")[:500],
        "representative_set": (data.get("representative_set_name") or "")[:200],
        "level": level_of(data),
        "district": district,
        "is_active": True,
    }


def _checked_email(data, where, problems):
    """The email of ``data`` if mail can be sent to it; otherwise ``None``
    (and a line in ``problems``, naming ``where``)."""
    email = (data.get("email") or "").strip()[:254]
    if not email:
        return ""
    try:
        validate_sendable_email(email)
    except ValidationError as error:
        problems.append(
            f"{where} ({data.get('name') or '?'}, {data.get('district_name') or '?'})"
            f": email “{email}” not imported: {error.messages[0]}"
        )
        return None
    return email


def upsert_representative(data, problems=None, where="A representative"):
    """Create or update one representative; answers (row, "added"|"changed"|None).

    An email address mail cannot be sent to is not stored (a new row gets
    none, an existing row keeps the address it had) and is described in
    ``problems`` (a list) with ``where`` (the row's place in the source)."""
    if not data.get("name") or not data.get("elected_office"):
        raise RepresentImportError(
            f"A representative needs a name and an office: {data!r:.200}"
        )
    problems = [] if problems is None else problems
    email = _checked_email(data, where, problems)
    boundary_set, district_id = _boundary(data)
    district, _ = District.objects.update_or_create(
        boundary_set=boundary_set,
        external_id=district_id,
        defaults={
            "name": (data.get("district_name") or district_id)[:200],
            "level": level_of(data),
        },
    )
    key = source_key(data)
    values = _values(data, district)
    if email is None:
        del values["email"]
    # get_or_create, not a read then a create: two first lookups of a new
    # riding at once both land here, and the second must find the first's
    # row (get_or_create catches the duplicate key and reads it) instead of
    # answering a 500.
    existing, created = Representative.objects.get_or_create(
        source_key=key, defaults=values
    )
    if created:
        _copy_photo_later(existing)
        return existing, "added"
    if email is None and existing.email:
        problems[-1] += " (the address we had is kept)"
    changed = [
        name for name, value in values.items() if getattr(existing, name) != value
    ]
    if not changed:
        return existing, None
    for name in changed:
        setattr(existing, name, values[name])
    existing.save()
    if "photo_url" in changed:
        _copy_photo_later(existing)
    return existing, "changed"


def _copy_photo_later(representative):
    if representative.photo_url:
        from ..tasks import copy_representative_photo

        transaction.on_commit(
            lambda: copy_representative_photo.delay(representative.pk)
        )


@dataclass
class ImportReport:
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    unchanged: int = 0
    pages: int = 0
    #: What could not be imported as given, each naming its row.
    problems: list = field(default_factory=list)


def read_pages(source, timeout=30, max_pages=500):
    """Represent's paginated objects from a file or an http(s) URL, following
    ``meta.next`` on the same site only, each page at most
    ``MAX_PAGE_BYTES``. Yields each page's objects."""
    if "://" not in source:
        path = Path(source)
        if not path.is_file():
            raise RepresentImportError(f"No such file: {source}")
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise RepresentImportError(f"{source} is not JSON: {error}") from error
        yield _objects(document, source)
        return
    url = source
    for _ in range(max_pages):
        scheme = urllib.parse.urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise RepresentImportError(
                f"Only http and https URLs can be imported: {url}"
            )
        if _origin(url) != _origin(source):
            raise RepresentImportError(
                f"The next page, {url[:200]}, is on another site than {source}: "
                "not followed."
            )
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                body = read_capped(response, MAX_PAGE_BYTES, timeout=timeout)
            document = json.loads(body.decode("utf-8"))
        except (OSError, ValueError) as error:
            if isinstance(error, urllib.error.HTTPError):
                error.close()  # it holds the connection
            raise RepresentImportError(f"Could not read {url}: {error}") from error
        yield _objects(document, url)
        following = (document.get("meta") or {}).get("next")
        if not following:
            return
        url = urllib.parse.urljoin(url, following)
    raise RepresentImportError(f"Stopped after {max_pages} pages: is {source} looping?")


def _origin(url):
    parts = urllib.parse.urlsplit(url)
    return (parts.scheme, parts.netloc)


def _objects(document, where):
    if not isinstance(document, dict) or not isinstance(document.get("objects"), list):
        raise RepresentImportError(
            f"{where} is not in Represent's format: "
            '{"objects": [...], "meta": {"next": ...}}'
        )
    return document["objects"]


@transaction.atomic
def import_representatives(source, progress=None):
    """Upsert every representative of ``source``; retire, in the sets it
    covers, those it no longer lists (after an election)."""
    report = ImportReport()
    seen_keys, seen_sets = set(), set()
    for objects in read_pages(source):
        report.pages += 1
        for number, data in enumerate(objects, start=1):
            if not isinstance(data, dict):
                raise RepresentImportError(f"Not a representative: {data!r:.100}")
            row, outcome = upsert_representative(
                data, report.problems, where=f"Page {report.pages}, row {number}"
            )
            seen_keys.add(row.source_key)
            seen_sets.add(row.representative_set)
            if outcome == "added":
                report.added.append(row)
            elif outcome == "changed":
                report.changed.append(row)
            else:
                report.unchanged += 1
        if progress:
            progress(report)
    leaving = Representative.objects.filter(
        representative_set__in=seen_sets, is_active=True
    ).exclude(source_key__in=seen_keys)
    report.retired = list(leaving)
    leaving.update(is_active=False)
    return report

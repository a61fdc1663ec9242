"""``manage.py import_hsds``: HSDS 3.0 data into the directory.

Reads a tabular datapackage (a folder of CSV files, or its
``datapackage.json``) or JSON (one ``service_full`` or ``organization_full``
object, a list of them, or an API page with ``contents``; from a URL, the
following pages too). Records are upserted by their HSDS id, taxonomy terms
are mapped to our categories through each category's "matching terms"
(editable by organizers), and services that an earlier import of the same
source listed but this one does not are retired. A second run of the same
data changes nothing.

Texts are read into the English fields; organizers add the French ones
(a French twin of the same id can be added later without losing them:
an import never touches a ``*_fr`` field).
"""

import csv
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.db import transaction

from .models import (
    Location,
    Organization,
    Phone,
    Province,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
)

MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024
MAX_PAGES = 1000
ZONES = {
    "BC": "America/Vancouver",
    "AB": "America/Edmonton",
    "NT": "America/Edmonton",
    "SK": "America/Regina",
    "MB": "America/Winnipeg",
    "NB": "America/Halifax",
    "NS": "America/Halifax",
    "PE": "America/Halifax",
    "NL": "America/St_Johns",
    "YT": "America/Whitehorse",
}
PHONE_KINDS = {"voice": "voice", "text": "text", "sms": "text", "textphone": "tty"}
DAYS = {day for day, _label in Schedule.Day.choices}
PROVINCES = {code for code, _label in Province.choices}
CONFIDENTIAL_FIELDS = (
    "address_1",
    "city",
    "province",
    "postal_code",
    "latitude",
    "longitude",
    "time_zone",
)


class ImportFailed(Exception):
    """The source cannot be read; the message says why."""


@dataclass
class Report:
    added: dict = field(default_factory=lambda: defaultdict(int))
    changed: dict = field(default_factory=lambda: defaultdict(int))
    retired: int = 0
    warnings: list = field(default_factory=list)

    def lines(self):
        def part(counts):
            return ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))

        return [
            f"Added: {part(self.added) or 'nothing'}",
            f"Changed: {part(self.changed) or 'nothing'}",
            f"Retired: {self.retired} service(s)",
            *(f"Warning: {warning}" for warning in self.warnings),
        ]

    @property
    def changes(self):
        return sum(self.added.values()) + sum(self.changed.values()) + self.retired


# --- reading ------------------------------------------------------------------
def _fetch(url):
    request = Request(url, headers={"Accept": "application/json"})
    with urlopen(request, timeout=30) as response:  # noqa: S310 (operator's URL)
        body = response.read(MAX_DOWNLOAD_BYTES + 1)
    if len(body) > MAX_DOWNLOAD_BYTES:
        raise ImportFailed(f"{url}: larger than {MAX_DOWNLOAD_BYTES} bytes")
    return json.loads(body)


def _page_url(url, number):
    parts = urlsplit(url)
    query = "&".join(
        part for part in parts.query.split("&") if part and not part.startswith("page=")
    )
    query = "&".join(filter(None, [query, urlencode({"page": number})]))
    return urlunsplit(parts._replace(query=query))


def _objects(data):
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "contents" in data:
        return data["contents"]
    if isinstance(data, dict):
        return [data]
    raise ImportFailed("JSON must be an object, a list or an API page")


def read_source(source):
    """The source's services, each as a ``service_full``-like dict."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        try:
            data = _fetch(text)
            objects = _objects(data)
            number = data.get("page_number", 1) if isinstance(data, dict) else 1
            while (
                isinstance(data, dict)
                and data.get("last_page") is False
                and number < MAX_PAGES
            ):
                number += 1
                data = _fetch(_page_url(text, number))
                objects += _objects(data)
        except (OSError, ValueError) as error:
            raise ImportFailed(f"{text}: {error}") from error
        return _services_from_objects(objects)
    path = Path(text)
    if path.is_dir() or path.name == "datapackage.json":
        return _services_from_tables(path if path.is_dir() else path.parent)
    if not path.is_file():
        raise ImportFailed(f"No such file or folder: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImportFailed(f"{path.name}: not JSON ({error})") from error
    return _services_from_objects(_objects(data))


def _services_from_objects(objects):
    services = []
    for item in objects:
        if not isinstance(item, dict) or "id" not in item:
            continue
        if "services" in item and "status" not in item:  # organization_full
            organization = {k: v for k, v in item.items() if k != "services"}
            for service in item.get("services") or []:
                services.append({**service, "organization": organization})
        elif "location" in item and "service" in item:  # service_at_location
            service = dict(item["service"])
            service.setdefault("service_at_locations", []).append(item)
            services.append(service)
        elif "status" in item or "organization" in item:
            services.append(item)
    return services


def _table(folder, name):
    path = folder / f"{name}.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _by(rows, key):
    grouped = defaultdict(list)
    for row in rows:
        if row.get(key):
            grouped[row[key]].append(row)
    return grouped


def _services_from_tables(folder):
    organizations = {row["id"]: row for row in _table(folder, "organizations")}
    locations = {row["id"]: row for row in _table(folder, "locations")}
    addresses = _by(_table(folder, "addresses"), "location_id")
    accessibility = _by(_table(folder, "accessibility"), "location_id")
    links = _by(_table(folder, "service_at_location"), "service_id")
    phones = _by(_table(folder, "phones"), "service_id")
    schedules = _by(_table(folder, "schedules"), "service_id")
    languages = _by(_table(folder, "languages"), "service_id")
    areas = _by(_table(folder, "service_areas"), "service_id")
    costs = _by(_table(folder, "cost_options"), "service_id")
    terms = {row["id"]: row for row in _table(folder, "taxonomy_terms")}
    attributes = _by(_table(folder, "attributes"), "link_id")
    services = []
    for row in _table(folder, "services"):
        sid = row["id"]
        service = dict(row)
        service["organization"] = organizations.get(row.get("organization_id"), {})
        service["service_at_locations"] = [
            {
                **link,
                "location": {
                    **locations.get(link["location_id"], {"id": link["location_id"]}),
                    "addresses": addresses.get(link["location_id"], []),
                    "accessibility": accessibility.get(link["location_id"], []),
                },
            }
            for link in links.get(sid, [])
        ]
        service["phones"] = phones.get(sid, [])
        service["schedules"] = schedules.get(sid, [])
        service["languages"] = languages.get(sid, [])
        service["service_areas"] = areas.get(sid, [])
        service["cost_options"] = costs.get(sid, [])
        service["attributes"] = [
            {**attribute, "taxonomy_term": terms.get(attribute["taxonomy_term_id"], {})}
            for attribute in attributes.get(sid, [])
        ]
        services.append(service)
    return services


# --- values -----------------------------------------------------------------------
def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None


def _text(value, limit=None):
    text = "" if value is None else str(value).strip()
    return text[:limit] if limit else text


def _int(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _float(value, low, high):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _date(value):
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _time(value):
    try:
        return time.fromisoformat(str(value)[:8])
    except (TypeError, ValueError):
        return None


# --- writing ----------------------------------------------------------------------
class Importer:
    def __init__(self, source):
        self.source = str(source)
        self.report = Report()
        self.term_map = self._term_map()

    def _term_map(self):
        mapping = {}
        for term in TaxonomyTerm.objects.all():
            mapping[term.code.casefold()] = term
            for line in term.matches.splitlines():
                if line.strip():
                    mapping[line.strip().casefold()] = term
        return mapping

    def _save(self, model, pk, values, label):
        """Upsert one row; counts it as added or changed only when it is."""
        obj = model.objects.filter(pk=pk).first()
        if obj is None:
            obj = model(pk=pk, **values)
            obj.save()
            self.report.added[label] += 1
            return obj
        changed = [
            name for name, value in values.items() if getattr(obj, name) != value
        ]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
            self.report.changed[label] += 1
        return obj

    def _prune(self, queryset, keep, label):
        gone = queryset.exclude(pk__in=keep)
        count = gone.count()
        if count:
            gone.delete()
            self.report.changed[label] += count

    @transaction.atomic
    def run(self, services):
        seen = set()
        for data in services:
            pk = _uuid(data.get("id"))
            if pk is None:
                self.report.warnings.append(
                    f"service without a valid id: {data.get('id')!r}"
                )
                continue
            seen.add(pk)
            self._service(pk, data)
        retired = (
            Service.objects.filter(import_source=self.source)
            .exclude(pk__in=seen)
            .exclude(status=Service.Status.DEFUNCT)
        )
        self.report.retired = retired.update(status=Service.Status.DEFUNCT)
        return self.report

    def _organization(self, data, fallback):
        pk = _uuid(data.get("id")) or _uuid(fallback)
        if pk is None:
            raise ImportFailed("a service has no organization id")
        name = _text(data.get("name"), 200) or "(unnamed organization)"
        description = _text(data.get("description"))
        if description == name:  # HSDS requires one: exports repeat the name
            description = ""
        values = {
            "email": _text(data.get("email"), 254),
            "website": _text(data.get("website"), 200),
            "name": name,
            "description": description,
        }
        return self._save(Organization, pk, values, "organizations")

    def _cost(self, data):
        options = data.get("cost_options") or []
        choices = {choice for choice, _label in Service.Cost.choices}
        for option in options:
            if option.get("option") in choices:
                return option["option"]
        if any((_float(o.get("amount"), 0.01, 1e9) or 0) > 0 for o in options):
            return Service.Cost.FEE
        return Service.Cost.FREE

    def _service(self, pk, data):
        organization = self._organization(
            data.get("organization") or {}, data.get("organization_id")
        )
        status = data.get("status")
        if status not in {choice for choice, _label in Service.Status.choices}:
            status = Service.Status.ACTIVE
        name = _text(data.get("name"), 200) or "(unnamed service)"
        values = {
            "organization": organization,
            "url": _text(data.get("url"), 200),
            "email": _text(data.get("email"), 254),
            "status": status,
            "minimum_age": _int(data.get("minimum_age")),
            "maximum_age": _int(data.get("maximum_age")),
            "assured_date": _date(data.get("assured_date")),
            "assurer": _text(data.get("assurer_email"), 200),
            "cost": self._cost(data),
            "import_source": self.source,
            **(
                {
                    "name": name,
                    "description": _text(data.get("description")),
                    "application_process": _text(data.get("application_process")),
                    "fees_description": _text(data.get("fees_description")),
                    "eligibility_description": _text(
                        data.get("eligibility_description")
                    ),
                    "alert": _text(data.get("alert")),
                }
            ),
        }
        service = self._save(Service, pk, values, "services")
        self._categories(service, data.get("attributes") or [])
        self._children(service, data)

    def _categories(self, service, attributes):
        wanted = set()
        for attribute in attributes:
            term = attribute.get("taxonomy_term") or {}
            keys = [_text(term.get("code")), _text(term.get("name"))]
            found = next(
                (
                    self.term_map[k.casefold()]
                    for k in keys
                    if k and k.casefold() in self.term_map
                ),
                None,
            )
            if found:
                wanted.add(found.pk)
            elif any(keys):
                warning = (
                    f"unmapped taxonomy term {keys[1] or keys[0]!r}: add it to a "
                    "category's matching terms"
                )
                if warning not in self.report.warnings:
                    self.report.warnings.append(warning)
        current = set(service.categories.values_list("pk", flat=True))
        if wanted and wanted != current:
            service.categories.set(wanted)
            self.report.changed["service categories"] += 1

    def _children(self, service, data):
        keep = []
        for link in data.get("service_at_locations") or []:
            location = self._location(service, link.get("location") or {}, link)
            if location is None:
                continue
            pk = _uuid(link.get("id")) or uuid.uuid5(location.pk, str(service.pk))
            keep.append(pk)
            self._save(
                ServiceAtLocation,
                pk,
                {"service": service, "location": location},
                "services at locations",
            )
        self._prune(service.service_at_locations.all(), keep, "services at locations")

        keep = []
        for phone in data.get("phones") or []:
            pk = _uuid(phone.get("id"))
            number = _text(phone.get("number"), 40).strip('"')
            if pk is None or not number:
                continue
            keep.append(pk)
            self._save(
                Phone,
                pk,
                {
                    "service": service,
                    "number": number,
                    "extension": _text(phone.get("extension"), 10),
                    "kind": PHONE_KINDS.get(_text(phone.get("type")).lower(), "voice"),
                    **({"description": _text(phone.get("description"), 200)}),
                },
                "phones",
            )
        self._prune(service.phones.all(), keep, "phones")

        keep = []
        zone = self._zone
        for schedule in data.get("schedules") or []:
            base = _uuid(schedule.get("id"))
            opens, closes = (
                _time(schedule.get("opens_at")),
                _time(schedule.get("closes_at")),
            )
            if base is None or opens is None or closes is None:
                continue
            days = [d.strip() for d in _text(schedule.get("byday")).split(",")]
            days = [day for day in days if day in DAYS]
            for day in days:
                # One row per day: a one-day schedule keeps its id.
                pk = base if len(days) == 1 else uuid.uuid5(base, day)
                keep.append(pk)
                self._save(
                    Schedule,
                    pk,
                    {
                        "service": service,
                        "byday": day,
                        "opens_at": opens,
                        "closes_at": closes,
                        "time_zone": _text(schedule.get("timezone_name")) or zone,
                    },
                    "opening hours",
                )
        self._prune(service.schedules.all(), keep, "opening hours")

        codes = sorted(
            {
                _text(language.get("code"), 10).lower()
                for language in data.get("languages") or []
                if language.get("code")
            }
        )
        current = sorted(service.languages.values_list("code", flat=True))
        if codes != current:
            service.languages.exclude(code__in=codes).delete()
            for code in set(codes) - set(current):
                ServiceLanguage.objects.create(service=service, code=code)
            self.report.changed["languages"] += 1

        keep = []
        for area in data.get("service_areas") or []:
            pk = _uuid(area.get("id"))
            extent = _text(area.get("extent_type"))
            if pk is None or extent not in {"canada", "province", "city"}:
                continue
            keep.append(pk)
            name = _text(area.get("name"), 100)
            self._save(
                ServiceArea,
                pk,
                {
                    "service": service,
                    "extent": extent,
                    "province": name
                    if extent == "province" and name in PROVINCES
                    else "",
                    "city": name if extent == "city" else "",
                },
                "service areas",
            )
        self._prune(service.service_areas.all(), keep, "service areas")

    _zone = "America/Toronto"

    def _location(self, service, data, link):
        pk = _uuid(data.get("id")) or _uuid(link.get("location_id"))
        if pk is None:
            return None
        addresses = data.get("addresses") or []
        address = next(
            (a for a in addresses if a.get("address_type") == "physical"),
            addresses[0] if addresses else {},
        )
        province = _text(address.get("state_province")).upper()
        province = province if province in PROVINCES else ""
        visibility = _text(data.get("address_visibility"))
        if visibility not in {choice for choice, _l in Location.Visibility.choices}:
            visibility = Location.Visibility.PUBLIC
        latitude = _float(data.get("latitude"), -90, 90)
        longitude = _float(data.get("longitude"), -180, 180)
        if data.get("latitude") not in (None, "") and latitude is None:
            self.report.warnings.append(
                f"location {pk}: coordinates out of range, left empty"
            )
        self._zone = ZONES.get(province, "America/Toronto")
        step_free = any(
            "step-free" in _text(a.get("description")).lower()
            for a in data.get("accessibility") or []
        )
        values = {
            "organization": service.organization,
            "address_1": _text(address.get("address_1"), 200),
            "city": _text(address.get("city"), 100),
            "province": province,
            "postal_code": _text(address.get("postal_code"), 7),
            "latitude": latitude,
            "longitude": longitude,
            "address_visibility": visibility,
            "step_free_access": step_free,
            "time_zone": self._zone,
            **({"name": _text(data.get("name"), 200) or service.name}),
        }
        if visibility != Location.Visibility.PUBLIC:
            # A confidential place's export carries no address and at most its
            # area's centre: never let that erase what organizers entered.
            existing = Location.objects.filter(pk=pk).first()
            if existing is not None:
                for name in CONFIDENTIAL_FIELDS:
                    values[name] = getattr(existing, name)
        return self._save(Location, pk, values, "locations")


def import_hsds(source):
    """Import ``source`` (see the module's docstring); answers a Report."""
    importer = Importer(source)
    return importer.run(read_source(source))

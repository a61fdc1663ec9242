"""Our records as HSDS 3.0 objects, for ``/api/hsds/``.

Only what may be published goes out: a hidden location has no address and
no point, an approximate one has its FSA's centre and no street. Our
extension ``address_visibility`` (docs/directory.md) says which. Texts go
out in English; ``language=fr`` in the query gives French where we have it.
"""

import math
import uuid
from datetime import datetime

from django.utils import translation

from .models import ForwardSortationArea, Location, Organization, Service
from .translated import translated

HSDS_VERSION = "3.0"
PROFILE = "https://networksofcare.example/hsds-profile/address-visibility"
DAYS_TO_HSDS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
PHONE_TYPES = {"voice": "voice", "text": "text", "tty": "textphone", "crisis": "voice"}
LINK_NAMESPACE = uuid.UUID("0c1d3c0e-55a4-4f7e-8a8e-9b4d1b9a5c21")


def _clean(data):
    """Leave out empty values: HSDS types do not allow null."""
    return {key: value for key, value in data.items() if value not in ("", None, [])}


def _derived_id(*parts):
    return str(uuid.uuid5(LINK_NAMESPACE, "/".join(str(part) for part in parts)))


def utc_offset(zone_name):
    """HSDS ``timezone`` is a number: the zone's offset from UTC now."""
    from zoneinfo import ZoneInfo

    offset = datetime.now(ZoneInfo(zone_name)).utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else 0


def organization(org):
    return _clean(
        {
            "id": str(org.pk),
            "name": translated(org, "name"),
            "description": translated(org, "description") or translated(org, "name"),
            "email": org.email,
            "website": org.website,
        }
    )


def location(place, centres=None):
    visibility = place.address_visibility
    data = {
        "id": str(place.pk),
        "location_type": "physical",
        "organization_id": str(place.organization_id),
        "name": translated(place, "name"),
        "address_visibility": visibility,
    }
    if visibility == Location.Visibility.PUBLIC:
        data["latitude"] = place.latitude
        data["longitude"] = place.longitude
        if place.address_1 and place.postal_code:
            data["addresses"] = [
                {
                    "id": _derived_id(place.pk, "address"),
                    "location_id": str(place.pk),
                    "address_1": place.address_1,
                    "city": place.city,
                    "state_province": place.province,
                    "postal_code": place.postal_code,
                    "country": "CA",
                    "address_type": "physical",
                }
            ]
    elif visibility == Location.Visibility.APPROXIMATE:
        centre = (centres or {}).get(place.fsa)
        if centre is None:
            area = ForwardSortationArea.objects.filter(code=place.fsa).first()
            centre = (area.latitude, area.longitude) if area else None
        if centre:
            data["latitude"], data["longitude"] = centre
    else:
        data["description"] = translated(place, "intake_instructions")
    if place.accessibility or place.step_free_access:
        data["accessibility"] = [
            _clean(
                {
                    "id": _derived_id(place.pk, "accessibility"),
                    "location_id": str(place.pk),
                    "description": translated(place, "accessibility")
                    or ("Step-free access" if place.step_free_access else ""),
                }
            )
        ]
    return _clean(data)


def _schedule(schedule):
    return _clean(
        {
            "id": str(schedule.pk),
            "service_id": str(schedule.service_id),
            "freq": "WEEKLY",
            "byday": schedule.byday,
            "opens_at": schedule.opens_at.strftime("%H:%M"),
            "closes_at": schedule.closes_at.strftime("%H:%M"),
            "timezone": utc_offset(schedule.time_zone),
            "timezone_name": schedule.time_zone,
        }
    )


def _phone(phone):
    return _clean(
        {
            "id": str(phone.pk),
            "service_id": str(phone.service_id),
            "number": phone.number,
            "extension": int(phone.extension) if phone.extension.isdigit() else None,
            "type": PHONE_TYPES[phone.kind],
            "description": translated(phone, "description")
            or ("24-hour crisis line" if phone.kind == "crisis" else ""),
        }
    )


def _area(area):
    name = {"canada": "Canada", "province": area.province, "city": area.city}
    return _clean(
        {
            "id": str(area.pk),
            "service_id": str(area.service_id),
            "name": name[area.extent],
            "extent_type": area.extent,
        }
    )


def service(item, centres=None, nested_locations=True):
    categories = [
        _clean(
            {
                "id": _derived_id(item.pk, term.pk),
                "link_id": str(item.pk),
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": str(term.pk),
                "taxonomy_term": {
                    "id": str(term.pk),
                    "code": term.code,
                    "name": translated(term, "name"),
                    "description": term.description or translated(term, "name"),
                },
            }
        )
        for term in item.categories.all()
    ]
    data = {
        "id": str(item.pk),
        "organization_id": str(item.organization_id),
        "name": translated(item, "name"),
        "description": translated(item, "description"),
        "url": item.url,
        "email": item.email,
        "status": item.status,
        "application_process": translated(item, "application_process"),
        "fees_description": translated(item, "fees_description"),
        "eligibility_description": translated(item, "eligibility_description"),
        "minimum_age": item.minimum_age,
        "maximum_age": item.maximum_age,
        "assured_date": item.assured_date.isoformat() if item.assured_date else None,
        "alert": translated(item, "alert"),
        "last_modified": item.last_modified.isoformat() if item.last_modified else None,
        "organization": organization(item.organization),
        "phones": [_phone(phone) for phone in item.phones.all()],
        "schedules": [_schedule(schedule) for schedule in item.schedules.all()],
        "service_areas": [_area(area) for area in item.service_areas.all()],
        "languages": [
            {"id": str(language.pk), "service_id": str(item.pk), "code": language.code}
            for language in item.languages.all()
        ],
        "cost_options": [
            {
                "id": _derived_id(item.pk, "cost"),
                "service_id": str(item.pk),
                "option": item.cost,
            }
        ],
        "attributes": categories,
    }
    if nested_locations:
        data["service_at_locations"] = [
            _clean(
                {
                    "id": str(link.pk),
                    "service_id": str(item.pk),
                    "location_id": str(link.location_id),
                    "location": location(link.location, centres),
                }
            )
            for link in item.service_at_locations.all()
        ]
    return _clean(data)


def service_at_location(link, centres=None):
    return _clean(
        {
            "id": str(link.pk),
            "service_id": str(link.service_id),
            "location_id": str(link.location_id),
            "location": location(link.location, centres),
        }
    )


def published_services():
    return (
        Service.objects.exclude(status=Service.Status.DEFUNCT)
        .select_related("organization")
        .prefetch_related(
            "service_at_locations__location",
            "schedules",
            "phones",
            "languages",
            "service_areas",
            "categories",
        )
        .order_by("pk")
    )


def published_organizations():
    return Organization.objects.order_by("pk")


def page_of(items, number, size, to_json):
    """The HSDS API's page object for ``items`` (a queryset)."""
    total = items.count()
    pages = max(1, math.ceil(total / size))
    number = min(max(1, number), pages)
    contents = [to_json(item) for item in items[(number - 1) * size : number * size]]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number == pages,
        "empty": not contents,
        "contents": contents,
    }


def in_language(code, function, *args):
    with translation.override("fr" if code == "fr" else "en"):
        return function(*args)

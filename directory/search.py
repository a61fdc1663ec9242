"""Finding services near a place: filters, distance order, opening hours.

Nothing about a search is stored: the origin is an FSA or a city (never a
full postal code), and the results are computed from published data only.

Distances are measured from what may be published about a location: its
own point when its address is public, its FSA's centre when it is
approximate (so the distance shown cannot be used to find the exact point
by asking from several places), and nothing at all when it is hidden (such
a service is found through the area it serves).
"""

import math
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    ForwardSortationArea,
    Location,
    Province,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
)
from .places import distance_km

#: How far a place may be to be listed with its distance.
RADIUS_KM = 100
DAYS = [day for day, _label in Schedule.Day.choices]

AUDIENCE_FIELDS = {
    "survivors": "for_survivors",
    "supporters": "for_supporters",
    "professionals": "for_professionals",
}
ACCESS_FIELDS = {
    "walk-in": "access_walk_in",
    "self-referral": "access_self_referral",
    "referral": "access_referral",
    "appointment": "access_appointment",
}
DELIVERY_FIELDS = {
    "in-person": "delivery_in_person",
    "phone": "delivery_phone",
    "text": "delivery_text",
    "online": "delivery_online",
}


@dataclass
class Filters:
    need: str = ""
    audience: str = ""
    language: str = ""
    cost: str = ""
    access: str = ""
    delivery: str = ""
    open_now: bool = False
    hours_24: bool = False
    step_free: bool = False


@dataclass
class PublicPlace:
    """What a visitor may learn about one location of a service."""

    location: Location
    address: str = ""  # empty unless the address is public
    latitude: float | None = None
    longitude: float | None = None
    approximate: bool = False
    hidden: bool = False
    distance_km: float | None = None


@dataclass
class Result:
    service: Service
    distance_km: float | None = None
    serves: str = ""  # "Serves all of Canada" when listed from afar
    places: list = field(default_factory=list)
    hours: str = "unknown"  # "open", "closed" or "unknown"
    url: str = ""

    @property
    def distance_display(self):
        if self.distance_km is None:
            return ""
        if self.distance_km < 1:
            return _("less than 1 km")
        return _("%(km)s km") % {"km": round(self.distance_km)}


# --- opening hours -------------------------------------------------------
def _zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("America/Toronto")


def is_open(schedules, now=None):
    """``"open"``, ``"closed"`` or ``"unknown"`` (no hours given), each
    schedule read in its own time zone."""
    schedules = list(schedules)
    if not schedules:
        return "unknown"
    now = now or timezone.now()
    for schedule in schedules:
        local = now.astimezone(_zone(schedule.time_zone))
        today = DAYS[local.weekday()]
        yesterday = DAYS[(local.weekday() - 1) % 7]
        moment = local.time().replace(tzinfo=None)
        opens, closes = schedule.opens_at, schedule.closes_at
        if schedule.byday == today:
            if schedule.all_day:
                return "open"
            if opens < closes and opens <= moment < closes:
                return "open"
            if closes <= opens and moment >= opens:  # runs past midnight
                return "open"
        if schedule.byday == yesterday and closes < opens and moment < closes:
            return "open"
    return "closed"


def is_always_open(service):
    """Open every hour of every day: seven all-day schedules, or a
    24-hour crisis line."""
    all_days = {s.byday for s in service.schedules.all() if s.all_day}
    if len(all_days) == 7:
        return True
    return any(phone.kind == "crisis" for phone in service.phones.all())


def hours_by_day(service):
    """``[(day label, ["09:00–17:00", ...]), ...]`` Monday first."""
    labels = dict(Schedule.Day.choices)
    rows = []
    for day in DAYS:
        spans = [
            _("Open 24 hours")
            if s.all_day
            else f"{s.opens_at:%H:%M}–{s.closes_at:%H:%M}"
            for s in service.schedules.all()
            if s.byday == day
        ]
        if spans:
            rows.append((labels[day], spans))
    return rows


# --- what may be published about a place --------------------------------
def public_place(location, fsa_centres):
    """A location as the public sees it (see the module's docstring)."""
    if location.is_hidden:
        return PublicPlace(location, hidden=True)
    if location.is_approximate:
        centre = fsa_centres.get(location.fsa)
        return PublicPlace(
            location,
            latitude=centre[0] if centre else None,
            longitude=centre[1] if centre else None,
            approximate=True,
        )
    lines = [location.address_1, location.city]
    address = ", ".join(part for part in lines if part)
    address = f"{address}, {location.province} {location.postal_code}".strip()
    return PublicPlace(
        location,
        address=address,
        latitude=location.latitude,
        longitude=location.longitude,
    )


def fsa_centres_for(locations):
    codes = {location.fsa for location in locations if location.is_approximate}
    return {
        area.code: (area.latitude, area.longitude)
        for area in ForwardSortationArea.objects.filter(code__in=codes)
    }


# --- the search ------------------------------------------------------------
def filtered_services(filters):
    """Active services matching every filter that the database can check."""
    services = Service.objects.filter(status=Service.Status.ACTIVE)
    if filters.need:
        terms = TaxonomyTerm.objects.filter(
            Q(code=filters.need) | Q(parent__code=filters.need)
        )
        services = services.filter(
            Exists(
                Service.categories.through.objects.filter(
                    service=OuterRef("pk"), taxonomyterm__in=terms
                )
            )
        )
    if filters.language:
        services = services.filter(
            Exists(
                ServiceLanguage.objects.filter(
                    service=OuterRef("pk"), code=filters.language
                )
            )
        )
    if filters.audience in AUDIENCE_FIELDS:
        services = services.filter(**{AUDIENCE_FIELDS[filters.audience]: True})
    if filters.cost:
        services = services.filter(cost=filters.cost)
    if filters.access in ACCESS_FIELDS:
        services = services.filter(**{ACCESS_FIELDS[filters.access]: True})
    if filters.delivery in DELIVERY_FIELDS:
        services = services.filter(**{DELIVERY_FIELDS[filters.delivery]: True})
    if filters.step_free:
        services = services.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service=OuterRef("pk"), location__step_free_access=True
                )
            )
        )
    return services.select_related("organization").prefetch_related(
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location"),
        ),
        "schedules",
        "phones",
        "languages",
        "service_areas",
        "categories",
    )


#: How far an approximate place's exact point may be from its FSA's centre:
#: rural FSAs are large (docs/directory.md).
APPROXIMATE_MARGIN_KM = 60


def near_origin(services, origin):
    """Only the services that could be listed for ``origin``: a place in a
    box around it, or an area it serves. The exact distances and labels are
    then computed in Python for these few (see :func:`search`)."""
    if origin.kind == "canada" or origin.latitude is None:
        return services
    reach = RADIUS_KM + APPROXIMATE_MARGIN_KM
    dlat = reach / 111.0
    dlon = reach / (111.0 * max(0.1, math.cos(math.radians(origin.latitude))))
    in_box = ServiceAtLocation.objects.filter(
        service=OuterRef("pk"),
        location__latitude__range=(origin.latitude - dlat, origin.latitude + dlat),
        location__longitude__range=(origin.longitude - dlon, origin.longitude + dlon),
    ).exclude(location__address_visibility=Location.Visibility.HIDDEN)
    area = Q(extent=ServiceArea.Extent.CANADA)
    if origin.province:
        area |= Q(extent=ServiceArea.Extent.PROVINCE, province=origin.province)
    if origin.city:
        area |= Q(extent=ServiceArea.Extent.CITY, city__iexact=origin.city)
    serves = ServiceArea.objects.filter(area, service=OuterRef("pk"))
    conditions = Exists(in_box) | Exists(serves)
    if origin.city:
        conditions |= Exists(
            ServiceAtLocation.objects.filter(
                service=OuterRef("pk"),
                location__address_visibility=Location.Visibility.HIDDEN,
                location__city__iexact=origin.city,
            )
        )
    return services.filter(conditions)


def serves_label(service, origin):
    """Why a service far away is listed for this origin ("" if it is not)."""
    provinces = dict(Province.choices)
    areas = list(service.service_areas.all())
    if any(area.extent == ServiceArea.Extent.CANADA for area in areas):
        return _("Serves all of Canada")
    if origin.kind == "canada":
        return ""
    for area in areas:
        if area.extent == ServiceArea.Extent.PROVINCE and (
            area.province == origin.province
        ):
            return _("Serves all of %(province)s") % {
                "province": provinces.get(area.province, area.province)
            }
        if (
            area.extent == ServiceArea.Extent.CITY
            and origin.city
            and area.city.casefold() == origin.city.casefold()
        ):
            return _("Serves %(city)s") % {"city": area.city}
    # A confidential place in the visitor's city is found by its city only.
    for link in service.service_at_locations.all():
        location = link.location
        if (
            location.is_hidden
            and origin.city
            and location.city.casefold() == origin.city.casefold()
        ):
            return _("Serves %(city)s") % {"city": location.city}
    return ""


def search(origin, filters, now=None):
    """The services for ``origin`` (see :mod:`directory.places`) matching
    ``filters``: nearby ones by distance first, then those that serve the
    origin from afar (a city, a province, all of Canada)."""
    now = now or timezone.now()
    services = list(near_origin(filtered_services(filters), origin))
    locations = [
        link.location
        for service in services
        for link in service.service_at_locations.all()
    ]
    centres = fsa_centres_for(locations)
    nearby, afar = [], []
    for service in services:
        hours = is_open(service.schedules.all(), now)
        if filters.open_now and hours != "open":
            continue
        if filters.hours_24 and not is_always_open(service):
            continue
        places = [
            public_place(link.location, centres)
            for link in service.service_at_locations.all()
        ]
        if origin.latitude is not None:
            for place in places:
                if place.latitude is not None:
                    place.distance_km = distance_km(
                        origin.latitude,
                        origin.longitude,
                        place.latitude,
                        place.longitude,
                    )
            places.sort(
                key=lambda p: p.distance_km if p.distance_km is not None else 1e9
            )
        result = Result(service, places=places, hours=hours)
        closest = places[0].distance_km if places else None
        if closest is not None and closest <= RADIUS_KM:
            result.distance_km = closest
            nearby.append(result)
            continue
        result.serves = serves_label(service, origin)
        if result.serves or origin.kind == "canada":
            afar.append(result)
    nearby.sort(key=lambda r: (r.distance_km, r.service.display_name))
    # Those serving the visitor's own area first, then those serving everyone.
    everyone = _("Serves all of Canada")
    afar.sort(key=lambda r: (r.serves == everyone, r.service.display_name))
    return nearby + afar


def service_detail(service):
    """The public view of one service: its places with what may be shown."""
    locations = [link.location for link in service.service_at_locations.all()]
    centres = fsa_centres_for(locations)
    return [public_place(location, centres) for location in locations]

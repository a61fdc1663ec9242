"""Service Map fixtures: the map page in both languages, and a small
factory of services at known places."""

import os
from datetime import date, time
from pathlib import Path

import pytest

from directory.models import (
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceLanguage,
    ServiceMapPage,
    TaxonomyTerm,
)
from directory.places import load_reference_data

#: Known points (city hall or close to it) and their distance from the
#: centre of K1P as shipped in directory/data/fsa_centroids.csv.
OTTAWA_NEAR = (45.4250, -75.6950)  # about 0.5 km from K1P's centre
GATINEAU = (45.4765, -75.7013)  # about 6 km
KANATA = (45.3088, -75.8987)  # about 20 km
KINGSTON = (44.2312, -76.4860)  # about 145 km: beyond the 100 km radius


@pytest.fixture
def service_map(site_pages):
    load_reference_data()
    english = ServiceMapPage(
        title="Find services", slug="services", locale=site_pages["home_en"].locale
    )
    site_pages["home_en"].add_child(instance=english)
    english.save_revision().publish()
    french = ServiceMapPage(
        title="Trouver des services",
        slug="services",
        locale=site_pages["home_fr"].locale,
        translation_key=english.translation_key,
    )
    site_pages["home_fr"].add_child(instance=french)
    french.save_revision().publish()
    return {"en": english, "fr": french}


@pytest.fixture
def make_service(service_map):
    """A service at one place: ``at=(lat, lon)`` or ``at=None`` (no place),
    with the needs, languages, hours and areas given."""

    def make(
        name,
        at=OTTAWA_NEAR,
        need="counselling",
        languages=("en",),
        visibility="public",
        address="1 Known Street",
        postal_code="K1P 5M2",
        city="Ottawa",
        province="ON",
        hours=(),
        zone="America/Toronto",
        areas=(),
        phones=(),
        step_free=False,
        **fields,
    ):
        organization = Organization.objects.create(name=f"{name} org")
        service = Service.objects.create(
            organization=organization,
            name=name,
            name_fr=fields.pop("name_fr", ""),
            assured_date=date(2026, 1, 15),
            **fields,
        )
        service.categories.set([TaxonomyTerm.objects.get(code=need)])
        for code in languages:
            ServiceLanguage.objects.create(service=service, code=code)
        if at is not None:
            location = Location.objects.create(
                organization=organization,
                name=f"{name} place",
                address_1=address,
                city=city,
                province=province,
                postal_code=postal_code,
                latitude=at[0],
                longitude=at[1],
                address_visibility=visibility,
                step_free_access=step_free,
                time_zone=zone,
                intake_instructions="Call the intake line.",
            )
            ServiceAtLocation.objects.create(service=service, location=location)
        for day, opens, closes in hours:
            Schedule.objects.create(
                service=service,
                byday=day,
                opens_at=opens,
                closes_at=closes,
                time_zone=zone,
            )
        for extent, province_code in areas:
            ServiceArea.objects.create(
                service=service, extent=extent, province=province_code
            )
        for number, kind in phones:
            Phone.objects.create(service=service, number=number, kind=kind)
        return service

    return make


ALL_WEEK = [(day, time(0), time(0)) for day, _ in Schedule.Day.choices]


def hsds_folder():
    """The shared data folder, beside the checkout (or one level up, from a
    worktree)."""
    here = Path(__file__).resolve()
    # A clean clone elsewhere (CI's) finds the team's shared folder through
    # HSDS_DATA_DIR, or at the workplace's usual place.
    places = (
        [Path(os.environ["HSDS_DATA_DIR"])] if "HSDS_DATA_DIR" in os.environ else []
    )
    places += [parent / "shared" / "data" / "hsds-3.0" for parent in here.parents]
    places.append(Path("/work/shared/data/hsds-3.0"))
    for candidate in places:
        if candidate.is_dir():
            return candidate
    raise AssertionError("shared/data/hsds-3.0 not found beside the checkout")

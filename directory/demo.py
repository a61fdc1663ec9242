"""Demo content for `manage.py load_demo`: a Service Map page in each
language and about forty FICTIONAL services (every one labelled "Fictional
example" on the site) across the six needs, in eight provinces and
territories, some national, some at confidential addresses.

Idempotent: records have fixed ids (uuid5 of a name) and are upserted;
pages are found again by their parent and slug.
"""

import uuid
from datetime import date, time

from .models import (
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
from .places import load_reference_data

NAMESPACE = uuid.UUID("6b1f8c1e-4a55-4a8e-9a43-0b5d7d1c2e10")

PAGE = {
    "en": {
        "title": "Find services",
        "slug": "services",
        "intro": (
            "Find shelter, legal help, counselling, health care and support near "
            "you. Nothing you search for is stored. The services listed in this "
            "demonstration are fictional."
        ),
    },
    "fr": {
        "title": "Trouver des services",
        "slug": "services",
        "intro": (
            "Trouvez un hébergement, de l’aide juridique, du counselling, des soins "
            "et du soutien près de chez vous. Rien de ce que vous cherchez n’est "
            "conservé. Les services de cette démonstration sont fictifs."
        ),
    },
}

#: city key: (name, province, postal code, latitude, longitude, time zone)
CITIES = {
    "ottawa": ("Ottawa", "ON", "K1P 5M2", 45.4225, -75.6995, "America/Toronto"),
    "toronto": ("Toronto", "ON", "M5V 2T6", 43.6445, -79.3960, "America/Toronto"),
    "montreal": ("Montréal", "QC", "H2X 1Y4", 45.5115, -73.5655, "America/Toronto"),
    "quebec": ("Québec", "QC", "G1R 4P5", 46.8120, -71.2100, "America/Toronto"),
    "vancouver": (
        "Vancouver",
        "BC",
        "V6B 1A1",
        49.2800,
        -123.1130,
        "America/Vancouver",
    ),
    "calgary": ("Calgary", "AB", "T2P 1J9", 51.0480, -114.0690, "America/Edmonton"),
    "winnipeg": ("Winnipeg", "MB", "R3C 4A5", 49.8960, -97.1390, "America/Winnipeg"),
    "halifax": ("Halifax", "NS", "B3J 1P3", 44.6490, -63.5770, "America/Halifax"),
    "st-johns": ("St. John's", "NL", "A1C 5M2", 47.5660, -52.7100, "America/St_Johns"),
    "whitehorse": (
        "Whitehorse",
        "YT",
        "Y1A 1B5",
        60.7220,
        -135.0550,
        "America/Whitehorse",
    ),
}

#: need: (English name, French name, English text, French text, visibility)
KINDS = {
    "shelter-housing": (
        "{city} Safe Harbour Shelter",
        "Refuge Havre sûr de {city}",
        "Emergency and transitional housing for survivors of trafficking and "
        "their children, with staff on site day and night.",
        "Hébergement d’urgence et de transition pour les survivantes de la traite "
        "et leurs enfants, avec du personnel sur place jour et nuit.",
        "hidden",
    ),
    "legal": (
        "{city} Community Legal Clinic",
        "Clinique juridique communautaire de {city}",
        "Free legal advice on immigration, family law, criminal records and "
        "compensation for survivors.",
        "Conseils juridiques gratuits en immigration, droit de la famille, casier "
        "judiciaire et indemnisation pour les survivantes.",
        "public",
    ),
    "counselling": (
        "{city} Trauma Counselling Centre",
        "Centre de counselling en traumatisme de {city}",
        "One-to-one and group counselling with therapists trained in trauma.",
        "Counselling individuel et en groupe avec des thérapeutes formées en "
        "traumatisme.",
        "public",
    ),
    "health": (
        "{city} Community Health Centre",
        "Centre de santé communautaire de {city}",
        "Nurses and doctors for anyone, with or without a health card.",
        "Infirmières et médecins pour toutes et tous, avec ou sans carte santé.",
        "public",
    ),
    "case-management": (
        "{city} Survivor Support Navigators",
        "Intervenantes-pivots pour survivantes de {city}",
        "A navigator helps you plan next steps: income, housing, documents and "
        "appointments.",
        "Une intervenante-pivot vous aide à planifier la suite : revenu, logement, "
        "documents et rendez-vous.",
        "public",
    ),
    "community": (
        "{city} Peer Support Circle",
        "Cercle de soutien par les pairs de {city}",
        "Meet other survivors and people supporting them, led by survivors.",
        "Rencontrez d’autres survivantes et leurs proches, dans un groupe animé "
        "par des survivantes.",
        "approximate",
    ),
}

#: Which needs each city has (36 services).
LOCAL = {
    "ottawa": ["shelter-housing", "legal", "counselling", "health", "community"],
    "toronto": ["shelter-housing", "legal", "counselling", "case-management", "health"],
    "montreal": ["shelter-housing", "legal", "counselling", "community"],
    "quebec": ["counselling", "case-management", "health"],
    "vancouver": ["shelter-housing", "legal", "counselling", "community"],
    "calgary": ["legal", "counselling", "case-management", "community"],
    "winnipeg": ["shelter-housing", "health", "community"],
    "halifax": ["shelter-housing", "legal", "counselling", "case-management"],
    "st-johns": ["counselling", "community"],
    "whitehorse": ["shelter-housing", "health"],
}

NATIONAL = [
    {
        "key": "national-line",
        "need": "counselling",
        "name": ("Canada-wide Survivor Support Line", "Ligne de soutien pancanadienne"),
        "text": (
            "Talk to someone now, day or night, in your language.",
            "Parlez à quelqu’un maintenant, jour et nuit, dans votre langue.",
        ),
        "phones": [("1-800-555-0100", "crisis"), ("1-800-555-0101", "tty")],
        "languages": ["en", "fr", "ar", "es", "zh", "pa", "tl", "uk"],
        "delivery": ["phone", "text"],
        "hours": "always",
        "area": ("canada", ""),
    },
    {
        "key": "national-legal",
        "need": "legal",
        "name": (
            "National Legal Information Line",
            "Ligne nationale d’information juridique",
        ),
        "text": (
            "Legal information by phone and online for survivors anywhere in Canada.",
            "Information juridique au téléphone et en ligne pour les survivantes "
            "partout au Canada.",
        ),
        "phones": [("1-800-555-0110", "voice")],
        "languages": ["en", "fr"],
        "delivery": ["phone", "online"],
        "hours": "weekdays",
        "area": ("canada", ""),
    },
    {
        "key": "national-families",
        "need": "community",
        "name": (
            "Online Circle for Families and Friends",
            "Cercle en ligne pour les proches",
        ),
        "text": (
            "Online support for people supporting a survivor: parents, partners, "
            "friends.",
            "Soutien en ligne pour les personnes qui accompagnent une survivante : "
            "parents, conjoints, amis.",
        ),
        "phones": [],
        "languages": ["en", "fr"],
        "delivery": ["online"],
        "hours": "evenings",
        "area": ("canada", ""),
        "supporters": True,
    },
    {
        "key": "quebec-line",
        "need": "case-management",
        "name": ("Quebec Survivor Help Line", "Ligne d’aide aux survivantes du Québec"),
        "text": (
            "Help by phone and text message for survivors anywhere in Quebec.",
            "Aide par téléphone et texto pour les survivantes partout au Québec.",
        ),
        "phones": [("1-800-555-0120", "voice"), ("1-800-555-0121", "text")],
        "languages": ["fr", "en"],
        "delivery": ["phone", "text"],
        "hours": "evenings",
        "area": ("province", "QC"),
    },
]

FRENCH_PROVINCES = {"QC"}
BILINGUAL_PROVINCES = {"ON", "NB"}


def _id(*parts):
    return uuid.uuid5(NAMESPACE, "/".join(parts))


def load(loader):
    changes = load_reference_data() + _pages(loader)
    needs = {term.code: term for term in TaxonomyTerm.objects.filter(parent=None)}
    for city_key, kinds in LOCAL.items():
        for position, need in enumerate(kinds):
            changes += _local_service(city_key, need, position, needs)
    for spec in NATIONAL:
        changes += _national_service(spec, needs)
    loader.log(f"  directory: {changes} change(s)")
    return changes


def _pages(loader):
    changes = 0
    english = None
    for code in ("en", "fr"):
        home = loader.homes[code]
        page = ServiceMapPage.objects.child_of(home).first()
        if page is None:
            page = ServiceMapPage(
                locale=home.locale,
                show_in_menus=True,
                **PAGE[code],
                **({"translation_key": english.translation_key} if english else {}),
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            changes += 1
        english = english or page
    return changes


def _upsert(model, pk, **fields):
    _obj, created = model.objects.update_or_create(pk=pk, defaults=fields)
    return int(created)


def _schedules(service, pattern, zone):
    Schedule.objects.filter(service=service).delete()
    days = [day for day, _label in Schedule.Day.choices]
    if pattern == "always":
        spans = [(day, time(0), time(0)) for day in days]
    elif pattern == "weekdays":
        spans = [(day, time(9), time(17)) for day in days[:5]]
    elif pattern == "evenings":  # past midnight
        spans = [(day, time(18), time(2)) for day in days]
    else:
        spans = []
    for position, (day, opens, closes) in enumerate(spans):
        Schedule.objects.create(
            id=_id(str(service.pk), "schedule", str(position)),
            service=service,
            byday=day,
            opens_at=opens,
            closes_at=closes,
            time_zone=zone,
        )


def _languages(service, codes):
    ServiceLanguage.objects.filter(service=service).exclude(code__in=codes).delete()
    for code in codes:
        ServiceLanguage.objects.get_or_create(
            service=service, code=code, defaults={"id": _id(str(service.pk), code)}
        )


def _local_service(city_key, need, position, needs):
    city, province, postal_code, lat, lon, zone = CITIES[city_key]
    name, name_fr, text, text_fr, visibility = KINDS[need]
    key = f"{city_key}-{need}"
    org_id = _id("org", key)
    changes = _upsert(
        Organization,
        org_id,
        name=name.format(city=city),
        name_fr=name_fr.format(city=city),
        description="A fictional organization for the demo.",
        description_fr="Un organisme fictif pour la démonstration.",
        is_demo=True,
    )
    offset = 0.004 * (position + 1)
    location_id = _id("location", key)
    changes += _upsert(
        Location,
        location_id,
        organization_id=org_id,
        name=name.format(city=city),
        name_fr=name_fr.format(city=city),
        address_1=f"{100 + 10 * position} Example Street",
        city=city,
        province=province,
        postal_code=postal_code,
        latitude=round(lat + offset, 4),
        longitude=round(lon - offset, 4),
        address_visibility=visibility,
        intake_instructions=(
            "Call the intake line at any hour: staff will meet you at a safe place."
            if visibility == "hidden"
            else ""
        ),
        intake_instructions_fr=(
            "Appelez la ligne d’accueil à toute heure : le personnel vous rejoindra "
            "dans un lieu sûr."
            if visibility == "hidden"
            else ""
        ),
        step_free_access=position % 2 == 0,
        time_zone=zone,
    )
    if province in FRENCH_PROVINCES:
        languages = ["fr", "en"]
    elif province in BILINGUAL_PROVINCES:
        languages = ["en", "fr"]
    else:
        languages = ["en"]
    if city_key in ("toronto", "vancouver"):
        languages += ["zh", "pa"] if city_key == "vancouver" else ["es", "tl"]
    service_id = _id("service", key)
    changes += _upsert(
        Service,
        service_id,
        organization_id=org_id,
        name=name.format(city=city),
        name_fr=name_fr.format(city=city),
        description=text,
        description_fr=text_fr,
        status=Service.Status.ACTIVE,
        for_survivors=True,
        for_supporters=need in ("community", "counselling"),
        for_professionals=need in ("legal", "case-management"),
        cost=Service.Cost.SLIDING
        if (need == "counselling" and position % 2)
        else Service.Cost.FREE,
        lgbtq_affirming=True,
        immigration_status_safe=need in ("legal", "health", "shelter-housing"),
        gender_served="women" if need == "shelter-housing" else "",
        access_walk_in=need in ("health", "community"),
        access_self_referral=True,
        access_appointment=need in ("legal", "counselling"),
        delivery_in_person=True,
        delivery_phone=need != "community",
        delivery_online=need in ("counselling", "legal"),
        application_process="Call or walk in; no referral needed.",
        application_process_fr=(
            "Appelez ou présentez-vous; aucune recommandation requise."
        ),
        assured_date=date(2026, 9, 1 + position),
        assurer="Demo organizer",
        is_demo=True,
    )
    service = Service.objects.get(pk=service_id)
    service.categories.set([needs[need]])
    ServiceAtLocation.objects.get_or_create(
        service=service,
        location_id=location_id,
        defaults={"id": _id("sal", key)},
    )
    Phone.objects.update_or_create(
        id=_id("phone", key),
        defaults={
            "service": service,
            "number": f"613-555-{(position * 7 + len(city)) % 100:02d}{position:02d}",
            "kind": Phone.Kind.CRISIS
            if need == "shelter-housing"
            else Phone.Kind.VOICE,
        },
    )
    pattern = {
        "shelter-housing": "always",
        "community": "evenings",
        "health": "",  # hours unknown
    }.get(need, "weekdays")
    _schedules(service, pattern, zone)
    _languages(service, languages)
    return changes


def _national_service(spec, needs):
    key = spec["key"]
    org_id = _id("org", key)
    changes = _upsert(
        Organization,
        org_id,
        name=spec["name"][0],
        name_fr=spec["name"][1],
        description="A fictional organization for the demo.",
        description_fr="Un organisme fictif pour la démonstration.",
        is_demo=True,
    )
    service_id = _id("service", key)
    delivery = spec["delivery"]
    changes += _upsert(
        Service,
        service_id,
        organization_id=org_id,
        name=spec["name"][0],
        name_fr=spec["name"][1],
        description=spec["text"][0],
        description_fr=spec["text"][1],
        status=Service.Status.ACTIVE,
        for_survivors=True,
        for_supporters=spec.get("supporters", True),
        cost=Service.Cost.FREE,
        lgbtq_affirming=True,
        immigration_status_safe=True,
        access_self_referral=True,
        delivery_phone="phone" in delivery,
        delivery_text="text" in delivery,
        delivery_online="online" in delivery,
        assured_date=date(2026, 10, 1),
        assurer="Demo organizer",
        is_demo=True,
    )
    service = Service.objects.get(pk=service_id)
    service.categories.set([needs[spec["need"]]])
    extent, province = spec["area"]
    ServiceArea.objects.update_or_create(
        id=_id("area", key),
        defaults={"service": service, "extent": extent, "province": province},
    )
    for position, (number, kind) in enumerate(spec["phones"]):
        Phone.objects.update_or_create(
            id=_id("phone", key, str(position)),
            defaults={"service": service, "number": number, "kind": kind},
        )
    _schedules(service, spec["hours"], "America/Toronto")
    _languages(service, spec["languages"])
    return changes

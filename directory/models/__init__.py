from .gaps import SearchGap
from .pages import ServiceMapPage
from .records import (
    ForwardSortationArea,
    Location,
    Need,
    Organization,
    Phone,
    Place,
    Province,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
)
from .suggestions import Suggestion

__all__ = [
    "ForwardSortationArea",
    "Location",
    "Need",
    "Organization",
    "Phone",
    "Place",
    "Province",
    "Schedule",
    "SearchGap",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceLanguage",
    "ServiceMapPage",
    "Suggestion",
    "TaxonomyTerm",
]

from django.urls import path

from . import api

app_name = "hsds"
urlpatterns = [
    path("", api.root, name="root"),
    path("services/", api.services, name="services"),
    path("services/<uuid:pk>/", api.service, name="service"),
    path("organizations/", api.organizations, name="organizations"),
    path("organizations/<uuid:pk>/", api.organization, name="organization"),
    path(
        "service_at_locations/", api.service_at_locations, name="service_at_locations"
    ),
    path(
        "service_at_locations/<uuid:pk>/",
        api.service_at_location,
        name="service_at_location",
    ),
]

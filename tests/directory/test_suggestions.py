"""Suggest a service or report a change: stored for Moderators, never
published; honeypot, rate limit and bad input. And "may be out of date"."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from directory.models import Service, Suggestion
from directory.verification import needs_verification

pytestmark = pytest.mark.django_db


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_a_suggestion_is_stored_and_not_published(client, service_map):
    response = client.post(
        "/fr/services/suggest/",
        {
            "kind": "new",
            "service_name": "Maison Aurore",
            "details": "Un refuge à Laval.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/services/suggest/thanks/"
    suggestion = Suggestion.objects.get()
    assert (suggestion.status, suggestion.language) == ("pending", "fr")
    assert not Service.objects.filter(name="Maison Aurore").exists()
    assert "Maison Aurore" not in client.get("/fr/services/canada/").content.decode()
    thanks = client.get(response["Location"])
    assert "Une personne de la modération lira votre message" in text(thanks)


def test_report_a_change_links_the_service(client, make_service):
    service = make_service("Clinic")
    page = client.get(f"/en/services/service/{service.pk}/")
    assert f"suggest/?service={service.pk}" in page.content.decode()
    form = client.get(f"/en/services/suggest/?service={service.pk}")
    assert 'value="Clinic"' in form.content.decode()
    client.post(
        "/en/services/suggest/",
        {
            "kind": "change",
            "service": str(service.pk),
            "service_name": "Clinic",
            "details": "The phone number changed to 613-555-0000.",
        },
    )
    assert Suggestion.objects.get().service == service


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"service_name": "X", "details": "Long enough text"},
            "This field is required",
        ),
        ({"kind": "new", "details": "Long enough text"}, "This field is required"),
        ({"kind": "new", "service_name": "X", "details": "short"}, "at least 10"),
        (
            {"kind": "odd", "service_name": "X", "details": "Long enough"},
            "valid choice",
        ),
        (
            {"kind": "new", "service_name": "X" * 201, "details": "Long enough"},
            "at most 200",
        ),
    ],
)
def test_bad_input_is_answered_clearly(client, service_map, data, message):
    response = client.post("/en/services/suggest/", data)
    assert response.status_code == 400
    assert message in text(response)
    assert not Suggestion.objects.exists()


def test_the_honeypot_stores_nothing(client, service_map):
    response = client.post(
        "/en/services/suggest/",
        {
            "kind": "new",
            "service_name": "Spam",
            "details": "Buy things now please",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 302
    assert not Suggestion.objects.exists()


def test_the_rate_limit(client, service_map):
    data = {"kind": "new", "service_name": "A", "details": "Something to add here"}
    for _ in range(5):
        assert client.post("/en/services/suggest/", data).status_code == 302
    response = client.post("/en/services/suggest/", data)
    assert response.status_code == 429
    assert "Too many suggestions" in text(response)
    assert Suggestion.objects.count() == 5


def test_old_verifications(client, make_service):
    today = date.today()  # noqa: DTZ011
    fresh = make_service("Fresh")
    Service.objects.filter(pk=fresh.pk).update(assured_date=today)
    stale = make_service("Stale")
    Service.objects.filter(pk=stale.pk).update(assured_date=today - timedelta(days=400))
    old = make_service("Old")
    Service.objects.filter(pk=old.pk).update(assured_date=today - timedelta(days=600))
    assert set(needs_verification(Service.objects.all())) == {
        Service.objects.get(pk=stale.pk),
        Service.objects.get(pk=old.pk),
    }
    assert "May be out of date" in text(client.get(f"/en/services/service/{old.pk}/"))
    assert "May be out of date" not in text(
        client.get(f"/en/services/service/{stale.pk}/")
    )


def test_moderators_review_suggestions_in_the_admin(client, service_map):
    from django.contrib.auth.models import Group, User

    Suggestion.objects.create(kind="new", service_name="Maison", details="A shelter")
    moderator = User.objects.create_user("mod", "m@example.org", "x", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    from django.contrib.auth.models import Permission

    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    listing = client.get("/admin/directory/suggestions/")
    assert listing.status_code == 200
    assert "Maison" in listing.content.decode()
    suggestion = Suggestion.objects.get()
    response = client.post(
        f"/admin/directory/suggestions/edit/{suggestion.pk}/",
        {"status": "approved", "note": "Call them"},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "approved"

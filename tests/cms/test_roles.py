"""Admin roles: what Organizers, Moderators and Editors can and cannot do."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_user(django_user_model):
    def make(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower(), password="x", email=f"{group_name}@example.org"
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


def denied(response):
    """Wagtail answers a refused admin view with a redirect to the dashboard
    (and a "no permission" message); plain Django answers 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def add_url(model, parent):
    return f"/admin/pages/add/cms/{model}/{parent.pk}/"


def test_the_three_groups_exist():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Organizers", "Moderators", "Editors"} <= names


def test_organizer_creates_edits_and_publishes_any_page(client, site_pages, make_user):
    organizer = make_user("Organizers")
    client.force_login(organizer)
    home = site_pages["home_en"]
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    assert client.get(add_url("contentpage", home)).status_code == 200
    assert (
        client.get(add_url("homepage", Page.get_first_root_node())).status_code == 200
    )
    perms = home.permissions_for_user(organizer)
    assert perms.can_publish() and perms.can_edit()
    response = client.get(f"/admin/settings/cms/sitesettings/{site_pages['site'].pk}/")
    assert response.status_code == 200


def test_organizer_publishes_through_the_admin(client, site_pages, make_user):
    client.force_login(make_user("Organizers"))
    home = site_pages["home_en"]
    response = client.post(
        add_url("contentpage", home),
        {
            "title": "Town hall recap",
            "slug": "town-hall-recap",
            "intro": "What we heard.",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    assert client.get("/en/town-hall-recap/").status_code == 200


def test_editor_works_on_content_pages_only(client, site_pages, make_user):
    editor = make_user("Editors")
    client.force_login(editor)
    home = site_pages["home_en"]
    about = site_pages["about_en"]
    assert client.get(add_url("contentpage", home)).status_code == 200
    assert client.get(f"/admin/pages/{about.pk}/edit/").status_code == 200
    assert denied(client.get(f"/admin/pages/{home.pk}/edit/"))
    assert denied(client.get(add_url("homepage", Page.get_first_root_node())))
    assert denied(client.get(f"/admin/pages/{home.pk}/delete/"))
    settings_url = f"/admin/settings/cms/sitesettings/{site_pages['site'].pk}/"
    assert denied(client.get(settings_url))


def test_moderator_reaches_the_admin_but_edits_no_page(client, site_pages, make_user):
    moderator = make_user("Moderators")
    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200
    about = site_pages["about_en"]
    assert not about.permissions_for_user(moderator).can_edit()
    assert denied(client.get(f"/admin/pages/{about.pk}/edit/"))


def test_people_outside_the_groups_cannot_reach_the_admin(client, django_user_model):
    user = django_user_model.objects.create_user(username="visitor", password="x")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

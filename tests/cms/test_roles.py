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


# --- representatives and fixed targets (issue 18, item 13) -------------------
@pytest.fixture
def recipients(db):
    from advocacy.models import District, FixedTarget, Representative

    district = District.objects.create(
        boundary_set="federal-electoral-districts",
        external_id="35075",
        name="Ottawa Centre",
        level="federal",
    )
    representative = Representative.objects.create(
        source_key="house-of-commons/35075/mp/yasir-naqvi",
        representative_set="House of Commons",
        level="federal",
        name="Yasir Naqvi",
        elected_office="MP",
        district=district,
        email="yasir.naqvi@example.org",
    )
    target = FixedTarget.objects.create(
        name="Minister of Justice", kind="minister", email="minister@example.org"
    )
    return {"representative": representative, "target": target}


def test_organizers_find_and_correct_representatives(client, make_user, recipients):
    client.force_login(make_user("Organizers"))
    representative = recipients["representative"]
    assert "/admin/representatives/" in client.get("/admin/").content.decode()
    listing = client.get("/admin/representatives/")
    assert listing.status_code == 200
    assert "Yasir Naqvi" in listing.content.decode()
    response = client.post(
        f"/admin/representatives/edit/{representative.pk}/",
        {"email": "y.naqvi@example.org", "party": "Liberal"},
    )
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.email == "y.naqvi@example.org"
    assert not representative.is_active  # the unticked box: out of office


def test_organizers_manage_fixed_targets(client, make_user, recipients):
    from advocacy.models import FixedTarget

    client.force_login(make_user("Organizers"))
    target = recipients["target"]
    listing = client.get("/admin/snippets/advocacy/fixedtarget/")
    assert listing.status_code == 200
    assert "Minister of Justice" in listing.content.decode()
    fields = {
        "name": "Minister of Justice and Attorney General",
        "kind": "minister",
        "email": "minister@example.org",
        "title": "",
        "mailing_address": "",
        "salutation": "Dear Minister",
    }
    edit_url = f"/admin/snippets/advocacy/fixedtarget/edit/{target.pk}/"
    edited = client.post(edit_url, fields)
    assert edited.status_code == 302
    target.refresh_from_db()
    assert target.name == "Minister of Justice and Attorney General"
    added = client.post(
        "/admin/snippets/advocacy/fixedtarget/add/",
        {**fields, "name": "Letters editor", "kind": "editor"},
    )
    assert added.status_code == 302
    assert FixedTarget.objects.filter(name="Letters editor").exists()


def test_editors_cannot_open_representatives_or_fixed_targets(
    client, make_user, recipients
):
    client.force_login(make_user("Editors"))
    representative, target = recipients["representative"], recipients["target"]
    for url in (
        "/admin/representatives/",
        f"/admin/representatives/edit/{representative.pk}/",
        "/admin/snippets/advocacy/fixedtarget/",
        f"/admin/snippets/advocacy/fixedtarget/edit/{target.pk}/",
    ):
        assert denied(client.get(url)), url
        assert denied(client.post(url, {"email": "x@example.org", "name": "X"})), url
    representative.refresh_from_db()
    target.refresh_from_db()
    assert representative.email == "yasir.naqvi@example.org"
    assert target.name == "Minister of Justice"

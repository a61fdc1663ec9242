"""The organizer's admin in a real browser (issue 12, items 8 and 10):
sign-in lands on the dashboard; each tool is found from the menu, the
page's row and the editor's header, by its name; publishing an English page
leaves its French copy off the public site, and the editor says so."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page

from cms import translations
from cms.models import HomePage
from events.models import EventIndexPage, EventPage
from tests.conftest import serious_violations

pytestmark = pytest.mark.browser

PASSWORD = "a long organizer password"


#: The migrations that make the roles and grant them their permissions.
ROLE_MIGRATIONS = (
    ("cms.migrations.0002_admin_roles", "create_roles"),
    ("cms.migrations.0005_personal_data_permission", "grant"),
    ("events.migrations.0002_event_role_permissions", "grant"),
    ("advocacy.migrations.0004_letter_role_permissions", "grant"),
    ("advocacy.migrations.0008_organizers_manage_recipients", "grant"),
    ("campaigns.migrations.0004_flyer_download_role_permissions", "grant"),
)


def organizer():
    """An Organizer. A transactional test's flush empties the tables the
    migrations filled (the roles): they are made again first."""
    if not Group.objects.filter(name="Organizers").exists():
        for module, function in ROLE_MIGRATIONS:
            getattr(import_module(module), function)(apps, None)
    user = get_user_model().objects.create_user("olive", "olive@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


def sign_in(page, server, start="/admin/"):
    page.goto(f"{server.url}{start}")
    page.get_by_label("Username").fill("olive")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_an_organizer_finds_each_event_tool_by_name(page, axe, own_demo_site):
    organizer()
    # A bookmark of the page explorer's top ("Root") leads to the dashboard.
    sign_in(page, own_demo_site, start="/admin/pages/")
    assert page.url == f"{own_demo_site.url}/admin/"
    assert "Root" not in page.title()

    # The menu: "Events", the coming events with their tools.
    page.get_by_role("link", name="Events", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/events/upcoming/$"))
    assert page.get_by_role("heading", name="Upcoming events").is_visible()
    assert serious_violations(axe, page) == []
    town_hall = EventPage.objects.get(
        locale=Locale.get_default(), title__startswith="Town hall"
    )
    row = page.get_by_role("row").filter(has_text=town_hall.title)
    row.get_by_role("link", name=re.compile("^Check-in")).click()
    page.wait_for_url(re.compile(rf"/admin/event-tools/{town_hall.pk}/check-in/$"))

    # The page explorer: the event's row has its tools, by name.
    index = EventIndexPage.objects.get(locale=Locale.get_default())
    page.goto(f"{own_demo_site.url}/admin/pages/{index.pk}/")
    row = page.get_by_role("row").filter(has_text=town_hall.title)
    link = row.get_by_role("link", name="Registrations", exact=True)
    assert link.is_visible()
    link.click()
    page.wait_for_url(re.compile(rf"/admin/event-tools/{town_hall.pk}/registrations/"))

    # The editor: labelled buttons in the header, no "⋯" to open first.
    page.goto(f"{own_demo_site.url}/admin/pages/{town_hall.pk}/edit/")
    header = page.locator("#w-slim-header-buttons")
    assert serious_violations(axe, page) == []
    for name in ("Registrations", "Check-in", "Message attendees"):
        assert header.get_by_role("link", name=name, exact=True).is_visible()
    header.get_by_role("link", name="Message attendees", exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/event-tools/{town_hall.pk}/message/$"))


def test_letter_campaigns_and_flyers_have_their_menu_items(page, axe, own_demo_site):
    organizer()
    sign_in(page, own_demo_site)
    page.get_by_role("link", name="Letter campaigns", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/letter-campaigns/$"))
    assert serious_violations(axe, page) == []
    page.get_by_role("link", name=re.compile("^Letters")).first.click()
    page.wait_for_url(re.compile(r"/admin/letter-tools/\d+/letters/$"))

    page.get_by_role("link", name="Flyers", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/flyers/$"))
    assert serious_violations(axe, page) == []
    page.get_by_role("link", name=re.compile("^Downloads")).first.click()
    page.wait_for_url(re.compile(r"/admin/flyer-downloads/\?flyer=\d+"))


def test_publishing_an_english_page_leaves_its_french_copy_unpublished(
    page, own_demo_site
):
    organizer()
    sign_in(page, own_demo_site)
    home = HomePage.objects.get(locale=Locale.get_default())
    page.goto(f"{own_demo_site.url}/admin/pages/add/cms/contentpage/{home.pk}/")
    page.locator("#id_title").fill("Know your rights")
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    assert page.get_by_text("Not published in Français").is_visible()

    english = Page.objects.get(locale=Locale.get_default(), title="Know your rights")
    french = Page.objects.get(alias_of=english)
    assert french.locale.language_code == "fr"
    assert not french.live

    # Published again, as an editor fixing a typo would: still not French.
    page.goto(f"{own_demo_site.url}/admin/pages/{english.pk}/edit/")
    box = page.locator(".cms-translations")
    assert "Not translated yet" in box.locator("[data-language=fr]").inner_text()
    page.locator("#id_intro").fill("What the law says.")
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    french.refresh_from_db()
    assert not french.live
    assert translations.is_untranslated_copy(french)

    # The public site: English is live; no French page with English text,
    # and the language switch leads to the French home page meanwhile.
    page.goto(f"{own_demo_site.url}/en/{english.slug}/")
    assert page.locator("h1").inner_text() == "Know your rights"
    assert page.locator(".language-switch a[lang=fr]").get_attribute("href") == "/fr/"
    response = page.goto(f"{own_demo_site.url}/fr/{french.slug}/")
    assert response.status == 404

    # The copy's own editor says what it is.
    page.goto(f"{own_demo_site.url}/admin/pages/{french.pk}/edit/")
    own = page.locator(".cms-translations [data-language=fr]").inner_text()
    assert "(this page)" in own and "Not translated yet" in own

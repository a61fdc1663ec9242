"""Events under a restricted page (a private support group) stay private.

A view restriction on any ancestor (an events index only a group, a
password or signed-in people may see) covers every event below it: no
public page, feed, sitemap, search or API answer may show their titles,
times or places.
"""

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from cms.page_cache import purge_page_cache
from events.models import EventIndexPage
from tests.events.test_pages import valid_calendar

pytestmark = pytest.mark.django_db

PRIVATE_TITLE = "Support group for families and friends"


def restrict(page, kind):
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="a-secret" if kind == PageViewRestriction.PASSWORD else "",
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.create(name="Support group members"))
    return restriction


@pytest.fixture(
    params=[
        PageViewRestriction.PASSWORD,
        PageViewRestriction.GROUPS,
        PageViewRestriction.LOGIN,
    ]
)
def private_event(request, site_pages, make_event):
    """A support group's event in an events index only some people may see
    (the event itself carries no restriction of its own), and a public event."""
    about = site_pages["about_en"]
    index = EventIndexPage(title="Support groups", slug="groups", locale=about.locale)
    about.add_child(instance=index)
    index.save_revision().publish()
    restrict(index, request.param)
    make_event(title="Public workshop", days=2, city="Ottawa")
    event = make_event(
        title=PRIVATE_TITLE, days=1, city="Gatineau", event_type="support_group"
    )
    event.move(index, pos="last-child")
    event.refresh_from_db()
    return event


def text(response):
    return response.content.decode()


def test_the_home_page_shows_public_events_only(client, private_event):
    section = BeautifulSoup(text(client.get("/en/")), "html.parser").find(
        "section", class_="home-section"
    )
    titles = [h.get_text(strip=True) for h in section.select(".event-card__title")]
    assert titles == ["Public workshop"]
    assert "Gatineau" not in section.get_text()


def test_an_event_restricted_itself_stays_off_the_home_page(client, make_event):
    make_event(title="Public workshop", days=2)
    event = make_event(title=PRIVATE_TITLE, days=1)
    restrict(event, PageViewRestriction.PASSWORD)
    assert PRIVATE_TITLE not in text(client.get("/en/"))


def test_the_home_page_keeps_its_query_budget_with_restrictions(
    client, private_event, make_event, django_assert_max_num_queries
):
    restrict(make_event(title="Another private one"), PageViewRestriction.LOGIN)
    client.get("/en/")
    purge_page_cache()
    with django_assert_max_num_queries(10):
        response = client.get("/en/")
    assert "Public workshop" in text(response)


def test_feeds_and_pages_of_the_private_index_need_the_restriction(
    client, private_event
):
    index = private_event.get_parent()
    for url in (
        index.url,
        index.url + "calendar.ics",
        private_event.url,
        private_event.url + "calendar.ics",
    ):
        response = client.get(url)
        assert PRIVATE_TITLE not in text(response), url
        assert "Gatineau" not in text(response), url
    public = valid_calendar(client.get("/en/events/calendar.ics").content)
    assert [str(e["summary"]) for e in public.walk("VEVENT")] == ["Public workshop"]
    assert PRIVATE_TITLE not in text(client.get("/en/events/"))


def test_members_see_the_private_events_listed(client, site_pages, make_event):
    """Someone the restriction lets in sees the events of the index (the
    public-only filter must not empty it for them)."""
    about = site_pages["about_en"]
    index = EventIndexPage(title="Support groups", slug="groups", locale=about.locale)
    about.add_child(instance=index)
    index.save_revision().publish()
    restrict(index, PageViewRestriction.PASSWORD)
    event = make_event(title=PRIVATE_TITLE, days=1)
    event.move(index, pos="last-child")
    form = BeautifulSoup(text(client.get(index.url)), "html.parser").find(
        "form", action=lambda action: action and "password" in action
    )
    fields = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("name")
    }
    fields["password"] = "a-secret"
    client.post(form["action"], fields)
    assert PRIVATE_TITLE in text(client.get(index.url))
    calendar = valid_calendar(client.get(index.url + "calendar.ics").content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [PRIVATE_TITLE]
    # What a member saw is never served to anyone else from the page cache.
    for url in (index.url, index.url + "calendar.ics"):
        assert PRIVATE_TITLE not in text(Client().get(url)), url


def test_the_sitemap_leaves_private_events_out(client, private_event):
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = {loc.text for loc in tree.iter() if loc.tag.endswith("loc")}
    assert any(loc.endswith("/en/events/") for loc in locations)
    assert not any("/groups/" in loc for loc in locations)


def test_search_finds_no_private_event(client, private_event):
    found = BeautifulSoup(
        text(client.get("/en/search/", {"query": "support group"})), "html.parser"
    ).find("ol", class_="search-results")
    assert found is None or PRIVATE_TITLE not in found.get_text()
    assert "Public workshop" in text(client.get("/en/search/", {"query": "workshop"}))


def test_the_api_has_no_private_event(client, private_event):
    listing = client.get(
        "/api/v2/pages/", {"type": "events.EventPage", "fields": "city,start_at"}
    ).json()
    assert [item["title"] for item in listing["items"]] == ["Public workshop"]
    detail = client.get(f"/api/v2/pages/{private_event.pk}/", follow=True)
    assert detail.status_code == 404
    assert PRIVATE_TITLE not in text(detail)
    search = client.get("/api/v2/pages/", {"search": "support group"}).json()
    assert PRIVATE_TITLE not in [item["title"] for item in search["items"]]

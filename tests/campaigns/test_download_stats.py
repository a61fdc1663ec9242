"""Flyer downloads in the admin: what organizers see per flyer, city and
sector, the chart, the CSV/XLSX export, the filters, bad filters, and who
may look."""

import csv
import io
import re
from datetime import datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from campaigns.models import CampaignIndexPage, CampaignPage, FlyerDownload, FlyerPage

REPORT_URL = "/admin/flyer-downloads/"

pytestmark = pytest.mark.django_db

BODY = [("headline", "Human trafficking happens here"), ("crisis_line", None)]


# --- fixtures -------------------------------------------------------------------------
def add_page(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def tree(site_pages):
    """Two campaigns; "Know the signs" has a flyer for businesses in English
    and French and a flyer for hotels, "Fund shelters" one flyer."""
    home_en, home_fr = site_pages["home_en"], site_pages["home_fr"]
    en, fr = home_en.locale, home_fr.locale
    index = add_page(
        home_en, CampaignIndexPage(title="Campaigns", slug="campaigns", locale=en)
    )
    index_fr = add_page(
        home_fr,
        CampaignIndexPage(
            title="Campagnes",
            slug="campagnes",
            locale=fr,
            translation_key=index.translation_key,
        ),
    )

    def campaign(parent, title, slug, locale, **fields):
        return add_page(
            parent,
            CampaignPage(
                title=title,
                slug=slug,
                summary="Act.",
                issue_area="awareness",
                locale=locale,
                **fields,
            ),
        )

    def flyer(parent, title, slug, locale, **fields):
        return add_page(
            parent,
            FlyerPage(title=title, slug=slug, body=BODY, locale=locale, **fields),
        )

    signs = campaign(index, "Know the signs", "know", en)
    signs_fr = campaign(
        index_fr,
        "Reconnaître les signes",
        "signes",
        fr,
        translation_key=signs.translation_key,
    )
    shelters = campaign(index, "Fund shelters", "shelters", en)
    business = flyer(signs, "Business flyer", "business", en)
    business_fr = flyer(
        signs_fr,
        "Affiche pour commerces",
        "commerces",
        fr,
        translation_key=business.translation_key,
    )
    return {
        "signs": signs,
        "signs_fr": signs_fr,
        "shelters": shelters,
        "business": business,
        "business_fr": business_fr,
        "hotels": flyer(signs, "Hotel flyer", "hotels", en),
        "shelter_flyer": flyer(shelters, "Shelter flyer", "shelter-flyer", en),
    }


def local(day, hour=12):
    return datetime.combine(day, time(hour)).replace(
        tzinfo=timezone.get_current_timezone()
    )


def record(flyer, day, **fields):
    """A download through the form, made at noon (local) on ``day``."""
    values = {"size": "letter", "language": "en", "copies": 1}
    values.update(fields)
    download = FlyerDownload.objects.create(flyer=flyer, **values)
    FlyerDownload.objects.filter(pk=download.pk).update(created_at=local(day))
    return download


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def downloads(tree, today):
    """Six downloads: the business flyer four times (once through its French
    page), the hotel flyer and the shelter flyer once each."""
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    return [
        record(
            tree["business"],
            today,
            business_name="Café Soleil",
            sector="food",
            city="Ottawa",
            province="ON",
            copies=3,
            email="cafe@example.org",
            # Asked for on the form and confirmed from the email.
            consent_text="Yes",
            consent_requested_at=local(today, 11),
            consent_confirmed_at=local(today, 13),
        ),
        record(
            tree["business"],
            ago(2),
            business_name="Corner Gas",
            local_contact="Call Jo at 613-555-0101",
            sector="transport",
            city=" ottawa ",
            province="ON",
            copies=2,
            email="gas@example.org",
        ),
        record(
            tree["business_fr"],
            ago(2),
            language="fr",
            business_name="Dépanneur Lavoie",
            sector="retail",
            city="Gatineau",
            province="QC",
            copies=5,
        ),
        record(tree["business"], ago(40), sector="food", city="Toronto", province="ON"),
        record(
            tree["hotels"],
            ago(2),
            size="a4",
            business_name="Hotel Rideau",
            sector="hospitality",
            city="Ottawa",
            province="ON",
            copies=10,
        ),
        record(tree["shelter_flyer"], today, copies=4),
    ]


@pytest.fixture
def make_user(django_user_model):
    def make(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower(), password="x"
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def organizer(client, make_user):
    user = make_user("Organizers")
    client.force_login(user)
    return user


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def table(response, table_id):
    """The rows of one table of the report, as lists of cell texts."""
    found = soup(response).find("table", id=table_id)
    assert found is not None, f"no table #{table_id}"
    return [
        [" ".join(cell.get_text().split()) for cell in row.find_all(["th", "td"])]
        for row in found.tbody.find_all("tr")
    ]


def counts(response):
    page = soup(response)
    return {
        name: int(page.find("dd", attrs={"data-count": name}).get_text())
        for name in ("downloads", "copies")
    }


def bars(response):
    """The chart's drawn bars, as {day label: count}."""
    svg = soup(response).find("svg", class_="campaigns-chart__svg")
    assert svg is not None, "no chart"
    result = {}
    for rect in svg.find_all("rect", class_="campaigns-chart__bar"):
        day, _sep, count = rect.title.get_text().rpartition(": ")
        result[day] = int(count)
    return result


def day_label(day):
    return date_format(day, "DATE_FORMAT")


def filter_messages(response):
    box = soup(response).find(class_="campaigns-admin__errors")
    if box is None:
        return []
    return [" ".join(item.get_text().split()) for item in box.find_all("li")]


def denied(response):
    """Wagtail answers a refused admin view with a redirect to the dashboard
    (and a "no permission" message); plain Django answers 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def read_csv(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


# --- the report -----------------------------------------------------------------------
def test_report_counts_per_flyer_city_and_sector(client, organizer, downloads):
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert counts(response) == {"downloads": 6, "copies": 25}
    # The French page's download counts for the same flyer, shown in English.
    assert table(response, "per-flyer") == [
        ["Business flyer", "Know the signs", "4", "11"],
        ["Hotel flyer", "Know the signs", "1", "10"],
        ["Shelter flyer", "Fund shelters", "1", "4"],
    ]
    # " ottawa " and "Ottawa" are one city.
    assert table(response, "per-city") == [
        ["Ottawa", "Ontario", "3", "15"],
        ["Gatineau", "Quebec", "1", "5"],
        ["City not given", "Province not given", "1", "4"],
        ["Toronto", "Ontario", "1", "1"],
    ]
    assert table(response, "per-sector") == [
        ["Restaurant, bar or café", "2", "4"],
        ["Hotel or short-term rental", "1", "10"],
        ["Shop", "1", "5"],
        ["Sector not given", "1", "4"],
        ["Transport or gas station", "1", "2"],
    ]
    # Each flyer leads to the report filtered on it.
    link = soup(response).find("table", id="per-flyer").find("a", string="Hotel flyer")
    assert link["href"] == f"{REPORT_URL}?flyer={downloads[4].flyer_id}"


def test_chart_has_a_bar_per_day_with_downloads(client, organizer, downloads, today):
    response = client.get(REPORT_URL)
    html = response.content.decode()
    assert '<title id="campaigns-chart-title">' in html
    # The last 30 days by default: the download 40 days ago is not charted.
    assert bars(response) == {
        day_label(today): 2,
        day_label(today - timedelta(days=2)): 3,
    }
    assert "5 flyer downloads over 30 days" in html
    # Bars scale to the busiest day (3 downloads: the full 120 units).
    svg = soup(response).find("svg", class_="campaigns-chart__svg")
    heights = sorted(
        float(rect["height"])
        for rect in svg.find_all("rect", class_="campaigns-chart__bar")
    )
    assert heights == [80.0, 120.0]
    # The text alternative gives every day, empty ones too.
    rows = soup(response).find("figure", class_="campaigns-chart").table.tbody
    assert len(rows.find_all("tr")) == 30
    assert re.search(rf"<th scope=\"row\">{day_label(today)}</th>\s*<td>2</td>", html)


def test_flyer_filter_applies_to_everything(client, organizer, tree, downloads, today):
    # The French page's id is the same flyer as the English one.
    for flyer in (tree["business"], tree["business_fr"]):
        response = client.get(REPORT_URL, {"flyer": flyer.pk})
        assert response.status_code == 200
        assert filter_messages(response) == []
        assert counts(response) == {"downloads": 4, "copies": 11}
        assert [row[0] for row in table(response, "per-flyer")] == ["Business flyer"]
        assert [row[:3] for row in table(response, "per-city")] == [
            ["Ottawa", "Ontario", "2"],
            ["Gatineau", "Quebec", "1"],
            ["Toronto", "Ontario", "1"],
        ]
        assert bars(response) == {
            day_label(today): 1,
            day_label(today - timedelta(days=2)): 2,
        }
        selected = soup(response).find("select", attrs={"name": "flyer"})
        assert selected.find("option", selected=True)["value"] == str(
            tree["business"].pk
        )


def test_campaign_filter(client, organizer, tree, downloads):
    response = client.get(REPORT_URL, {"campaign": tree["signs_fr"].pk})
    assert counts(response) == {"downloads": 5, "copies": 21}
    assert [row[0] for row in table(response, "per-flyer")] == [
        "Business flyer",
        "Hotel flyer",
    ]
    shelters = client.get(REPORT_URL, {"campaign": tree["shelters"].pk})
    assert counts(shelters) == {"downloads": 1, "copies": 4}
    assert table(shelters, "per-sector") == [["Sector not given", "1", "4"]]


def test_date_range_filter_and_its_chart(client, organizer, downloads, today):
    start, end = today - timedelta(days=45), today - timedelta(days=1)
    response = client.get(
        REPORT_URL, {"start": start.isoformat(), "end": end.isoformat()}
    )
    assert filter_messages(response) == []
    assert counts(response) == {"downloads": 4, "copies": 18}
    assert [row[:3] for row in table(response, "per-flyer")] == [
        ["Business flyer", "Know the signs", "3"],
        ["Hotel flyer", "Know the signs", "1"],
    ]
    # The chart covers the chosen days, both ends included.
    assert bars(response) == {
        day_label(today - timedelta(days=40)): 1,
        day_label(today - timedelta(days=2)): 3,
    }
    assert "4 flyer downloads over 45 days" in response.content.decode()

    one_day = client.get(
        REPORT_URL, {"start": today.isoformat(), "end": today.isoformat()}
    )
    assert counts(one_day) == {"downloads": 2, "copies": 7}
    assert bars(one_day) == {day_label(today): 2}


def test_report_without_downloads(client, organizer, tree):
    response = client.get(REPORT_URL)
    assert counts(response) == {"downloads": 0, "copies": 0}
    assert bars(response) == {}
    assert "No flyer was downloaded through the form with these filters." in (
        response.content.decode()
    )


# --- bad filters ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"flyer": "999999"},
            "There is no flyer with the id “999999”: downloads of every flyer "
            "are shown.",
        ),
        (
            {"flyer": "abc"},
            "There is no flyer with the id “abc”: downloads of every flyer are shown.",
        ),
        (
            {"flyer": "99999999999999999999"},
            "There is no flyer with the id “99999999999999999999”: downloads of "
            "every flyer are shown.",
        ),
        (
            {"campaign": "-1"},
            "There is no campaign with the id “-1”: downloads of every campaign "
            "are shown.",
        ),
        (
            {"start": "2026-13-45"},
            "The start date is not a date (write it like 2026-05-31): it is ignored.",
        ),
        (
            {"end": "yesterday"},
            "The end date is not a date (write it like 2026-05-31): it is ignored.",
        ),
    ],
)
def test_bad_filters_are_said_and_ignored(client, organizer, downloads, query, message):
    response = client.get(REPORT_URL, query)
    assert response.status_code == 200
    assert filter_messages(response) == [message]
    assert counts(response) == {"downloads": 6, "copies": 25}


def test_end_before_start_is_said_and_the_end_ignored(
    client, organizer, downloads, today
):
    start = today - timedelta(days=3)
    response = client.get(
        REPORT_URL,
        {"start": start.isoformat(), "end": (start - timedelta(days=5)).isoformat()},
    )
    assert response.status_code == 200
    assert filter_messages(response) == [
        "The end date is before the start date: it is ignored."
    ]
    # The start date still applies.
    assert counts(response) == {"downloads": 5, "copies": 24}


def test_a_bad_filter_exports_nothing(client, organizer, downloads):
    response = client.get(REPORT_URL, {"flyer": "999999", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert len(filter_messages(response)) == 1


def test_extreme_dates_do_not_break_the_page(client, organizer, downloads):
    response = client.get(REPORT_URL, {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 200
    assert counts(response) == {"downloads": 6, "copies": 25}
    assert "The chart shows the last 366 days" in response.content.decode()


# --- export ---------------------------------------------------------------------------
EXPORT_HEADER = [
    "Downloaded at",
    "Flyer",
    "Campaign",
    "Size",
    "Language",
    "Business name",
    "Sector",
    "City",
    "Province",
    "Copies",
    "Consents to updates",
    "Email (with consent only)",
]


def test_export_csv_of_one_flyer(client, organizer, tree, downloads, today):
    response = client.get(REPORT_URL, {"flyer": tree["business"].pk, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "flyer-downloads-business.csv" in response["Content-Disposition"]
    header, *body = read_csv(response)
    assert header == EXPORT_HEADER
    noon = lambda days: (  # noqa: E731
        f"{(today - timedelta(days=days)).isoformat()} 12:00"
    )
    assert body == [
        [noon(40), "Business flyer", "Know the signs", "letter", "en", "",
         "Restaurant, bar or café", "Toronto", "ON", "1", "no", ""],
        [noon(2), "Business flyer", "Know the signs", "letter", "en", "Corner Gas",
         "Transport or gas station", " ottawa ", "ON", "2", "no", ""],
        [noon(2), "Affiche pour commerces", "Reconnaître les signes", "letter", "fr",
         "Dépanneur Lavoie", "Shop", "Gatineau", "QC", "5", "no", ""],
        [noon(0), "Business flyer", "Know the signs", "letter", "en", "Café Soleil",
         "Restaurant, bar or café", "Ottawa", "ON", "3", "yes", "cafe@example.org"],
    ]  # fmt: skip
    content = "\n".join(",".join(row) for row in body)
    # Nothing more than organizers need: no local contact, and no email
    # without consent to updates.
    assert "Call Jo" not in content
    assert "gas@example.org" not in content


def test_export_csv_follows_the_dates(client, organizer, downloads, today):
    rows = read_csv(
        client.get(
            REPORT_URL,
            {"start": today.isoformat(), "end": today.isoformat(), "export": "csv"},
        )
    )
    assert sorted(row[1] for row in rows[1:]) == ["Business flyer", "Shelter flyer"]


def test_export_csv_neutralises_formulas(client, organizer, tree, today):
    record(tree["hotels"], today, business_name='=HYPERLINK("http://evil.example")')
    record(tree["hotels"], today, city="@SUM(A1)")
    rows = read_csv(client.get(REPORT_URL, {"export": "csv"}))
    assert rows[1][5] == '\'=HYPERLINK("http://evil.example")'
    assert rows[2][7] == "'@SUM(A1)"


def test_export_xlsx(client, organizer, tree, downloads, today):
    record(tree["hotels"], today, business_name="=1+1")
    response = client.get(REPORT_URL, {"campaign": tree["signs"].pk, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "flyer-downloads-know.xlsx" in response["Content-Disposition"]
    header, *body = read_xlsx(response)
    assert list(header) == EXPORT_HEADER
    assert len(body) == 6
    assert sorted(row[1] for row in body) == [
        "Affiche pour commerces",
        "Business flyer",
        "Business flyer",
        "Business flyer",
        "Hotel flyer",
        "Hotel flyer",
    ]
    hotel = next(row for row in body if row[5] == "Hotel Rideau")
    assert hotel[0] == local(today - timedelta(days=2)).replace(tzinfo=None)
    assert hotel[3:] == (
        "a4",
        "en",
        "Hotel Rideau",
        "Hotel or short-term rental",
        "Ottawa",
        "ON",
        10,
        "no",
        None,
    )
    # A formula typed by the public stays text.
    assert any(row[5] == "=1+1" for row in body)


# --- who may look ---------------------------------------------------------------------
@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_users_without_the_permission_are_refused(client, make_user, group, downloads):
    client.force_login(make_user(group))
    assert denied(client.get(REPORT_URL))
    assert denied(client.get(REPORT_URL, {"export": "csv"}))
    assert denied(client.get(REPORT_URL, {"export": "xlsx"}))
    home = client.get("/admin/")
    assert "Flyer downloads" not in sidebar_labels(home)
    assert 'class="campaigns-chart__svg"' not in home.content.decode()


def test_anonymous_visitors_go_to_the_login(client, downloads):
    response = client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_organizers_get_the_permission_from_the_migration():
    organizers = Group.objects.get(name="Organizers")
    assert set(
        organizers.permissions.filter(content_type__app_label="campaigns").values_list(
            "codename", flat=True
        )
    ) == {"view_flyerdownload"}
    for name in ("Moderators", "Editors"):
        assert not Group.objects.get(name=name).permissions.filter(
            codename="view_flyerdownload"
        )


def sidebar_labels(response):
    """The labels of the admin sidebar (rendered as JSON for its script)."""
    script = soup(response).find("script", id="wagtail-sidebar-props")
    return set(re.findall(r'"label": "([^"]+)"', script.string))


def test_organizers_find_the_report(client, organizer, tree, downloads, today):
    home = client.get("/admin/")
    assert "Flyer downloads" in sidebar_labels(home)
    # The dashboard panel: downloads per day.
    html = home.content.decode()
    assert '<svg class="campaigns-chart__svg"' in html
    assert re.search(rf"<th scope=\"row\">{day_label(today)}</th>\s*<td>2</td>", html)
    assert f'href="{REPORT_URL}"' in html

    flyer_url = f"{REPORT_URL}?flyer={tree['business'].pk}"
    campaign_url = f"{REPORT_URL}?campaign={tree['signs'].pk}"
    listing = client.get(f"/admin/pages/{tree['signs'].pk}/").content.decode()
    assert flyer_url in listing
    assert f"{REPORT_URL}?flyer={tree['hotels'].pk}" in listing
    edit = client.get(f"/admin/pages/{tree['business'].pk}/edit/").content.decode()
    assert flyer_url in edit
    campaigns = client.get(f"/admin/pages/{tree['signs'].get_parent().pk}/")
    assert campaign_url in campaigns.content.decode()
    # The French flyer's button shows the same flyer.
    french = client.get(f"/admin/pages/{tree['business_fr'].pk}/edit/")
    french_url = f"{REPORT_URL}?flyer={tree['business_fr'].pk}"
    assert french_url in french.content.decode()
    assert counts(client.get(french_url)) == {"downloads": 4, "copies": 11}


def test_other_pages_get_no_download_button(client, organizer, site_pages):
    html = client.get(f"/admin/pages/{site_pages['home_en'].pk}/").content.decode()
    assert f"{REPORT_URL}?" not in html

"""No request makes a server error (issue 11): every public URL of the demo
site, in both languages, with hostile query strings and paths, and every
public form with hostile values.

Each request must answer below 500, never print a payload where a browser
would run it, and a form that refuses its input must store nothing.

The walk itself is in tests/fuzz_walk.py and needs only the test client:
to run it on another database or settings module, run this file under that
module (``DJANGO_SETTINGS_MODULE=... DATABASE_URL=... pytest
tests/cms/test_fuzz.py``). More examples: ``FUZZ_EXAMPLES=200``; new ones
on each run: ``FUZZ_RANDOM=1``.
"""

import io
import os
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageViewRestriction

from advocacy.models import Letter
from campaigns.models import FlyerDownload
from cms import personal_data
from cms.models import PersonalDataRequest
from events.models import Registration
from tests.advocacy.conftest import RepresentServer
from tests.fuzz_walk import (
    MARK,
    PAYLOADS,
    check_response,
    crawl,
    form_examples,
    hostile_requests,
    hostile_text,
    is_refusal,
    isolated,
    plausible_values,
    submit,
    walk,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def fuzz_client():
    """A server error is an answer to look at, not an exception."""
    return Client(raise_request_exception=False)


@pytest.fixture(scope="module")
def walked(django_db_setup, django_db_blocker):
    """The demo site, walked once for this file: its URLs and forms, and the
    pages reached only by a link from an email (manage an RSVP, confirm or
    delete a letter, see your data), reached by sending each form once as a
    person would. All of it in one transaction, rolled back after the last
    test of the file; each test runs in a savepoint inside it."""
    represent = RepresentServer()  # postal codes: the demo's local table
    client = Client(raise_request_exception=False)
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEMO_CREATE_ADMIN=False,
            REPRESENT_API_URL=represent.url,
            REPRESENT_TIMEOUT=1.0,
        ),
        translation.override("en"),
        transaction.atomic(),
    ):
        try:
            call_command("load_demo", stdout=io.StringIO())
            guarded = ["/en/about/", "/fr/a-propos/"]
            guard_with_a_password(guarded)
            site = crawl(client)
            walk(client, site, guarded)  # not in the sitemap nor the menus
            site.emailed_links = seed(client, site)
            walk(client, site, [path for path, _token in site.emailed_links])
            yield site
        finally:
            transaction.set_rollback(True)
            represent.stop()


def guard_with_a_password(paths):
    """Pages shared with a password (a private support group's page): their
    "password required" form is a public form too."""
    for page in Page.objects.live():
        if page.url in paths:
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
            )


def seed(client, site):
    """Send every POST form once with plausible values (following the
    letter's steps), then the emailed links those sendings made, each as
    (path, token)."""
    sent, serial = set(), 0
    while pending := [key for key in site.forms if key not in sent]:
        for key in pending:
            sent.add(key)
            form = site.forms[key]
            if form.method != "post":
                continue
            serial += 1
            response = submit(client, form, plausible_values(form, serial), serial)
            assert response.status_code < 500, (form.action, response.status_code)
            site.note(response, form.action)
            if response.status_code in (301, 302) and response["Location"]:
                site.visit(client, response["Location"])
    links = []
    for registration in Registration.objects.select_related("event"):
        event = registration.event.specific
        links.append((event.manage_url(registration), registration.manage_token))
    for letter in Letter.objects.select_related("campaign"):
        page = letter.campaign.specific
        for route, purpose in (
            ("confirm", "confirm"),
            ("thank_you_with_letter", "download"),
            ("letter_pdf", "download"),
            ("delete_letter", "delete"),
        ):
            token = letter.token(purpose)
            links.append((page.url + page.reverse_subpage(route, args=[token]), token))
    for download in FlyerDownload.objects.select_related("flyer"):
        token = download.token()
        links.append((f"{download.flyer.url}copy-{token}.pdf", token))
    for data_request in PersonalDataRequest.objects.all():
        token = personal_data.LINK.token(data_request)
        links.append((urlsplit(personal_data.link_url(data_request)).path, token))
    return links


def row_counts():
    """Rows in every table of the site, in one query."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy
        }
    )
    quote_name = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*) FROM {quote_name(table)}" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def test_the_checks_catch_what_they_are_for():
    assert check_response(HttpResponse(status=500), "GET /") == "GET /: status 500"
    raw = HttpResponse(f"<p><script>{MARK}</script></p>")
    assert check_response(raw, "GET /") == (f"GET /: prints '<script>{MARK}' unescaped")
    assert check_response(HttpResponse(f"<p>&lt;script&gt;{MARK}</p>"), "/") is None
    quoted = HttpResponse(f'{{"message": "<script>{MARK}"}}', "application/json")
    assert "without X-Content-Type-Options" in check_response(quoted, "/")
    quoted["X-Content-Type-Options"] = "nosniff"
    assert check_response(quoted, "/") is None
    assert is_refusal(HttpResponse('<div class="error-summary" role="alert"></div>'))
    assert not is_refusal(HttpResponse("<p>Thank you</p>"))


# --- every URL ----------------------------------------------------------------------
def assert_the_walk_reached_the_site(site):
    """The fuzz proves something only if it reached the site: pages of
    each type in both languages, the files below them, the API, the pages
    an email links to, and each public form."""
    paths = " ".join(site.urls)
    for expected in (
        "/en/about/",
        "/fr/a-propos/",
        "/en/events/",
        "/fr/evenements/",
        "/en/events/past/",
        "calendar.ics",
        "-fr.pdf",
        "/en/campaigns/",
        "/fr/campagnes/",
        "/en/search/",
        "/fr/search/",
        "/api/v2/pages/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/manage/",
        "/confirm/",
        "/delete/",
        "/en/your-data/",
        "/fr/vos-donnees/",
        "/copy-",
    ):
        assert expected in paths, expected
    actions = " ".join(form.action for form in site.forms.values())
    for expected in (
        "/register/",
        "/question/",
        "/download/",
        "/recipients/",
        "/letter/",
        "/search/",
        "/your-data/",
        "/manage/",
        "/confirm/",
        "/delete/",
        "/_util/authenticate_with_password/",
    ):
        assert expected in actions, expected


def test_every_public_url_answers_hostile_query_strings_and_paths(walked, fuzz_client):
    assert_the_walk_reached_the_site(walked)
    failures, count = [], 0
    for path, query in hostile_requests(walked):
        url = f"{path}?{query}" if query else path
        response = isolated(fuzz_client.get, url)
        count += 1
        if problem := check_response(response, f"GET {url[:160]}"):
            failures.append(problem)
    assert not failures, f"{len(failures)} of {count} failed:\n" + "\n".join(
        failures[:40]
    )


# --- every form ---------------------------------------------------------------------
def test_every_public_form_refuses_hostile_values_cleanly(walked, fuzz_client):
    """Each form gets plausible values with some fields hostile, missing or
    repeated. Every example runs in a savepoint rolled back afterwards, so
    one that deletes (an RSVP, a letter) leaves the next its page."""
    failures = []
    numbers = iter(range(1000, 10**6))

    def fuzz(form):
        before = row_counts()  # each example is rolled back to this

        @FUZZ_SETTINGS
        @given(data=st.data())
        def example(data):
            number = next(numbers)
            values = data.draw(form_examples(form, number))
            with transaction.atomic():
                response = submit(fuzz_client, form, values, number)
                what = f"{form.method.upper()} {form.action} {values!r:.300}"
                problem = check_response(response, what)
                if not problem and form.method == "post" and is_refusal(response):
                    changed = {
                        table: (before.get(table), count)
                        for table, count in row_counts().items()
                        if before.get(table) != count
                    }
                    if changed:
                        problem = f"{what}: refused, yet stored {changed}"
                transaction.set_rollback(True)
            if problem:
                failures.append(problem)

        example()

    for form in sorted(walked.forms.values(), key=lambda form: form.action):
        fuzz(form)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])


# --- searches -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/en/search/?query={}",
        "/fr/search/?query={}",
        "/api/v2/pages/?search={}",
        "/api/v2/images/?search={}",
        "/api/v2/documents/?search={}",
    ],
)
def test_searches_take_any_text(walked, fuzz_client, url):
    @FUZZ_SETTINGS
    @given(text=st.one_of(st.sampled_from(PAYLOADS), hostile_text))
    def search(text):
        response = isolated(fuzz_client.get, url.format(quote(text)))
        assert check_response(response, text) is None
        if url.startswith("/api/"):
            assert response.status_code in (200, 400), response.content[:300]

    search()


def test_searches_run_on_the_databases_full_text_search(walked):
    """The searches above meet the full-text engine a visitor would: FTS5
    on the embedded default's SQLite, PostgreSQL's own search otherwise,
    never the plain-LIKE fallback that has no query syntax to trip on."""
    from wagtail.search.backends import get_search_backend

    expected = {
        "sqlite": "SQLiteSearchBackend",
        "postgresql": "PostgresSearchBackend",
    }[connection.vendor]
    assert type(get_search_backend()).__name__ == expected

"""The anonymous page cache: hits, purge on publish, and what it never keeps."""

import threading

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import Client
from django.urls import path

from cms.models import ContentPage
from cms.page_cache import purge_page_cache

pytestmark = pytest.mark.django_db


def form_view(request):
    template = Template("<form method=post>{% csrf_token %}</form>")
    return HttpResponse(template.render(Context({"csrf_token": get_token(request)})))


def language_view(request):
    """A page in the language the browser asks for, as ``/`` redirects."""
    response = HttpResponse(f"lang={request.headers.get('Accept-Language', '')}")
    response["Vary"] = "Accept-Language"
    return response


def cookie_view(request):
    response = HttpResponse(f"theme={request.COOKIES.get('theme', 'light')}")
    response["Vary"] = "Cookie"
    return response


def anything_view(request):
    response = HttpResponse("depends on anything")
    response["Vary"] = "*"
    return response


urlpatterns = [
    path("form/", form_view),
    path("language/", language_view),
    path("cookie/", cookie_view),
    path("anything/", anything_view),
]


def test_second_anonymous_view_is_a_hit_without_queries(
    client, site_pages, django_assert_num_queries
):
    first = client.get("/en/about/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/en/about/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def cached(client, url):
    """GET ``url`` until it comes from the cache; answers the cached text.

    A purge test must first show the page was cached, or it would pass just
    as well with no cache at all."""
    assert client.get(url)["X-Page-Cache"] == "miss"
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def test_publishing_purges_the_cache(client, site_pages):
    about = site_pages["about_en"]
    assert "Who we are and where we meet." in cached(client, "/en/about/")
    # Changed in the database without a publish: the cache still answers.
    ContentPage.objects.filter(pk=about.pk).update(intro="Changed quietly.")
    response = client.get("/en/about/")
    assert response["X-Page-Cache"] == "hit"
    assert "Who we are and where we meet." in response.content.decode()

    about.intro = "A brand new introduction."
    about.save_revision().publish()
    response = client.get("/en/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "A brand new introduction." in response.content.decode()


def visit(url, answers):
    """A visitor in a thread of its own (its own database connection)."""
    try:
        answers.append(Client().get(url))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_before_the_publish_commits_is_not_kept(client, site_pages):
    """The purge happens inside the publish's transaction; a visitor served
    between it and the commit gets (and caches) the old page, so the purge
    is repeated once the publish is committed (the edge, purged after the
    commit, would otherwise fetch that old page again)."""
    about = site_pages["about_en"]
    with transaction.atomic():
        about.intro = "A brand new introduction."
        about.save_revision().publish()
        meanwhile = []
        visitor = threading.Thread(target=visit, args=("/en/about/", meanwhile))
        visitor.start()
        visitor.join()
        assert "Who we are and where we meet." in meanwhile[0].content.decode()

    assert "A brand new introduction." in client.get("/en/about/").content.decode()


def test_unpublishing_purges_the_cache(client, site_pages):
    assert "About us" in cached(client, "/en/about/")
    site_pages["about_en"].unpublish()
    assert client.get("/en/about/").status_code == 404


@pytest.mark.parametrize("restriction", ["password", "login", "groups"])
def test_making_a_page_private_purges_the_cache(client, site_pages, restriction):
    """A page that becomes private (a support group's page, say) is never
    served from the cache again to the anonymous visitors it now excludes;
    making it public again shows it at once."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    assert "Who we are and where we meet." in cached(client, "/en/about/")
    guard = PageViewRestriction.objects.create(
        page=site_pages["about_en"], restriction_type=restriction, password="s3cret"
    )
    if restriction == "groups":
        guard.groups.add(Group.objects.get(name="Organizers"))
    response = client.get("/en/about/")
    assert "Who we are and where we meet." not in response.content.decode()
    guard.delete()
    response = client.get("/en/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "Who we are and where we meet." in response.content.decode()


def test_changing_site_settings_purges_the_cache(client, site_pages):
    assert "1-800-555-0199" not in cached(client, "/en/")
    site_settings = site_pages["settings"]
    site_settings.crisis_line_number = "1-800-555-0199"
    site_settings.save()
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "miss"
    assert "1-800-555-0199" in response.content.decode()


def test_signed_in_people_are_never_served_from_cache(client, site_pages, admin_user):
    client.get("/en/about/")
    client.force_login(admin_user)
    response = client.get("/en/about/")
    assert "X-Page-Cache" not in response


def test_404s_are_not_cached(client, site_pages):
    client.get("/en/nothing-here/")
    assert "X-Page-Cache" not in client.get("/en/nothing-here/")


@pytest.mark.urls("tests.cms.test_page_cache")
def test_a_page_with_a_form_gets_a_fresh_csrf_token_every_time(client):
    first = client.get("/form/")
    assert "X-Page-Cache" not in first
    assert "csrftoken" in first.cookies
    second = client.get("/form/")
    assert "X-Page-Cache" not in second


def test_purge_survives_a_missing_generation(client, site_pages):
    from django.core.cache import cache

    cache.clear()
    purge_page_cache()  # no generation key yet: creates it
    cached(client, "/en/")
    purge_page_cache()
    assert client.get("/en/")["X-Page-Cache"] == "miss"


@pytest.mark.urls("tests.cms.test_page_cache")
def test_a_copy_is_kept_per_value_of_the_headers_it_varies_on(client):
    """``Vary: Accept-Language``: a French copy is never served to a browser
    asking for English, and both copies are kept."""

    def get(language):
        return client.get("/language/", HTTP_ACCEPT_LANGUAGE=language)

    assert get("fr")["X-Page-Cache"] == "miss"
    english = get("en")
    assert english["X-Page-Cache"] == "miss"
    assert english.content == b"lang=en"
    for language in ("fr", "en", "fr"):
        response = get(language)
        assert response["X-Page-Cache"] == "hit"
        assert response.content == f"lang={language}".encode()


@pytest.mark.urls("tests.cms.test_page_cache")
def test_a_page_varying_on_cookie_is_never_served_to_other_cookies(client):
    assert client.get("/cookie/")["X-Page-Cache"] == "miss"
    assert client.get("/cookie/")["X-Page-Cache"] == "hit"
    client.cookies["theme"] = "dark"
    response = client.get("/cookie/")
    assert response["X-Page-Cache"] == "miss"
    assert response.content == b"theme=dark"
    assert client.get("/cookie/").content == b"theme=dark"


@pytest.mark.urls("tests.cms.test_page_cache")
def test_a_page_varying_on_anything_is_not_cached(client):
    client.get("/anything/")
    assert "X-Page-Cache" not in client.get("/anything/")


def test_the_cache_keeps_a_page_no_longer_than_the_proxy_may(client, site_pages):
    from django.core.cache import cache
    from django.test import RequestFactory

    from cms.page_cache import _cache_key

    cached(client, "/en/about/")
    ttl = cache.ttl(_cache_key(RequestFactory().get("/en/about/")))
    assert 0 < ttl <= 300  # s-maxage, under PAGE_CACHE_SECONDS (600)


def test_personal_answers_are_not_cached(client, site_pages):
    """Search results name what someone searched for (private, no-store)."""
    client.get("/en/search/?query=about")
    assert "X-Page-Cache" not in client.get("/en/search/?query=about")


def test_an_entry_of_the_previous_release_is_a_miss(client, site_pages):
    """After an upgrade, entries stored in the former shape (one copy, no
    Vary) are replaced, never served or failed on."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from cms.page_cache import GENERATION_KEY, _cache_key

    cached(client, "/en/about/")
    former = {
        "generation": cache.get(GENERATION_KEY),
        "status": 200,
        "headers": [],
        "content": b"former",
    }
    cache.set(_cache_key(RequestFactory().get("/en/about/")), former)
    response = client.get("/en/about/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    assert b"former" not in response.content

"""manage.py load_demo: a whole bilingual site, and idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision, Site

from cms.models import ContentPage, HomePage, SiteSettings

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": list(
            Page.objects.order_by("path").values_list("path", "title", "live")
        ),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "settings": list(SiteSettings.objects.values()),
    }


def load():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_builds_a_bilingual_site(client, settings):
    settings.DEMO_CREATE_ADMIN = False
    output = load()
    assert "[1/6] Locales" in output  # progress is shown
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    for page_type in (HomePage, ContentPage):
        codes = set(
            page_type.objects.live().values_list("locale__language_code", flat=True)
        )
        assert codes == {"en", "fr"}
    site_settings = SiteSettings.for_site(site)
    assert site_settings.privacy_page.slug == "privacy"
    assert site_settings.safety_page.slug == "browse-safely"
    for url in (
        "/en/",
        "/fr/",
        "/en/about/",
        "/fr/a-propos/",
        "/en/privacy/",
        "/fr/confidentialite/",
        "/en/browse-safely/",
        "/fr/naviguer-en-securite/",
    ):
        assert client.get(url).status_code == 200, url
    french_home = client.get("/fr/").content.decode()
    assert 'href="/fr/naviguer-en-securite/"' in french_home


def test_demo_has_campaigns_with_a_bilingual_flyer_for_businesses(client, settings):
    from campaigns.models import CampaignPage, FlyerPage

    settings.DEMO_CREATE_ADMIN = False
    load()
    areas = set(
        CampaignPage.objects.live()
        .filter(locale__language_code="en")
        .values_list("issue_area", flat=True)
    )
    assert {"law_reform", "funding", "awareness"} <= areas
    english = FlyerPage.objects.get(locale__language_code="en")
    french = english.get_translation(Locale.objects.get(language_code="fr"))
    assert english.get_parent().specific.issue_area == "awareness"
    page = client.get(english.url).content.decode()
    assert "Human trafficking can happen anywhere, even here" in page
    assert english.url + "tabloid-fr.pdf" in page
    assert "La traite des personnes peut arriver partout" in (
        client.get(french.url).content.decode()
    )


def test_second_run_changes_nothing(settings):
    settings.DEMO_CREATE_ADMIN = True
    settings.DEMO_ADMIN_USERNAME = "admin"
    settings.DEMO_ADMIN_PASSWORD = "changeme-demo"
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "nothing changed" in output


def test_admin_user_only_where_settings_allow(settings):
    settings.DEMO_CREATE_ADMIN = False
    load()
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    settings.DEMO_CREATE_ADMIN = True
    settings.DEMO_ADMIN_USERNAME = "admin"
    settings.DEMO_ADMIN_PASSWORD = "changeme-demo"
    load()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("changeme-demo")


def test_demo_keeps_an_organizers_edit_to_settings(settings):
    settings.DEMO_CREATE_ADMIN = False
    load()
    site_settings = SiteSettings.objects.get()
    site_settings.organisation_name = "Réseau de Sudbury"
    site_settings.save()
    load()
    assert SiteSettings.objects.get().organisation_name == "Réseau de Sudbury"


def test_demo_events_and_letters_link_to_their_campaign_in_each_language(client):
    """A French event of a campaign names the campaign's French copy (the
    demo once tied only the English pages)."""
    from advocacy.models import LetterCampaignPage
    from events.models import EventPage

    load()
    french = Locale.objects.get(language_code="fr")
    english_event = EventPage.objects.get(slug="town-hall-survivor-services")
    french_event = english_event.get_translation(french)
    campaign = english_event.related_campaign
    assert campaign is not None
    french_campaign = campaign.get_translation(french)
    html = client.get(french_event.url).content.decode()
    assert "Fait partie de la campagne" in html
    assert f'href="{french_campaign.url}"' in html
    letters = LetterCampaignPage.objects.filter(
        translation_key=LetterCampaignPage.objects.get(
            slug="letter-fund-services"
        ).translation_key
    )
    assert {page.related_campaign_id for page in letters} == {campaign.pk}
    assert letters.count() == 2


def html_urls(client):
    items = client.get("/api/v2/pages/", {"limit": 50}).json()["items"]
    assert items
    return [item["meta"]["html_url"] for item in items]


def test_the_demo_site_is_at_the_port_make_run_serves(client, settings, monkeypatch):
    """`make run` serves port 8000 (or PORT=…, passed on as NOC_PORT): the
    API's html_url and every absolute link follow it, not port 80."""
    settings.DEMO_CREATE_ADMIN = False
    monkeypatch.delenv("NOC_HOST", raising=False)
    monkeypatch.delenv("NOC_PORT", raising=False)
    load()
    assert all(url.startswith("http://localhost:8000/") for url in html_urls(client))

    monkeypatch.setenv("NOC_PORT", "8765")
    output = load()
    assert "site address: http://localhost:8765" in output
    assert all(url.startswith("http://localhost:8765/") for url in html_urls(client))
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 8765)

    monkeypatch.setenv("NOC_HOST", "127.0.0.1")
    call_command("load_demo", port=8123, stdout=io.StringIO())
    assert all(url.startswith("http://127.0.0.1:8123/") for url in html_urls(client))


def test_the_demo_leaves_a_real_site_address_alone(settings, monkeypatch):
    """An operator who pointed the site at its domain keeps it when the demo
    content is loaded again."""
    settings.DEMO_CREATE_ADMIN = False
    monkeypatch.setenv("NOC_PORT", "8765")
    load()
    Site.objects.filter(is_default_site=True).update(
        hostname="care.example.org", port=443
    )
    load()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("care.example.org", 443)

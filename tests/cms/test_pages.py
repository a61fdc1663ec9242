"""Page types: where they can be created, and what visitors see."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from cms.models import ContentPage, HomePage
from cms.page_cache import purge_page_cache

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_home_page_is_created_at_the_root_only(site_pages):
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)
    assert not HomePage.can_create_at(site_pages["home_en"])
    assert not ContentPage.can_create_at(root)
    assert ContentPage.can_create_at(site_pages["home_en"])
    assert ContentPage.can_create_at(site_pages["about_en"])


def test_home_page_renders_its_content_in_english(client, site_pages):
    response = client.get("/en/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == "Networks of Care"
    assert "Act together for survivors." in page.main.get_text()


def test_home_page_renders_its_content_in_french(client, site_pages):
    response = client.get("/fr/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "fr"
    assert page.h1.get_text(strip=True) == "Réseaux de soutien"
    # Interface strings come from the compiled French catalogue.
    assert (
        page.find("a", class_="skip-link").get_text() == "Passer au contenu principal"
    )
    assert (
        page.find("a", attrs={"data-quick-exit": True}).get_text()
        == "Quitter cette page"
    )


def test_root_url_redirects_to_a_language(client, site_pages):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_content_page_renders_its_stream(client, site_pages):
    about = site_pages["about_en"]
    about.body = [
        ("heading", {"text": "Our work", "level": "h2"}),
        ("paragraph", "<p>We meet every month.</p>"),
        ("crisis_line", None),
    ]
    about.save_revision().publish()
    page = soup(client.get("/en/about/"))
    assert page.find("h2", string="Our work")
    assert "We meet every month." in page.main.get_text()
    callout = page.find("aside", class_="crisis-callout")
    assert "Canadian Human Trafficking Hotline" in callout.get_text()
    assert callout.find("a")["href"] == "tel:+18339001010"


def test_quick_exit_is_first_in_tab_order_and_a_plain_link(client, site_pages):
    site_settings = site_pages["settings"]
    site_settings.quick_exit_url = "https://weather.example/"
    site_settings.save()
    page = soup(client.get("/en/about/"))
    focusable = page.body.find_all(["a", "button", "input", "select", "textarea"])
    assert focusable[0].get("data-quick-exit") is not None
    assert focusable[0]["href"] == "https://weather.example/"
    assert "noreferrer" in focusable[0]["rel"]
    assert focusable[1]["href"] == "#main"  # the skip link comes next


def test_every_page_shows_crisis_line_and_casl_footer(client, site_pages):
    for url in ("/en/", "/en/about/", "/en/search/", "/fr/a-propos/"):
        page = soup(client.get(url))
        banner = page.find("aside", class_="crisis-banner")
        assert "1-833-900-1010" in banner.get_text(), url
        footer = page.find("footer")
        assert "1 Test Street" in footer.get_text(), url
        assert footer.find("a", href="mailto:hello@example.org"), url


def test_french_crisis_line_name(client, site_pages):
    banner = soup(client.get("/fr/")).find("aside", class_="crisis-banner")
    assert (
        "Ligne d’urgence canadienne contre la traite des personnes" in banner.get_text()
    )


def test_main_menu_lists_pages_shown_in_menus(client, site_pages):
    menu = soup(client.get("/en/")).find("nav", class_="main-menu")
    labels = [a.get_text(strip=True) for a in menu.find_all("a")]
    assert labels == ["Home", "About us"]
    menu_fr = soup(client.get("/fr/")).find("nav", class_="main-menu")
    assert [a.get_text(strip=True) for a in menu_fr.find_all("a")] == [
        "Accueil",
        "À propos",
    ]


def test_language_switch_links_each_page_to_its_translation(client, site_pages):
    switch = soup(client.get("/en/about/")).find("nav", class_="language-switch")
    french = switch.find("a", lang="fr")
    assert french["href"] == "/fr/a-propos/"
    assert switch.find("span", attrs={"aria-current": "true"}).get_text() == "English"


def test_language_switch_falls_back_to_home_without_translation(
    client, site_pages, locales
):
    from tests.factories import ContentPageFactory

    ContentPageFactory(
        parent=site_pages["home_en"],
        locale=locales["en"],
        title="English only",
        slug="en-only",
    )
    switch = soup(client.get("/en/en-only/")).find("nav", class_="language-switch")
    assert switch.find("a", lang="fr")["href"] == "/fr/"


def test_language_switch_on_search_keeps_the_query(client, site_pages):
    switch = soup(client.get("/en/search/?query=care")).find(
        "nav", class_="language-switch"
    )
    assert switch.find("a", lang="fr")["href"] == "/fr/search/?query=care"


@pytest.mark.parametrize(
    "url", ["/en/", "/en/about/", "/fr/a-propos/", "/en/search/?query=we"]
)
def test_public_pages_need_at_most_ten_queries(
    client, site_pages, url, django_assert_max_num_queries
):
    """Measured on a page-cache miss once Wagtail's own caches are warm."""
    client.get(url)
    purge_page_cache()
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


def test_public_pages_have_no_inline_script(client, site_pages):
    for url in ("/en/", "/en/about/", "/en/search/?query=x", "/en/missing/"):
        page = soup(client.get(url))
        for script in page.find_all("script"):
            assert script.get("src"), f"inline script on {url}"


def test_footer_links_the_privacy_page_in_the_visitors_language(client, site_pages):
    footer_en = soup(client.get("/en/about/")).find("footer")
    assert footer_en.find("a", string="Privacy")["href"] == "/en/privacy/"
    footer_fr = soup(client.get("/fr/a-propos/")).find("footer")
    assert (
        footer_fr.find("a", string="Confidentialité")["href"] == "/fr/confidentialite/"
    )

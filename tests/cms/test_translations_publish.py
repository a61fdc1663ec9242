"""Translations are never published by surprise (issue 12, item 10): the
French copy that Wagtail's tree synchronisation makes of an English page (an
alias, with the English content) stays off the public site, however the
English page is published; the editor says which translations exist and in
what state (cms/translations.py)."""

import pytest
from django.test import Client
from wagtail.models import Page

from cms import translations
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_page(site_pages):
    page = ContentPageFactory(
        parent=site_pages["home_en"],
        locale=site_pages["home_en"].locale,
        title="Know your rights",
        slug="rights",
        intro="What the law says.",
    )
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def french_copy_of(page, site_pages):
    return page.copy_for_translation(
        site_pages["home_fr"].locale, copy_parents=True, alias=True
    )


def test_the_copy_of_a_live_page_is_made_unpublished(english_page, site_pages):
    copy = french_copy_of(english_page, site_pages)
    copy.refresh_from_db()
    assert copy.alias_of_id == english_page.pk
    assert not copy.live
    assert translations.is_untranslated_copy(copy)


def test_publishing_the_english_page_leaves_the_copy_unpublished(
    english_page, site_pages
):
    copy = french_copy_of(english_page, site_pages)
    english_page.title = "Know your rights at work"
    english_page.save_revision().publish()
    copy.refresh_from_db()
    # Wagtail still mirrors the content into the copy, but not onto the site.
    assert copy.title == "Know your rights at work"
    assert not copy.live
    assert Client().get(copy.url).status_code == 404
    assert Client().get(english_page.url).status_code == 200


def test_the_language_switch_leads_to_the_french_home_meanwhile(
    english_page, site_pages
):
    french_copy_of(english_page, site_pages)
    html = Client().get(english_page.url).content.decode()
    assert 'href="/fr/" lang="fr"' in html


def test_a_converted_and_translated_copy_is_published_as_any_page(
    english_page, site_pages
):
    copy = french_copy_of(english_page, site_pages)
    from wagtail.actions.convert_alias import ConvertAliasPageAction

    ConvertAliasPageAction(copy).execute(skip_permission_checks=True)
    copy = Page.objects.get(pk=copy.pk).specific
    copy.title = "Connaître vos droits"
    copy.save_revision().publish()
    copy.refresh_from_db()
    assert copy.live
    assert Client().get(copy.url).status_code == 200


def test_an_alias_in_the_same_language_is_published_with_its_original(
    english_page, site_pages
):
    alias = english_page.create_alias(
        parent=site_pages["about_en"], update_slug="rights-again"
    )
    english_page.save_revision().publish()
    alias.refresh_from_db()
    assert alias.live


def test_the_editor_lists_each_language_and_its_state(english_page, site_pages):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("boss", "b@example.org", "x")
    states = translations.states_for_editor(english_page, user)
    assert [(item.locale.language_code, item.state) for item in states] == [
        ("en", translations.LIVE),
        ("fr", translations.MISSING),
    ]
    assert states[1].translate_url

    copy = french_copy_of(english_page, site_pages)
    states = translations.states_for_editor(english_page, user)
    assert states[1].state == translations.UNTRANSLATED
    assert str(states[1].label).startswith("Not translated yet")
    assert states[1].edit_url.endswith(f"/pages/{copy.pk}/edit/")
    # And from the copy's side: it is the untranslated one.
    states = translations.states_for_editor(copy, user)
    assert states[0].current and states[0].state == translations.UNTRANSLATED


def test_copies_published_before_this_change_go_offline(english_page, site_pages):
    from importlib import import_module

    from django.apps import apps

    copy = french_copy_of(english_page, site_pages)
    Page.objects.filter(pk=copy.pk).update(live=True)  # as Wagtail used to
    migration = import_module("cms.migrations.0008_unpublish_untranslated_copies")
    migration.unpublish_untranslated_copies(apps, None)
    copy.refresh_from_db()
    assert not copy.live
    english_page.refresh_from_db()
    assert english_page.live

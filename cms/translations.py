"""Translations are never published by surprise.

With ``WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE`` (docs/translation.md), a
page created in English gets a copy in the French tree at once: an *alias*
of the English page, with its English content. Wagtail publishes every alias
along with its original (``Page.update_aliases``), so publishing an English
page used to put a French page live with English text, without a word.

Here an alias in another language than its original is an *untranslated
copy*: it keeps the tree's shape (so the French tree has a place for the
translation) but is never live, whatever publishes it (the editor, a bulk
action, a scheduled publish, the API). French visitors meet no English page
at a French address: the language switch leads to the French home page
until the page is translated, and French listings leave it out. Once an
editor converts the copy into a translation ("Convert to ordinary page",
then rewrites it), publishing it is an ordinary, deliberate publish.

``states_for_editor`` says, in the page editor, which translations exist
and in what state.
"""

from dataclasses import dataclass

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

#: The states a translation can be in, as the editor shows them.
LIVE = "live"
LIVE_WITH_DRAFT = "live_with_draft"
DRAFT = "draft"
UNTRANSLATED = "untranslated"
MISSING = "missing"

STATE_LABELS = {
    LIVE: _("Live"),
    LIVE_WITH_DRAFT: _("Live, with unpublished changes"),
    DRAFT: _("Draft, not public"),
    UNTRANSLATED: _("Not translated yet: a copy of the original, not public"),
    MISSING: _("No translation"),
}


def original_locale_id(page):
    """The locale of the page ``page`` is an alias of, or None."""
    if not page.alias_of_id:
        return None
    return (
        Page.objects.filter(pk=page.alias_of_id)
        .values_list("locale_id", flat=True)
        .first()
    )


def is_untranslated_copy(page):
    """An alias in another language than its original: its content is the
    original's, in the original's language."""
    original = original_locale_id(page)
    return original is not None and original != page.locale_id


@receiver(pre_save)
def keep_untranslated_copies_unpublished(sender, instance, raw=False, **kwargs):
    """Every save of a page passes here, including Wagtail's publishing of
    aliases along with their original."""
    if raw or not isinstance(instance, Page) or not instance.live:
        return
    if is_untranslated_copy(instance):
        instance.live = False
        instance.has_unpublished_changes = True


def untranslated_copies(page):
    """The untranslated copies of ``page`` in other languages."""
    return (
        Page.objects.filter(alias_of=page)
        .exclude(locale_id=page.locale_id)
        .select_related("locale")
    )


@dataclass
class TranslationState:
    locale: Locale
    state: str
    page: Page | None = None
    edit_url: str = ""
    live_url: str = ""
    translate_url: str = ""
    current: bool = False

    @property
    def label(self):
        return STATE_LABELS[self.state]

    @property
    def language(self):
        return self.locale.get_display_name()


def state_of(page):
    if is_untranslated_copy(page):
        return UNTRANSLATED
    if not page.live:
        return DRAFT
    if page.has_unpublished_changes:
        return LIVE_WITH_DRAFT
    return LIVE


def states_for_editor(page, user):
    """One ``TranslationState`` per language of the site, this page's first:
    what exists, in which state, and where to edit or create it."""
    pages = {
        row.locale_id: row
        # Specific pages: their permission tester applies the roles.
        for row in Page.objects.filter(translation_key=page.translation_key)
        .order_by("pk")
        .specific()
    }
    may_translate = user.has_perm("simple_translation.submit_translation")
    states = []
    for locale in Locale.objects.all().order_by("language_code"):
        current = locale.pk == page.locale_id
        row = page if current else pages.get(locale.pk)
        if row is None:
            translate_url = ""
            if may_translate and not page.is_root():
                translate_url = reverse(
                    "simple_translation:submit_page_translation", args=[page.pk]
                )
            states.append(
                TranslationState(locale, MISSING, translate_url=translate_url)
            )
            continue
        state = state_of(row)
        public = state in (LIVE, LIVE_WITH_DRAFT)
        states.append(
            TranslationState(
                locale,
                state,
                page=row,
                current=current,
                edit_url=reverse("wagtailadmin_pages:edit", args=[row.pk])
                if not current and row.permissions_for_user(user).can_edit()
                else "",
                live_url=(row.get_url() or "") if public else "",
            )
        )
    states.sort(key=lambda item: not item.current)
    return states

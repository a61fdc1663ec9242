"""Purge the page cache whenever what visitors see may have changed."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import BaseViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import SiteSettings
from .page_cache import purge_page_cache


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def purge_on_page_change(sender, **kwargs):
    purge_page_cache()


@receiver(post_delete)
def purge_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge_page_cache()


@receiver(post_save, sender=SiteSettings)
def purge_on_settings_change(sender, **kwargs):
    purge_page_cache()


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def purge_on_view_restriction_change(sender, instance, **kwargs):
    """A page (or a collection) made private, public again, or opened to
    other groups: a page cached while it was public must never be served to
    the visitors it now excludes (a support group's page, say)."""
    if isinstance(instance, BaseViewRestriction):
        purge_page_cache()

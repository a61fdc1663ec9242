"""Purge the caches whenever what visitors see may have changed: the app's
own page cache (cms/page_cache.py) and the edge cache (cms/edge_purge.py)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import BaseViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import edge_purge
from .models import SiteSettings
from .page_cache import purge_page_cache


def purge_page_cache_now_and_on_commit():
    """Now, and again once the change is committed: a page rendered in
    between (from the data before the commit) would otherwise be kept under
    the new generation, and the edge, purged after the commit, would fetch
    that stale copy again."""
    purge_page_cache()
    transaction.on_commit(purge_page_cache)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def purge_on_page_change(sender, **kwargs):
    purge_page_cache_now_and_on_commit()


@receiver(post_delete)
def purge_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge_page_cache_now_and_on_commit()


@receiver(post_save, sender=SiteSettings)
def purge_on_settings_change(sender, **kwargs):
    purge_page_cache_now_and_on_commit()
    edge_purge.purge_whole_site()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_edge_on_site_change(sender, **kwargs):
    edge_purge.purge_whole_site()


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def purge_on_view_restriction_change(sender, instance, **kwargs):
    """A page (or a collection) made private, public again, or opened to
    other groups: a page cached while it was public must never be served to
    the visitors it now excludes (a support group's page, say)."""
    if isinstance(instance, BaseViewRestriction):
        purge_page_cache_now_and_on_commit()
        edge_purge.purge_whole_site()


# --- the edge: Wagtail purges the page itself; these add what shows it -------
@receiver(page_published)
def purge_edge_on_publish(sender, instance, revision=None, **kwargs):
    edge_purge.purge_page_and_listings(instance, revision)


@receiver(page_unpublished)
def purge_edge_on_unpublish(sender, instance, **kwargs):
    """Also sent by Wagtail for each live page about to be deleted, while its
    URL and the pages above it can still be found."""
    edge_purge.purge_page_and_listings(instance)


@receiver(post_page_move)
def purge_edge_on_move(sender, instance, parent_page_before, **kwargs):
    edge_purge.purge_moved_page(
        instance,
        kwargs["url_path_before"],
        kwargs["url_path_after"],
        parent_before=parent_page_before,
    )

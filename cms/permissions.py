"""What the admin lets each role do to a page, asked where Wagtail asks.

Wagtail grants page permissions by subtree (``GroupPagePermission`` rows);
our roles also depend on the kind of page: an Editor works on content pages
only (``cms/roles.py``). Every admin view, bulk action, API action and page
action (``wagtail.actions``) asks ``page.permissions_for_user(user)`` before
it acts: the edit, unpublish, delete, copy, move, lock and privacy views,
revisions and their comparison, previews, history, workflow actions and
translation. ``RolePermissionsMixin`` makes that answer a
``RolePagePermissionTester``, which narrows Wagtail's answer by role, so one
rule closes every route, including the ones a later Wagtail adds.

Every page model takes the mixin; the system check ``cms.E001`` refuses to
start a site where one does not, so a new page type is never open to Editors
by default.

Deleting pages is also refused while rows protect them (see
``records_blocking_deletion``).
"""

from collections import Counter
from functools import cached_property

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.db import router
from django.db.models import ProtectedError, Q, RestrictedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from wagtail.models import Page, PagePermissionTester, get_page_models

from .roles import EDITOR_PAGE_TYPES, editor_may_handle, is_limited_editor


def editor_page_models():
    return [apps.get_model(label) for label in EDITOR_PAGE_TYPES]


def editor_content_types():
    return ContentType.objects.get_for_models(*editor_page_models()).values()


class RolePagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed for Editors to content pages.

    Someone whose page rights come from the Editors group alone may edit,
    publish, unpublish, preview, compare revisions of, lock or submit a page
    only when it is a content page, and may delete, move or copy it only when
    everything below it is a content page too (those actions take the
    subtree along: deleting a content page that holds an events index would
    delete the events and their registrations). Below any page they may
    create content pages only where content pages may be created.
    Everyone else gets Wagtail's answer unchanged.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        self.limited_editor = is_limited_editor(user)

    @cached_property
    def handles_page(self):
        return not self.limited_editor or editor_may_handle(self.page.specific_class)

    @cached_property
    def handles_subtree(self):
        if not self.handles_page:
            return False
        if not self.limited_editor:
            return True
        below = self.page.get_descendants().exclude(
            content_type__in=editor_content_types()
        )
        return not below.exists()

    @cached_property
    def creates_below(self):
        """An Editor adds pages only where a content page may be created."""
        if not self.limited_editor:
            return True
        return any(model.can_create_at(self.page) for model in editor_page_models())

    # Acting on the page itself (can_copy, can_set_view_restrictions and
    # can_unschedule ask these, in Wagtail's own tester).
    def can_edit(self):
        return self.handles_page and super().can_edit()

    def can_publish(self):
        return self.handles_page and super().can_publish()

    def can_unpublish(self):
        return self.handles_page and super().can_unpublish()

    def can_submit_for_moderation(self):
        return self.handles_page and super().can_submit_for_moderation()

    def can_lock(self):
        return self.handles_page and super().can_lock()

    def can_unlock(self):
        return self.handles_page and super().can_unlock()

    def can_view_revisions(self):
        return self.handles_page and super().can_view_revisions()

    def can_reorder_children(self):
        return self.handles_page and super().can_reorder_children()

    # Acting on the page and what lies below it (can_move asks can_delete).
    def can_delete(self, ignore_bulk=False):
        return self.handles_subtree and super().can_delete(ignore_bulk)

    def can_copy_to(self, destination, recursive=False):
        # The copy form asks without ``recursive`` even when it will copy the
        # subpages, and an alias of the subtree is made without asking again:
        # so the subtree decides for Editors whatever is asked.
        return self.handles_subtree and super().can_copy_to(destination, recursive)

    # Creating below the page.
    def can_add_subpage(self):
        return self.creates_below and super().can_add_subpage()

    def can_publish_subpage(self):
        return self.creates_below and super().can_publish_subpage()


class RolePermissionsMixin:
    """Put before ``Page`` in the bases of every page model."""

    def permissions_for_user(self, user):
        return RolePagePermissionTester(user, self)


def models_without_roles(models):
    """Page models whose admin permissions skip ``RolePagePermissionTester``."""
    return [
        model
        for model in models
        if not issubclass(model, RolePermissionsMixin)
        or model.permissions_for_user is Page.permissions_for_user
    ]


@checks.register(checks.Tags.security)
def check_page_models_apply_roles(app_configs=None, **kwargs):
    page_models = [model for model in get_page_models() if model is not Page]
    return [
        checks.Error(
            f"{model._meta.label} does not apply the admin roles: Editors could "
            "unpublish, delete or read it through any admin route.",
            hint="Add cms.permissions.RolePermissionsMixin to its bases, before Page.",
            obj=model,
            id="cms.E001",
        )
        for model in models_without_roles(page_models)
    ]


# --- deleting pages that hold records ----------------------------------------
def records_blocking_deletion(pages):
    """The rows that forbid deleting ``pages`` and what lies below them,
    counted by model: rows whose foreign key to one of these pages says
    PROTECT or RESTRICT, such as an event's registrations or a letter
    campaign's letters.

    Django's deletion collector finds them, as it would when the delete
    itself runs (and then raises ``ProtectedError``): no app is named here.
    Anonymised rows count too: they keep an event's or a campaign's figures,
    and nothing may disappear with a page by accident.
    """
    if not pages:
        return Counter()
    subtrees = Q()
    for page in pages:
        subtrees |= Q(path__startswith=page.path)
    collector = Collector(using=router.db_for_write(Page))
    try:
        collector.collect(Page.objects.filter(subtrees))
    except ProtectedError as error:
        blocking = error.protected_objects
    except RestrictedError as error:
        blocking = error.restricted_objects
    else:
        return Counter()
    return Counter(type(row) for row in blocking)


def describe_records(counts):
    """``Counter({Registration: 3})`` -> "3 registrations"."""
    parts = []
    for model, count in sorted(counts.items(), key=lambda item: item[0]._meta.label):
        meta = model._meta
        name = meta.verbose_name if count == 1 else meta.verbose_name_plural
        parts.append(f"{count} {name}")
    return ", ".join(parts)


def deletion_refusal(page, pages):
    """Why ``page`` (deleted together with ``pages``) cannot be deleted, or
    None when it can."""
    counts = records_blocking_deletion(pages)
    if not counts:
        return None
    return _(
        "“%(title)s” cannot be deleted: it holds %(records)s. Unpublish it to "
        "take it offline (the records stay for your figures until they are "
        "anonymised on schedule), or export the records you need and delete "
        "them before you delete the page."
    ) % {"title": page.get_admin_display_title(), "records": describe_records(counts)}

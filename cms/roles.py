"""The three admin roles and what sets them apart.

Groups and their permissions are created by migration
``cms/migrations/0002_admin_roles``. Wagtail grants page permissions by
subtree, not by page type, so the rule "Editors edit content pages only" is
enforced here and applied by the hooks in ``cms/wagtail_hooks.py``.
"""

ORGANIZERS = "Organizers"
MODERATORS = "Moderators"
EDITORS = "Editors"

#: Page types an Editor may create, edit, publish or delete.
EDITOR_PAGE_TYPES = ("cms.contentpage",)


def is_limited_editor(user):
    """True for someone whose page rights come from the Editors group alone."""
    if not user.is_authenticated or user.is_superuser:
        return False
    groups = set(user.groups.values_list("name", flat=True))
    return EDITORS in groups and ORGANIZERS not in groups


def editor_may_handle(page_class):
    model = page_class._meta
    return f"{model.app_label}.{model.model_name}" in EDITOR_PAGE_TYPES

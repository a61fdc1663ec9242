"""The three admin roles and what sets them apart.

Groups and their permissions are created by migration
``cms/migrations/0002_admin_roles`` (the apps add their own). Wagtail grants
page permissions by subtree, not by page type, so the rule "Editors work on
content pages only" is stated here and enforced by the page permission
tester of ``cms/permissions.py``, which every admin route asks.
"""

ORGANIZERS = "Organizers"
MODERATORS = "Moderators"
EDITORS = "Editors"

#: Page types an Editor may create, edit, publish, unpublish or delete.
EDITOR_PAGE_TYPES = ("cms.contentpage",)

_ROLE_CACHE = "_admin_role_groups"


def group_names(user):
    """The user's group names, looked up once per user object (a page
    listing asks for every row)."""
    if not hasattr(user, _ROLE_CACHE):
        setattr(user, _ROLE_CACHE, set(user.groups.values_list("name", flat=True)))
    return getattr(user, _ROLE_CACHE)


def is_limited_editor(user):
    """True for someone whose page rights come from the Editors group alone."""
    if not user.is_authenticated or user.is_superuser:
        return False
    groups = group_names(user)
    return EDITORS in groups and ORGANIZERS not in groups


def editor_may_handle(page_class):
    if page_class is None:  # a page whose model is gone
        return False
    model = page_class._meta
    return f"{model.app_label}.{model.model_name}" in EDITOR_PAGE_TYPES

"""Admin menu items and buttons that show only to users with a permission."""

from wagtail.admin.menu import MenuItem as SidebarMenuItem
from wagtail.admin.ui.menus import MenuItem


class PermissionMenuItem(SidebarMenuItem):
    """A sidebar item shown to users with one model permission."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class PermissionButton(MenuItem):
    """A page-listing or page-header button shown to users with one model
    permission."""

    def __init__(self, label, url, permission, icon_name="", priority=1000):
        super().__init__(label, url, icon_name=icon_name, priority=priority)
        self.permission = permission

    def is_shown(self, user):
        return user.has_perm(self.permission)

from wagtail import hooks

from . import admin_views, demo


@hooks.register("register_admin_viewset")
def register_directory_tools():
    return admin_views.DirectoryViewSetGroup()


@hooks.register("load_demo_content")
def load_demo_directory(loader):
    return demo.load(loader)

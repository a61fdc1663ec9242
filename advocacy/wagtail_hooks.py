from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import demo
from .models import FixedTarget, Representative


class FixedTargetViewSet(SnippetViewSet):
    model = FixedTarget
    icon = "user"
    menu_label = "Fixed targets"
    list_display = ["name", "kind", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "title"]


register_snippet(FixedTargetViewSet)


class RepresentativeViewSet(ModelViewSet):
    """Representatives come from imports (manage.py import_representatives);
    organizers may correct an email or take someone out of office here."""

    model = Representative
    icon = "group"
    menu_label = "Representatives"
    add_to_admin_menu = False
    list_display = ["name", "elected_office", "district", "party", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "district__name"]
    inspect_view_enabled = True
    form_fields = ["email", "party", "is_active"]


@hooks.register("register_admin_viewset")
def register_representatives():
    return RepresentativeViewSet("representatives")


@hooks.register("load_demo_content")
def load_demo_representatives(loader):
    return demo.load(loader) + demo.load_campaigns(loader)

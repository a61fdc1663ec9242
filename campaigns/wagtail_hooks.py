from wagtail import hooks

from . import demo, sections


@hooks.register("load_demo_content", order=10)
def load_demo_campaigns(loader):
    return demo.load(loader)


@hooks.register("home_page_sections", order=-10)
def featured_campaigns_on_home(request, home):
    return sections.featured_campaigns_section(request, home)

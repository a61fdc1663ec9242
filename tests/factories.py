import wagtail_factories

from cms.models import ContentPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    intro = ""

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = "A page"
    intro = ""

    class Meta:
        model = ContentPage

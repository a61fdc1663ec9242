"""Print-oriented blocks of a flyer."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class SignsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default="Signs to look for")
    signs = blocks.ListBlock(blocks.CharBlock(label=_("Sign")), label=_("Signs"))

    class Meta:
        icon = "list-ul"


class QRCodeBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label=_("Web address"),
        required=False,
        help_text=_("Leave empty for the flyer's campaign page."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=120)

    class Meta:
        icon = "link"


class TearOffTabsBlock(blocks.StructBlock):
    count = blocks.IntegerBlock(
        label=_("Number of tabs"), default=8, min_value=4, max_value=12
    )

    class Meta:
        icon = "cut"


class FlyerBlock(blocks.StreamBlock):
    headline = blocks.CharBlock(label=_("Headline"), max_length=120, icon="title")
    signs = SignsBlock()
    paragraph = blocks.TextBlock(label=_("Paragraph"), max_length=1000)
    crisis_line = blocks.StaticBlock(
        label=_("Crisis line"),
        admin_text=_("The crisis line from site settings."),
        icon="warning",
    )
    qr_code = QRCodeBlock(label=_("QR code"))
    image = ImageBlock(label=_("Image"))
    tear_off_tabs = TearOffTabsBlock(label=_("Tear-off tabs with the hotline"))


def starter_flyer(language=None):
    """The complete flyer a new flyer page starts from (issue 12, item 11):
    a headline, the signs, what to do, the crisis line, a QR code to the
    campaign and tear-off tabs, in ``language`` (else the active one). The
    organizer edits it; an empty block list left them to design a poster
    from nothing.

    The page editor asks for it in the language of the page being created
    (campaigns/admin_forms.py); the model's default uses the active one.
    """
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(language or translation.get_language() or "en"):
        return [
            ("headline", gettext("Human trafficking can happen anywhere, even here")),
            (
                "signs",
                {
                    "heading": gettext("Signs to look for"),
                    "signs": [
                        gettext("Someone who is not free to come and go"),
                        gettext("Someone who seems controlled, watched or afraid"),
                        gettext("Someone without their own ID or money"),
                        gettext(
                            "Someone who works very long hours for little or no pay"
                        ),
                    ],
                },
            ),
            (
                "paragraph",
                gettext(
                    "If you see these signs, you do not need to be sure. Call "
                    "the hotline: it is free, confidential and open day and night."
                ),
            ),
            ("crisis_line", None),
            ("qr_code", {"url": "", "caption": gettext("Learn more and find support")}),
            ("tear_off_tabs", {"count": 8}),
        ]

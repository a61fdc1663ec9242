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

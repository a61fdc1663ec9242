"""StreamField blocks for the site's own pages.

Kept deliberately small: every block renders to plain, accessible HTML with
our own CSS, and none of them loads anything from another site.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Button text"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(
        label=_("Or a web address"),
        required=False,
        help_text=_("Used when no page is chosen."),
    )

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"


class CrisisLineBlock(blocks.StaticBlock):
    """Shows the crisis line from site settings, so a change there updates
    every page that carries it."""

    class Meta:
        icon = "warning"
        label = _("Crisis line")
        admin_text = _("Shows the crisis line name and number from site settings.")
        template = "blocks/crisis_line_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"],
        label=_("Paragraph"),
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("Image"), template="blocks/image_block.html")
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    crisis_line = CrisisLineBlock()

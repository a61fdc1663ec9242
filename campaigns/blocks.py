"""Blocks of campaign pages: updates, share kit, media kit."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class UpdateBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "date"
        template = "campaigns/blocks/update_block.html"


class SuggestedPostBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Suggested post"),
        max_length=500,
        help_text=_("People copy it with one click and post it where they like."),
    )

    class Meta:
        icon = "openquote"


class MediaKitBlock(blocks.StreamBlock):
    document = blocks.StructBlock(
        [
            ("title", blocks.CharBlock(label=_("Title"))),
            ("document", DocumentChooserBlock(label=_("Document"))),
        ],
        icon="doc-full",
        label=_("Document (press release, fact sheet…)"),
    )
    key_facts = blocks.ListBlock(
        blocks.CharBlock(label=_("Fact")), icon="list-ul", label=_("Key facts")
    )
    talking_points = blocks.ListBlock(
        blocks.CharBlock(label=_("Point")), icon="list-ol", label=_("Talking points")
    )

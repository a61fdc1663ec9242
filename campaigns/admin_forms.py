"""The flyer page's editor form."""

from wagtail.admin.forms import WagtailAdminPageForm


class FlyerPageForm(WagtailAdminPageForm):
    """A new flyer opens with the complete starter flyer in the language of
    the page being created (its locale, which the model's default cannot
    know: Wagtail sets it after making the page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if page.pk is None and not self.is_bound and page.locale_id:
            from .flyer_blocks import starter_flyer

            language = page.locale.language_code
            self.initial["body"] = page.body.stream_block.normalize(
                starter_flyer(language)
            )

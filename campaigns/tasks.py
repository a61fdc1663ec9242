from celery import shared_task

from .services import flyers


@shared_task(
    ignore_result=True, max_retries=3, autoretry_for=(OSError,), retry_backoff=30
)
def render_flyer_pdf(
    page_id, size, language, business="", contact="", orientation=None
):
    flyers.render_and_store(page_id, size, language, business, contact, orientation)


@shared_task(ignore_result=True)
def prerender_flyer(page_id):
    from .models import FlyerPage

    page = FlyerPage.objects.filter(pk=page_id).first()
    if page is not None:
        flyers.prerender(page)


class PdfBeingRendered(Exception):
    """Another worker holds the PDF a thumbnail is made from."""


@shared_task(
    bind=True,
    ignore_result=True,
    max_retries=6,
    autoretry_for=(OSError, PdfBeingRendered),
    retry_backoff=5,
)
def make_flyer_thumbnail(self, page_id, size="letter"):
    if flyers.make_thumbnail(page_id, size) is None:
        raise PdfBeingRendered(f"flyer {page_id} at {size}")

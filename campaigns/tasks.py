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


@shared_task(
    ignore_result=True, max_retries=3, autoretry_for=(OSError,), retry_backoff=30
)
def make_flyer_thumbnail(page_id):
    flyers.make_thumbnail(page_id)

"""The reminder benchmark's baseline: the same number of messages, rendered
once in advance, pushed to the same SMTP sink by the same worker processes."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives, get_connection


@shared_task(ignore_result=True)
def push_prerendered(count, subject, text, html, ics):
    message = EmailMultiAlternatives(subject, text, to=["sink@example.org"])
    message.attach_alternative(html, "text/html")
    message.attach("event.ics", ics.encode(), "text/calendar; charset=utf-8")
    connection = get_connection()
    connection.open()
    try:
        for _ in range(count):
            connection.send_messages([message])
    finally:
        connection.close()


@shared_task(ignore_result=True)
def render_raw(html, count, stylesheets, counter="bench:raw-rendered"):
    """Baseline of the PDF benchmarks: a plain WeasyPrint call on the same
    HTML, with the same URL fetcher, stylesheets and PDF variant, and
    nothing else (a new font configuration and stylesheets per document,
    as WeasyPrint does by default)."""
    import weasyprint
    from django.conf import settings
    from django.core.cache import cache

    from cms.pdf import ASSET_ORIGIN, BASE_URL, _static_file, make_url_fetcher

    for _ in range(count):
        fetcher = make_url_fetcher()
        css = [
            weasyprint.CSS(
                string=_static_file(name).read_text(encoding="utf-8"),
                base_url=ASSET_ORIGIN + settings.STATIC_URL + name,
                url_fetcher=fetcher,
            )
            for name in stylesheets
        ]
        weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/ua-1", stylesheets=css
        )
        cache.incr(counter)


@shared_task(ignore_result=True)
def render_tuned(html, count, stylesheets, counter="bench:tuned-rendered"):
    """A second baseline: WeasyPrint as the pipeline calls it (the process's
    font configuration and parsed stylesheets), without the pipeline's
    template, database and storage work."""
    import weasyprint
    from django.core.cache import cache

    from cms.pdf import BASE_URL, font_config, make_url_fetcher, print_stylesheets

    for _ in range(count):
        weasyprint.HTML(
            string=html, base_url=BASE_URL, url_fetcher=make_url_fetcher()
        ).write_pdf(
            pdf_variant="pdf/ua-1",
            stylesheets=print_stylesheets(stylesheets),
            font_config=font_config(),
        )
        cache.incr(counter)

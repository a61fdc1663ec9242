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
def render_raw(html, count):
    """Baseline of the letter PDFs: WeasyPrint on the same HTML, with the
    same URL fetcher and PDF variant, and nothing else."""
    import weasyprint
    from django.core.cache import cache

    from cms.pdf import BASE_URL, _static_file, make_url_fetcher

    for _ in range(count):
        fetcher = make_url_fetcher()
        css = [
            weasyprint.CSS(
                string=_static_file(name).read_text(encoding="utf-8"),
                base_url=BASE_URL,
                url_fetcher=fetcher,
            )
            for name in ("css/pdf.css", "css/letter-pdf.css")
        ]
        weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/ua-1", stylesheets=css
        )
        cache.incr("bench:raw-rendered")

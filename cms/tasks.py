import logging
import socket

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

#: Edge purges are retried 1, 2, 4 … 60 s apart: about ten minutes in all.
PURGE_RETRIES = 15


@shared_task(ignore_result=True)
def record_heartbeat(name="default"):
    """Record that a worker is alive; /healthz reports how long ago."""
    WorkerHeartbeat.objects.update_or_create(
        name=name,
        defaults={"last_seen": timezone.now(), "hostname": socket.gethostname()},
    )


@shared_task
def ping():
    """A round trip through the broker and back (used by checks and tests)."""
    return "pong"


@shared_task(
    bind=True,
    ignore_result=True,
    max_retries=5,
    autoretry_for=(OSError,),
    retry_backoff=30,
)
def send_personal_data_link(self, request_id):
    """The link to a person's data (sent once; retried if the mail server
    is away: SMTP errors are OSErrors)."""
    from .personal_data import send_link

    send_link(request_id)


@shared_task(ignore_result=True)
def anonymise_personal_data():
    """Every 6 hours: every app's personal data past the site's retention
    setting is anonymised (see cms/personal_data.py)."""
    from .personal_data import anonymise_expired

    anonymise_expired()


@shared_task(
    bind=True,
    ignore_result=True,
    max_retries=5,
    autoretry_for=(OSError,),
    retry_backoff=30,
)
def send_consent_request(self, model_label, pk, language):
    """The email asking someone to confirm the updates asked for on a form
    whose flow sends no email of its own (sent once; retried if the mail
    server is away: SMTP errors are OSErrors)."""
    from django.apps import apps

    from .consent import UpdatesConsent, send_request

    model = apps.get_model(model_label)
    if issubclass(model, UpdatesConsent):
        send_request(model, pk, language)


@shared_task(bind=True, ignore_result=True, max_retries=PURGE_RETRIES)
def purge_edge_urls(self, urls, location):
    """PURGE these URLs at the edge (cms/edge_purge.py). What did not land
    (the proxy down, slow or in error) is tried again with backoff; purging
    twice is harmless. Once the retries are spent, the pages age out of the
    edge by their own ``s-maxage``."""
    from .edge_purge import send_purges

    left = send_purges(urls, location)
    if not left:
        return
    if self.request.retries >= self.max_retries:
        logger.error("Edge purge gave up on %d URL(s), first %s", len(left), left[0])
        return
    raise self.retry(args=(left, location), countdown=min(2**self.request.retries, 60))


@shared_task(ignore_result=True)
def purge_whole_edge():
    """Every page and site-wide view (a settings or menu change shows on
    every page), gathered here rather than in the editor's request."""
    from .edge_purge import purge_everything_now

    purge_everything_now()

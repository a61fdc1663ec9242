"""Celery tasks for letters: thin wrappers around the services."""

from celery import shared_task

from .services import letters

#: Emails to a supporter: each sent once (claimed on its letter), retried
#: with backoff while the mail server is away (SMTP errors are OSErrors).
TO_SUPPORTER = {
    "bind": True,
    "ignore_result": True,
    "max_retries": 5,
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
}


@shared_task(**TO_SUPPORTER)
def send_letter_confirmation(self, letter_id, already_ids=()):
    """The confirmation email (sent once; retried if the server is away)."""
    letters.send_confirmation(letter_id, already_ids)


@shared_task(**TO_SUPPORTER)
def send_already_written_notice(self, recipient_ids, language):
    """Tell an address's owner that a letter to people it wrote to already
    was asked for again (at most once an hour; retried if the server is
    away)."""
    letters.send_already_written(recipient_ids, language)


@shared_task(
    bind=True,
    ignore_result=True,
    max_retries=3,
    autoretry_for=(OSError,),
    retry_backoff=30,
)
def render_letter_pdf(self, letter_id):
    """The printable letter, rendered and stored once."""
    from .services.printing import store_letter_pdf

    store_letter_pdf(letter_id)


@shared_task(ignore_result=True)
def deliver_letters(recipient_ids):
    """Send these letters, each at most once; transient failures wait for
    the periodic sweep."""
    letters.deliver(recipient_ids)


@shared_task(ignore_result=True)
def sweep_letters():
    """Every minute: queue what is due (once), drop what was never confirmed."""
    letters.sweep()  # no transaction: queued at once
    letters.expire_unconfirmed()


@shared_task(
    ignore_result=True, max_retries=3, autoretry_for=(OSError,), retry_backoff=60
)
def copy_representative_photo(representative_id):
    """A copy of the photo in our storage (pages load nothing from elsewhere)."""
    from .services.photos import PhotoError, copy_photo

    try:
        copy_photo(representative_id)
    except PhotoError as error:
        import logging

        logging.getLogger(__name__).warning("Photo not copied: %s", error)

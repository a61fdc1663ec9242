"""Outboxes: one row per message to send, sent exactly once.

An outbox row (an email about a registration, a letter to one recipient)
stands for one message. Its life:

- **queued**: handed to a worker task (``queued_at``); the per-minute sweep
  hands over only rows that are due and in no worker's hands, so a backlog
  is not queued again every minute (:func:`take_due`);
- **claimed** (``sending``) by the task before it acts, with
  ``select_for_update(skip_locked=True)``, so a duplicated or retried task
  finds nothing to do (:func:`claim`); a claim older than ``CLAIM_TIMEOUT``
  belongs to a worker that died and may be taken again, until the attempts
  are spent;
- **ended** by :func:`send`, whatever happens: ``sent`` the moment the mail
  server accepted it; ``pending`` again with a ``retry_after`` when the
  server said "try later" or could not be reached; ``failed`` with a reason
  organizers can read (an address refused, an email that could not be
  built, attempts spent); or ``skipped`` when the builder says the message
  is no longer wanted (:class:`Skip`).

Errors are stored as text an organizer can act on ("550 5.1.1 No such
mailbox here"), never as Python reprs: :func:`describe` is the one place
that turns an exception into that text.
"""

import contextlib
import logging
import smtplib
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.core.mail import BadHeaderError, get_connection
from django.db import connections, models, router, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import mail

logger = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED, SKIPPED = (
    "pending",
    "sending",
    "sent",
    "failed",
    "skipped",
)
#: A claim (or a hand-over to a task) older than this is taken to be lost: its
#: worker died or its task message was lost. Longer than the Celery hard time
#: limit, so a live sender is never overtaken.
CLAIM_TIMEOUT = timedelta(minutes=10)
#: Attempts in all; transient failures wait 1, 2, 4, 8, 16 minutes between.
MAX_ATTEMPTS = 6
#: Rows per task: a task sends its batch over one SMTP connection.
BATCH_SIZE = 100
ERROR_MAX_LENGTH = 1000


class OutboxRow(models.Model):
    """The fields every outbox row has; the concrete model adds what names the
    message uniquely, and its ``status`` with choices whose values include
    ``pending``, ``sending``, ``sent`` and ``failed`` (and ``skipped`` if its
    builder may raise :class:`Skip`)."""

    status = models.CharField(max_length=10, default=PENDING, db_index=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_after = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        abstract = True


class Skip(Exception):
    """Raised by a builder: this message is no longer wanted (its
    registration was cancelled...); ``str()`` says why, for organizers."""


def retry_delay(attempts):
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def _due(now):
    return Q(status=PENDING) & (Q(retry_after__isnull=True) | Q(retry_after__lte=now))


def _abandoned(now, timeout):
    return Q(status=SENDING, claimed_at__lt=now - timeout)


def due(queryset, now=None, timeout=CLAIM_TIMEOUT):
    """The rows of ``queryset`` a sweep should hand to a worker now: pending
    and due, or abandoned by a dead sender; and not handed to a task within
    ``timeout`` (that task has not run yet: queuing them again would only
    pile up duplicates behind a backlog)."""
    now = now or timezone.now()
    return queryset.filter(_due(now) | _abandoned(now, timeout)).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=now - timeout)
    )


def take_due(queryset, now=None, timeout=CLAIM_TIMEOUT):
    """Stamp the :func:`due` rows of ``queryset`` as queued and answer their
    ids, for the caller to hand to tasks (after commit). Two sweeps at once
    take different rows."""
    now = now or timezone.now()
    model = queryset.model
    with transaction.atomic(using=router.db_for_write(model)):
        ids = list(
            due(queryset, now, timeout)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if ids:
            model._base_manager.filter(pk__in=ids).update(queued_at=now)
    return ids


def mark_queued(model, ids, now=None):
    """Record that ``ids`` were just handed to a task (see :func:`due`)."""
    model._base_manager.filter(pk__in=ids).update(queued_at=now or timezone.now())


def batches(ids, size=BATCH_SIZE):
    ids = list(ids)
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def claim(queryset, ids, *, timeout=CLAIM_TIMEOUT, max_attempts=MAX_ATTEMPTS, now=None):
    """Mark the claimable rows among ``ids`` as ``sending``; answer their ids.

    Claimable: pending and due, or ``sending`` under a claim older than
    ``timeout`` (their sender died). A row whose attempts are spent is not
    claimed again: it ends ``failed``, saying why.
    """
    now = now or timezone.now()
    model = queryset.model
    rows = model._base_manager.all()
    with transaction.atomic(using=router.db_for_write(model)):
        found = list(
            rows.select_for_update(skip_locked=True)
            .filter(_due(now) | _abandoned(now, timeout), pk__in=ids)
            .values_list("pk", "status", "attempts", "error")
        )
        claimed = [
            pk for pk, _status, attempts, _error in found if attempts < max_attempts
        ]
        if claimed:
            rows.filter(pk__in=claimed).update(
                status=SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
        for pk, status, attempts, error in found:
            if attempts >= max_attempts:
                if status == SENDING:
                    error = (
                        "the sender stopped while sending "
                        "(a worker died or ran out of time)."
                    )
                rows.filter(pk=pk).update(
                    status=FAILED, error=_gave_up(attempts, error)
                )
    return claimed


def _gave_up(attempts, error):
    return f"Gave up after {attempts} attempts: {error}"[:ERROR_MAX_LENGTH]


# --- Sending -------------------------------------------------------------------
def send(queryset, ids, prepare, *, timeout=CLAIM_TIMEOUT, max_attempts=MAX_ATTEMPTS):
    """Claim the rows among ``ids``, build and send each over one connection,
    and end every one of them in a state; answer the ids left for a retry.

    ``queryset`` loads the claimed rows (with what the builder needs joined);
    ``prepare(rows)`` answers the builder: a function from a row to its
    ``EmailMessage``, which raises :class:`Skip` for a message no longer
    wanted. Whatever goes wrong (a template error, a bad header, the mail
    server, the task's soft time limit), no row stays ``sending``.
    """
    claimed = claim(queryset, ids, timeout=timeout, max_attempts=max_attempts)
    if not claimed:
        return []
    outbox = _Run(queryset.model, max_attempts)
    rows = []
    try:
        rows = list(queryset.filter(pk__in=claimed).order_by("pk"))
        outbox.send(rows, prepare(rows))
    except SoftTimeLimitExceeded as error:
        outbox.release_rest(rows or claimed, error)
    except Exception as error:
        logger.exception("Outbox batch of %s stopped", queryset.model.__name__)
        outbox.release_rest(rows or claimed, error)
    except BaseException as error:  # the worker is stopping: leave no claim behind
        outbox.release_rest(rows or claimed, error)
        raise
    return outbox.retry


class _Run:
    """One batch being sent: records each row's end as it happens."""

    def __init__(self, model, max_attempts):
        self.model = model
        self.max_attempts = max_attempts
        self.ended = set()
        self.retry = []

    def send(self, rows, build):
        connection = get_connection()
        try:
            try:
                connection.open()
            except (smtplib.SMTPException, OSError) as error:
                logger.warning("Could not reach the mail server: %s", error)
                self.release_rest(rows, error)
                return
            for index, row in enumerate(rows):
                try:
                    message = _built(build, row)
                    mail.send(message, connection)
                except Skip as reason:
                    self.end(row, SKIPPED, str(reason))
                except SoftTimeLimitExceeded:
                    raise
                except Exception as error:
                    outcome = classify(error)
                    if outcome == "broken":
                        # The connection is gone: this row and the rest wait.
                        self.release_rest(rows[index:], error)
                        return
                    if outcome == "retry":
                        self.release(row, describe(error))
                    else:
                        self.end(row, FAILED, describe(error))
                else:
                    self.sent(row)
        finally:
            # Everything is recorded already: a failed goodbye changes nothing.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.close()

    def sent(self, row):
        """The exactly-once record, written the moment the server took the
        message: one small statement, not an ORM update, as it runs per
        message (see bench/reminders.py)."""
        table = self.model._meta.db_table
        database = connections[router.db_for_write(self.model)]
        with database.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET status = %s, sent_at = %s, error = '' "
                "WHERE id = %s",
                [SENT, timezone.now(), row.pk],
            )
        row.status = SENT
        self.ended.add(row.pk)

    def end(self, row, status, error=""):
        row.status = status
        self.model._base_manager.filter(pk=row.pk).update(
            status=status, error=error[:ERROR_MAX_LENGTH]
        )
        self.ended.add(row.pk)

    def release(self, row, error):
        """A transient failure: pending again after a delay (for the sweep to
        queue again), or failed once the attempts are spent."""
        attempts = row.attempts  # the claim counted this attempt
        if attempts >= self.max_attempts:
            self.end(row, FAILED, _gave_up(attempts, error))
            return
        row.status = PENDING
        self.model._base_manager.filter(pk=row.pk).update(
            status=PENDING,
            error=error[:ERROR_MAX_LENGTH],
            retry_after=timezone.now() + retry_delay(attempts),
            queued_at=None,
        )
        self.ended.add(row.pk)
        self.retry.append(row.pk)

    def release_rest(self, rows, error):
        reason = describe(error)
        for row in rows:
            pk = getattr(row, "pk", row)
            if pk in self.ended:
                continue
            if not hasattr(row, "attempts"):  # only ids: the rows never loaded
                row = self.model._base_manager.only("pk", "attempts").get(pk=pk)
            self.release(row, reason)


class BuildError(Exception):
    """The builder failed for this row (a template error, missing data)."""


def _built(build, row):
    try:
        return build(row)
    except Skip:
        raise
    except SoftTimeLimitExceeded:
        raise
    except Exception as error:
        raise BuildError(_one_line(f"{type(error).__name__}: {error}")) from error


# --- One classifier of errors ----------------------------------------------------
def classify(error):
    """ "retry" (the server said try later), "broken" (the connection is gone:
    this message and the rest of the batch wait) or "fail" (permanent: the
    address was refused, the message cannot be built)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return "retry" if codes and all(400 <= c < 500 for c in codes) else "fail"
    if isinstance(error, smtplib.SMTPResponseException):
        return "retry" if 400 <= error.smtp_code < 500 else "fail"
    if isinstance(error, smtplib.SMTPException | OSError | SoftTimeLimitExceeded):
        return "broken"
    return "fail"


def describe(error):
    """What organizers read about a message that was not sent: the mail
    server's own words ("550 5.1.1 No such mailbox here"), or a sentence."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = error.recipients
        if len(refused) == 1:
            [(code, message)] = refused.values()
            return _one_line(f"{code} {_text(message)}")
        return _one_line(
            "; ".join(
                f"{address}: {code} {_text(message)}"
                for address, (code, message) in refused.items()
            )
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return _one_line(f"{error.smtp_code} {_text(error.smtp_error)}")
    if isinstance(error, SoftTimeLimitExceeded):
        return "Not sent yet: the batch ran out of time; it is tried again."
    if isinstance(error, mail.AddressNotSupported):
        return str(error)
    if isinstance(error, BuildError | BadHeaderError):
        detail = str(error)
        if isinstance(error, BadHeaderError):
            detail = f"{type(error).__name__}: {error}"
        return _one_line(f"Could not build this email: {detail}")
    if isinstance(error, smtplib.SMTPException | OSError):
        return _one_line(
            f"Could not reach the mail server: {type(error).__name__}: {error}"
        )
    return _one_line(f"Not sent: {type(error).__name__}: {error}")


def _text(message):
    if isinstance(message, bytes):
        return message.decode(errors="replace")
    return str(message)


def _one_line(text):
    return " ".join(str(text).split())[:ERROR_MAX_LENGTH]

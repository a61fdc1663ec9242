"""Registration emails through the shared outbox: every row ends in a state
organizers can read, emails that no longer make sense are skipped, and the
per-minute sweep hands each row to a worker once, not every minute."""

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from cms import outbox
from events.models import EmailDelivery, Registration
from events.services.emails import send_deliveries
from events.services.registrations import cancel_registration, register_for_event
from events.services.reminders import dispatch_pending

pytestmark = pytest.mark.django_db


def confirmations(event, *names):
    """One registration (and its queued confirmation) per name."""
    return [
        register_for_event(
            event, name=name.title(), email=f"{name}@example.org"
        ).registration
        for name in names
    ]


def statuses():
    return dict(EmailDelivery.objects.values_list("registration__name", "status"))


def broken_by_header(delivery):
    """An address holding a line break (written to the database behind the
    form's back): the email cannot be built (BadHeaderError)."""
    Registration.objects.filter(pk=delivery.registration_id).update(
        email="bob@example.org\nBcc: everyone@example.org"
    )
    return (
        "Could not build this email: BadHeaderError: "
        "Header values can't contain newlines"
    )


def broken_by_template(delivery):
    """A kind of email with no templates (a kind added without them)."""
    EmailDelivery.objects.filter(pk=delivery.pk).update(kind="survey")
    return "Could not build this email: TemplateDoesNotExist: events/email/survey"


@pytest.mark.parametrize("breakage", [broken_by_header, broken_by_template])
def test_one_email_that_cannot_be_built_does_not_hold_up_its_batch(
    make_event, smtp_server, breakage
):
    event = make_event(title="Workshop")
    confirmations(event, "ann", "bob", "cy")
    bad = EmailDelivery.objects.get(registration__email="bob@example.org")
    reason = breakage(bad)

    ids = list(EmailDelivery.objects.order_by("pk").values_list("pk", flat=True))
    assert send_deliveries(ids) == []

    assert sorted(m["To"] for m in smtp_server.messages) == [
        "ann@example.org",
        "cy@example.org",
    ]
    assert statuses() == {"Ann": "sent", "Bob": "failed", "Cy": "sent"}
    bad.refresh_from_db()
    assert bad.error.startswith(reason), bad.error
    assert "\n" not in bad.error


def test_a_refused_address_reads_as_the_server_said_it(make_event, smtp_server):
    event = make_event()
    [registration] = confirmations(event, "nobody")
    Registration.objects.filter(pk=registration.pk).update(
        email="nobody@refused.example"
    )
    delivery = EmailDelivery.objects.get()
    send_deliveries([delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.error) == (
        "failed",
        "550 5.1.1 No such mailbox here",
    )


def test_claim_gives_up_on_a_row_whose_attempts_are_spent(make_event, smtp_server):
    """A row whose sender died on its last attempt is not taken again and
    again: it ends failed, with a reason."""
    event = make_event()
    confirmations(event, "ann")
    EmailDelivery.objects.update(
        status="sending",
        attempts=6,
        claimed_at=timezone.now() - timedelta(minutes=11),
    )
    delivery = EmailDelivery.objects.get()
    assert send_deliveries([delivery.pk]) == []
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == 6
    assert delivery.error == (
        "Gave up after 6 attempts: the sender stopped while sending "
        "(a worker died or ran out of time)."
    )
    assert len(smtp_server) == 0


def test_emails_to_a_registration_cancelled_after_queuing_are_skipped(
    make_event, mailoutbox
):
    event = make_event()
    ann, bob = confirmations(event, "ann", "bob")
    cancel_registration(ann)
    ids = list(EmailDelivery.objects.values_list("pk", flat=True))
    send_deliveries(ids)
    # Ann gets only the email saying her registration is cancelled.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["bob@example.org"], "You are registered: Community workshop"),
        (["ann@example.org"], "Registration cancelled: Community workshop"),
    ]
    skipped = EmailDelivery.objects.get(registration=ann, kind="confirmed")
    assert skipped.status == "skipped"
    assert skipped.error == (
        "Not sent: the registration was cancelled before this email went out."
    )


def test_a_waitlist_email_is_skipped_once_the_seat_came_through(make_event, mailoutbox):
    event = make_event(capacity=1)
    ann, bob = confirmations(event, "ann", "bob")
    assert bob.status == "waitlisted"
    cancel_registration(ann)  # Bob is promoted before his waitlist email left
    ids = list(EmailDelivery.objects.values_list("pk", flat=True))
    send_deliveries(ids)
    assert [m.subject for m in mailoutbox if m.to == ["bob@example.org"]] == [
        "A seat opened up, you are registered: Community workshop"
    ]
    waitlisted = EmailDelivery.objects.get(registration=bob, kind="waitlisted")
    assert waitlisted.status == "skipped"
    assert waitlisted.error == "Not sent: this person is no longer on the waitlist."


def test_the_sweep_hands_each_row_to_a_worker_once(
    make_event, django_capture_on_commit_callbacks
):
    """A backlog is not queued again every minute: a row goes to a worker when
    it is due and not already in a worker's hands (or was handed over longer
    ago than the claim timeout, as when a task was lost)."""
    event = make_event()
    confirmations(event, *(f"p{n}" for n in range(5)))
    EmailDelivery.objects.update(queued_at=None)  # as reminders are recorded
    ids = sorted(EmailDelivery.objects.values_list("pk", flat=True))

    def sweep():
        with django_capture_on_commit_callbacks() as queued:
            count = dispatch_pending()
        assert count == sum(len(callback.args[0]) for callback in queued)
        return sorted(pk for callback in queued for pk in callback.args[0])

    assert sweep() == ids
    assert sweep() == []  # a minute later: all still in a worker's queue

    lost, retry, abandoned = ids[:3]
    EmailDelivery.objects.filter(pk=lost).update(
        queued_at=timezone.now() - timedelta(minutes=11)
    )
    EmailDelivery.objects.filter(pk=retry).update(
        retry_after=timezone.now() - timedelta(seconds=1), queued_at=None
    )
    EmailDelivery.objects.filter(pk=abandoned).update(
        status="sending",
        queued_at=timezone.now() - timedelta(minutes=12),
        claimed_at=timezone.now() - timedelta(minutes=11),
    )
    assert sweep() == sorted([lost, retry, abandoned])
    assert sweep() == []


def test_a_batch_out_of_time_leaves_no_row_sending(make_event, mailoutbox):
    """The task's soft time limit strikes mid-batch: what was sent stays
    sent, the rest wait for a retry, nothing is left "sending"."""
    from events.services.emails import _BatchContext, build_message

    event = make_event()
    for name in ("ann", "bob", "cy"):
        register_for_event(event, name=name, email=f"{name}@example.org")
    deliveries = EmailDelivery.objects.select_related("registration__event")
    ids = list(deliveries.order_by("pk").values_list("pk", flat=True))

    def prepare(rows):
        context = _BatchContext(rows)

        def build(delivery):
            if delivery.pk == ids[1]:
                raise SoftTimeLimitExceeded()
            return build_message(delivery, context)

        return build

    retry = outbox.send(deliveries, ids, prepare)
    assert retry == ids[1:]
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    rows = {row.pk: row for row in EmailDelivery.objects.all()}
    assert rows[ids[0]].status == "sent"
    for pk in ids[1:]:
        assert rows[pk].status == "pending"
        assert rows[pk].retry_after > timezone.now()
        assert rows[pk].queued_at is None  # the sweep queues it when due
        assert rows[pk].error == (
            "Not sent yet: the batch ran out of time; it is tried again."
        )


def test_an_unreachable_mail_server_puts_the_batch_back_for_a_retry(
    make_event, settings
):
    from tests.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # closed
    event = make_event()
    confirmations(event, "ann", "bob")
    ids = sorted(EmailDelivery.objects.values_list("pk", flat=True))
    assert send_deliveries(ids) == ids
    for delivery in EmailDelivery.objects.all():
        assert delivery.status == "pending"
        assert delivery.retry_after > timezone.now()
        assert delivery.error.startswith(
            "Could not reach the mail server: ConnectionRefusedError:"
        )

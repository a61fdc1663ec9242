"""Celery tasks for events: thin wrappers around the services."""

from celery import shared_task

from .services import reminders
from .services.emails import send_deliveries


@shared_task(ignore_result=True)
def send_email_deliveries(delivery_ids):
    """Send these emails, each at most once. What the mail server could not
    take now is retried by the periodic sweep (``send_due_reminders``) after
    a growing delay, rather than by an ETA task (see DESIGN.md)."""
    send_deliveries(delivery_ids)


@shared_task(ignore_result=True)
def send_due_reminders():
    """Every minute: record the reminders that are due and send what waits."""
    reminders.queue_due_reminders()
    reminders.dispatch_pending()

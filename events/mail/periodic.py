"""The outbox's periodic jobs that decide what to send (the beat schedule runs them; `events.mail.hooks`
imports this module so every process knows them). Sending itself is `tasks.py`'s."""

from celery import shared_task

from .notices import notices_send_due
from .reminders import reminders_send_due


@shared_task(name="events.tasks.send_due_notices")
def send_due_notices() -> int:
    """Tell people of the schedule changes whose folding window has closed."""
    return notices_send_due()


@shared_task(name="events.tasks.send_due_reminders")
def send_due_reminders() -> int:
    """Queue the reminders that are due; safe to run twice or late."""
    return reminders_send_due()

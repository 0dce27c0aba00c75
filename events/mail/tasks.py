"""The worker's side of the outbox. Task names stay `events.tasks.*` (what workers and beat schedules of
earlier releases know), whatever the module is called."""

from celery import shared_task

from .sending import due_emails, email_send


@shared_task(bind=True, max_retries=8, name="events.tasks.send_outgoing_email")
def send_outgoing_email(self, email_id: int) -> str:
    """Send one outbox message; the worker retries with backoff and the periodic `retry_failed_emails`
    catches anything left over."""
    result = email_send(email_id=email_id)
    if result.retry_in is not None and not self.request.is_eager:
        raise self.retry(exc=result.error, countdown=result.retry_in.total_seconds()) from result.error
    return result.outcome


@shared_task(name="events.tasks.retry_failed_emails")
def retry_failed_emails() -> int:
    """Periodic: send messages whose sending failed (when their next attempt is due) or never started."""
    ids = list(due_emails().values_list("pk", flat=True)[:500])
    for email_id in ids:
        send_outgoing_email.apply(args=[email_id])
    return len(ids)


@shared_task(name="events.tasks.send_outgoing_emails")
def send_outgoing_emails(ids: list[int]) -> int:
    """Send a batch of outbox messages (a notice or a staff message to many people), one after the other;
    a failed one waits for its retry like any other. Returns how many were sent."""
    return sum(email_send(email_id=email_id).outcome == "sent" for email_id in ids)

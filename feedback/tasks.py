from celery import shared_task

from .services import surveys_send_due


@shared_task(name="feedback.tasks.send_due_surveys")
def send_due_surveys() -> int:
    """Periodic: send the surveys of events that have ended, and their one reminder; safe to run twice."""
    return surveys_send_due()

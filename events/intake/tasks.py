"""The import of a participant list runs as a task (a worker in production, the background thread on the
embedded default, see config/background.py), so a list of thousands holds no request."""

from celery import shared_task

from .jobs import import_run


@shared_task(name="events.intake.run_participant_import")
def run_participant_import(job_id: int) -> str:
    return import_run(job_id=job_id).state

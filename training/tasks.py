from celery import shared_task

from . import services


@shared_task
def complete_finished_courses() -> int:
    """Periodic: apply the completion rule to courses whose last session has ended."""
    return services.courses_complete_finished()

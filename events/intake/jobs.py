"""Running an import of a participant list (the task's work, `tasks.run_participant_import`) and what its
pages read while it runs: the problems found in rows and the progress kept in the cache."""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import RegistrationSource, RegistrationStatus
from events.exceptions import RegistrationError
from events.mail.services import registration_emails_queue
from events.services import RegistrationsRefused, registrations_create_many

from . import reading
from .models import ImportState, ParticipantImport

logger = logging.getLogger(__name__)

PROGRESS_TIMEOUT = 60 * 60


@dataclass
class RowProblem:
    row: int  # the file's row number (the header is row 1); 0 for the list as a whole
    field: str  # a key of reading.FIELDS, or "" for the row as a whole
    message: str

    @property
    def label(self) -> str:
        return str(reading.FIELDS[self.field][0]) if self.field in reading.FIELDS else ""

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


def _people(job: ParticipantImport, table: reading.Table) -> list[tuple[int, dict]]:
    kinds = reading.organization_kinds()
    return [(number, reading.person_from(cells, job.mapping, kinds)) for number, cells in table.rows]


def _refusals(refused: RegistrationsRefused, numbers: list[int]) -> list[RowProblem]:
    return [RowProblem(numbers[r.index], r.field, str(r.message)) for r in refused.refusals]


def _progress_key(job) -> str:
    return f"intake:progress:{job.token}"


def _progress_set(job, done: int) -> None:
    try:
        cache.set(_progress_key(job), done, PROGRESS_TIMEOUT)
    except Exception:  # a cache outage only hides the bar's movement
        logger.info("Import progress not stored", exc_info=True)


def import_progress(job: ParticipantImport) -> dict:
    """What the import page shows while it polls: the state, rows saved so far, the total."""
    done = job.created_count if job.state == ImportState.DONE else 0
    if job.state in (ImportState.QUEUED, ImportState.RUNNING):
        try:
            done = int(cache.get(_progress_key(job)) or 0)
        except Exception:
            done = 0
    return {"state": job.state, "done": done, "total": job.total, "created": job.created_count}


def import_run(*, job_id: int) -> ParticipantImport:
    """Import a queued list: everyone in one transaction, under the event lock (seats counted once), or
    nobody; then, in the same transaction, one outbox message per person when staff chose to send
    tickets (queued in bulk: the confirmed get their ticket, the others their place). What went wrong is
    kept on the import for its page."""
    with transaction.atomic():
        job = ParticipantImport.objects.select_for_update().select_related("event").get(pk=job_id)
        if job.state != ImportState.QUEUED:
            return job
        job.state = ImportState.RUNNING
        job.save(update_fields=["state"])
    numbers: list[int] = []
    try:
        table = reading.Table.from_json(job.table)
        rows = _people(job, table)
        numbers = [number for number, _person in rows]
        problems = [
            RowProblem(number, name, message)
            for number, person in rows
            for name, message in reading.row_problems(person)
        ]
        if problems:
            return _finish(job, problems=problems)
        with transaction.atomic():
            registrations = registrations_create_many(
                event=job.event,
                people=[person for _number, person in rows],
                source=RegistrationSource.IMPORT,
                progress=lambda done: _progress_set(job, done),
            )
            if job.send_tickets:
                for status in (
                    RegistrationStatus.CONFIRMED,
                    RegistrationStatus.WAITLISTED,
                    RegistrationStatus.PENDING,
                ):
                    registration_emails_queue(
                        registrations=[r for r in registrations if r.status == status], kind=status
                    )
            return _finish(job, created=len(registrations))
    except RegistrationsRefused as refused:
        return _finish(job, problems=_refusals(refused, numbers))
    except RegistrationError as refused:
        return _finish(job, problems=[RowProblem(0, "", str(refused.message))])
    except reading.FileError as unreadable:
        return _finish(job, problems=[RowProblem(0, "", unreadable.message)])
    except Exception:
        logger.exception("Participant import %s failed", job.pk)
        return _finish(
            job, problems=[RowProblem(0, "", _("The import failed; nobody was saved. Try again."))]
        )


def _finish(job: ParticipantImport, *, created: int = 0, problems: list[RowProblem] | None = None):
    job.finished_at = timezone.now()
    job.created_count = created
    if problems:
        job.state = ImportState.FAILED
        job.problems = [p.as_dict() for p in problems[:500]]
        # back to the preview: staff fix the mapping or upload the corrected file
    else:
        job.state = ImportState.DONE
        job.problems = []
        job.table = {}  # the list is imported: its copy goes
    job.save(update_fields=["finished_at", "created_count", "state", "problems", "table"])
    _progress_set(job, created)
    return job

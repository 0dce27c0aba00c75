"""Staff add people to an event by hand, one at a time or as a list (an .xlsx or CSV file). Every rule is
the core's (`events.services.registration_create` and `registrations_create_many`): eligibility, seats
and the waiting list, one registration per e-mail; here are only what a list adds: the file, the column
mapping, the preview, the import as a task with its progress, and the tickets sent in bulk."""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import RegistrationSource, RegistrationStatus
from events.exceptions import RegistrationError  # noqa: F401  (re-exported for callers)
from events.mail.services import registration_emails_queue
from events.models import Event
from events.services import (
    RegistrationOutcome,
    RegistrationsRefused,
    registration_create,
    registrations_create_many,
)

from . import reading
from .models import ImportState, ParticipantImport

logger = logging.getLogger(__name__)

KEEP_UPLOADS = datetime.timedelta(days=1)
PROGRESS_TIMEOUT = 60 * 60


def registration_add(
    *,
    event: Event,
    full_name: str,
    email: str,
    phone: str,
    organization_name: str = "",
    organization_kind: str = "",
    position: str = "",
    send_ticket: bool = True,
    source: str = RegistrationSource.STAFF,
    language: str = "vi",
) -> RegistrationOutcome:
    """Staff register one person (a phone call, a walk-in): the public form's rules, outside its time
    window; the person is e-mailed (their ticket when confirmed) only when `send_ticket`. An e-mail
    already registered is refused (`already_registered`) rather than returned: staff are told."""
    extra = {"organization_kind": organization_kind} if organization_kind else None
    outcome = registration_create(
        event=event,
        full_name=full_name,
        email=email,
        phone=phone,
        organization_name=organization_name,
        position=position,
        consent=True,  # staff record the person's consent, given to them
        source=source,
        language=language,
        extra=extra,
        by_staff=True,
        notify=send_ticket,
    )
    if not outcome.created:
        raise RegistrationError(
            _("%(email)s is already registered for this event (%(reference)s).")
            % {"email": outcome.registration.email, "reference": outcome.registration.reference},
            code="already_registered",
        )
    return outcome


# --- lists -------------------------------------------------------------------------------------------


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


@dataclass
class Preview:
    header: list[str]
    mapping: dict[str, int]
    rows: list[tuple[int, dict]]
    problems: list[RowProblem] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def imports_clean(now: datetime.datetime | None = None) -> int:
    """Delete uploaded lists older than a day (imported or not): participant lists are personal data."""
    now = now or timezone.now()
    deleted, _details = ParticipantImport.objects.filter(created_at__lt=now - KEEP_UPLOADS).exclude(
        state__in=(ImportState.QUEUED, ImportState.RUNNING)
    ).delete()
    return deleted


def import_upload(*, event: Event, by, file_name: str, data: bytes) -> ParticipantImport:
    """Keep an uploaded list for its preview. Raises reading.FileError when it cannot be read."""
    table = reading.read_table(data, file_name)
    imports_clean()
    return ParticipantImport.objects.create(
        event=event,
        created_by=by,
        file_name=" ".join(file_name.split())[:255],
        data=data,
        mapping=reading.guess_mapping(table.header),
        total=len(table.rows),
    )


def mapping_problems(mapping: dict[str, int], width: int) -> list[RowProblem]:
    problems = []
    for name in reading.REQUIRED:
        if name not in mapping:
            problems.append(
                RowProblem(
                    0,
                    name,
                    _("Choose the column that holds: %(field)s.") % {"field": reading.FIELDS[name][0]},
                )
            )
    columns = [index for index in mapping.values()]
    if len(set(columns)) != len(columns):
        problems.append(RowProblem(0, "", _("A column can fill only one field.")))
    if any(not (0 <= index < width) for index in columns):
        problems.append(RowProblem(0, "", _("Choose the columns again: the file has changed.")))
    return problems


def _people(job: ParticipantImport, table: reading.Table) -> list[tuple[int, dict]]:
    kinds = reading.organization_kinds()
    return [(number, reading.person_from(cells, job.mapping, kinds)) for number, cells in table.rows]


def _refusals(refused: RegistrationsRefused, numbers: list[int]) -> list[RowProblem]:
    return [RowProblem(numbers[r.index], r.field, str(r.message)) for r in refused.refusals]


def import_preview(*, job: ParticipantImport) -> Preview:
    """Check the whole list as the import will, saving nothing: what the file gets wrong, then the
    registration rules for every row (`registrations_create_many` as a dry run under the event lock)."""
    table = reading.read_table(bytes(job.data), job.file_name)
    mapping = {name: int(index) for name, index in job.mapping.items()}
    preview = Preview(header=table.header, mapping=mapping, rows=[])
    preview.problems = mapping_problems(mapping, len(table.header))
    if preview.problems:
        return preview
    preview.rows = _people(job, table)
    if not preview.rows:
        preview.problems.append(RowProblem(0, "", _("The list has no people in it.")))
        return preview
    checkable = []
    for number, person in preview.rows:
        found = reading.row_problems(person)
        preview.problems.extend(RowProblem(number, name, message) for name, message in found)
        if not found:
            checkable.append((number, person))
    try:
        planned = registrations_create_many(
            event=job.event,
            people=[person for _number, person in checkable],
            source=RegistrationSource.IMPORT,
            dry_run=True,
        )
    except RegistrationsRefused as refused:
        preview.problems.extend(_refusals(refused, [number for number, _person in checkable]))
    except RegistrationError as refused:
        preview.problems.append(RowProblem(0, "", str(refused.message)))
    else:
        for registration in planned:
            preview.statuses[registration.status] = preview.statuses.get(registration.status, 0) + 1
    preview.problems.sort(key=lambda p: (p.row, list(reading.FIELDS).index(p.field) if p.field else -1))
    return preview


def import_start(*, job: ParticipantImport, send_tickets: bool) -> bool:
    """Queue the import of a previewed list (once: a second click changes nothing). The import runs as a
    task after this transaction commits; its page follows the progress."""
    with transaction.atomic():
        updated = ParticipantImport.objects.filter(pk=job.pk, state=ImportState.UPLOADED).update(
            state=ImportState.QUEUED, send_tickets=send_tickets
        )
        if updated:
            _progress_set(job, 0)
            transaction.on_commit(lambda: _dispatch(job.pk))
    return bool(updated)


def _dispatch(job_id: int) -> None:
    from .tasks import run_participant_import

    try:
        run_participant_import.delay(job_id)
    except Exception as exc:  # broker down: run it here rather than leave the list waiting
        logger.warning("Could not queue participant import %s (%s); running it now", job_id, exc)
        import_run(job_id=job_id)


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
        table = reading.read_table(bytes(job.data), job.file_name)
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
                for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING):
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
        return _finish(job, problems=[RowProblem(0, "", _("The import failed; nobody was saved. Try again."))])


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
        job.data = b""  # the list is imported: the file's copy goes
    job.save(update_fields=["finished_at", "created_count", "state", "problems", "data"])
    _progress_set(job, created)
    return job

"""Staff add people to an event by hand, one at a time or as a list (an .xlsx or CSV file). Every rule is
the core's (`events.services.registration_create` and `registrations_create_many`): eligibility, seats
and the waiting list, one registration per e-mail; here are only what a list adds: the file, the column
mapping, the preview, the import as a task with its progress, and the tickets sent in bulk."""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import RegistrationSource
from events.exceptions import RegistrationError
from events.models import Event
from events.services import (
    RegistrationOutcome,
    RegistrationsRefused,
    registration_create,
    registrations_create_many,
)

from . import reading
from .jobs import RowProblem, _people, _progress_set, _refusals, import_run
from .models import ImportState, ParticipantImport

logger = logging.getLogger(__name__)

KEEP_UPLOADS = datetime.timedelta(days=1)


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
    deleted, _details = (
        ParticipantImport.objects.filter(created_at__lt=now - KEEP_UPLOADS)
        .exclude(state__in=(ImportState.QUEUED, ImportState.RUNNING))
        .delete()
    )
    return deleted


def import_upload(*, event: Event, by, file_name: str, data: bytes) -> ParticipantImport:
    """Keep an uploaded list for its preview: the file is read here, once, and its rows are kept (the
    preview and the import read them, not the file). Raises reading.FileError when it cannot be read."""
    table = reading.read_table(data, file_name)
    imports_clean()
    return ParticipantImport.objects.create(
        event=event,
        created_by=by,
        file_name=" ".join(file_name.split())[:255],
        table=table.as_json(),
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
    columns = list(mapping.values())
    if len(set(columns)) != len(columns):
        problems.append(RowProblem(0, "", _("A column can fill only one field.")))
    if any(not (0 <= index < width) for index in columns):
        problems.append(RowProblem(0, "", _("Choose the columns again: the file has changed.")))
    return problems


def import_preview(*, job: ParticipantImport, table: reading.Table | None = None) -> Preview:
    """Check the whole list as the import will, saving nothing: what the file gets wrong, then the
    registration rules for every row (`registrations_create_many` as a dry run under the event lock).
    `table`: the job's kept rows when the caller has them already."""
    table = table or reading.Table.from_json(job.table)
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

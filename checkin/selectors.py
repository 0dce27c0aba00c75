"""Attendance reads shared by the scanner page, the admin, training and reports."""

import datetime
from dataclasses import dataclass
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DEFERRED, Count, Exists, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from events.collation import Vietnamese
from events.enums import RegistrationStatus
from events.folding import Fold, fold
from events.models import Event, Registration, Session

from . import crypto
from .db import prepared_cursor
from .models import CheckIn, DoorStaffAssignment, ScannerDevice, Ticket


def session_counts(session: Session) -> dict:
    """{'checked_in': people with a counting check-in, 'expected': confirmed registrations}."""
    checked_in = (
        CheckIn.objects.successful().filter(session=session).values("registration").distinct().count()
    )
    expected = Registration.objects.filter(
        event_id=session.event_id, status=RegistrationStatus.CONFIRMED
    ).count()
    return {"checked_in": checked_in, "expected": expected}


def attendance_for_session(session: Session) -> QuerySet[Registration]:
    """The event's confirmed registrations annotated with `present` for this session."""
    present = CheckIn.objects.successful().filter(session=session, registration=OuterRef("pk"))
    return (
        Registration.objects.filter(event_id=session.event_id, status=RegistrationStatus.CONFIRMED)
        .annotate(present=Exists(present))
        .order_by(Vietnamese("full_name"), "pk")
    )


def attended_session_ids(registration: Registration) -> set[int]:
    return set(
        CheckIn.objects.successful().filter(registration=registration).values_list("session_id", flat=True)
    )


def attendance_for_event(event: Event) -> QuerySet[Session]:
    """The event's sessions annotated with `checked_in` (distinct people)."""
    return event.sessions.annotate(
        checked_in=Count(
            "checkins__registration",
            filter=Q(checkins__result="ok", checkins__undone_at__isnull=True),
            distinct=True,
        )
    ).order_by("starts_at")


def registrations_attended(event: Event) -> QuerySet[Registration]:
    """Registrations of the event annotated with `sessions_attended`."""
    return event.registrations.annotate(
        sessions_attended=Count(
            "checkins__session",
            filter=Q(checkins__result="ok", checkins__undone_at__isnull=True),
            distinct=True,
        )
    )


def search_registrations(event: Event, query: str, limit: int = 20) -> QuerySet[Registration]:
    """Find people of an event by name, phone, e-mail or reference (for the door, when a code won't scan).
    Names and e-mails match ignoring accents and case ("nguyen van a" finds "Nguyễn Văn A"); at most
    `limit` people, in one query. On PostgreSQL every branch has an index (trigram indexes of events'
    migration 0022, the reference's unique index), so a search inside a big event does not read it all."""
    query = query.strip()
    if len(query) < 2:
        return Registration.objects.none()
    digits = "".join(ch for ch in query if ch.isdigit())
    folded = fold(query)
    condition = (
        # references are upper case: an exact match reads their unique index
        Q(name_folded__contains=folded) | Q(email_folded__contains=folded) | Q(reference=query.upper())
    )
    if len(digits) >= 4:
        condition |= Q(phone__contains=digits)
    return (
        event.registrations.alias(name_folded=Fold("full_name"), email_folded=Fold("email"))
        .filter(condition)
        .order_by(Vietnamese("full_name"), "pk")[:limit]
    )


# --- The scan's one read ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanContext:
    """Everything a scan decides on, read in one query: the session (with its event's kind), whether the
    device may scan there, the ticket with its registration, and that person's counting check-in at the
    session if there is one. Model instances carry only these columns (others load on access)."""

    session: Session
    device: ScannerDevice | None  # the active device the scan was looked up for, if any
    device_allowed: bool
    ticket: Ticket | None
    first: CheckIn | None


_SESSION_FIELDS = ("id", "event_id", "starts_at", "ends_at")
_REGISTRATION_FIELDS = (
    "id",
    "event_id",
    "status",
    "full_name",
    "organization_name",
    "position",
    "reference",
    "startup_project_id",
)
_TICKET_FIELDS = ("id", "registration_id", "code", "revoked_at")
_FIRST_FIELDS = ("id", "session_id", "registration_id", "result", "scanned_at", "gate", "undone_at")
DEVICE_FIELDS = ("id", "name", "last_seen_at", "revoked_at")
_MAX_ID = 2**63 - 1  # the largest BigAutoField


def _field(model, attname):
    return next(f for f in model._meta.concrete_fields if f.attname == attname)


def select_list(alias: str, model, names) -> str:
    return ", ".join(f"{alias}.{_field(model, name).column}" for name in names)


@cache
def _reader(model, names: tuple[str, ...]) -> tuple[list, list, list]:
    """How to turn `names`' columns into a `from_db` row: the position of each column in the model's field
    order (DEFERRED elsewhere), and the converters the ORM would apply, by column."""
    connection = connections[DEFAULT_DB_ALIAS]
    position = {name: index for index, name in enumerate(names)}
    fields = model._meta.concrete_fields
    template = [DEFERRED] * len(fields)
    slots = [
        (index, position[field.attname]) for index, field in enumerate(fields) if field.attname in position
    ]
    converters = []
    for index, name in enumerate(names):
        field = _field(model, name)
        column = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return template, slots, converters


def instance_from_row(model, names: tuple[str, ...], values):
    """A model instance from a hand-written query's columns, converted as the ORM converts them (aware
    datetimes on SQLite, for one); the fields not read load on access."""
    template, slots, converters = _reader(model, names)
    if converters:
        connection = connections[DEFAULT_DB_ALIAS]
        values = list(values)
        for index, column, functions in converters:
            for function in functions:
                values[index] = function(values[index], column, connection)
    row = template.copy()
    for field_index, value_index in slots:
        row[field_index] = values[value_index]
    return model.from_db(DEFAULT_DB_ALIAS, None, row)


@cache
def _scan_context_sql(device_by: str) -> str:
    """Built from the models' tables and columns. Written by hand because this is the hottest path of the
    busiest day (a gate scanning a person every few seconds per door): the ORM spent more time compiling
    the equivalent queries than PostgreSQL spent answering them. The LEFT JOIN of the counting check-in
    yields at most one row: the partial unique constraint `checkin_once_per_session` allows one.
    `device_by`: "id" or "token_hash" (an active device only)."""
    devices = ScannerDevice.events.through
    device_column = devices._meta.get_field("scannerdevice").column
    event_column = devices._meta.get_field("event").column
    device_match = "d.id = %s" if device_by == "id" else "d.token_hash = %s AND d.revoked_at IS NULL"
    # table and column names from the models' metadata; every value is a parameter
    return f"""
        SELECT {select_list("s", Session, _SESSION_FIELDS)}, e.kind,
            {select_list("d", ScannerDevice, DEVICE_FIELDS)},
            EXISTS (SELECT 1 FROM {devices._meta.db_table} de
                    WHERE de.{device_column} = d.id AND de.{event_column} = s.event_id),
            {select_list("t", Ticket, _TICKET_FIELDS)},
            {select_list("r", Registration, _REGISTRATION_FIELDS)},
            {select_list("f", CheckIn, _FIRST_FIELDS)}
        FROM {Session._meta.db_table} s
        INNER JOIN {Event._meta.db_table} e ON e.id = s.event_id
        LEFT JOIN {ScannerDevice._meta.db_table} d ON {device_match}
        LEFT JOIN {Ticket._meta.db_table} t ON t.code = %s
        LEFT JOIN {Registration._meta.db_table} r ON r.id = t.registration_id
        LEFT JOIN {CheckIn._meta.db_table} f ON f.session_id = s.id AND f.registration_id = r.id
            AND f.result = 'ok' AND f.undone_at IS NULL
        WHERE s.id = %s
    """  # noqa: S608


def scan_context(
    *, session_id: int, code: str, device_id: int | None = None, token_hash: str | None = None
) -> ScanContext | None:
    """The scan of `code` at the session, read in one query with the scanning device (by id, or by its
    token's hash: then the device is also authenticated here) and its right to scan there. None when the
    session does not exist; a code that is not one of ours matches no ticket."""
    if not 0 < session_id <= _MAX_ID:
        return None  # no such row (and SQLite cannot take the number)
    code = crypto.normalize_code(code)[:200]
    # A text that cannot be a ticket's matches none; any other is looked up as it is: only a stored
    # ticket's exact text (the one spelling we issue) matches.
    lookup = code if crypto.has_code_shape(code) else None
    device_by, device_key = ("token_hash", token_hash) if token_hash is not None else ("id", device_id)
    with prepared_cursor() as cursor:
        cursor.execute(_scan_context_sql(device_by), [device_key, lookup, session_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = iter(row)

    def take(names):
        return [next(values) for _ in names]

    session = instance_from_row(Session, _SESSION_FIELDS, take(_SESSION_FIELDS))
    session.event = instance_from_row(Event, ("id", "kind"), (session.event_id, next(values)))
    device_values = take(DEVICE_FIELDS)
    device = instance_from_row(ScannerDevice, DEVICE_FIELDS, device_values) if device_values[0] else None
    allowed = bool(next(values))
    ticket_values = take(_TICKET_FIELDS)
    registration_values = take(_REGISTRATION_FIELDS)
    first_values = take(_FIRST_FIELDS)
    ticket = first = None
    if ticket_values[0] is not None:
        ticket = instance_from_row(Ticket, _TICKET_FIELDS, ticket_values)
        ticket.registration = instance_from_row(Registration, _REGISTRATION_FIELDS, registration_values)
        if ticket.registration.event_id == session.event_id:
            ticket.registration.event = session.event  # another event's loads on access
    if first_values[0] is not None:
        first = instance_from_row(CheckIn, _FIRST_FIELDS, first_values)
    return ScanContext(session=session, device=device, device_allowed=allowed, ticket=ticket, first=first)


# --- The door board and the event hub's counts --------------------------------------------------------------


def checked_in_by_session(session_ids: list[int]) -> dict[int, int]:
    """{session id: people with a counting check-in} for these sessions, in one query."""
    rows = (
        CheckIn.objects.successful()
        .filter(session_id__in=session_ids)
        .values("session_id")
        .annotate(n=Count("registration", distinct=True))
        .order_by()
    )
    return {row["session_id"]: row["n"] for row in rows}


BUCKET_MINUTES = 15


def _board_day(sessions: list[Session], last_scan, now) -> datetime.date | None:
    """The day the arrivals chart shows: today when a session runs today, else the day of the latest
    check-in, else the first session's day."""
    today = timezone.localdate(now)
    if any(timezone.localdate(s.starts_at) <= today <= timezone.localdate(s.ends_at) for s in sessions):
        return today
    if last_scan is not None:
        return timezone.localdate(last_scan)
    return timezone.localdate(sessions[0].starts_at) if sessions else None


def board_figures(event: Event, *, now: datetime.datetime) -> dict:
    """What the door board shows, in five queries whatever the number of sessions and check-ins: people
    checked in per session against those expected (confirmed), check-ins per gate, and arrivals over the
    chosen day in 15-minute steps (a person's first counting check-in of each session is an arrival)."""
    sessions = list(
        event.sessions.annotate(
            checked_in=Count(
                "checkins__registration",
                filter=Q(checkins__result="ok", checkins__undone_at__isnull=True),
                distinct=True,
            )
        ).order_by("starts_at", "pk")
    )
    expected = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    counting = CheckIn.objects.successful().filter(session__event=event)
    gates = list(
        counting.annotate(gate_name=Coalesce(NullIf("gate", Value("")), "device__name", Value("")))
        .values("gate_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "gate_name")
    )
    last_scan = counting.aggregate(last=Max("scanned_at"))["last"]
    day = _board_day(sessions, last_scan, now)
    arrivals = []
    if day is not None:
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        scans = sorted(
            counting.filter(scanned_at__gte=start, scanned_at__lt=start + datetime.timedelta(days=1))
            .order_by()
            .values_list("scanned_at", flat=True)
        )
        arrivals = _buckets(day, sessions, scans)
    total = sum(session.checked_in for session in sessions)
    return {
        "sessions": sessions,
        "expected": expected,
        "gates": [(row["gate_name"], row["n"]) for row in gates],
        "day": day,
        "arrivals": arrivals,
        "total": total,
    }


def _buckets(day: datetime.date, sessions: list[Session], scans: list) -> list[tuple[datetime.datetime, int]]:
    """(start, arrivals) per 15 minutes over the day's check-in windows and scans."""
    step = datetime.timedelta(minutes=BUCKET_MINUTES)
    bounds = [timezone.localtime(scan) for scan in scans]
    for session in sessions:
        if timezone.localdate(session.starts_at) <= day <= timezone.localdate(session.ends_at):
            bounds += [
                timezone.localtime(session.starts_at) - datetime.timedelta(minutes=30),
                timezone.localtime(session.ends_at),
            ]
    if not bounds:
        return []
    day_start = timezone.localtime(timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)))
    first = max(min(bounds), day_start)
    last = min(max(bounds), day_start + datetime.timedelta(days=1) - step)
    first = first.replace(minute=first.minute - first.minute % BUCKET_MINUTES, second=0, microsecond=0)
    counts: dict[datetime.datetime, int] = {}
    slot = first
    while slot <= last:
        counts[slot] = 0
        slot += step
    for scan in bounds[: len(scans)]:
        key = scan.replace(minute=scan.minute - scan.minute % BUCKET_MINUTES, second=0, microsecond=0)
        if key in counts:
            counts[key] += 1
    return list(counts.items())


def door_staff_scope(user) -> Q:
    """The events a host's door staff member may look at: those it is assigned to at the door (an
    assignment is made by someone who manages the event). Registered in `events.extensions`."""
    return Q(pk__in=DoorStaffAssignment.objects.filter(user=user).values("event_id"))

"""Tickets and check-in: every action that changes them goes through here (API, pages, admin, commands)."""

import datetime
import secrets
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.enums import RegistrationSource, RegistrationStatus
from events.exceptions import DomainError
from events.intake.services import registration_add
from events.models import Event, Registration, Session
from events.services import registration_notify

from . import crypto, selectors
from .db import prepared_cursor
from .enums import CheckInSource, ScanResult
from .models import CheckIn, DeletedTicket, DoorStaffAssignment, EventKey, ScannerDevice, Ticket, hash_token


class CheckInError(DomainError):
    code = "checkin_error"
    status_code = 400


class NonceConflict(CheckInError):
    """A scan id (nonce) that another scanner, or another event's scan, already used: its stored answer
    is not this scanner's to see."""

    code = "nonce_conflict"
    status_code = 409
    default_message = _("This scan id was already used by another scanner. Send a new one.")


# --- Keys and tickets -----------------------------------------------------------------------------------


def event_key_get_or_create(*, event: Event) -> EventKey:
    """The event's signing key, created on first use (safe when two requests create it at once)."""
    key = EventKey.objects.filter(event=event).first()
    if key:
        return key
    private, public = crypto.generate_keypair()
    try:
        with transaction.atomic():
            return EventKey.objects.create(
                event=event, key_id=secrets.randbelow(65536), private_key=private, public_key=public
            )
    except IntegrityError:
        return EventKey.objects.get(event=event)


def event_keys_ensure_for_window(*, event: Event) -> int:
    """Create now the signing keys of the events whose sessions overlap `event`'s check-in windows and that
    have none yet (a key is made with an event's first ticket). The offline package then carries the public
    key of every event whose tickets may be shown at this door while it runs, so that a ticket issued after
    the package was loaded is still told apart from a forgery offline (`wrong_event`, not `invalid`).
    Returns how many keys were created."""
    windows = [checkin_window(session) for session in event.sessions.all()]
    if not windows:
        return 0
    opens, closes = min(w[0] for w in windows), max(w[1] for w in windows)
    keyless = (
        Event.objects.exclude(pk=event.pk)
        .filter(ticket_key__isnull=True, sessions__starts_at__lte=closes, sessions__ends_at__gte=opens)
        .distinct()
    )
    created = 0
    for other in keyless:
        event_key_get_or_create(event=other)
        created += 1
    return created


def _new_ticket(registration: Registration) -> Ticket:
    key = event_key_get_or_create(event=registration.event)
    code = crypto.sign_code(
        private_key=bytes(key.private_key), key_id=key.key_id, ticket_id=crypto.new_ticket_id()
    )
    return Ticket.objects.create(registration=registration, code=code)


def ticket_get_or_issue(*, registration: Registration) -> Ticket | None:
    """The registration's active ticket; issued on first use. Only confirmed registrations have one.
    Guarantees one active ticket per registration, also when two requests ask at the same moment."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return None
    ticket = Ticket.objects.filter(registration=registration, revoked_at__isnull=True).first()
    if ticket:
        return ticket
    try:
        with transaction.atomic():
            return _new_ticket(registration)
    except IntegrityError:
        return Ticket.objects.get(registration=registration, revoked_at__isnull=True)


def ticket_reissue(
    *, registration: Registration, by: AbstractBaseUser | None = None, reason: str = ""
) -> Ticket:
    """Revoke the registration's active ticket (its code is refused from now on, online and offline)
    and issue a new one. The person is sent the new ticket, in the same transaction (a rollback sends
    nothing), with word that the old code no longer works."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise CheckInError(_("Only confirmed registrations have tickets."), code="not_confirmed")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        Ticket.objects.filter(registration=registration, revoked_at__isnull=True).update(
            revoked_at=timezone.now(),
            revoked_by=by if by and by.is_authenticated else None,
            revoked_reason=reason[:255] or _("Reissued"),
        )
        ticket = _new_ticket(registration)
        registration_notify(registration, "ticket")
        return ticket


# --- Who may scan ---------------------------------------------------------------------------------------


def user_can_scan(user, event: Event | None = None) -> bool:
    """Whether `user` may scan at `event`; with no event, at any event at all (to offer the scanner)."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("checkin.scan_all_events"):
        return True
    assignments = DoorStaffAssignment.objects.filter(user=user)
    return (assignments.filter(event=event) if event is not None else assignments).exists()


def device_can_scan(device: ScannerDevice, event: Event) -> bool:
    return device.is_active and device.events.filter(pk=event.pk).exists()


def scanner_device_create(
    *, name: str, events: list[Event], by: AbstractBaseUser | None = None, host=None
) -> tuple[ScannerDevice, str]:
    """Create a device (of `host`, by default the host of its first event, else the programme office's)
    and return it with its token. The token is shown once; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        if host is None and events:
            host = events[0].host
        device = ScannerDevice.objects.create(
            **({"host": host} if host is not None else {}),
            name=name,
            token_hash=hash_token(token),
            token_hint=token[:6],
            created_by=by if by and by.is_authenticated else None,
        )
        device.events.set(events)
    return device, token


def scanner_device_revoke(*, device: ScannerDevice) -> ScannerDevice:
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at"])
    return device


# --- Scanning -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanOutcome:
    checkin: CheckIn
    first: CheckIn | None = None  # the earlier successful check-in, for already_checked_in
    replayed: bool = False  # the same nonce was seen before: this is the stored answer

    @property
    def result(self) -> str:
        return self.checkin.result

    @property
    def registration(self) -> Registration | None:
        return self.checkin.registration


def checkin_window(session: Session) -> tuple[datetime.datetime, datetime.datetime]:
    opens = session.starts_at - datetime.timedelta(minutes=settings.CHECKIN_OPENS_MINUTES_BEFORE)
    closes = session.ends_at + datetime.timedelta(minutes=settings.CHECKIN_CLOSES_MINUTES_AFTER)
    return opens, closes


def status_result(registration: Registration) -> str | None:
    """The scan result a registration's state alone decides (cancelled, not confirmed), or None."""
    return _status_result(registration)


def _status_result(registration: Registration) -> str | None:
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
        return ScanResult.CANCELLED
    if registration.status != RegistrationStatus.CONFIRMED:
        return ScanResult.NOT_CONFIRMED
    return None


def _first_success(session: Session, registration: Registration) -> CheckIn | None:
    return (
        CheckIn.objects.successful()
        .filter(session=session, registration=registration)
        .order_by("scanned_at", "pk")
        .first()
    )


@cache
def _insert_statement(vendor: str) -> tuple[str, list, bool]:
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    meta = CheckIn._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    returning = connection.features.can_return_columns_from_insert
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    if returning:
        sql += f" RETURNING {quote(meta.pk.column)}"
    return sql, fields, returning


def _insert(checkin: CheckIn) -> CheckIn:
    """Save a new attempt as `Model.save()` does (field defaults and `auto_now_add`, `pre_save` and
    `post_save` sent, so training's receiver sees every check-in), with the INSERT statement built once
    per process: compiling it was a third of a scan's time in the ORM."""
    connection = connections[DEFAULT_DB_ALIAS]
    sql, fields, returning = _insert_statement(connection.vendor)
    pre_save.send(sender=CheckIn, instance=checkin, raw=False, using=DEFAULT_DB_ALIAS, update_fields=None)
    params = [field.get_db_prep_save(field.pre_save(checkin, True), connection) for field in fields]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        checkin.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    checkin._state.adding = False
    checkin._state.db = DEFAULT_DB_ALIAS
    post_save.send(
        sender=CheckIn, instance=checkin, created=True, update_fields=None, raw=False, using=DEFAULT_DB_ALIAS
    )
    return checkin


def _record(**fields) -> CheckIn:
    """Insert one attempt. Outside a transaction the INSERT commits on its own (one round trip, not
    BEGIN, INSERT, COMMIT); inside one, a savepoint lets the caller handle an IntegrityError."""
    if not transaction.get_connection().in_atomic_block:
        return _insert(CheckIn(**fields))
    with transaction.atomic():
        return _insert(CheckIn(**fields))


_NOT_READ = object()


def _admit(
    *,
    registration: Registration,
    ticket: Ticket | None,
    base: dict,
    first: CheckIn | object | None = _NOT_READ,
) -> ScanOutcome:
    """Check a confirmed registration in, exactly once per session: the partial unique constraint
    `checkin_once_per_session` lets a single `ok` row in, and whoever loses a race records
    `already_checked_in` (no row lock and no savepoint: one read and one insert on the way in).
    `first` is the person's counting check-in at the session when the caller has read it already."""
    session = base["session"]
    refused = _status_result(registration)
    if refused:
        return ScanOutcome(_record(**base, registration=registration, ticket=ticket, result=refused))
    if first is _NOT_READ:
        first = _first_success(session, registration)
    if first is None:
        try:
            return ScanOutcome(
                _record(**base, registration=registration, ticket=ticket, result=ScanResult.OK)
            )
        except IntegrityError:
            first = _first_success(session, registration)
            if first is None:  # the conflict was the nonce: answer what was stored for it
                return _replay(base["nonce"], base) or ScanOutcome(
                    CheckIn.objects.get(nonce=base["nonce"]), replayed=True
                )
    checkin = _record(**base, registration=registration, ticket=ticket, result=ScanResult.ALREADY_CHECKED_IN)
    return ScanOutcome(checkin, first=first)


def _replay(nonce: str | None, base: dict) -> ScanOutcome | None:
    """The stored answer for a nonce seen before, when the same scanner (device or user) sent it at the
    same event; a nonce of anyone else's raises NonceConflict rather than show their answer."""
    if not nonce:
        return None
    stored = CheckIn.objects.select_related("registration", "session").filter(nonce=nonce).first()
    if stored is None:
        return None
    device, user = base.get("device"), base.get("user")
    if (
        stored.device_id != (device.pk if device else None)
        or stored.user_id != (user.pk if user else None)
        or stored.session.event_id != base["session"].event_id
    ):
        raise NonceConflict()
    first = None
    if stored.result == ScanResult.ALREADY_CHECKED_IN and stored.registration_id:
        first = _first_success(stored.session, stored.registration)
    return ScanOutcome(stored, first=first, replayed=True)


def _signing_event(code: str) -> int | None:
    """The event whose key genuinely signed a code that matches no stored ticket, or None (a forgery, or
    not one of ours). The server keeps every ticket it issues, so such a code's ticket was deleted (alone
    or with its registration): another event's is `wrong_event`, and this event's `revoked` when its
    tombstone says so (`_deleted_here`), as a scanner without the network decides from the signature, the
    other events' public keys (the offline package's `other_keys`) and the revocation list (`revoked`,
    which lists the deleted tickets' ids). pretix's scanners decide signed tickets the same way: the
    signature, then a revocation list. Only unknown codes pay for this look-up."""
    parsed = crypto.parse_code(code)
    if parsed is None:
        return None
    for event_id, public in EventKey.objects.filter(key_id=parsed.key_id).values_list(
        "event_id", "public_key"
    ):
        if crypto.verify(parsed, bytes(public)):
            return event_id
    return None


def _deleted_here(code: str, event_id: int) -> bool:
    """Whether this event's genuine code belonged to a ticket that was deleted (its tombstone, which the
    offline package lists as revoked). A code signed by the event's key that was never issued stays
    `invalid`: the server, holding every ticket, is the authority on what was issued."""
    parsed = crypto.parse_code(code)
    return DeletedTicket.objects.filter(event_id=event_id, ticket_id=parsed.ticket_id.hex()).exists()


def checkin_scan(
    *,
    code: str,
    session: Session,
    device: ScannerDevice | None = None,
    user: AbstractBaseUser | None = None,
    gate: str = "",
    nonce: str | None = None,
    scanned_at: datetime.datetime | None = None,
    offline: bool = False,
    context: selectors.ScanContext | None = None,
) -> ScanOutcome:
    """Answer a scan of `code` at `session` and record the attempt, whatever its result.

    Guarantees: the same nonce twice records one attempt and returns the stored answer; one ticket
    scanned at two doors at once gives one `ok` and one `already_checked_in` (the partial unique
    constraint `checkin_once_per_session`); a forged or mangled code is `invalid`, never an error.

    A code is ours when it is exactly the text of a ticket we issued (signature included): the server
    holds every ticket, so the stored text is the authority here; the signature is what lets a scanner
    without the network tell our codes from forgeries. `context` is the scan's one read
    (`selectors.scan_context`) when the caller has made it already (the scan API, with the device's
    right to scan in the same query); otherwise it is read here. Then a scan costs one read and one
    insert: no look-up of the nonce first (a repeated nonce fails the unique constraint when its attempt
    is recorded, and the stored answer is returned then).
    """
    now = timezone.now()
    when = scanned_at or now
    code = crypto.normalize_code(code)[:200]
    if context is None:
        context = selectors.scan_context(session_id=session.pk, code=code)
    base = {
        "session": session,
        "code": code,
        "device": device,
        "user": user if user and user.is_authenticated else None,
        "gate": gate or (device.name if device else ""),
        "nonce": nonce or None,
        "scanned_at": when,
        "offline": offline,
        "source": CheckInSource.SCAN,
    }

    def refuse(result, **extra):
        try:
            return ScanOutcome(_record(**base, result=result, **extra))
        except IntegrityError:  # same nonce raced in: answer what was stored
            return _replay(nonce, base) or ScanOutcome(CheckIn.objects.get(nonce=nonce), replayed=True)

    ticket = context.ticket if context is not None else None
    if ticket is None:
        signed_by = _signing_event(code)
        if signed_by is not None and signed_by != session.event_id:
            return refuse(ScanResult.WRONG_EVENT)
        if signed_by is not None and _deleted_here(code, session.event_id):
            return refuse(ScanResult.REVOKED)
        return refuse(ScanResult.INVALID)
    registration = ticket.registration
    if registration.event_id != session.event_id:
        return refuse(ScanResult.WRONG_EVENT, registration=registration, ticket=ticket)
    if ticket.is_revoked:
        return refuse(ScanResult.REVOKED, registration=registration, ticket=ticket)
    status_result = _status_result(registration)
    if status_result:
        return refuse(status_result, registration=registration, ticket=ticket)
    opens, closes = checkin_window(session)
    if not (opens <= when <= closes):
        return refuse(ScanResult.NOT_OPEN, registration=registration, ticket=ticket)
    try:
        return _admit(registration=registration, ticket=ticket, base=base, first=context.first)
    except IntegrityError:
        return _replay(nonce, base) or ScanOutcome(CheckIn.objects.get(nonce=nonce), replayed=True)


def checkin_registration(
    *,
    registration: Registration,
    session: Session,
    user: AbstractBaseUser,
    gate: str = "",
    nonce: str | None = None,
) -> ScanOutcome:
    """Check someone in after finding them by name, phone or e-mail (their code would not scan)."""
    now = timezone.now()
    base = {
        "session": session,
        "code": "",
        "device": None,
        "user": user,
        "gate": gate,
        "nonce": nonce or None,
        "scanned_at": now,
        "offline": False,
        "source": CheckInSource.SEARCH,
    }
    replay = _replay(nonce, base)
    if replay:
        return replay
    if registration.event_id != session.event_id:
        raise CheckInError(_("This person is registered for another event."), code="wrong_event")
    ticket = Ticket.objects.filter(registration=registration, revoked_at__isnull=True).first()
    opens, closes = checkin_window(session)
    if not (opens <= now <= closes):
        return ScanOutcome(
            _record(**base, registration=registration, ticket=ticket, result=ScanResult.NOT_OPEN)
        )
    return _admit(registration=registration, ticket=ticket, base=base)


def checkin_walk_in(
    *,
    session: Session,
    user: AbstractBaseUser,
    full_name: str,
    email: str,
    phone: str,
    organization_name: str = "",
    organization_kind: str = "",
    gate: str = "",
    send_ticket: bool = True,
    language: str = "vi",
) -> ScanOutcome:
    """Register someone at the door and check them in to `session`, in one step and one transaction: the
    registration follows the public form's rules (`events.intake.services.registration_add`: eligibility,
    seats counted under the event lock, one registration per e-mail), and a person who would not get a
    seat now (event full, approval required) is refused with nothing saved, as is a walk-in while the
    session's check-in is closed. The check-in records the gate and who let the person in."""
    now = timezone.now()
    opens, closes = checkin_window(session)
    if not (opens <= now <= closes):
        raise CheckInError(_("Check-in is not open for this session."), code="not_open")
    with transaction.atomic():
        outcome = registration_add(
            event=session.event,
            full_name=full_name,
            email=email,
            phone=phone,
            organization_name=organization_name,
            organization_kind=organization_kind,
            send_ticket=send_ticket,
            source=RegistrationSource.WALK_IN,
            language=language,
        )
        registration = outcome.registration
        if registration.status != RegistrationStatus.CONFIRMED:
            raise CheckInError(
                _("No seat can be given at the door: the person would be %(status)s.")
                % {"status": registration.get_status_display().lower()},
                code="no_seat",
            )
        ticket = ticket_get_or_issue(registration=registration)
        base = {
            "session": session,
            "code": "",
            "device": None,
            "user": user,
            "gate": gate,
            "nonce": None,
            "scanned_at": now,
            "offline": False,
            "source": CheckInSource.WALK_IN,
        }
        return _admit(registration=registration, ticket=ticket, base=base, first=None)


def _code_for_reference(session: Session, reference: str | None) -> str:
    """The active ticket's code of the registration with this printed reference at the session's event
    ("" when there is none, which scans as an unknown code)."""
    if not reference:
        return ""
    ticket = Ticket.objects.filter(
        registration__event_id=session.event_id,
        registration__reference=reference.strip().upper(),
        revoked_at__isnull=True,
    ).first()
    return ticket.code if ticket else ""


def checkin_sync(
    *,
    scans: list[dict],
    device: ScannerDevice | None = None,
    user: AbstractBaseUser | None = None,
    allowed_event_ids: set[int] | None = None,
) -> list[dict]:
    """Upload scans made offline. Each item: code (or the ticket's printed reference), session (id), nonce,
    scanned_at, gate. Each is answered on its own; uploading the same batch again changes nothing (the
    nonces were seen)."""
    sessions = Session.objects.in_bulk({s["session"] for s in scans if isinstance(s.get("session"), int)})
    answers = []
    for scan in scans:
        session = sessions.get(scan.get("session"))
        if session is None or (allowed_event_ids is not None and session.event_id not in allowed_event_ids):
            answers.append({"nonce": scan.get("nonce"), "error": "unknown_session"})
            continue
        code = scan.get("code") or _code_for_reference(session, scan.get("reference"))
        try:
            outcome = checkin_scan(
                code=code,
                session=session,
                device=device,
                user=user,
                gate=scan.get("gate", ""),
                nonce=scan.get("nonce"),
                scanned_at=scan.get("scanned_at"),
                offline=True,
            )
        except NonceConflict:
            answers.append({"nonce": scan.get("nonce"), "error": NonceConflict.code})
            continue
        answers.append({"nonce": scan.get("nonce"), "outcome": outcome})
    return answers


# --- Corrections --------------------------------------------------------------------------------------


def checkin_mark_present(
    *, registration: Registration, session: Session, by: AbstractBaseUser, reason: str
) -> CheckIn:
    """Staff record that someone attended although no scan says so. Recorded with who, when and why."""
    if not reason.strip():
        raise CheckInError(_("Give a reason for the correction."), code="reason_required")
    if registration.event_id != session.event_id:
        raise CheckInError(_("This person is registered for another event."), code="wrong_event")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise CheckInError(_("Only confirmed registrations can be marked present."), code="not_confirmed")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        first = _first_success(session, registration)
        if first:
            return first
        return _record(
            session=session,
            registration=registration,
            result=ScanResult.OK,
            source=CheckInSource.CORRECTION,
            user=by,
            scanned_at=timezone.now(),
            reason=reason.strip()[:255],
        )


def checkin_undo(*, checkin: CheckIn, by: AbstractBaseUser, reason: str) -> CheckIn:
    """Undo a successful check-in (scanned by mistake): it stops counting as attendance, kept for audit."""
    if not reason.strip():
        raise CheckInError(_("Give a reason for the correction."), code="reason_required")
    with transaction.atomic():
        checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
        if checkin.result != ScanResult.OK:
            raise CheckInError(_("Only successful check-ins can be undone."), code="not_undoable")
        if checkin.undone_at is None:
            checkin.undone_at = timezone.now()
            checkin.undone_by = by
            checkin.undo_reason = reason.strip()[:255]
            checkin.save(update_fields=["undone_at", "undone_by", "undo_reason"])
        return checkin


def checkin_undo_attendance(
    *, registration: Registration, session: Session, by: AbstractBaseUser, reason: str
) -> CheckIn | None:
    """Undo whatever makes `registration` count as present at `session` (its first successful check-in).
    None when they were not present."""
    checkin = _first_success(session, registration)
    return checkin_undo(checkin=checkin, by=by, reason=reason) if checkin else None

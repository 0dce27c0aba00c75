"""Actions that change events and registrations. Views, the API, the admin and commands call these."""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import extensions, selectors
from .enums import EventStatus, ProjectStage, RegistrationSource, RegistrationStatus
from .exceptions import RegistrationError
from .models import Event, ProjectStageChange, Registration, StartupProject
from .validators import normalize_vietnamese_phone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RegistrationOutcome:
    registration: Registration
    created: bool

    @property
    def status(self) -> str:
        return self.registration.status


def registration_notify(registration: Registration, kind: str, payload: dict | None = None) -> None:
    """Tell the person, within the caller's transaction: the outbox (events.mail) records the e-mail,
    sends it after commit and retries until the mail server takes it, so a mail outage never loses or
    blocks a registration. `payload` (JSON) is what the message is about, kept as it is now."""
    extensions.registration_notice.send(
        sender=Registration, registration=registration, kind=kind, payload=payload
    )


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _seats_taken(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED, is_exhibitor=False).count()


def _has_free_seat(event: Event) -> bool:
    return event.capacity is None or _seats_taken(event) < event.capacity


def _check_open(event: Event, now: datetime.datetime, *, by_staff: bool = False) -> None:
    if event.status == EventStatus.CANCELLED:
        raise RegistrationError(_("This event has been cancelled."), code="event_cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise RegistrationError(_("This event is not open for registration."), code="event_not_published")
    if by_staff:
        # Staff add people by hand outside the public registration window (a phone call after the
        # deadline, a walk-in at the door): the event's other rules still hold.
        if _all_sessions_ended(event, now):
            raise RegistrationError(_("This event is over."), code="event_over")
        return
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = timezone.localtime(event.registration_opens_at)
        raise RegistrationError(
            _("Registration opens on %(date)s.") % {"date": opens.strftime("%d/%m/%Y %H:%M")},
            code="registration_not_open",
        )
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise RegistrationError(_("Registration for this event has closed."), code="registration_closed")
    if _all_sessions_ended(event, now):
        raise RegistrationError(_("Registration for this event has closed."), code="registration_closed")


def _all_sessions_ended(event: Event, now: datetime.datetime) -> bool:
    sessions = event.sessions.all()
    return sessions.exists() and not sessions.filter(ends_at__gt=now).exists()


def _new_status(event: Event, *, free: int | None) -> str:
    """The status a new registration gets when `free` seats are left (None: no limit): the one rule for
    the public form, the API, staff adding people and imported lists."""
    if event.requires_approval:
        return RegistrationStatus.PENDING
    if free is None or free > 0:
        return RegistrationStatus.CONFIRMED
    if event.waitlist_enabled:
        return RegistrationStatus.WAITLISTED
    raise RegistrationError(_("This event is full."), code="event_full")


def _free_seats(event: Event) -> int | None:
    return None if event.capacity is None else max(event.capacity - _seats_taken(event), 0)


def _fill(
    registration: Registration,
    *,
    full_name: str,
    email: str,
    phone: str,
    organization_name: str,
    organization,
    position: str,
    startup_project,
    source: str,
    language: str,
    extra: dict | None,
    status: str,
    now: datetime.datetime,
) -> Registration:
    registration.full_name = full_name.strip()
    registration.email = email
    registration.phone = normalize_vietnamese_phone(phone)
    registration.organization_name = organization_name.strip()
    registration.organization = organization
    registration.position = position.strip()
    registration.organization_kind = (extra or {}).get("organization_kind") or (
        organization.kind if organization else ""
    )
    registration.startup_project = startup_project
    registration.source = source
    registration.language = language if language in ("vi", "en") else "vi"
    registration.consent_at = now
    registration.queued_at = now
    registration.status = status
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None
    registration.cancelled_at = None
    registration.status_note = ""
    return registration


def registration_checks_run(*, event: Event, data: dict) -> None:
    """The eligibility rules of `event` (the apps' `extensions.registration_checks`) over a person's
    details: raises `RegistrationError` when one refuses. Registering and changing one's details (the
    self-service page) both go through here, so a rule is written once."""
    for check in extensions.registration_checks:
        check(event, data)


def registration_create(
    *,
    event: Event,
    full_name: str,
    email: str,
    phone: str,
    consent: bool,
    organization_name: str = "",
    position: str = "",
    organization=None,
    startup_project: StartupProject | None = None,
    source: str = RegistrationSource.WEB,
    language: str = "vi",
    now: datetime.datetime | None = None,
    extra: dict | None = None,
    by_staff: bool = False,
    notify: bool = True,
) -> RegistrationOutcome:
    """Register one person (by e-mail) for an event.

    `by_staff`: staff add the person by hand (outside the public registration window, see `_check_open`);
    `notify` off: nobody is e-mailed (staff chose not to send the ticket).

    Guarantees: the event row is locked while seats are counted, so seats are never oversold under
    concurrent requests; past capacity people are waitlisted in arrival order (or refused when the
    event has no waiting list); the same e-mail twice returns the existing registration
    (`created=False`) instead of a second row; nothing is saved when a rule refuses.
    """
    if not consent:
        raise RegistrationError(
            _("You must agree to the processing of your personal data to register."), code="consent_required"
        )
    email = email.strip()
    with transaction.atomic():
        event = _lock_event(event)
        # Read the clock only once the lock is held, so that `queued_at` follows the order in which
        # seats are given: nobody is waitlisted with an earlier time than someone who got a seat.
        now = now or timezone.now()
        existing = event.registrations.filter(email__iexact=email).first()
        if existing and existing.status != RegistrationStatus.CANCELLED:
            return RegistrationOutcome(existing, created=False)
        _check_open(event, now, by_staff=by_staff)
        registration_checks_run(
            event=event,
            data={
                "full_name": full_name,
                "email": email,
                "phone": phone,
                "organization_name": organization_name,
                "organization": organization,
                "position": position,
                "startup_project": startup_project,
                "source": source,
                **(extra or {}),
            },
        )

        status = _new_status(event, free=None if event.requires_approval else _free_seats(event))
        registration = _fill(
            existing or Registration(event=event),
            full_name=full_name,
            email=email,
            phone=phone,
            organization_name=organization_name,
            organization=organization,
            position=position,
            startup_project=startup_project,
            source=source,
            language=language,
            extra=extra,
            status=status,
            now=now,
        )
        registration.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:  # only reachable when the event row was not locked (never in our paths)
            existing = event.registrations.get(email__iexact=email)
            return RegistrationOutcome(existing, created=False)
        if notify:
            registration_notify(registration, status)
        return RegistrationOutcome(registration, created=True)


def _promote(event: Event, now: datetime.datetime) -> list[Registration]:
    """Fill free seats from the waiting list in arrival order; the caller holds the event lock."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _seats_taken(event)
        if free <= 0:
            return []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("queued_at", "pk")
    if free is not None:
        waiting = waiting[:free]
    promoted = []
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        registration_notify(registration, "promoted")
        promoted.append(registration)
    return promoted


def registration_promote_waitlisted(*, event: Event) -> list[Registration]:
    """Confirm waitlisted people, first come first served, while seats are free (after a cancellation or
    when staff raise the capacity). Returns the promoted registrations."""
    with transaction.atomic():
        event = _lock_event(event)
        if event.status != EventStatus.PUBLISHED:
            return []
        return _promote(event, timezone.now())


def registration_cancel(
    *, registration: Registration, by: AbstractBaseUser | None = None, reason: str = ""
) -> Registration:
    """Cancel a registration. A freed seat goes to the first person on the waiting list. Idempotent."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
            return registration
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.decided_by = by if by and by.is_authenticated else None
        registration.status_note = reason[:500]
        registration.save(update_fields=["status", "cancelled_at", "decided_by", "status_note", "updated_at"])
        registration_notify(registration, "cancelled")
        if was_confirmed and event.status == EventStatus.PUBLISHED:
            _promote(event, now)
        return registration


def registration_approve(*, registration: Registration, by: AbstractBaseUser | None = None) -> Registration:
    """Approve a pending registration: confirmed when a seat is free, otherwise waitlisted (approved, in
    line). Registrations that are not pending are returned unchanged."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING:
            return registration
        if _has_free_seat(event):
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
        else:
            registration.status = RegistrationStatus.WAITLISTED
            registration.queued_at = now
        registration.decided_by = by if by and by.is_authenticated else None
        registration.save(update_fields=["status", "confirmed_at", "queued_at", "decided_by", "updated_at"])
        registration_notify(registration, registration.status)
        return registration


def registration_move_from_waitlist(
    *, registration: Registration, by: AbstractBaseUser | None = None
) -> Registration:
    """Staff: confirm this waitlisted person now, ahead of the queue if staff choose so, when a seat is
    free; the person is told as when promoted. Seats are still never oversold: with none free, nothing
    changes. Registrations that are not waitlisted are returned unchanged."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.WAITLISTED or not _has_free_seat(event):
            return registration
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.decided_by = by if by and by.is_authenticated else None
        registration.save(update_fields=["status", "confirmed_at", "decided_by", "updated_at"])
        registration_notify(registration, "promoted")
        return registration


def registration_reject(
    *, registration: Registration, by: AbstractBaseUser | None = None, reason: str = ""
) -> Registration:
    """Reject a pending or waitlisted registration with a reason that the person is told."""
    with transaction.atomic():
        _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
            return registration
        registration.status = RegistrationStatus.REJECTED
        registration.decided_by = by if by and by.is_authenticated else None
        registration.status_note = reason[:500]
        registration.save(update_fields=["status", "decided_by", "status_note", "updated_at"])
        registration_notify(registration, "rejected")
        return registration


def project_stage_set(
    *,
    project: StartupProject,
    stage: str,
    effective_on: datetime.date,
    note: str = "",
    by: AbstractBaseUser | None = None,
) -> ProjectStageChange:
    """Record that `project` is at `stage` from `effective_on`. The project's current stage follows the
    latest entry of its history, so back-dated entries never overwrite a newer stage."""
    if stage not in ProjectStage.values:
        raise ValueError(f"unknown stage {stage!r}")
    with transaction.atomic():
        project = StartupProject.objects.select_for_update().get(pk=project.pk)
        change, _created = ProjectStageChange.objects.update_or_create(
            project=project,
            effective_on=effective_on,
            defaults={
                "stage": stage,
                "note": note,
                "recorded_by": by if by and by.is_authenticated else None,
            },
        )
        latest = project.stage_changes.order_by("-effective_on").first()
        if latest and project.stage != latest.stage:
            project.stage = latest.stage
            project.save(update_fields=["stage"])
        return change


def registration_ticket_resend(*, registration: Registration) -> bool:
    """Staff: send a confirmed person their confirmation e-mail again, with the ticket (through the outbox,
    like every e-mail). False, and nothing sent, when the registration is not confirmed: it has no ticket."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return False
    registration_notify(registration, "confirmed")
    return True


def registration_resend_link(*, registration: Registration) -> None:
    """Send the person their registration's link again (used when someone registers the same e-mail)."""
    kind = "promoted" if registration.status == RegistrationStatus.CONFIRMED else registration.status
    if kind in ("pending", "waitlisted", "promoted", "rejected"):
        registration_notify(registration, "confirmed" if kind == "promoted" else kind)


def event_cancel(
    *, event: Event, by: AbstractBaseUser | None = None, reason: str = "", notify: bool = True
) -> list[int]:
    """Cancel an event: its status, and every registration still active (their tickets then answer
    `cancelled` at the door). Nobody is promoted and nobody gets a separate cancellation e-mail: the people
    cancelled are told once, by the event's cancellation notice (unless `notify` is off, a choice that
    is recorded). Idempotent; returns the ids of the registrations cancelled now."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(event)
        active = event.registrations.select_for_update().filter(
            status__in=(
                RegistrationStatus.PENDING,
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITLISTED,
            )
        )
        cancelled = list(active.values_list("pk", flat=True))
        Registration.objects.filter(pk__in=cancelled).update(
            status=RegistrationStatus.CANCELLED,
            cancelled_at=now,
            decided_by=by if by and by.is_authenticated else None,
            status_note=str(reason or _("The event was cancelled."))[:500],
            updated_at=now,
        )
        if event.status != EventStatus.CANCELLED:
            event.status = EventStatus.CANCELLED
            event.save(update_fields=["status", "updated_at"])
        if cancelled or notify:
            extensions.event_cancelled.send(
                sender=Event,
                event=event,
                registrations=cancelled,
                by=by if by and by.is_authenticated else None,
                reason=reason,
                notify=notify,
            )
        return cancelled


POSITION_EMAIL_INTERVAL = datetime.timedelta(minutes=10)


def registration_position_email(*, registration: Registration, now: datetime.datetime | None = None) -> int:
    """E-mail a waitlisted person their current place in the queue (which the message keeps), queued in
    this transaction; at most once every `POSITION_EMAIL_INTERVAL` per registration (the registration's
    row is locked while that is checked, so two requests at once queue one message). Returns the place."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.WAITLISTED:
            raise RegistrationError(
                _("Only a registration on the waiting list has a place in the queue."), code="not_waitlisted"
            )
        last = registration.position_emailed_at
        if last is not None and now < last + POSITION_EMAIL_INTERVAL:
            again = timezone.localtime(last + POSITION_EMAIL_INTERVAL)
            raise RegistrationError(
                _(
                    "We e-mailed you your place in the queue a few minutes ago. "
                    "You can ask again from %(time)s."
                )
                % {"time": again.strftime("%H:%M")},
                code="position_email_too_soon",
                status_code=429,
            )
        position = selectors.waitlist_position(registration)
        registration.position_emailed_at = now
        registration.save(update_fields=["position_emailed_at"])
        registration_notify(
            registration, "waitlist_position", payload={"position": position, "at": now.isoformat()}
        )
        return position


@dataclass(frozen=True)
class PersonRefused:
    """Why one person of a list was refused: `index` in the list, `field` ("" for the person as a whole)."""

    index: int
    field: str
    message: str
    code: str = ""  # why, for callers that word it their own way: `RegistrationError.code` or below


class RegistrationsRefused(RegistrationError):
    """Some people of a list were refused; nobody was registered. `refusals` says who and why."""

    code = "people_refused"

    def __init__(self, refusals: list[PersonRefused]):
        self.refusals = refusals
        super().__init__(_("Some people could not be registered; nobody was saved."))


PERSON_FIELDS = ("full_name", "email", "phone", "organization_name", "position")
_NOT_GIVEN = [
    f.name
    for f in Registration._meta.get_fields()
    if f.concrete and f.name not in (*PERSON_FIELDS, "organization_kind")
]


def registrations_create_many(
    *,
    event: Event,
    people: list[dict],
    source: str,
    language: str = "vi",
    organization=None,
    by_staff: bool = True,
    dry_run: bool = False,
    progress=None,
    batch_size: int = 500,
) -> list[Registration]:
    """Register a list of people (each a dict of `PERSON_FIELDS` plus extras such as `organization_kind`)
    for `event`: everyone, or nobody.

    The rules are `registration_create`'s: the event is open (`by_staff`: outside the public window),
    each person passes the `registration_checks` (eligibility), gets the status `_new_status` gives in
    list order (seats counted once under the event lock, then the waiting list, or a refusal when the
    event has none), and is refused when the e-mail is registered already or appears twice in the list;
    a cancelled registration of the same e-mail is taken up again. Any refusal raises
    `RegistrationsRefused` with every refusal (its `code` says why), and nothing is saved. `dry_run`: the
    same checks and statuses, nothing saved (a preview). `organization`: everyone's (a nomination). Nobody
    is told here: the caller queues the messages in bulk, in this transaction (`events.mail`).
    `progress(n)` is called as rows are saved."""
    with transaction.atomic():
        event = _lock_event(event)
        now = timezone.now()
        _check_open(event, now, by_staff=by_staff)
        existing = {
            registration.email.lower(): registration
            for registration in event.registrations.only("pk", "email", "status", "reference", "created_at")
        }
        free = None if event.requires_approval else _free_seats(event)
        refusals: list[PersonRefused] = []
        seen: set[str] = set()
        registrations: list[Registration] = []
        for index, person in enumerate(people):
            email = (person.get("email") or "").strip()
            key = email.lower()
            previous = existing.get(key)
            if key and key in seen:
                message = _("This e-mail appears more than once in the list.")
                refusals.append(PersonRefused(index, "email", message, "duplicate_in_list"))
                continue
            seen.add(key)
            if previous is not None and previous.status != RegistrationStatus.CANCELLED:
                message = _("This e-mail is already registered for this event.")
                refusals.append(PersonRefused(index, "email", message, "already_registered"))
                continue
            extra = {k: v for k, v in person.items() if k not in PERSON_FIELDS}
            submitted = {
                **{name: person.get(name, "") for name in PERSON_FIELDS},
                "email": email,
                "organization": organization,
                "startup_project": None,
                "source": source,
                **extra,
            }
            try:
                registration_checks_run(event=event, data=submitted)
                status = _new_status(event, free=free)
            except RegistrationError as refused:
                refusals.append(PersonRefused(index, "", str(refused.message), refused.code))
                continue
            registration = _fill(
                previous or Registration(event=event),
                full_name=person.get("full_name", ""),
                email=email,
                phone=person.get("phone", ""),
                organization_name=person.get("organization_name", ""),
                organization=organization,
                position=person.get("position", ""),
                startup_project=None,
                source=source,
                language=language,
                extra=extra,
                status=status,
                now=now,
            )
            try:
                # what the person gave (the rest is set here); no query: the relations are empty
                registration.full_clean(exclude=_NOT_GIVEN, validate_unique=False, validate_constraints=False)
            except ValidationError as invalid:
                for name, messages in invalid.message_dict.items():
                    field = name if name in PERSON_FIELDS or name == "organization_kind" else ""
                    refusals.extend(PersonRefused(index, field, message, "invalid") for message in messages)
                continue
            if status == RegistrationStatus.CONFIRMED and free is not None:
                free -= 1
            registrations.append(registration)
        if refusals:
            raise RegistrationsRefused(refusals)
        if dry_run:
            return registrations
        again = [r for r in registrations if r.pk is not None]
        for registration in again:
            registration.save()
        new = [r for r in registrations if r.pk is None]
        for start in range(0, len(new), batch_size):
            Registration.objects.bulk_create(new[start : start + batch_size])
            if progress:
                progress(min(start + batch_size, len(new)) + len(again))
        return registrations

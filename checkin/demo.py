"""Demo tickets, door staff and past check-ins (a `events.extensions.demo_seeders` entry for seed_demo).

- Every confirmed registration of the check-in demo event has its ticket, so the demo door staff can
  scan at once; its session (open now) is left without check-ins, so the first scan of any ticket is ok.
- The demo door-staff user is assigned, with a gate, to the demo event, to the upcoming exhibitions,
  market-connection events and demo days, and to the past events where they scanned.
- Sessions already over have their check-ins: scans made at the door (dated to the session, uploaded as
  offline scans with a nonce, so a second run replays instead of adding), a few late arrivals, absences,
  a couple of double scans, and one staff correction with its reason.
"""

import datetime
from collections import Counter

from django.db.models import Count, F

from events.demo.data import DEMO_CHECKIN_SLUG, DemoContext, summary_line
from events.enums import EventKind, EventStatus, RegistrationStatus
from events.models import Event, Registration, Session

from .enums import CheckInSource, ScanResult
from .models import CheckIn, DoorStaffAssignment, Ticket
from .services import checkin_mark_present, checkin_scan, ticket_get_or_issue

NONCE_PREFIX = "demo-"
SHOWCASE_KINDS = (EventKind.EXHIBITION, EventKind.MARKET_CONNECTION, EventKind.DEMO_DAY)
GATES = ["Cổng A", "Cổng B", "Cổng C"]
CORRECTION_REASON = (
    "Học viên có mặt theo danh sách ký tên; mã QR trên điện thoại không quét được do màn hình bị vỡ."
)


def seed(ctx: DemoContext) -> list[str]:
    demo = ctx.events[DEMO_CHECKIN_SLUG]
    past = ctx.past_events()
    _issue_tickets([demo, *past])
    _assign_door_staff(ctx, demo, past)
    # the staff correction is made at the first course that is over
    over = [event for event in past if event.kind == EventKind.COURSE and _is_over(event, ctx.now)]
    corrected_course = min(over, key=_first_start, default=None)
    for event in past:
        _seed_attendance(ctx, event, correction=event == corrected_course)
    return _summary(ctx, demo, past)


def _issue_tickets(events: list[Event]) -> None:
    have = set(
        Ticket.objects.filter(registration__event__in=events, revoked_at__isnull=True).values_list(
            "registration_id", flat=True
        )
    )
    confirmed = Registration.objects.filter(event__in=events, status=RegistrationStatus.CONFIRMED)
    for registration in confirmed.exclude(pk__in=have).select_related("event").order_by("pk"):
        ticket_get_or_issue(registration=registration)


def _assign_door_staff(ctx: DemoContext, demo: Event, past: list[Event]) -> None:
    upcoming = [
        event
        for event in ctx.events.values()
        if event.kind in SHOWCASE_KINDS
        and event.status == EventStatus.PUBLISHED
        and event.sessions.filter(starts_at__gt=ctx.now).exists()
    ]
    for number, event in enumerate([demo, *upcoming, *past]):
        DoorStaffAssignment.objects.get_or_create(
            event=event, user=ctx.door_staff, defaults={"gate": GATES[number % 2]}
        )


# --- Attendance ----------------------------------------------------------------------------------------


def _scans_for(ctx: DemoContext, event: Event, registration: Registration, sessions: list[Session]):
    """When this person was scanned at each past session of `event` (None: absent), drawn from a
    generator seeded by the event and the person, so every run plans the same."""
    rng = ctx.random("attendance", event.slug, registration.email.lower())
    course = event.kind == EventKind.COURSE
    profile = rng.random()
    times: list[datetime.datetime | None] = []
    for number, session in enumerate(sessions):
        length = session.ends_at - session.starts_at
        if registration.is_exhibitor:  # teams arrive before the doors open to set up their booths
            times.append(session.starts_at - datetime.timedelta(minutes=rng.randint(10, 45)))
            continue
        if course:
            # most trainees come to every class; some miss one, a few never come
            present = profile >= 0.05 and not (profile < 0.22 and number == int(profile * 97) % len(sessions))
        else:
            present = profile >= 0.1 and rng.random() < (0.85 if number == 0 else 0.5)
        if not present:
            times.append(None)
        elif course and rng.random() < 0.1:  # late: after the grace period of 15 minutes
            times.append(session.starts_at + datetime.timedelta(minutes=rng.randint(17, 50)))
        elif course or length <= datetime.timedelta(hours=4):
            times.append(session.starts_at - datetime.timedelta(minutes=rng.randint(1, 40)))
        else:  # visitors of a day-long exhibition come through the day
            latest = int(length.total_seconds() // 60) - 60
            times.append(session.starts_at + datetime.timedelta(minutes=rng.randint(0, latest)))
    return times, rng


def _seed_attendance(ctx: DemoContext, event: Event, *, correction: bool) -> None:
    sessions = list(
        event.sessions.filter(ends_at__lte=ctx.now, is_cancelled=False)
        .select_related("event")
        .order_by("starts_at")
    )
    registrations = list(event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("email"))
    tickets = {
        ticket.registration_id: ticket
        for ticket in Ticket.objects.filter(registration__event=event, revoked_at__isnull=True)
    }
    seen = set(
        CheckIn.objects.filter(session__in=sessions, nonce__startswith=NONCE_PREFIX).values_list(
            "nonce", flat=True
        )
    )
    corrected = _correction_target(ctx, event, registrations, sessions) if correction else None
    gate = (
        DoorStaffAssignment.objects.filter(event=event, user=ctx.door_staff)
        .values_list("gate", flat=True)
        .first()
        or GATES[0]
    )
    uploaded = []
    for registration in registrations:
        times, rng = _scans_for(ctx, event, registration, sessions)
        for session, when in zip(sessions, times, strict=True):
            if when is None:
                if corrected == (registration.pk, session.pk):
                    checkin = checkin_mark_present(
                        registration=registration, session=session, by=ctx.organiser, reason=CORRECTION_REASON
                    )
                    # recorded from the sign-in sheet the same afternoon, before the course was evaluated
                    moment = session.ends_at + datetime.timedelta(minutes=45)
                    if checkin.scanned_at != moment:
                        CheckIn.objects.filter(pk=checkin.pk).update(scanned_at=moment, uploaded_at=moment)
                continue
            nonce = f"{NONCE_PREFIX}{session.pk}-{registration.reference}"
            scans = [(nonce, when)]
            if rng.random() < 0.03:  # scanned twice: the second answer is "already checked in"
                scans.append((nonce + "-2", when + datetime.timedelta(minutes=rng.randint(1, 5))))
            for scan_nonce, scanned_at in scans:
                if scan_nonce in seen:
                    continue
                outcome = checkin_scan(
                    code=tickets[registration.pk].code,
                    session=session,
                    user=ctx.door_staff,
                    gate=gate,
                    nonce=scan_nonce,
                    scanned_at=scanned_at,
                    offline=True,
                )
                uploaded.append(outcome.checkin.pk)
    # the door's phone synced its offline scans a few minutes after each one, not today
    CheckIn.objects.filter(pk__in=uploaded).update(
        uploaded_at=F("scanned_at") + datetime.timedelta(minutes=5)
    )


def _correction_target(ctx: DemoContext, event: Event, registrations, sessions) -> tuple[int, int] | None:
    """The first trainee (by e-mail) who missed exactly one class: staff record that they were there after
    all (their phone's screen was broken). Chosen from the plan, not from the data, so a second run
    picks the same (registration, session)."""
    for registration in registrations:
        if registration.is_exhibitor:
            continue
        times, _rng = _scans_for(ctx, event, registration, sessions)
        missed = [session for session, when in zip(sessions, times, strict=True) if when is None]
        if len(missed) == 1:
            return registration.pk, missed[0].pk
    return None


def _first_start(event: Event) -> datetime.datetime:
    return event.sessions.order_by("starts_at").values_list("starts_at", flat=True).first()


def _is_over(event: Event, now: datetime.datetime) -> bool:
    last = event.sessions.filter(is_cancelled=False).order_by("-ends_at").values_list("ends_at", flat=True)
    return bool(last) and last[0] <= now


# --- Summary -------------------------------------------------------------------------------------------


def _summary(ctx: DemoContext, demo: Event, past: list[Event]) -> list[str]:
    events = list(ctx.events.values())
    tickets = Ticket.objects.filter(registration__event__in=events, revoked_at__isnull=True)
    demo_tickets = tickets.filter(registration__event=demo).count()
    checkins = CheckIn.objects.filter(session__event__in=events)
    results = Counter(checkins.values_list("result", flat=True))
    ok = checkins.successful()
    corrections = ok.filter(source=CheckInSource.CORRECTION).count()
    sessions = ok.values("session").distinct().count()
    per_kind = Counter(dict(ok.values_list("session__event__kind").annotate(n=Count("pk")).order_by()))
    assignments = DoorStaffAssignment.objects.filter(user=ctx.door_staff, event__in=events)
    return [
        summary_line(
            "Tickets",
            f"{tickets.count()} (all {demo_tickets} confirmed registrations of the check-in demo, "
            f"and those of the {len(past)} past events)",
        ),
        summary_line(
            "Check-ins",
            f"{ok.count()} at {sessions} past sessions ("
            + ", ".join(f"{kind}: {n}" for kind, n in sorted(per_kind.items()))
            + f"), {corrections} staff correction, "
            + ", ".join(f"{results[r]} {r}" for r in ScanResult.values if r != ScanResult.OK and results[r])
            + " scans",
        ),
        summary_line(
            "Door staff",
            f"{ctx.door_staff.username} at {assignments.count()} events "
            f"(gates {', '.join(sorted(set(assignments.values_list('gate', flat=True))))})",
        ),
    ]

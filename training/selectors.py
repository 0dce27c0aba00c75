"""Attendance of a course: the trainee x session matrix, shares and risk, in a fixed number of queries."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from checkin.enums import CheckInSource
from checkin.models import CheckIn
from events.collation import Vietnamese
from events.enums import RegistrationStatus
from events.models import Organization, Registration, Session

from .enums import Mark
from .models import Certificate, Course


@dataclass
class TraineeRow:
    registration: Registration
    marks: list[str] = field(default_factory=list)
    attended: int = 0
    remaining: int = 0
    percent: int = 0
    completed: bool = False
    at_risk: bool = False
    cannot_complete: bool = False


@dataclass
class AttendanceMatrix:
    course: Course
    sessions: list[Session]
    rows: list[TraineeRow]
    total: int  # sessions that count (not cancelled)
    required: int  # sessions a trainee must attend
    ended: bool


def course_sessions(course: Course) -> list[Session]:
    return list(course.event.sessions.order_by("starts_at", "pk"))


def required_sessions(course: Course, total: int) -> int:
    """The smallest number of sessions that meets the minimum share (80% of 5 = 4, of 6 = 5)."""
    return -(-course.min_attendance_percent * total // 100)  # ceiling without floats


def course_hours(sessions: list[Session]) -> Decimal:
    seconds = sum((s.ends_at - s.starts_at).total_seconds() for s in sessions if not s.is_cancelled)
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"))


def _mark(course: Course, session: Session, checkin: dict | None, now: datetime.datetime) -> str:
    if session.is_cancelled:
        return Mark.CANCELLED
    if checkin is None:
        return Mark.UPCOMING if session.ends_at > now else Mark.ABSENT
    if checkin["source"] == CheckInSource.CORRECTION:
        return Mark.CORRECTED
    if checkin["scanned_at"] > session.starts_at + datetime.timedelta(minutes=course.late_after_minutes):
        return Mark.LATE
    return Mark.PRESENT


def counts_as_attended(course: Course, mark: str) -> bool:
    return mark in (Mark.PRESENT, Mark.CORRECTED) or (mark == Mark.LATE and course.late_counts)


def trainees(course: Course) -> QuerySet[Registration]:
    return course.event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by(
        Vietnamese("full_name"), "pk"
    )


def attendance_matrix(
    course: Course, *, registrations=None, now: datetime.datetime | None = None
) -> AttendanceMatrix:
    """Marks per trainee and session (present, late, absent, corrected, upcoming, cancelled), each
    trainee's attended count and share, and who can no longer reach the completion rule (3 queries)."""
    now = now or timezone.now()
    sessions = course_sessions(course)
    registrations = list(registrations if registrations is not None else trainees(course))
    first: dict[tuple[int, int], dict] = {}
    rows = (
        CheckIn.objects.successful()
        .filter(session__in=[s.pk for s in sessions], registration__in=[r.pk for r in registrations])
        .order_by("scanned_at", "pk")
        .values("registration_id", "session_id", "scanned_at", "source")
    )
    for row in rows:
        first.setdefault((row["registration_id"], row["session_id"]), row)
    counted = [s for s in sessions if not s.is_cancelled]
    total = len(counted)
    required = required_sessions(course, total)
    ended = bool(counted) and max(s.ends_at for s in counted) <= now
    result = []
    for registration in registrations:
        trainee = TraineeRow(registration=registration)
        for session in sessions:
            mark = _mark(course, session, first.get((registration.pk, session.pk)), now)
            trainee.marks.append(mark)
            if counts_as_attended(course, mark):
                trainee.attended += 1
            elif mark == Mark.UPCOMING:
                trainee.remaining += 1
        trainee.percent = round(100 * trainee.attended / total) if total else 0
        trainee.completed = total > 0 and trainee.attended >= required
        trainee.cannot_complete = trainee.attended + trainee.remaining < required
        # At risk: completion is still possible but one more absence would make it impossible.
        trainee.at_risk = not trainee.completed and (
            trainee.cannot_complete or trainee.attended + trainee.remaining - 1 < required
        )
        result.append(trainee)
    return AttendanceMatrix(
        course=course, sessions=sessions, rows=result, total=total, required=required, ended=ended
    )


def certificate_issuer(course: Course) -> Organization | None:
    """The body that issues a course's certificates: the organisation organising the course's event
    (courses have no issuer of their own). None when the event names no organiser."""
    return course.event.organizer


_NUMBER = re.compile(r"^(\d{4})\s*[/.-]\s*0*(\d{1,9})$")


def certificate_find(text: str) -> Certificate | None:
    """The certificate a person typed: its number (2026/000123, 2026/123, 2026-123) or its verification
    code (any case, spaces and hyphens ignored). Revoked certificates are found too: the page says so."""
    text = text.strip()
    qs = Certificate.objects.select_related("course__event__organizer", "registration")
    match = _NUMBER.match(text)
    if match:
        return qs.filter(year=int(match[1]), number=int(match[2])).first()
    code = re.sub(r"[\s-]", "", text).upper()
    return qs.filter(code=code).first() if code else None

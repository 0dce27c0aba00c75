"""Attendance reads shared by the scanner page, the admin, training and reports."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from events.enums import RegistrationStatus
from events.models import Event, Registration, Session

from .models import CheckIn


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
        .order_by("full_name")
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
    """Find people of an event by name, phone, e-mail or reference (for the door, when a code won't scan)."""
    query = query.strip()
    if len(query) < 2:
        return Registration.objects.none()
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(full_name__icontains=query) | Q(email__icontains=query) | Q(reference__iexact=query)
    if len(digits) >= 4:
        condition |= Q(phone__contains=digits)
    return event.registrations.filter(condition).order_by("full_name")[:limit]

"""Training actions: eligibility, completion, certificates, nominations."""

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.enums import EventKind, RegistrationStatus
from events.exceptions import DomainError, RegistrationError
from events.mail.models import EmailTopic
from events.mail.services import email_queue
from events.models import Event, Registration

from . import selectors
from .models import Certificate, CertificateCounter, Completion, Course

logger = logging.getLogger(__name__)


class TrainingError(DomainError):
    code = "training_error"
    status_code = 400


# --- Eligibility ----------------------------------------------------------------------------------------


def course_for_event(event: Event) -> Course | None:
    if event.kind != EventKind.COURSE:
        return None
    return Course.objects.filter(event=event).first()


def check_eligibility(event: Event, data: dict) -> None:
    """Registration check (see events.extensions): refuse organisation kinds the course does not admit."""
    # Checked for each person of an imported list with the same (locked) event: read the course once.
    if not hasattr(event, "_eligibility_course"):
        event._eligibility_course = course_for_event(event)
    course = event._eligibility_course
    if course is None or not course.eligible_kinds:
        return
    kind = data.get("organization_kind") or (data["organization"].kind if data.get("organization") else "")
    if not kind:
        raise RegistrationError(
            _("This course is for staff of: %(kinds)s. Tell us which kind of organisation you work for.")
            % {"kinds": ", ".join(course.eligible_kind_labels())},
            code="organization_kind_required",
            # 409 as the event's other refusals: the request is well formed, this course's audience asks
            # for more (the kind is optional elsewhere, so a 400 would contradict the API's schema)
            status_code=409,
        )
    if not course.accepts(kind):
        raise RegistrationError(
            _("This course is only for staff of: %(kinds)s.")
            % {"kinds": ", ".join(course.eligible_kind_labels())},
            code="not_eligible",
            status_code=403,
        )


# --- Certificates ---------------------------------------------------------------------------------------


def _next_number(year: int) -> int:
    """Take the next number of `year` under a row lock: concurrent issuers wait, numbers have no gaps
    (a rolled-back issue gives its number back with the rollback)."""
    try:
        with transaction.atomic():
            CertificateCounter.objects.get_or_create(year=year)
    except IntegrityError:
        pass
    counter = CertificateCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def certificate_issue(
    *, registration: Registration, course: Course, now: datetime.datetime | None = None
) -> Certificate:
    """Issue the trainee's certificate, numbered per year without gaps, and queue in the same transaction
    the message that sends it to them. Idempotent: a registration holds at most one valid certificate;
    asking again returns it (and sends nothing)."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        existing = Certificate.objects.filter(registration=registration, revoked_at__isnull=True).first()
        if existing:
            return existing
        year = timezone.localtime(now).year
        sessions = selectors.course_sessions(course)
        certificate = Certificate.objects.create(
            registration=registration,
            course=course,
            year=year,
            number=_next_number(year),
            full_name=registration.full_name,
            organization_name=registration.organization_name,
            hours=selectors.course_hours(sessions),
            issued_at=now,
        )
        email_queue(
            topic=EmailTopic.CERTIFICATE,
            obj=certificate,
            kind="issued",
            recipient=registration.email,
            registration=registration,
        )
        return certificate


def certificate_revoke(
    *, certificate: Certificate, by: AbstractBaseUser | None = None, reason: str
) -> Certificate:
    if not reason.strip():
        raise TrainingError(_("Give a reason for revoking the certificate."), code="reason_required")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is None:
            certificate.revoked_at = timezone.now()
            certificate.revoked_by = by if by and by.is_authenticated else None
            certificate.revoked_reason = reason.strip()[:255]
            certificate.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        return certificate


# --- Completion -----------------------------------------------------------------------------------------


def course_evaluate_completion(
    *, course: Course, registrations=None, now: datetime.datetime | None = None
) -> list[Completion]:
    """Apply the completion rule once the last session has ended: record each trainee's verdict,
    issue certificates to those who completed and revoke those no longer earned after a correction.
    Does nothing before the course ends. Safe to run again at any time."""
    now = now or timezone.now()
    matrix = selectors.attendance_matrix(course, registrations=registrations, now=now)
    if not matrix.ended:
        return []
    results = []
    for row in matrix.rows:
        completion, _created = Completion.objects.update_or_create(
            registration=row.registration,
            defaults={
                "course": course,
                "sessions_total": matrix.total,
                "sessions_attended": row.attended,
                "completed": row.completed,
                "evaluated_at": now,
            },
        )
        results.append(completion)
        valid = Certificate.objects.filter(registration=row.registration, revoked_at__isnull=True).first()
        if row.completed and course.certificates_enabled and valid is None:
            certificate_issue(registration=row.registration, course=course, now=now)
        elif not row.completed and valid is not None:
            certificate_revoke(
                certificate=valid,
                reason=str(_("Attendance corrected: the completion rule is no longer met.")),
            )
    if registrations is None:
        Course.objects.filter(pk=course.pk).update(completion_evaluated_at=now)
    return results


def registration_reevaluate(*, registration: Registration) -> None:
    """After an attendance correction: re-apply the rule for this trainee if their course has ended."""
    course = course_for_event(registration.event)
    if course is None or registration.status != RegistrationStatus.CONFIRMED:
        return
    course_evaluate_completion(course=course, registrations=[registration])


def registration_reevaluate_if_ended(*, registration_id: int) -> None:
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return
    last_end = registration.event.sessions.filter(is_cancelled=False).aggregate(last=Max("ends_at"))["last"]
    if last_end is not None and last_end <= timezone.now():
        registration_reevaluate(registration=registration)


def courses_complete_finished(*, now: datetime.datetime | None = None) -> int:
    """Evaluate every course whose last session has ended since it was last evaluated."""
    now = now or timezone.now()
    due = (
        Course.objects.annotate(
            last_end=Max("event__sessions__ends_at", filter=Q(event__sessions__is_cancelled=False))
        )
        .filter(last_end__lte=now)
        .filter(Q(completion_evaluated_at__isnull=True) | Q(completion_evaluated_at__lt=F("last_end")))
        .select_related("event")
    )
    count = 0
    for course in due:
        course_evaluate_completion(course=course, now=now)
        count += 1
    return count

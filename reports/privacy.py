"""Everything the system holds about one person (an e-mail address), for a data-subject request."""

import datetime

from django.db.models import Q
from django.utils import timezone

from checkin.models import CheckIn
from events.exhibitions.models import ExhibitorMember, Meeting
from events.models import Registration
from training.models import Certificate


def _iso(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def person_data(email: str) -> dict:
    email = email.strip()
    registrations = (
        Registration.objects.filter(email__iexact=email).select_related("event").order_by("created_at")
    )
    data = {
        "email": email,
        "generated_at": _iso(timezone.now()),
        "registrations": [
            {
                "reference": r.reference,
                "event": r.event.title_vi,
                "event_slug": r.event.slug,
                "full_name": r.full_name,
                "phone": r.phone,
                "organisation": r.organization_name,
                "organisation_kind": r.organization_kind,
                "position": r.position,
                "status": r.status,
                "source": r.source,
                "consent_at": _iso(r.consent_at),
                "created_at": _iso(r.created_at),
            }
            for r in registrations
        ],
        "check_ins": [
            {
                "event": c.session.event.title_vi,
                "session_start": _iso(c.session.starts_at),
                "result": c.result,
                "scanned_at": _iso(c.scanned_at),
                "gate": c.gate,
                "undone_at": _iso(c.undone_at),
            }
            for c in CheckIn.objects.filter(registration__in=registrations).select_related("session__event")
        ],
        "certificates": [
            {
                "number": c.display_number,
                "course": c.course.event.title_vi,
                "issued_at": _iso(c.issued_at),
                "revoked_at": _iso(c.revoked_at),
            }
            for c in Certificate.objects.filter(registration__in=registrations).select_related(
                "course__event"
            )
        ],
        "meetings": [
            {
                "event": m.event.title_vi,
                "project": m.exhibitor.project.name,
                "status": m.status,
                "starts_at": _iso(m.starts_at),
                "message": m.message,
            }
            for m in Meeting.objects.filter(requester_email__iexact=email).select_related(
                "event", "exhibitor__project"
            )
        ],
        "exhibitor_teams": [
            {
                "event": m.exhibitor.event.title_vi,
                "project": m.exhibitor.project.name,
                "full_name": m.full_name,
                "phone": m.phone,
                "role": m.role,
            }
            for m in ExhibitorMember.objects.filter(Q(email__iexact=email)).select_related(
                "exhibitor__event", "exhibitor__project"
            )
        ],
    }
    return data

"""Capability links: a signed token naming a registration, so its holder can see and cancel it; an
exhibitor team's page and a visitor's meeting page, which stop opening a while after the event."""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from .models import Registration

_SALT = "events.registration.manage"


def registration_token(registration: Registration) -> str:
    return signing.dumps(registration.reference, salt=_SALT, compress=False)


def registration_from_token(token: str) -> Registration | None:
    try:
        reference = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event", "event__venue").filter(reference=reference).first()


def registration_manage_path(registration: Registration) -> str:
    return reverse("events:registration", kwargs={"token": registration_token(registration)})


_EXHIBITOR_SALT = "events.exhibitor.team"
_MEETING_SALT = "events.meeting"


def exhibitor_team_path(exhibitor) -> str:
    token = signing.dumps(exhibitor.code, salt=_EXHIBITOR_SALT)
    return reverse("events:exhibitor_team", kwargs={"token": token})


def _still_valid(event) -> bool:
    """A team or meeting link opens until EXHIBITOR_LINKS_VALID_DAYS_AFTER_EVENT days after the event's
    last session (an event without sessions has nothing over yet)."""
    from .models import Session

    last_end = Session.objects.filter(event=event).aggregate(end=Max("ends_at"))["end"]
    days = datetime.timedelta(days=settings.EXHIBITOR_LINKS_VALID_DAYS_AFTER_EVENT)
    return last_end is None or timezone.now() - days <= last_end


def exhibitor_from_token(token: str):
    from .models import Exhibitor

    try:
        code = signing.loads(token, salt=_EXHIBITOR_SALT)
    except signing.BadSignature:
        return None
    exhibitor = Exhibitor.objects.select_related("event", "project").filter(code=code).first()
    return exhibitor if exhibitor is not None and _still_valid(exhibitor.event) else None


def meeting_path(meeting) -> str:
    return reverse("events:meeting", kwargs={"token": signing.dumps(meeting.code, salt=_MEETING_SALT)})


def meeting_from_token(token: str):
    from .models import Meeting

    try:
        code = signing.loads(token, salt=_MEETING_SALT)
    except signing.BadSignature:
        return None
    meeting = Meeting.objects.select_related("event", "exhibitor__project").filter(code=code).first()
    return meeting if meeting is not None and _still_valid(meeting.event) else None

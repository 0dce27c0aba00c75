"""Capability links of exhibitions: an exhibitor team's page and a visitor's meeting page, which stop
opening a while after the event."""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from events.models import Session

from .models import Exhibitor, Meeting

_EXHIBITOR_SALT = "events.exhibitor.team"
_MEETING_SALT = "events.meeting"


def exhibitor_team_path(exhibitor) -> str:
    token = signing.dumps(exhibitor.code, salt=_EXHIBITOR_SALT)
    return reverse("events:exhibitor_team", kwargs={"token": token})


def _still_valid(event) -> bool:
    """A team or meeting link opens until EXHIBITOR_LINKS_VALID_DAYS_AFTER_EVENT days after the event's
    last session (an event without sessions has nothing over yet)."""
    last_end = Session.objects.filter(event=event).aggregate(end=Max("ends_at"))["end"]
    days = datetime.timedelta(days=settings.EXHIBITOR_LINKS_VALID_DAYS_AFTER_EVENT)
    return last_end is None or timezone.now() - days <= last_end


def exhibitor_from_token(token: str):
    try:
        code = signing.loads(token, salt=_EXHIBITOR_SALT)
    except signing.BadSignature:
        return None
    exhibitor = Exhibitor.objects.select_related("event", "project").filter(code=code).first()
    return exhibitor if exhibitor is not None and _still_valid(exhibitor.event) else None


def meeting_path(meeting) -> str:
    return reverse("events:meeting", kwargs={"token": signing.dumps(meeting.code, salt=_MEETING_SALT)})


def meeting_from_token(token: str):
    try:
        code = signing.loads(token, salt=_MEETING_SALT)
    except signing.BadSignature:
        return None
    meeting = Meeting.objects.select_related("event", "exhibitor__project").filter(code=code).first()
    return meeting if meeting is not None and _still_valid(meeting.event) else None

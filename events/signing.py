"""Capability links: a signed token naming a registration, so its holder can see and cancel it."""

from django.core import signing
from django.urls import reverse

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


def exhibitor_from_token(token: str):
    from .models import Exhibitor

    try:
        code = signing.loads(token, salt=_EXHIBITOR_SALT)
    except signing.BadSignature:
        return None
    return Exhibitor.objects.select_related("event", "project").filter(code=code).first()


def meeting_path(meeting) -> str:
    return reverse("events:meeting", kwargs={"token": signing.dumps(meeting.code, salt=_MEETING_SALT)})


def meeting_from_token(token: str):
    from .models import Meeting

    try:
        code = signing.loads(token, salt=_MEETING_SALT)
    except signing.BadSignature:
        return None
    return Meeting.objects.select_related("event", "exhibitor__project").filter(code=code).first()

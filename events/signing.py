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

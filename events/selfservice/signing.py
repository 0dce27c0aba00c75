"""The e-mail change link: signed, naming the registration, the address it had and the new one, and
expiring. It works once: after the change the registration no longer has the old address."""

import datetime

from django.core import signing
from django.urls import reverse

_SALT = "events.selfservice.email_change"
EMAIL_CHANGE_VALID_FOR = datetime.timedelta(hours=48)


def email_change_token(*, reference: str, old_email: str, new_email: str) -> str:
    return signing.dumps([reference, old_email, new_email], salt=_SALT, compress=False)


def email_change_from_token(token: str) -> tuple[str, str, str] | None:
    """(reference, old e-mail, new e-mail), or None when the link is forged, altered or expired."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=EMAIL_CHANGE_VALID_FOR)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not (isinstance(value, list) and len(value) == 3 and all(isinstance(v, str) for v in value)):
        return None
    return value[0], value[1], value[2]


def email_change_path(token: str) -> str:
    return reverse("events:registration_email_confirm", kwargs={"token": token})

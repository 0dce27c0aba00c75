"""The trainee's own page is reached through a signed link naming their e-mail address."""

from django.core import signing
from django.urls import reverse

_SALT = "training.person"


def person_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=_SALT)


def email_from_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None


def person_page_path(email: str) -> str:
    return reverse("training:person", kwargs={"token": person_token(email)})

"""The survey link in each invitation: the invitation's random code, signed, so a mistyped or made-up
link is refused before the database is asked."""

from django.core import signing
from django.urls import reverse

_SALT = "feedback.survey"


def survey_token(invitation) -> str:
    return signing.Signer(salt=_SALT).sign(invitation.code)


def code_from_token(token: str) -> str | None:
    try:
        return signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None


def survey_path(invitation) -> str:
    return reverse("feedback:answer", kwargs={"token": survey_token(invitation)})

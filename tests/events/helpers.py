"""Small readers for what the events app produces (e-mails, form pages), shared by its tests."""

import html
import re

from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext

from events.models import Event, Registration
from events.signing import registration_from_token

SUBJECTS = {
    "confirmed": "Registration confirmed: %(title)s",
    "promoted": "Registration confirmed: %(title)s",
    "waitlisted": "You are on the waiting list: %(title)s",
    "pending": "Registration received, awaiting approval: %(title)s",
    "cancelled": "Registration cancelled: %(title)s",
    "rejected": "Registration not accepted: %(title)s",
}

_MANAGE_URL = re.compile(r"^http://testserver(/en)?/registrations/([^/\s]+)/$", re.MULTILINE)


def expected_subject(kind: str, event: Event, language: str) -> str:
    """The subject of a `kind` e-mail about `event` for a registrant who uses `language`."""
    with translation.override(language):
        return gettext(SUBJECTS[kind]) % {"title": event.title}


def sent(outbox: list[EmailMessage]) -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in outbox]


def manage_link(message: EmailMessage) -> tuple[str, Registration | None]:
    """The language prefix of the manage link in a registration e-mail and the registration it opens."""
    found = _MANAGE_URL.findall(message.body)
    assert len(found) == 1, message.body
    prefix, token = found[0]
    return prefix, registration_from_token(token)


def field_errors(content: bytes, name: str) -> list[str]:
    """The error messages shown next to form field `name` (empty when it has none)."""
    page = content.decode()
    block = re.search(rf'<ul class="field__errors" id="id_{name}_error">(.*?)</ul>', page, re.S)
    if block is None:
        return []
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


def field_has_error_class(content: bytes, name: str) -> bool:
    match = re.search(rf'<div class="([^"]*)" id="field-{name}">', content.decode())
    return match is not None and "field--error" in match.group(1).split()

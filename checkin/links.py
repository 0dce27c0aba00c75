"""Capability links to a ticket's PNG and PDF: signed, so only whoever received them can fetch them.
A reissued ticket's old links stop working (they name the revoked ticket), and so do the links of a
registration that is no longer confirmed (cancelled, rejected): a ticket that would be refused at the
door is not handed out looking valid."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from events.enums import RegistrationStatus

from .models import Ticket

_SALT = "checkin.ticket"


def ticket_token(ticket: Ticket) -> str:
    return signing.dumps(ticket.pk, salt=_SALT)


def ticket_from_token(token: str) -> Ticket | None:
    try:
        pk = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return (
        Ticket.objects.select_related("registration", "registration__event", "registration__event__venue")
        .filter(pk=pk, revoked_at__isnull=True, registration__status=RegistrationStatus.CONFIRMED)
        .first()
    )


def ticket_urls(ticket: Ticket, *, absolute: bool = True) -> dict[str, str]:
    token = ticket_token(ticket)
    prefix = settings.SITE_URL if absolute else ""
    return {
        "qr_url": prefix + reverse("checkin-public:ticket_png", kwargs={"token": token}),
        "pdf_url": prefix + reverse("checkin-public:ticket_pdf", kwargs={"token": token}),
    }

"""How the calendar joins the rest of events (imported once by `events.apps`): a confirmation, a
schedule change notice and a reminder carry the event as an .ics file (same UIDs, the new SEQUENCE);
a cancellation notice carries it with METHOD:CANCEL, so calendar apps remove it."""

from events import extensions
from events.enums import RegistrationStatus
from events.models import Registration

from .builder import registration_ics_attachment


def _attach_ics(sender, *, registration, kind, message, **kwargs):
    if kind == "event_cancelled":
        message.attach(registration_ics_attachment(registration, method="CANCEL"))
    elif (
        kind in ("confirmed", "promoted", "changed", "reminder")
        and registration.status == RegistrationStatus.CONFIRMED
    ):
        message.attach(registration_ics_attachment(registration))


extensions.registration_email_prepared.connect(
    _attach_ics, sender=Registration, dispatch_uid="events.calendar.ics_attachment"
)

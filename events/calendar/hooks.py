"""How the calendar joins the rest of events (imported once by `events.apps`): a confirmation e-mail
carries the event as an .ics file."""

from events import extensions
from events.enums import RegistrationStatus
from events.models import Registration

from .builder import registration_ics_attachment


def _attach_ics(sender, *, registration, kind, message, **kwargs):
    if kind in ("confirmed", "promoted") and registration.status == RegistrationStatus.CONFIRMED:
        message.attach(registration_ics_attachment(registration))


extensions.registration_email_prepared.connect(
    _attach_ics, sender=Registration, dispatch_uid="events.calendar.ics_attachment"
)

"""How the outbox joins the rest of events (imported once by `events.apps`): every registration notice
the core sends becomes an outbox row in the same transaction; schedule changes and cancellations become
change notices; personal data in the outbox is anonymised with the registrations it was sent for."""

from django.utils.translation import gettext_lazy as _

from events import extensions
from events.enums import RegistrationStatus
from events.models import Event, Registration

from . import (
    invitations,  # noqa: F401  (registers the host staff invitation's builder)
    periodic,  # noqa: F401  (registers the periodic jobs in every process)
    staff_messages,  # noqa: F401  (registers the staff message builder)
)
from .models import OutgoingEmail
from .notices import notice_record_cancellation, notice_record_change
from .services import registration_email


def _queue_registration_notice(sender, *, registration, kind, payload=None, **kwargs):
    registration_email(registration, kind, payload)


def _anonymise_outbox(*, events, pseudonym, anonymous_domain, **kwargs):
    # The outbox keeps each message's recipient: the same address must not survive there.
    for email in OutgoingEmail.objects.filter(registration__event__in=events).exclude(
        recipient__endswith="@" + anonymous_domain
    ):
        OutgoingEmail.objects.filter(pk=email.pk).update(recipient=pseudonym(email.recipient))


extensions.registration_notice.connect(
    _queue_registration_notice, sender=Registration, dispatch_uid="events.mail.registration_notice"
)
extensions.personal_data_anonymisers.append(_anonymise_outbox)


def _schedule_changed(sender, *, event_id, session, changes, **kwargs):
    notice_record_change(event_id=event_id, session=session, changes=changes)


def _event_cancelled(sender, *, event, registrations, by, reason, notify, **kwargs):
    notice_record_cancellation(event=event, registrations=registrations, by=by, reason=reason, notify=notify)


extensions.message_audiences["confirmed"] = (
    _("Confirmed"),
    lambda event: event.registrations.filter(status=RegistrationStatus.CONFIRMED),
)
extensions.message_audiences["waitlisted"] = (
    _("On the waiting list"),
    lambda event: event.registrations.filter(status=RegistrationStatus.WAITLISTED),
)

extensions.schedule_changed.connect(
    _schedule_changed, sender=Event, dispatch_uid="events.mail.schedule_changed"
)
extensions.event_cancelled.connect(_event_cancelled, sender=Event, dispatch_uid="events.mail.event_cancelled")

"""How the outbox joins the rest of events (imported once by `events.apps`): every registration notice
the core sends becomes an outbox row in the same transaction; personal data in the outbox is
anonymised with the registrations it was sent for."""

from events import extensions
from events.models import Registration

from .models import OutgoingEmail
from .services import registration_email


def _queue_registration_notice(sender, *, registration, kind, **kwargs):
    registration_email(registration, kind)


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

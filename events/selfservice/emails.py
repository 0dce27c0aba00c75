"""The messages of an e-mail change (outbox topic `email_change`): the one that asks the new address to
confirm it, and (kind `email_changed`) the notice to the old address once it is confirmed."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from events.mail.messages import message_builder, plain_email
from events.mail.models import EmailTopic, OutgoingEmail
from events.models import Registration

from .services import EMAIL_CHANGED_KIND
from .signing import EMAIL_CHANGE_VALID_FOR, email_change_path


@message_builder(EmailTopic.EMAIL_CHANGE)
def _email_change_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    registration = Registration.objects.select_related("event").filter(pk=email.object_id).first()
    if email.kind == EMAIL_CHANGED_KIND:
        if registration is None:
            return None
        return plain_email(
            to=email.recipient,
            language=registration.language,
            template="selfservice/email_changed",
            context={"registration": registration, "event": registration.event},
        )
    token = (email.payload or {}).get("token")
    if registration is None or not token:
        return None
    return plain_email(
        to=email.recipient,
        language=registration.language,
        template="selfservice/email_change",
        context={
            "registration": registration,
            "event": registration.event,
            "confirm_url": settings.SITE_URL + email_change_path(token),
            "hours": int(EMAIL_CHANGE_VALID_FOR.total_seconds() // 3600),
        },
    )

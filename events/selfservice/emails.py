"""The message that asks a new e-mail address to confirm it (outbox topic `email_change`)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from events.mail.messages import message_builder, plain_email
from events.mail.models import EmailTopic, OutgoingEmail
from events.models import Registration

from .signing import EMAIL_CHANGE_VALID_FOR, email_change_path


@message_builder(EmailTopic.EMAIL_CHANGE)
def _email_change_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    registration = Registration.objects.select_related("event").filter(pk=email.object_id).first()
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

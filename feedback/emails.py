"""The survey messages (outbox topic `survey`): the invitation and its one reminder, in the person's
language, with their own link. Built when sent, from the survey as it is then; nothing is sent for a
survey that has closed."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone, translation

from events.mail.messages import message_builder, plain_email
from events.mail.models import EmailTopic, OutgoingEmail, UnsubscribeTopic
from events.mail.unsubscribe import unsubscribe_headers, unsubscribe_url

from .models import Invitation
from .signing import survey_path

LANGUAGES = ("vi", "en")


@message_builder(EmailTopic.SURVEY)
def _survey_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    invitation = Invitation.objects.select_related("survey__event").filter(pk=email.object_id).first()
    if invitation is None:
        return None
    survey = invitation.survey
    if survey.closes_at is not None and survey.closes_at <= timezone.now():
        return None
    language = invitation.language if invitation.language in LANGUAGES else "vi"
    with translation.override(language):
        context = {
            "survey": survey,
            "event": survey.event,
            "kind": email.kind,
            "survey_url": settings.SITE_URL + survey_path(invitation),
            "closes_at": survey.closes_at,
            "question_count": survey.questions.count(),
        }
        if email.kind == "reminder":
            context["unsubscribe_url"] = unsubscribe_url(invitation.email, UnsubscribeTopic.REMINDERS)
        message = plain_email(
            to=invitation.email, language=language, template="feedback/email/survey", context=context
        )
    if email.kind == "reminder":
        message.extra_headers.update(unsubscribe_headers(invitation.email, UnsubscribeTopic.REMINDERS))
    return message

"""The messages of exhibitions: a team hears what happened to its application and its booth; a team
is asked to answer a meeting request, and the visitor hears that it was received and then its answer.
Built by the outbox when it sends."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from events.mail.messages import message_builder, plain_email
from events.mail.models import EmailTopic, OutgoingEmail

from .models import Exhibitor, Meeting
from .signing import exhibitor_team_path, meeting_path


def build_exhibitor_email(exhibitor: Exhibitor, kind: str) -> EmailMultiAlternatives:
    """Tell an applying team what happened: submitted, approved, waitlisted, rejected, booth."""
    return plain_email(
        to=exhibitor.contact_email,
        language=exhibitor.language,
        template="exhibitions/email/exhibitor",
        context={
            "exhibitor": exhibitor,
            "event": exhibitor.event,
            "kind": kind,
            "team_url": settings.SITE_URL + exhibitor_team_path(exhibitor),
        },
    )


def build_meeting_email(meeting: Meeting, kind: str) -> EmailMultiAlternatives:
    """Requested: ask the team to answer (with their page's link). Received: tell the visitor their
    request reached the team (with their meeting page's link). Accepted / declined: tell the visitor."""
    exhibitor = meeting.exhibitor
    context = {
        "meeting": meeting,
        "event": meeting.event,
        "project": exhibitor.project,
        "kind": kind,
        "team_url": settings.SITE_URL + exhibitor_team_path(exhibitor),
        "meeting_url": settings.SITE_URL + meeting_path(meeting),
    }
    if kind == "requested":
        return plain_email(
            to=exhibitor.contact_email,
            language=exhibitor.language,
            template="exhibitions/email/meeting",
            context=context,
        )
    return plain_email(
        to=meeting.requester_email,
        language=meeting.language,
        template="exhibitions/email/meeting",
        context=context,
    )


@message_builder(EmailTopic.EXHIBITOR)
def _exhibitor_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    exhibitor = Exhibitor.objects.select_related("event", "project").filter(pk=email.object_id).first()
    return build_exhibitor_email(exhibitor, email.kind) if exhibitor else None


@message_builder(EmailTopic.MEETING)
def _meeting_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    meeting = Meeting.objects.select_related("event", "exhibitor__project").filter(pk=email.object_id).first()
    return build_meeting_email(meeting, email.kind) if meeting else None

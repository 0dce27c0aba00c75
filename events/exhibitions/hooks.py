"""How exhibitions join the rest of events (imported once by `events.apps`): the event page shows the
exhibitor directory, the outbox learns to build exhibition messages, and personal data of meetings and
team members is anonymised with the registrations."""

from django.utils.translation import gettext_lazy as _

from events import extensions
from events.mail.models import EmailTopic, OutgoingEmail

from . import emails  # noqa: F401  (registers the exhibitor and meeting message builders)
from .forms import DirectoryFilterForm
from .models import ExhibitorMember, Meeting
from .selectors import exhibitor_directory
from .services import EXHIBIT_KINDS


def _directory_context(request, event) -> dict:
    """The event page's exhibitor directory, filtered by sector and stage."""
    if event.kind not in EXHIBIT_KINDS:
        return {}
    directory_filter = DirectoryFilterForm(request.GET or None)
    filters = {}
    if directory_filter.is_bound:
        directory_filter.is_valid()  # a mistyped filter shows its error; the other one still applies
        filters = directory_filter.cleaned_data
    directory = exhibitor_directory(event, sector=filters.get("sector", ""), stage=filters.get("stage", ""))
    return {"directory": directory, "directory_filter": directory_filter}


def _anonymise(*, events, pseudonym, anonymous_name, anonymous_domain, **kwargs):
    for meeting in Meeting.objects.filter(event__in=events).exclude(
        requester_email__endswith="@" + anonymous_domain
    ):
        OutgoingEmail.objects.filter(
            topic=EmailTopic.MEETING, object_id=meeting.pk, recipient__iexact=meeting.requester_email
        ).update(recipient=pseudonym(meeting.requester_email))
        Meeting.objects.filter(pk=meeting.pk).update(
            requester_name=anonymous_name,
            requester_email=pseudonym(meeting.requester_email),
            requester_phone="",
            message="",
        )
    for member in ExhibitorMember.objects.filter(exhibitor__event__in=events).exclude(
        email__endswith="@" + anonymous_domain
    ):
        ExhibitorMember.objects.filter(pk=member.pk).update(
            full_name=anonymous_name, email=pseudonym(member.email), phone=""
        )


extensions.event_page_context.append(_directory_context)
extensions.message_audiences["exhibitors"] = (
    _("Exhibiting teams"),
    lambda event: event.registrations.filter(is_exhibitor=True),
)
extensions.personal_data_anonymisers.append(_anonymise)

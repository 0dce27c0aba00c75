import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from . import extensions
from .extensions import registration_email_prepared
from .models import Registration
from .signing import registration_manage_path

logger = logging.getLogger(__name__)

KINDS = {"pending", "confirmed", "waitlisted", "promoted", "cancelled", "rejected"}


def build_registration_email(registration: Registration, kind: str) -> EmailMultiAlternatives:
    with translation.override(registration.language or "vi"):
        context = {
            "registration": registration,
            "event": registration.event,
            "kind": kind,
            "manage_url": settings.SITE_URL + registration_manage_path(registration),
            "site_url": settings.SITE_URL,
            "extra_html_templates": extensions.registration_email_html_templates,
            "extra_text_templates": extensions.registration_email_text_templates,
        }
        subject = render_to_string("events/email/registration_subject.txt", context).strip()
        text = render_to_string("events/email/registration.txt", context)
        html = render_to_string("events/email/registration.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [registration.email])
    message.attach_alternative(html, "text/html")
    with translation.override(registration.language or "vi"):
        registration_email_prepared.send(
            sender=Registration, registration=registration, kind=kind, message=message
        )
    return message


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def registration_notify(self, registration_id: int, kind: str) -> None:
    """Tell the person what happened to their registration. Retried with backoff when mail fails."""
    if kind not in KINDS:
        raise ValueError(kind)
    registration = (
        Registration.objects.select_related("event", "event__venue").filter(pk=registration_id).first()
    )
    if registration is None:
        return
    build_registration_email(registration, kind).send()


def _send(*, to: str, language: str, template: str, context: dict) -> None:
    with translation.override(language or "vi"):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"events/email/{template}_subject.txt", context).strip()
        text = render_to_string(f"events/email/{template}.txt", context)
    EmailMultiAlternatives(" ".join(subject.split()), text, settings.DEFAULT_FROM_EMAIL, [to]).send()


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def exhibitor_notify(self, exhibitor_id: int, kind: str) -> None:
    """Tell an applying team what happened: submitted, approved, waitlisted, rejected, booth."""
    from .models import Exhibitor
    from .signing import exhibitor_team_path

    exhibitor = Exhibitor.objects.select_related("event", "project").filter(pk=exhibitor_id).first()
    if exhibitor is None:
        return
    _send(
        to=exhibitor.contact_email,
        language=exhibitor.language,
        template="exhibitor",
        context={
            "exhibitor": exhibitor,
            "event": exhibitor.event,
            "kind": kind,
            "team_url": settings.SITE_URL + exhibitor_team_path(exhibitor),
        },
    )


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def meeting_notify(self, meeting_id: int, kind: str) -> None:
    """Requested: tell the team (with their page's link). Accepted / declined: tell the visitor."""
    from .models import Meeting
    from .signing import exhibitor_team_path, meeting_path

    meeting = Meeting.objects.select_related("event", "exhibitor__project").filter(pk=meeting_id).first()
    if meeting is None:
        return
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
        _send(to=exhibitor.contact_email, language=exhibitor.language, template="meeting", context=context)
    else:
        _send(to=meeting.requester_email, language=meeting.language, template="meeting", context=context)

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

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

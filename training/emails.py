"""The trainee's certificate message: the certificate as a PDF in their language, its public verification
link and the link to their own page. `services.certificate_issue` queues it in the transaction that issues
the certificate; the outbox builds it when it sends, from the certificate as it is then, so a certificate
revoked in the meantime is never sent."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from events.mail.messages import message_builder
from events.mail.models import EmailTopic, OutgoingEmail

from .models import Certificate
from .rendering import certificate_pdf, verification_url
from .signing import person_page_path

LANGUAGES = ("vi", "en")


def certificate_filename(certificate: Certificate) -> str:
    return f"certificate-{certificate.year}-{certificate.number:06d}.pdf"


def build_certificate_email(certificate: Certificate) -> EmailMultiAlternatives:
    """The message to the trainee, text and HTML, with the certificate PDF attached."""
    registration = certificate.registration
    language = registration.language if registration.language in LANGUAGES else "vi"
    with translation.override(language):
        context = {
            "certificate": certificate,
            "registration": registration,
            "event": certificate.course.event,
            "verification_url": verification_url(certificate),
            "person_url": settings.SITE_URL + person_page_path(registration.email),
            "site_url": settings.SITE_URL,
            "language": language,
        }
        subject = render_to_string("training/email/certificate_subject.txt", context)
        text = render_to_string("training/email/certificate.txt", context)
        html = render_to_string("training/email/certificate.html", context)
        pdf = certificate_pdf(certificate, language=language)
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, settings.DEFAULT_FROM_EMAIL, [registration.email]
    )
    message.attach_alternative(html, "text/html")
    message.attach(certificate_filename(certificate), pdf, "application/pdf")
    return message


@message_builder(EmailTopic.CERTIFICATE)
def _certificate_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    certificate = (
        Certificate.objects.select_related("registration", "course__event")
        .filter(pk=email.object_id, revoked_at__isnull=True)
        .first()
    )
    return build_certificate_email(certificate) if certificate else None

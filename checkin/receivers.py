from email.mime.image import MIMEImage

from django.db.models import Exists, OuterRef
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from events import extensions
from events.enums import RegistrationStatus
from events.models import Event, Registration

from . import crypto
from .links import ticket_urls
from .models import CheckIn, DeletedTicket, Ticket
from .rendering import qr_png, ticket_pdf
from .services import ticket_get_or_issue

QR_CONTENT_ID = "ticket-qr"


def _api_ticket(registration, request) -> dict:
    ticket = ticket_get_or_issue(registration=registration)
    if ticket is None:
        return {"ticket": None}
    return {"ticket": ticket_urls(ticket)}


extensions.registration_api_extras.append(_api_ticket)


@receiver(pre_delete, sender=Ticket)
def remember_deleted_ticket(sender, instance, origin=None, **kwargs):
    """A deleted ticket (alone, with its registration, from the admin or a queryset) leaves a tombstone in
    the same transaction: its code stays genuinely signed, so the offline package keeps listing it as
    revoked. Nothing is kept when its event goes too (the tombstone would go with it)."""
    if isinstance(origin, Event) or (getattr(origin, "model", None) is Event):
        return
    parsed = crypto.parse_code(instance.code)
    if parsed is None:
        return
    if isinstance(origin, Registration) and origin.pk == instance.registration_id:
        event_id = origin.event_id
    else:
        event_id = Registration.objects.filter(pk=instance.registration_id).values_list("event_id", flat=True)
        event_id = event_id.first()
    if event_id is not None:
        DeletedTicket.objects.get_or_create(event_id=event_id, ticket_id=parsed.ticket_id.hex())


@receiver(extensions.registration_email_prepared, sender=Registration)
def attach_ticket(sender, registration, kind, message, **kwargs):
    """Confirmation e-mails carry the ticket: the QR inline (cid:ticket-qr) and the PDF attached."""
    if registration.status != RegistrationStatus.CONFIRMED or kind not in (
        "confirmed",
        "promoted",
        "ticket",
        "reminder",
        "changed",
    ):
        return
    ticket = ticket_get_or_issue(registration=registration)
    if ticket is None:
        return
    image = MIMEImage(qr_png(ticket.code, box_size=6), "png")
    image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
    image.add_header("Content-Disposition", "inline", filename="ticket-qr.png")
    message.attach(image)
    message.attach(f"ticket-{registration.reference}.pdf", ticket_pdf(ticket), "application/pdf")


extensions.registration_page_templates.append("checkin/_registration_ticket.html")
extensions.registration_email_html_templates.append("checkin/email/ticket.html")
extensions.registration_email_text_templates.append("checkin/email/ticket.txt")


def _seed_demo(context) -> list[str]:
    """seed_demo's checkin part: tickets, door staff and past check-ins (imported only when seeding)."""
    from .demo import seed

    return seed(context)


extensions.demo_seeders.append(_seed_demo)


def _checked_in(event):
    return CheckIn.objects.successful().filter(registration=OuterRef("pk"), session__event=event)


# Staff write to the people who came, or to the confirmed people who did not (events.mail).
extensions.message_audiences["checked_in"] = (
    _("Checked in at least once"),
    lambda event: event.registrations.filter(Exists(_checked_in(event))),
)
extensions.message_audiences["not_checked_in"] = (
    _("Confirmed but never checked in"),
    lambda event: event.registrations.filter(status=RegistrationStatus.CONFIRMED).exclude(
        Exists(_checked_in(event))
    ),
)

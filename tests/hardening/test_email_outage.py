"""An e-mail outage, even during a registration rush, loses nothing: registrations succeed, each message
waits in the outbox as failed, and goes out when the mail server is back (periodic retry or staff resend)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.mail.models import EmailStatus, OutgoingEmail
from events.mail.tasks import retry_failed_emails
from events.models import Registration
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

FAILING = "tests.hardening.failing_backend.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused"


@pytest.fixture
def mail_down(settings, mailoutbox):
    settings.EMAIL_BACKEND = FAILING
    return settings


def mail_back(settings) -> None:
    settings.EMAIL_BACKEND = LOCMEM


def register(api_client, event, n: int, capture):
    with capture(execute=True):  # the outbox sends after commit
        return api_client.post(
            f"/api/v1/events/{event.slug}/registrations/",
            {
                "full_name": f"Người tham dự {n}",
                "email": f"nguoi{n}@example.vn",
                "phone": "0912345678",
                "consent": True,
            },
            format="json",
        )


def make_due() -> None:
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


def test_registration_succeeds_while_mail_is_down(
    mail_down, api_client, open_event, mailoutbox, django_capture_on_commit_callbacks
):
    before = timezone.now()

    response = register(api_client, open_event, 1, django_capture_on_commit_callbacks)

    assert (response.status_code, response.json()["status"]) == (201, "confirmed")
    email = OutgoingEmail.objects.get()
    registration = Registration.objects.get()
    assert (email.registration, email.kind, email.recipient) == (
        registration,
        "confirmed",
        "nguoi1@example.vn",
    )
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.FAILED, 1, REFUSED)
    # Retried with backoff: the first retry a minute later.
    assert (
        before + datetime.timedelta(seconds=59)
        <= email.next_attempt_at
        <= timezone.now() + datetime.timedelta(minutes=1)
    )
    assert mailoutbox == []


def test_failed_email_is_sent_by_the_periodic_retry_once_mail_is_back(
    mail_down, api_client, open_event, mailoutbox, django_capture_on_commit_callbacks
):
    register(api_client, open_event, 1, django_capture_on_commit_callbacks)
    make_due()
    assert retry_failed_emails() == 1  # still down: tried again, kept
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 2)
    assert retry_failed_emails() == 0  # not due yet

    mail_back(mail_down)
    make_due()
    sent = retry_failed_emails()

    email.refresh_from_db()
    assert sent == 1
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 3, "")
    assert email.sent_at is not None
    assert [message.to for message in mailoutbox] == [["nguoi1@example.vn"]]


def test_staff_resend_action_sends_a_failed_email(
    mail_down, api_client, admin_client, open_event, mailoutbox, django_capture_on_commit_callbacks
):
    register(api_client, open_event, 1, django_capture_on_commit_callbacks)
    email = OutgoingEmail.objects.get()
    mail_back(mail_down)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:events_outgoingemail_changelist"),
            {"action": "resend", "_selected_action": [email.pk]},
        )

    email.refresh_from_db()
    assert response.status_code == 302
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert [message.to for message in mailoutbox] == [["nguoi1@example.vn"]]


def test_outbox_page_shows_the_failure_to_staff(
    mail_down, api_client, admin_client, open_event, django_capture_on_commit_callbacks
):
    register(api_client, open_event, 1, django_capture_on_commit_callbacks)

    page = admin_client.get(reverse("admin:events_outgoingemail_changelist") + "?status=failed")

    assert page.status_code == 200
    assert ("nguoi1@example.vn" in page.content.decode(), REFUSED in page.content.decode()) == (True, True)


def test_registration_rush_during_an_outage_loses_no_email(
    mail_down, api_client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(slug="ngay-hoi-dong-nguoi", capacity=15)

    statuses = [
        register(api_client, event, n, django_capture_on_commit_callbacks).status_code for n in range(20)
    ]

    assert statuses == [201] * 20
    assert Registration.objects.filter(event=event).count() == 20
    emails = OutgoingEmail.objects.all()
    assert sorted(emails.values_list("kind", flat=True)) == ["confirmed"] * 15 + ["waitlisted"] * 5
    assert set(emails.values_list("status", flat=True)) == {EmailStatus.FAILED}
    assert mailoutbox == []

    mail_back(mail_down)
    make_due()
    sent = retry_failed_emails()

    assert sent == 20
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
    assert sorted(to for message in mailoutbox for to in message.to) == sorted(
        f"nguoi{n}@example.vn" for n in range(20)
    )

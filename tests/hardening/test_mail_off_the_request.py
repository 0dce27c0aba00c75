"""On the embedded default (no Redis, tasks in process) e-mail is sent by a background thread of the web
process, never inside the request: a mail server that accepts connections and never answers used to hold
each registration for the whole SMTP timeout, and a few of them the whole site. The message waits in the
outbox (pending, then failed) until the server answers; nothing is lost."""

import datetime
import time

import pytest
from django.utils import timezone

from config import background
from events.mail.models import EmailStatus, EmailTopic, OutgoingEmail
from events.mail.tasks import retry_failed_emails
from tests.factories import RegistrationFactory

from .smtp_server import SilentSMTPServer

# The background thread has database connections of its own: it sees only committed data.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def silent_mail_server(db, settings):
    """The embedded default's task settings, and a mail server that accepts and says nothing."""
    server = SilentSMTPServer()
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.TASKS_IN_BACKGROUND_THREAD = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.close()
    background.runner.stop()


def register(api_client, event, n: int = 1):
    return api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        {
            "full_name": "Phạm Thu Trang",
            "email": f"nguoi{n}@example.vn",
            "phone": "0912345678",
            "consent": True,
        },
        format="json",
    )


def wait_for(condition, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"still not true after {seconds} s")


def email_status() -> str:
    return OutgoingEmail.objects.get().status


def test_registration_answers_while_the_mail_server_is_silent(silent_mail_server, api_client, event):
    response = register(api_client, event)

    # The answer is here while the mail server has not said a word: sending waits elsewhere.
    assert response.status_code == 201
    assert silent_mail_server.speak.is_set() is False
    assert silent_mail_server.accepted.wait(10) is True  # the sender is connected, waiting for a greeting
    assert email_status() == EmailStatus.PENDING

    silent_mail_server.speak.set()

    assert wait_for(lambda: email_status() == EmailStatus.SENT)
    [(recipients, message)] = silent_mail_server.messages
    assert recipients == ["nguoi1@example.vn"]
    assert message["To"] == "nguoi1@example.vn"


def test_mail_server_that_never_answers_leaves_the_email_failed_then_the_retry_sends_it(
    silent_mail_server, api_client, event, settings
):
    settings.EMAIL_TIMEOUT = 1
    assert register(api_client, event).status_code == 201

    assert wait_for(lambda: email_status() == EmailStatus.FAILED)
    email = OutgoingEmail.objects.get()
    assert (email.attempts, email.last_error) == (
        1,
        "SMTPServerDisconnected: Connection unexpectedly closed: timed out",
    )

    silent_mail_server.speak.set()
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    assert retry_failed_emails() == 1

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
    assert [recipients for recipients, _message in silent_mail_server.messages] == [["nguoi1@example.vn"]]


def test_background_thread_sends_what_a_restart_left_pending(silent_mail_server, event, monkeypatch):
    """An e-mail queued by a process that stopped before sending it stays pending; the periodic retry of
    the next process's background thread sends it, with no request needed."""
    monkeypatch.setattr(background, "BEAT_TICK_SECONDS", 0.2)
    registration = RegistrationFactory(event=event, email="con.lai@example.vn")
    OutgoingEmail.objects.create(
        topic=EmailTopic.REGISTRATION,
        object_id=registration.pk,
        kind="confirmed",
        recipient=registration.email,
        registration=registration,
    )
    OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    silent_mail_server.speak.set()

    background.start_background_tasks()  # as config.wsgi does when a web process starts

    assert wait_for(lambda: email_status() == EmailStatus.SENT)
    assert [recipients for recipients, _message in silent_mail_server.messages] == [["con.lai@example.vn"]]

"""Capability tokens stay out of the logs: Django's loggers (through the configured handler) and
gunicorn's access log write the paths with the token replaced."""

import datetime
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from checkin.links import ticket_token
from checkin.services import ticket_get_or_issue
from config.logfilters import ClientErrorsOnOneLine
from config.redaction import GunicornLogger, RedactTokensFilter, redact
from events.calendar.models import PersonalFeed
from events.signing import registration_token
from training.signing import person_token

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/registrations/TOKEN/", "/registrations/[redacted]/"),
        ("/registrations/TOKEN/cancel/", "/registrations/[redacted]/cancel/"),
        ("/en/registrations/TOKEN/calendar/rotate/", "/en/registrations/[redacted]/calendar/rotate/"),
        ("/tickets/TOKEN/qr.png", "/tickets/[redacted]/qr.png"),
        ("/tickets/TOKEN/ticket.pdf", "/tickets/[redacted]/ticket.pdf"),
        ("/me/TOKEN/", "/me/[redacted]/"),
        ("/en/me/TOKEN/", "/en/me/[redacted]/"),
        ("/calendar/personal/TOKEN.ics", "/calendar/personal/[redacted]"),
        ("/exhibitors/TOKEN/", "/exhibitors/[redacted]/"),
        ("/meetings/TOKEN/", "/meetings/[redacted]/"),
        ("/nominate/TOKEN/template.xlsx", "/nominate/[redacted]/template.xlsx"),
        ('"GET /registrations/TOKEN/ HTTP/1.1" 404 179', '"GET /registrations/[redacted]/ HTTP/1.1" 404 179'),
        ("http://testserver/me/TOKEN/?lang=en", "http://testserver/me/[redacted]/?lang=en"),
        # Paths without secrets are left alone.
        ("/events/lop-tap-huan/register/", "/events/lop-tap-huan/register/"),
        ("/calendar/course.ics", "/calendar/course.ics"),
        ("/reports/trainees_completed/", "/reports/trainees_completed/"),
    ],
)
def test_redact_replaces_the_token_segment(text, expected):
    assert redact(text) == expected


def test_redact_real_tokens(guest):
    ticket = ticket_token(ticket_get_or_issue(registration=guest))
    feed = PersonalFeed.objects.create(email=guest.email).secret
    tokens = {
        f"/registrations/{registration_token(guest)}/": "/registrations/[redacted]/",
        f"/tickets/{ticket}/qr.png": "/tickets/[redacted]/qr.png",
        f"/me/{person_token(guest.email)}/": "/me/[redacted]/",
        f"/calendar/personal/{feed}.ics": "/calendar/personal/[redacted]",
    }

    assert {path: redact(path) for path in tokens} == tokens


def record(msg, args, name="django.request") -> logging.LogRecord:
    return logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)


def test_filter_redacts_positional_and_mapping_arguments():
    positional = record("Not Found: %s", ("/me/SECRET/",))
    mapping = record("Task %(name)s: %(path)s", ({"name": "gui_email", "path": "/registrations/SECRET/"},))

    assert RedactTokensFilter().filter(positional) is True
    assert RedactTokensFilter().filter(mapping) is True
    assert positional.getMessage() == "Not Found: /me/[redacted]/"
    # A mapping stays a mapping (Celery logs this way): otherwise formatting the record fails.
    assert mapping.getMessage() == "Task gui_email: /registrations/[redacted]/"


def test_filter_drops_the_request_object():
    with_request = record("Not Found: %s", ("/me/SECRET/",))
    with_request.request = SimpleNamespace(path="/me/SECRET/")

    RedactTokensFilter().filter(with_request)

    assert with_request.request is None


@pytest.fixture
def django_log(caplog):
    """What the project's configured handler on the `django` logger lets through: caplog listens after
    it on the same logger (the `django` logger does not propagate to the root)."""
    logger = logging.getLogger("django")
    assert [type(f) for h in logger.handlers for f in h.filters] == [
        ClientErrorsOnOneLine,
        RedactTokensFilter,
    ]
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def test_404_on_a_token_url_is_logged_without_the_token(django_log, client, guest):
    token = registration_token(guest)
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")

    with django_log.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/registrations/{wrong}/")
        client.get(f"/me/{wrong}/")

    assert response.status_code == 404
    logged = [(r.name, r.getMessage()) for r in django_log.records]
    assert logged == [
        ("django.request", "Not Found: /registrations/[redacted]/"),
        ("django.request", "Not Found: /me/[redacted]/"),
    ]
    assert wrong not in django_log.text
    assert [getattr(r, "request", None) for r in django_log.records] == [None, None]


def test_dev_server_request_line_is_logged_without_the_token(django_log):
    # django.core.servers.basehttp logs each request line like this.
    with django_log.at_level(logging.INFO, logger="django.server"):
        logging.getLogger("django.server").info(
            '"%s" %s %s', "GET /tickets/SECRET/qr.png HTTP/1.1", "200", "512"
        )

    assert [r.getMessage() for r in django_log.records] == [
        '"GET /tickets/[redacted]/qr.png HTTP/1.1" 200 512'
    ]


def test_gunicorn_access_log_is_written_without_the_token():
    conf = runpy.run_path(str(GUNICORN_CONF))
    assert conf["logger_class"] == "config.redaction.GunicornLogger"
    logger = GunicornLogger(Config())
    environ = {
        "REMOTE_ADDR": "203.0.113.5",
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/registrations/SECRET/?new=1",
        "PATH_INFO": "/registrations/SECRET/",
        "QUERY_STRING": "new=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://sukien.example.vn/me/SECRET2/",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])

    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(milliseconds=12))
    line = conf["access_log_format"] % atoms

    assert line == '203.0.113.5 "GET /registrations/[redacted]/" 200 512 0.012000s'
    assert (atoms["r"], atoms["f"]) == (
        "GET /registrations/[redacted]/?new=1 HTTP/1.1",
        "https://sukien.example.vn/me/[redacted]/",
    )

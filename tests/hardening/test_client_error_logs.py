"""A client's error (a 403, a refused Host header) is written to the log as one line with its reason, not
with a traceback; a server error keeps its traceback."""

import io
import logging

import pytest

from config.redaction import RedactTokensFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the project's configured console handler writes (the `django` logger does not propagate)."""
    (handler,) = [
        h
        for h in logging.getLogger("django").handlers
        if any(isinstance(f, RedactTokensFilter) for f in h.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_403_is_logged_on_one_line(console, client, door_staff):
    client.force_login(door_staff)
    console.seek(0)
    console.truncate()  # the login's own lines

    response = client.get("/reports/")

    assert response.status_code == 403
    assert console.getvalue() == "Forbidden (Permission denied): /reports/ (PermissionDenied)\n"


def test_refused_host_header_is_logged_on_one_line(console, client):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert console.getvalue() == (
        "Invalid HTTP_HOST header: 'attacker.example'. "
        "You may need to add 'attacker.example' to ALLOWED_HOSTS. (DisallowedHost)\n"
    )


def test_server_error_keeps_its_traceback(console):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("django.request").exception(
            "Internal Server Error: %s", "/healthz", extra={"status_code": 500}
        )

    lines = console.getvalue().splitlines()
    assert (lines[0], lines[1], lines[-1]) == (
        "Internal Server Error: /healthz",
        "Traceback (most recent call last):",
        "RuntimeError: boom",
    )

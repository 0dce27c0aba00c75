"""Redis away: the site keeps working without its cache. Rate limits are not counted meanwhile (the outage
is logged once, not once per request), sessions are read from the database (nobody is logged out),
login lockout keeps counting (in the database), and registrations, the offline package, staff login,
public pages and scans answer as usual.

Each test starts a Redis server of its own on a free port, points the settings at it the way `REDIS_URL`
does (config.settings.base), then stops it."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.urls import reverse
from rest_framework.test import APIClient

from checkin.models import CheckIn
from checkin.services import ticket_get_or_issue
from config.cache import RETRY_SECONDS
from config.settings import base
from events.models import Registration

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, binary: str):
        self.binary = binary
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not listen on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(settings, skip_or_fail):
    """A Redis of this test's own, set as the cache and session store exactly as REDIS_URL sets them."""
    binary = shutil.which("redis-server")
    if binary is None:
        skip_or_fail("needs redis-server (Debian package redis-server) to stop a real Redis under the site")
    server = RedisServer(binary)
    server.start()
    settings.CACHES = {"default": {**base.REDIS_CACHE, "LOCATION": server.url}}
    settings.SESSION_ENGINE = base.REDIS_SESSION_ENGINE
    caches["default"].set("probe", "up")
    assert caches["default"].get("probe") == "up"  # really talking to it
    yield server
    server.stop()


def register(client, event, n: int):
    return client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        {
            "full_name": f"Người đăng ký {n}",
            "email": f"nguoi{n}@example.vn",
            "phone": "0912345678",
            "consent": True,
        },
        format="json",
    )


def outage_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_registrations_answer_while_redis_is_down_and_the_outage_is_logged_once(
    redis_server, open_event, caplog
):
    client = APIClient()
    assert register(client, open_event, 0).status_code == 201
    redis_server.stop()

    with caplog.at_level(logging.INFO):
        statuses = [register(client, open_event, n).status_code for n in range(1, 6)]

    assert statuses == [201] * 5
    assert Registration.objects.filter(event=open_event).count() == 6
    problems = outage_records(caplog)
    assert [(r.name, r.levelname, r.exc_info) for r in problems] == [("config.cache", "ERROR", None)]
    assert (
        problems[0]
        .getMessage()
        .startswith(
            "Cache unreachable: working without it (rate limits not counted, sessions read from the database)"
        )
    )


def test_staff_stay_logged_in_and_can_log_in_while_redis_is_down(redis_server, client, organiser, caplog):
    login = client.post("/admin/login/", {"username": organiser.username, "password": PASSWORD})
    assert login.status_code == 302
    assert client.get("/admin/").status_code == 200
    redis_server.stop()

    still_in = client.get("/admin/")
    other = type(client)()
    login = other.post("/admin/login/?next=/admin/", {"username": organiser.username, "password": PASSWORD})
    after_login = other.get("/admin/")

    assert still_in.status_code == 200  # the session is read from the database, not lost
    assert (login.status_code, login["Location"]) == (302, "/admin/")
    assert after_login.status_code == 200
    assert [r.exc_info for r in outage_records(caplog)] == [None]


def test_login_lockout_still_counts_while_redis_is_down(redis_server, client, organiser, settings):
    redis_server.stop()

    failures = [
        client.post("/admin/login/", {"username": organiser.username, "password": f"sai-{n}"}).status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    right = client.post("/admin/login/", {"username": organiser.username, "password": PASSWORD})

    assert failures == [200, 200, 200, 200, 429]
    assert right.status_code == 429


def test_public_pages_offline_package_and_scans_answer_while_redis_is_down(
    redis_server, client, open_event, guest, device
):
    _device, scanner = device
    code = ticket_get_or_issue(registration=guest).code
    session = open_event.sessions.get()
    redis_server.stop()

    paths = ["/", "/en/", open_event.get_absolute_url(), "/healthz"]
    pages = [client.get(path).status_code for path in paths]
    package = scanner.get(reverse("checkin-offline", args=[open_event.slug]))
    answer = scanner.post("/api/v1/checkin/scan/", {"code": code, "session": session.pk}, format="json")

    assert pages == [200, 200, 200, 200]
    assert package.status_code == 200
    assert [entry["name"] for entry in package.json()["tickets"]] == ["Nguyễn Thị Hương"]
    assert (answer.status_code, answer.json()["result"]) == (200, "ok")
    assert CheckIn.objects.filter(session=session).count() == 1


def test_rate_limits_count_again_once_redis_is_back(redis_server, open_event, settings, monkeypatch):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "registrations": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)
    client = APIClient()
    redis_server.stop()
    during = [register(client, open_event, n).status_code for n in range(3)]

    redis_server.start()  # same port: the cache finds it again
    time.sleep(RETRY_SECONDS + 0.1)
    after = [register(client, open_event, n).status_code for n in range(3, 6)]

    assert during == [201, 201, 201]  # not counted while away
    assert after == [201, 201, 429]


@pytest.fixture
def redis_broker(redis_server):
    """Celery's broker on the test's Redis, as REDIS_URL sets it (tasks queued, not run in process)."""
    from config.celery import app

    previous = (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_connection_timeout)
    app.conf.update(broker_url=redis_server.url, task_always_eager=False, broker_connection_timeout=1)
    forget_connections(app)
    yield app
    app.conf.update(
        broker_url=previous[0], task_always_eager=previous[1], broker_connection_timeout=previous[2]
    )
    forget_connections(app)


def forget_connections(app) -> None:
    """Celery keeps the broker connections (and producers) it made: an earlier test's are to the
    in-memory broker. Forget them as Celery does after a fork."""
    app._pool = None
    app.amqp._producer_pool = None


def test_registration_while_the_broker_is_down_keeps_its_email_pending_and_logs_one_line(
    redis_broker, redis_server, open_event, caplog, django_capture_on_commit_callbacks
):
    from events.mail.models import EmailStatus, OutgoingEmail

    redis_server.stop()

    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        response = register(APIClient(), open_event, 1)

    assert response.status_code == 201
    email = OutgoingEmail.objects.get()
    assert (email.status, email.recipient) == (EmailStatus.PENDING, "nguoi1@example.vn")
    queueing = [r for r in caplog.records if r.getMessage().startswith("Could not queue e-mail")]
    assert [(r.levelname, r.exc_info) for r in queueing] == [("WARNING", None)]
    assert queueing[0].getMessage().startswith(f"Could not queue e-mail {email.pk}; it will be retried (")


def test_email_change_limit_is_not_counted_while_redis_is_down(redis_server, client, caplog):
    from events.mail.models import EmailTopic, OutgoingEmail
    from events.signing import registration_manage_path
    from tests.factories import RegistrationFactory

    registration = RegistrationFactory(full_name="Lê Văn Minh", phone="0903123456", email="minh@example.vn")
    path = registration_manage_path(registration).rstrip("/") + "/edit/"
    details = {"full_name": "Lê Văn Minh", "phone": "0903123456", "organization_kind": ""}
    redis_server.stop()

    statuses = [client.post(path, {**details, "email": f"moi{n}@example.vn"}).status_code for n in range(7)]

    assert statuses == [302] * 7  # past the limit of 5 an hour: not counted while the cache is away
    assert OutgoingEmail.objects.filter(topic=EmailTopic.EMAIL_CHANGE).count() == 7
    assert [(r.name, r.levelname) for r in outage_records(caplog)] == [("config.cache", "ERROR")]

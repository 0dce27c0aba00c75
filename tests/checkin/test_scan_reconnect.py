"""A scan on a kept database connection that the server has dropped still succeeds: the scan's first read
stands in for Django's per-request health check (checkin.db.first_read) and reconnects once."""

import psycopg
import pytest
from django.db import OperationalError, connection

from checkin.models import CheckIn

from .conftest import device_client
from .helpers import scan

pytestmark = pytest.mark.django_db(transaction=True)


def _kill_backend_of_this_connection() -> None:
    """What a PostgreSQL restart or an idle-connection reaper does to a kept connection."""
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def gate_and_ticket(require_postgres, open_event, ticket):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]  # the setting production runs with
    _device, client = device_client([open_event])
    return client, ticket


def test_scan_after_the_server_dropped_the_kept_connection_checks_in(gate_and_ticket, open_session):
    client, ticket = gate_and_ticket
    scan(client, "WARM-UP", open_session)  # the connection is now open and kept
    _kill_backend_of_this_connection()

    response = scan(client, ticket.code, open_session)

    assert (response.status_code, response.json()["result"]) == (200, "ok")
    assert CheckIn.objects.filter(ticket=ticket, result="ok").count() == 1


def test_without_the_retry_the_dropped_connection_would_fail_the_scan(
    gate_and_ticket, open_session, monkeypatch
):
    """The test above can fail: with the first read run as is (no health check, no retry), the dropped
    connection surfaces as an error."""
    client, ticket = gate_and_ticket
    scan(client, "WARM-UP", open_session)
    _kill_backend_of_this_connection()

    def read_once(read):
        connection.health_check_done = True
        return read()

    monkeypatch.setattr("checkin.api.first_read", read_once)
    with pytest.raises(OperationalError):
        scan(client, ticket.code, open_session)
    connection.close()  # the dead connection, for the test database's clean-up

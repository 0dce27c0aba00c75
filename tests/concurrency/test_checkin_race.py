"""Check-in under real concurrency on PostgreSQL: one ticket scanned at several doors at the same moment
is checked in once, and one scan sent several times at once (same nonce) is recorded once.

Threads are released together by a barrier; each uses its own API client and its own database
connection, which it closes when done."""

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone
from rest_framework.test import APIClient

from checkin.models import CheckIn
from checkin.services import scanner_device_create, ticket_get_or_issue
from tests.factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SCAN_URL = "/api/v1/checkin/scan/"


def run_together(calls: list) -> list:
    """Run each call in its own thread, all released at the same moment; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as exc:  # reported to the test below, with the thread's traceback
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [thread.is_alive() for thread in threads] == [False] * len(threads)
    assert errors == []
    return results


def scanner(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def scan_call(token: str, code: str, session_id: int, nonce: str | None = None):
    def call():
        data = {"code": code, "session": session_id}
        if nonce:
            data["nonce"] = nonce
        response = scanner(token).post(SCAN_URL, data, format="json")
        return response.status_code, response.json()

    return call


@pytest.fixture
def door(require_postgres):
    """An event open for check-in now, with two gates (their tokens)."""
    event = EventFactory(session__starts_at=timezone.now() - datetime.timedelta(minutes=30))
    _a, token_a = scanner_device_create(name="Cổng A", events=[event])
    _b, token_b = scanner_device_create(name="Cổng B", events=[event])
    return event, event.sessions.get(), token_a, token_b


def test_race_two_doors_same_ticket_one_ok_over_20_rounds(door):
    event, session, token_a, token_b = door

    for _round in range(20):
        registration = RegistrationFactory(event=event)
        code = ticket_get_or_issue(registration=registration).code

        answers = run_together([scan_call(token_a, code, session.pk), scan_call(token_b, code, session.pk)])

        assert [status for status, _body in answers] == [200, 200]
        assert sorted(body["result"] for _status, body in answers) == ["already_checked_in", "ok"]
        ok = CheckIn.objects.get(session=session, registration=registration, result="ok")
        [(_status, second)] = [a for a in answers if a[1]["result"] == "already_checked_in"]
        assert second["gate"] == ok.gate
        assert datetime.datetime.fromisoformat(second["checked_in_at"]) == ok.scanned_at
        assert CheckIn.objects.successful().filter(session=session, registration=registration).count() == 1
        assert CheckIn.objects.filter(session=session, registration=registration).count() == 2


def test_race_eight_doors_same_ticket_one_ok(door):
    event, session, token_a, token_b = door
    registration = RegistrationFactory(event=event)
    code = ticket_get_or_issue(registration=registration).code

    answers = run_together([scan_call(token, code, session.pk) for token in [token_a, token_b] * 4])

    results = sorted(body["result"] for _status, body in answers)
    assert results == ["already_checked_in"] * 7 + ["ok"]
    assert CheckIn.objects.filter(session=session, registration=registration).count() == 8
    assert CheckIn.objects.successful().filter(session=session, registration=registration).count() == 1


@pytest.mark.parametrize("valid", [True, False], ids=["valid-code", "invalid-code"])
def test_race_same_nonce_eight_times_records_one_row(door, valid):
    event, session, token_a, _token_b = door
    registration = RegistrationFactory(event=event)
    code = ticket_get_or_issue(registration=registration).code if valid else "KHONG-PHAI-VE"
    expected = "ok" if valid else "invalid"

    answers = run_together([scan_call(token_a, code, session.pk, nonce="cung-mot-lan-quet")] * 8)

    assert [(status, body["result"]) for status, body in answers] == [(200, expected)] * 8
    assert sorted(body["replayed"] for _status, body in answers) == [False] + [True] * 7
    assert list(CheckIn.objects.values_list("nonce", "result")) == [("cung-mot-lan-quet", expected)]

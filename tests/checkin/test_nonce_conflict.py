"""A scan id (nonce) answers a replay only to the scanner that sent it first, at the same event: anyone
else's nonce is a 409 that shows nothing of the stored answer (found in review: a scanner of another event
got the first scan's answer back, holder included)."""

import pytest

from checkin.models import CheckIn
from checkin.services import ticket_get_or_issue
from tests.factories import RegistrationFactory

from .conftest import device_client
from .helpers import SYNC_URL, scan

pytestmark = pytest.mark.django_db

CONFLICT = "This scan id was already used by another scanner. Send a new one."


@pytest.fixture
def first_scan(open_event, open_session, ticket):
    _device, gate = device_client([open_event], "Cổng A")
    answer = scan(gate, ticket.code, open_session, nonce="lan-quet-1")
    assert answer.json()["result"] == "ok"
    return gate, answer


def test_the_same_scanner_gets_its_stored_answer_back(first_scan, open_session, ticket):
    gate, first = first_scan

    again = scan(gate, ticket.code, open_session, nonce="lan-quet-1")

    assert (again.status_code, again.json()["replayed"], again.json()["registration"]) == (
        200,
        True,
        first.json()["registration"],
    )
    assert CheckIn.objects.count() == 1


def test_another_events_scanner_reusing_the_nonce_sees_nothing(first_scan, other_event):
    _device, elsewhere = device_client([other_event], "Cổng khác")
    other_ticket = ticket_get_or_issue(registration=RegistrationFactory(event=other_event))

    response = scan(
        elsewhere, other_ticket.code, other_event.sessions.get(), language="en", nonce="lan-quet-1"
    )

    assert (response.status_code, response.json()) == (409, {"code": "nonce_conflict", "detail": CONFLICT})
    assert CheckIn.objects.count() == 1


def test_another_scanner_of_the_same_event_reusing_the_nonce_is_refused_in_vietnamese(
    first_scan, open_event, open_session, ticket
):
    _device, gate_b = device_client([open_event], "Cổng B")

    response = scan(gate_b, ticket.code, open_session, nonce="lan-quet-1")

    assert response.status_code == 409
    assert response.json()["detail"] == "Mã lượt quét này đã được một máy quét khác dùng. Hãy gửi mã mới."
    assert "registration" not in response.json()


def test_offline_upload_answers_a_foreign_nonce_on_its_own_line(first_scan, other_event):
    _device, elsewhere = device_client([other_event], "Cổng khác")
    session = other_event.sessions.get()
    other_ticket = ticket_get_or_issue(registration=RegistrationFactory(event=other_event))
    scanned_at = session.starts_at.isoformat()

    response = elsewhere.post(
        SYNC_URL,
        {
            "scans": [
                {
                    "code": other_ticket.code,
                    "session": session.pk,
                    "nonce": "lan-quet-1",
                    "scanned_at": scanned_at,
                },
                {
                    "code": other_ticket.code,
                    "session": session.pk,
                    "nonce": "lan-quet-2",
                    "scanned_at": scanned_at,
                },
            ]
        },
        format="json",
        headers={"accept-language": "en"},
    )

    results = response.json()["results"]
    assert response.status_code == 200
    assert (results[0]["error"], results[0]["message"], results[0]["result"]) == (
        "nonce_conflict",
        CONFLICT,
        None,
    )
    assert "registration" not in results[0]
    assert results[1]["result"] == "ok"

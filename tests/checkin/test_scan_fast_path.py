"""The scan API's fast path (`checkin.api._device_scan`): a device's well-formed scan is answered without
DRF's request cycle. It must give the DRF path's answer byte for byte (status, body, headers), record
every attempt once, still send pre_save/post_save, cost one read and one insert, and hand every other
request to the DRF path, which answers it as it always did."""

import datetime
import json
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from checkin import api, crypto
from checkin.models import CheckIn, DoorStaffAssignment, EventKey
from checkin.services import scanner_device_create, scanner_device_revoke, ticket_get_or_issue, ticket_reissue
from events.enums import EventKind, RegistrationStatus
from events.exhibitions.models import SupportKind, SupportRecord
from events.models import Registration
from events.services import registration_cancel
from tests.checkin.conftest import device_client
from tests.checkin.helpers import SCAN_URL, local_json, message, person, scan
from tests.factories import EventFactory, RegistrationFactory, StartupProjectFactory, UserFactory
from training.enums import CourseTopic
from training.models import Course

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
# What a recorded attempt says (everything but its primary key).
ROW_FIELDS = (
    "result",
    "session_id",
    "registration_id",
    "ticket_id",
    "code",
    "source",
    "device_id",
    "user_id",
    "gate",
    "nonce",
    "scanned_at",
    "uploaded_at",
    "offline",
    "reason",
    "undone_at",
)


def ok_answer(registration, row, session, *, gate="Cổng A", offline=False) -> dict:
    """The documented `ok` answer for `registration`'s check-in `row`."""
    return {
        "result": "ok",
        "message": message("ok"),
        "registration": person(registration),
        "checked_in_at": local_json(row.scanned_at),
        "gate": gate,
        "session": session.pk,
        "offline": offline,
        "replayed": False,
    }


UNKNOWN_SESSION = {"code": "not_found", "detail": "Unknown session."}
FORBIDDEN = {"code": "permission_denied", "detail": "You are not allowed to scan for this event."}
BAD_TOKEN = {"code": "authentication_failed", "detail": "Invalid or revoked device token."}


def post_json(client, body, **extra):
    return client.post(SCAN_URL, body, format="json", **extra)


def the_answer(response) -> tuple:
    """Everything a client sees of an answer."""
    return response.status_code, dict(response.headers), response.content


def _drf_post_must_not_run(view, request):
    raise AssertionError("ScanView.post ran: this scan did not take the fast path")


def _rolled_back(send):
    """`send()`'s answers and the attempts it recorded, then the database as it was before."""
    with transaction.atomic():
        answers = [the_answer(response) for response in send()]
        rows = list(CheckIn.objects.order_by("pk").values(*ROW_FIELDS))
        transaction.set_rollback(True)
    return answers, rows


def both_paths(monkeypatch, send):
    """Run `send` (which makes scan requests and returns their responses) twice, from the same database
    and at the same instant, so that the two runs' answers and records may be compared as they are: once
    by the fast path (DRF's `ScanView.post` may not run, `_device_scan` must answer every request) and
    once by the DRF path (`_device_scan` declines everything)."""
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    answered = []
    real = api._device_scan

    def fast_only(view, request):
        response = real(view, request)
        answered.append(response is not None)
        return response

    with monkeypatch.context() as patch:
        patch.setattr(api, "_device_scan", fast_only)
        patch.setattr(api.ScanView, "post", _drf_post_must_not_run)
        fast = _rolled_back(send)
    cache.clear()  # the throttle counters of the first run
    with monkeypatch.context() as patch:
        patch.setattr(api, "_device_scan", lambda view, request: None)
        drf = _rolled_back(send)
    assert answered and all(answered), answered
    return fast, drf


def other_key_code(ticket_id: bytes, key_id: int) -> str:
    """A well-formed code for `ticket_id`, signed with a key that is not the event's."""
    private, _public = crypto.generate_keypair()
    return crypto.sign_code(private_key=private, key_id=key_id, ticket_id=ticket_id)


# --- the fast path gives the DRF path's answers -------------------------------------------------------------


@pytest.fixture
def world(gate_a, gate_b, registration, ticket, open_session, open_event, other_event):
    return SimpleNamespace(
        gate_a=gate_a[1],
        gate_b=gate_b[1],
        registration=registration,
        ticket=ticket,
        session=open_session,
        event=open_event,
        other_event=other_event,
    )


def _ok(w):
    return w.gate_a, [w.ticket.code], [("ok", False)]


def _already_checked_in(w):
    assert scan(w.gate_b, w.ticket.code, w.session).json()["result"] == "ok"
    return w.gate_a, [w.ticket.code], [("already_checked_in", False)]


def _invalid_garbage(w):
    return w.gate_a, ["hello, world!"], [("invalid", False)]


def _invalid_other_key(w):
    key = EventKey.objects.get(event=w.event)
    forged = other_key_code(crypto.parse_code(w.ticket.code).ticket_id, key.key_id)
    assert crypto.parse_code(forged) is not None  # well-formed: only the signature is wrong
    return w.gate_a, [forged], [("invalid", False)]


def _revoked(w):
    ticket_reissue(registration=w.registration)
    return w.gate_a, [w.ticket.code], [("revoked", False)]


def _wrong_event(w):
    theirs = ticket_get_or_issue(registration=RegistrationFactory(event=w.other_event))
    return w.gate_a, [theirs.code], [("wrong_event", False)]


def _not_open(w):
    later = EventFactory(session__starts_at=timezone.now() + 180 * MINUTE)
    later_ticket = ticket_get_or_issue(registration=RegistrationFactory(event=later))
    _device, client = device_client([w.event, later], "Cổng C")
    w.session = later.sessions.get()
    return client, [later_ticket.code], [("not_open", False)]


def _cancelled(w):
    registration_cancel(registration=w.registration, reason="Bận việc")
    return w.gate_a, [w.ticket.code], [("cancelled", False)]


def _not_confirmed(w):
    Registration.objects.filter(pk=w.registration.pk).update(status=RegistrationStatus.WAITLISTED)
    return w.gate_a, [w.ticket.code], [("not_confirmed", False)]


def _replayed_nonce(w):
    return w.gate_a, [(w.ticket.code, "n-1"), (w.ticket.code, "n-1")], [("ok", False), ("ok", True)]


def _replayed_refusal(w):
    return w.gate_a, [("hello, world!", "n-2")] * 2, [("invalid", False), ("invalid", True)]


def _replayed_second_scan(w):
    # the replay of an already_checked_in answer names the first check-in (read back from the database)
    scan(w.gate_b, w.ticket.code, w.session)
    codes = [(w.ticket.code, "n-3"), (w.ticket.code, "n-3")]
    return w.gate_a, codes, [("already_checked_in", False), ("already_checked_in", True)]


CASES = {
    "ok": _ok,
    "already_checked_in": _already_checked_in,
    "invalid_garbage": _invalid_garbage,
    "invalid_other_key": _invalid_other_key,
    "revoked": _revoked,
    "wrong_event": _wrong_event,
    "not_open": _not_open,
    "cancelled": _cancelled,
    "not_confirmed": _not_confirmed,
    "replayed_nonce": _replayed_nonce,
    "replayed_refusal": _replayed_refusal,
    "replayed_second_scan": _replayed_second_scan,
}


@pytest.mark.parametrize("case", CASES)
def test_fast_path_answers_exactly_like_the_drf_path(monkeypatch, world, case):
    client, codes, expected = CASES[case](world)
    bodies = []
    for code in codes:
        code, nonce = code if isinstance(code, tuple) else (code, None)
        bodies.append({"code": code, "session": world.session.pk, **({"nonce": nonce} if nonce else {})})

    rows_before = CheckIn.objects.count()

    (fast, fast_rows), (drf, drf_rows) = both_paths(
        monkeypatch, lambda: [post_json(client, body) for body in bodies]
    )

    assert fast == drf
    assert fast_rows == drf_rows
    assert [status for status, _headers, _content in fast] == [200] * len(bodies)
    answers = [json.loads(content) for _status, _headers, content in fast]
    assert [(a["result"], a["replayed"]) for a in answers] == expected
    # one attempt recorded per scan, none for a replayed nonce
    assert len(fast_rows) - rows_before == len({json.dumps(body, sort_keys=True) for body in bodies})
    headers = fast[0][1]
    assert (headers["Content-Type"], headers["Allow"], headers["Vary"]) == (
        "application/json",
        "POST, OPTIONS",
        "Accept, Accept-Language",
    )


def test_fast_path_ok_answer_is_the_documented_one(fast_answers, gate_a, registration, ticket, open_session):
    response = scan(gate_a[1], ticket.code, open_session)

    row = CheckIn.objects.get()
    assert response.status_code == 200
    assert response.json() == ok_answer(registration, row, open_session)
    assert fast_answers == [True]


# --- language -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "vi", None])
def test_fast_path_answers_in_the_requested_language(fast_answers, gate_a, ticket, open_session, language):
    client = gate_a[1]

    answers = [
        scan(client, ticket.code, open_session, language=language),
        scan(client, ticket.code, open_session, language=language),
        scan(client, "KHONG-PHAI-VE", open_session, language=language),
    ]

    expected_language = language or "vi"  # the site's default
    assert [(r.json()["result"], r.json()["message"]) for r in answers] == [
        ("ok", message("ok", expected_language)),
        ("already_checked_in", message("already_checked_in", expected_language)),
        ("invalid", message("invalid", expected_language)),
    ]
    assert [r["Content-Language"] for r in answers] == [expected_language] * 3
    assert fast_answers == [True, True, True]
    # the Vietnamese catalogue is compiled: the two languages really differ
    assert message("invalid", "vi") != message("invalid", "en")


# --- what is recorded ---------------------------------------------------------------------------------------


def test_fast_path_records_every_attempt_once_with_device_gate_and_nonce(
    fast_answers, gate_a, open_event, registration, ticket, open_session
):
    device, client = gate_a
    second = ticket_get_or_issue(registration=RegistrationFactory(event=open_event))
    ticket_reissue(registration=second.registration)
    before = timezone.now()

    sent = [
        post_json(client, {"code": ticket.code, "session": open_session.pk, "nonce": "a-1"}),
        post_json(client, {"code": ticket.code.lower(), "session": open_session.pk, "nonce": "a-2"}),
        post_json(client, {"code": "rac", "session": open_session.pk, "nonce": "a-3", "gate": ""}),
        post_json(client, {"code": second.code, "session": open_session.pk}),
        post_json(client, {"code": ticket.code, "session": open_session.pk, "nonce": "a-1"}),  # replay
        post_json(client, {"code": ticket.code, "session": open_session.pk, "nonce": None}),
    ]

    after = timezone.now()
    assert [(r.status_code, r.json()["result"], r.json()["replayed"]) for r in sent] == [
        (200, "ok", False),
        (200, "already_checked_in", False),
        (200, "invalid", False),
        (200, "revoked", False),
        (200, "ok", True),
        (200, "already_checked_in", False),
    ]
    assert fast_answers == [True] * 6
    rows = list(CheckIn.objects.order_by("pk"))
    assert [(r.result, r.code, r.device, r.user, r.gate, r.nonce, r.offline, r.source) for r in rows] == [
        ("ok", ticket.code, device, None, "Cổng A", "a-1", False, "scan"),
        ("already_checked_in", ticket.code, device, None, "Cổng A", "a-2", False, "scan"),
        ("invalid", "RAC", device, None, "Cổng A", "a-3", False, "scan"),
        ("revoked", second.code, device, None, "Cổng A", None, False, "scan"),
        ("already_checked_in", ticket.code, device, None, "Cổng A", None, False, "scan"),
    ]
    assert all(before <= r.scanned_at <= after for r in rows)
    assert [(r.registration_id, r.ticket_id) for r in rows] == [
        (registration.pk, ticket.pk),
        (registration.pk, ticket.pk),
        (None, None),
        (second.registration_id, second.pk),
        (registration.pk, ticket.pk),
    ]


@pytest.mark.django_db(transaction=True)
def test_fast_path_replayed_nonce_outside_a_transaction_answers_the_stored_scan(
    fast_answers, gate_a, registration, ticket, open_session
):
    # In production the request runs in autocommit (no ATOMIC_REQUESTS): the repeated nonce fails its
    # INSERT on its own, without the savepoint a test's transaction gives, and the stored answer is read.
    first = scan(gate_a[1], ticket.code, open_session, nonce="offline-7").json()
    second = scan(gate_a[1], ticket.code, open_session, nonce="offline-7").json()

    [row] = CheckIn.objects.all()
    assert (first["result"], first["replayed"]) == ("ok", False)
    assert second == {**first, "replayed": True}
    assert (row.nonce, row.result) == ("offline-7", "ok")
    assert fast_answers == [True, True]


def test_fast_path_insert_sends_pre_save_and_post_save(fast_answers, gate_a, ticket, open_session):
    seen = []

    def on_pre_save(sender, instance, raw, **kwargs):
        seen.append(("pre_save", instance.pk, instance._state.adding, instance.result, raw))

    def on_post_save(sender, instance, created, raw, **kwargs):
        seen.append(("post_save", instance.pk, instance._state.adding, instance.result, created, raw))

    pre_save.connect(on_pre_save, sender=CheckIn, weak=False, dispatch_uid="test-fast-pre")
    post_save.connect(on_post_save, sender=CheckIn, weak=False, dispatch_uid="test-fast-post")
    try:
        scan(gate_a[1], ticket.code, open_session)
        scan(gate_a[1], "KHONG-PHAI-VE", open_session)
    finally:
        pre_save.disconnect(sender=CheckIn, dispatch_uid="test-fast-pre")
        post_save.disconnect(sender=CheckIn, dispatch_uid="test-fast-post")

    ok, invalid = CheckIn.objects.order_by("pk")
    assert seen == [
        ("pre_save", None, True, "ok", False),
        ("post_save", ok.pk, False, "ok", True, False),
        ("pre_save", None, True, "invalid", False),
        ("post_save", invalid.pk, False, "invalid", True, False),
    ]
    assert fast_answers == [True, True]


def test_fast_path_course_scan_of_a_startup_team_member_records_training_support(fast_answers):
    # training's post_save receiver (see tests/exhibitors/test_support_records.py) must see fast inserts
    course = EventFactory(kind=EventKind.COURSE, session__starts_at=timezone.now() - 30 * MINUTE)
    Course.objects.create(event=course, topic=CourseTopic.CAPACITY_BUILDING)
    project = StartupProjectFactory(name="Nông Sản Xanh")
    member = RegistrationFactory(event=course, startup_project=project)
    member_ticket = ticket_get_or_issue(registration=member)
    _device, client = device_client([course], "Lớp học")
    session = course.sessions.get()

    results = [scan(client, member_ticket.code, session).json()["result"] for _ in range(2)]

    assert results == ["ok", "already_checked_in"]
    assert fast_answers == [True, True]
    record = SupportRecord.objects.get()
    assert (record.project, record.kind, record.event, record.date) == (
        project,
        SupportKind.TRAINING,
        course,
        timezone.localtime(session.starts_at).date(),
    )


# --- cost ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fast_path_ok_scan_costs_one_read_and_one_insert(fast_answers, gate_a, open_event, open_session):
    # Outside a test transaction, as in production: no savepoints around the INSERT.
    first, second = (ticket_get_or_issue(registration=RegistrationFactory(event=open_event)) for _ in "12")
    client = gate_a[1]

    with CaptureQueriesContext(connection) as cold:
        assert scan(client, first.code, open_session).json()["result"] == "ok"
    with CaptureQueriesContext(connection) as warm:
        assert scan(client, second.code, open_session).json()["result"] == "ok"

    def verbs(queries):
        return [query["sql"].split(None, 1)[0].upper() for query in queries.captured_queries]

    # A new device's first scan also notes when it was last seen (at most once a minute) ...
    assert verbs(cold) == ["SELECT", "UPDATE", "INSERT"]
    # ... then a scan is the scan context (session, device by its token's hash and its right to scan
    # there, ticket, person, their first check-in: one SELECT) and the attempt's INSERT.
    assert verbs(warm) == ["SELECT", "INSERT"]
    assert len(warm) == 2
    assert fast_answers == [True, True]


# --- everything else takes the DRF path and is answered as before -----------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, {"code": "not_authenticated", "detail": "Authentication credentials were not provided."}),
        ("Token not-a-real-token", BAD_TOKEN),
        ("Token", {"code": "authentication_failed", "detail": "Invalid token header."}),
        ("Token a b", {"code": "authentication_failed", "detail": "Invalid token header."}),
        (
            "Bearer abc",
            {"code": "not_authenticated", "detail": "Authentication credentials were not provided."},
        ),
    ],
)
def test_scan_without_a_valid_token_is_401_with_the_error_body(
    fast_answers, ticket, open_session, header, expected
):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)

    response = scan(client, ticket.code, open_session, language="en")

    assert (response.status_code, response.json()) == (401, expected)
    assert response["WWW-Authenticate"] == "Token"
    assert response["Content-Type"] == "application/json"
    assert CheckIn.objects.count() == 0
    assert fast_answers == [False]


def test_scan_by_a_revoked_device_is_401(fast_answers, gate_a, ticket, open_session):
    device, client = gate_a
    scanner_device_revoke(device=device)

    response = scan(client, ticket.code, open_session, language="en")

    assert (response.status_code, response.json()) == (401, BAD_TOKEN)
    assert CheckIn.objects.count() == 0
    assert fast_answers == [False]


def test_device_revoked_between_two_scans_is_refused_on_the_next_one(
    fast_answers, gate_a, open_event, ticket, open_session
):
    device, client = gate_a
    other = ticket_get_or_issue(registration=RegistrationFactory(event=open_event))
    first = scan(client, ticket.code, open_session, language="en")

    scanner_device_revoke(device=device)
    second = scan(client, other.code, open_session, language="en")

    assert (first.status_code, first.json()["result"]) == (200, "ok")
    assert (second.status_code, second.json()) == (401, BAD_TOKEN)
    assert list(CheckIn.objects.values_list("registration", flat=True)) == [ticket.registration_id]
    assert fast_answers == [True, False]


def test_scan_unknown_session_is_404(fast_answers, gate_a, ticket):
    response = post_json(
        gate_a[1], {"code": ticket.code, "session": 999_999}, headers={"accept-language": "en"}
    )

    assert (response.status_code, response.json()) == (404, UNKNOWN_SESSION)
    assert CheckIn.objects.count() == 0
    assert fast_answers == [False]


@pytest.mark.parametrize("session_id", [2**63, 10**20])
def test_scan_session_id_past_64_bits_is_an_unknown_session(gate_a, ticket, session_id):
    response = post_json(
        gate_a[1], {"code": ticket.code, "session": session_id}, headers={"accept-language": "en"}
    )

    assert (response.status_code, response.json()) == (404, UNKNOWN_SESSION)
    assert CheckIn.objects.count() == 0


def test_scan_at_a_session_of_an_event_the_device_does_not_serve_is_403(
    fast_answers, ticket, open_session, other_event
):
    _device, elsewhere = device_client([other_event], "Cổng khác")

    response = scan(elsewhere, ticket.code, open_session, language="en")

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert CheckIn.objects.count() == 0
    assert fast_answers == [False]


@pytest.mark.parametrize(
    ("extra", "expected_row"),
    [
        ({"gate": "Cửa phụ"}, {"gate": "Cửa phụ", "offline": False}),
        ({"scanned_at": "now"}, {"gate": "Cổng A", "offline": False}),
        ({"scanned_at": "10 minutes ago"}, {"gate": "Cổng A", "offline": True}),
        ({"code": "surrounded by whitespace"}, {"gate": "Cổng A", "offline": False}),
        ({"nonce": "  n-1\t"}, {"gate": "Cổng A", "offline": False, "nonce": "n-1"}),
        ({"nonce": "mã-quét-1"}, {"gate": "Cổng A", "offline": False, "nonce": "mã-quét-1"}),
    ],
    ids=[
        "gate",
        "scanned_at_now",
        "scanned_at_earlier",
        "code_whitespace",
        "nonce_ws",
        "nonce_utf8",
    ],
)
def test_scan_bodies_beyond_the_plain_scan_are_answered_by_the_drf_path(
    fast_answers, gate_a, registration, ticket, open_session, extra, expected_row
):
    now = timezone.now()
    body = {"code": ticket.code, "session": open_session.pk}
    values = {
        "now": now.isoformat(),
        "10 minutes ago": (now - 10 * MINUTE).isoformat(),
        "surrounded by whitespace": f"  {ticket.code}\n",
    }
    body.update({key: values.get(value, value) for key, value in extra.items()})

    response = post_json(gate_a[1], body)

    row = CheckIn.objects.get()
    assert response.status_code == 200
    assert response.json() == ok_answer(
        registration, row, open_session, gate=expected_row["gate"], offline=expected_row["offline"]
    )
    assert (row.result, row.code, row.gate, row.offline, row.nonce) == (
        "ok",
        ticket.code,
        expected_row["gate"],
        expected_row["offline"],
        expected_row.get("nonce"),
    )
    if extra.get("scanned_at") == "10 minutes ago":
        assert row.scanned_at == now - 10 * MINUTE
    assert fast_answers == [False]


def test_scan_session_as_text_is_refused_by_the_drf_path(fast_answers, gate_a, ticket, open_session):
    """The schema says the session is a number: "12" is not one (it was read as one)."""
    response = gate_a[1].post(
        SCAN_URL,
        {"code": ticket.code, "session": str(open_session.pk)},
        format="json",
        headers={"accept-language": "en"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are not valid.",
        "fields": {"session": ["A valid integer is required."]},
    }
    assert CheckIn.objects.count() == 0
    assert fast_answers == [False]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"session": "SESSION"}, {"code": ["This field is required."]}),
        ({"code": "", "session": "SESSION"}, {"code": ["This field may not be blank."]}),
        ({"code": "ABC", "session": 0}, {"session": ["Ensure this value is greater than or equal to 1."]}),
        ({"code": "ABC", "session": True}, {"session": ["A valid integer is required."]}),
        ({"code": "ABC"}, {"session": ["This field is required."]}),
        ({"code": "ABC", "session": "SESSION", "gate": None}, {"gate": ["This field may not be null."]}),
        (
            {"code": "A" * 501, "session": "SESSION"},
            {"code": ["Ensure this field has no more than 500 characters."]},
        ),
    ],
)
def test_scan_bad_body_is_400_with_fields(fast_answers, gate_a, open_session, body, fields):
    body = {key: open_session.pk if value == "SESSION" else value for key, value in body.items()}

    response = post_json(gate_a[1], body, headers={"accept-language": "en"})

    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "detail": "Some fields are not valid.", "fields": fields}
    assert CheckIn.objects.count() == 0
    assert fast_answers == [False]


@pytest.mark.parametrize(
    ("encoding", "detail"),
    [
        (
            "utf-8-sig",
            "The request body is not valid JSON: "
            "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)",
        ),
        (
            "utf-16",
            "The request body is not valid JSON: "
            "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
        ),
    ],
    ids=["utf8_bom", "utf16"],
)
def test_scan_body_not_in_utf8_is_refused_as_the_drf_path_refuses_it(
    fast_answers, gate_a, ticket, open_session, encoding, detail
):
    # DRF's JSONParser reads the body as UTF-8 (the request names no charset); json.loads of the raw bytes
    # would take a BOM and UTF-16, and check in what the DRF path refuses.
    body = json.dumps({"code": ticket.code, "session": open_session.pk}).encode(encoding)

    response = gate_a[1].post(
        SCAN_URL, body, content_type="application/json", headers={"accept-language": "en"}
    )

    assert (response.status_code, response.json()) == (400, {"code": "parse_error", "detail": detail})
    assert CheckIn.objects.count() == 0
    assert fast_answers == [False]


@pytest.mark.parametrize("path", [SCAN_URL, "/api/v1/checkin/sync/"])
def test_scan_body_nested_too_deeply_is_a_400(gate_a, path):
    body = '{"code": ' + "[" * 50_000 + "]" * 50_000 + "}"

    response = gate_a[1].post(path, body, content_type="application/json", headers={"accept-language": "en"})

    assert (response.status_code, response.json()) == (
        400,
        {"code": "parse_error", "detail": "The request body is nested too deeply."},
    )
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_scan_body_with_a_number_json_does_not_have_is_refused_as_the_drf_path_refuses_it(
    gate_a, ticket, open_session, literal
):
    # DRF's JSONParser refuses the literals NaN and Infinity; under a repeated key (the last one wins in
    # both parsers) the body is otherwise a plain scan, which the fast path must not check in.
    body = f'{{"code": {literal}, "code": "{ticket.code}", "session": {open_session.pk}}}'

    response = gate_a[1].post(
        SCAN_URL, body, content_type="application/json", headers={"accept-language": "en"}
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "code": "parse_error",
            "detail": (
                "The request body is not valid JSON: "
                f"Out of range float values are not JSON compliant: '{literal}'"
            ),
        },
    )
    assert CheckIn.objects.count() == 0


def test_scan_body_in_the_charset_it_names_is_answered(gate_a, ticket, open_session):
    body = json.dumps({"code": ticket.code, "session": open_session.pk}).encode("utf-16")

    response = gate_a[1].post(SCAN_URL, body, content_type="application/json; charset=utf-16")

    assert (response.status_code, response.json()["result"]) == (200, "ok")
    assert CheckIn.objects.count() == 1


def test_scan_accepting_html_is_answered_by_the_drf_path(fast_answers, gate_a, ticket, open_session):
    response = gate_a[1].post(
        SCAN_URL,
        {"code": ticket.code, "session": open_session.pk},
        format="json",
        headers={"accept": "text/html"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert list(CheckIn.objects.values_list("result", "gate")) == [("ok", "Cổng A")]
    assert fast_answers == [False]


@pytest.mark.parametrize(
    ("how", "fast"),
    [
        ({"headers": {"accept": "application/json"}}, True),
        ({"headers": {"accept": "*/*"}}, True),
        ({"content_type": "application/json; charset=utf-8"}, True),
        ({"headers": {"accept": "application/json; indent=2"}}, False),
        ({"query": "?lang=vi"}, False),
    ],
    ids=["accept_json", "accept_any", "json_charset", "accept_indented", "query_string"],
)
def test_scan_request_variants_are_answered_alike(
    fast_answers, gate_a, registration, ticket, open_session, how, fast
):
    body = json.dumps({"code": ticket.code, "session": open_session.pk})

    response = gate_a[1].generic(
        "POST",
        SCAN_URL + how.get("query", ""),
        body,
        content_type=how.get("content_type", "application/json"),
        headers=how.get("headers"),
    )

    row = CheckIn.objects.get()
    assert response.status_code == 200
    assert json.loads(response.content) == ok_answer(registration, row, open_session)
    assert fast_answers == [fast]


def test_door_staff_scan_with_a_session_takes_the_drf_path(fast_answers, ticket, open_session, open_event):
    staff = UserFactory()
    DoorStaffAssignment.objects.create(event=open_event, user=staff, gate="Cổng chính")
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(staff)
    page = client.get("/checkin/")
    csrf = page.cookies["csrftoken"].value
    body = {"code": ticket.code, "session": open_session.pk}

    without_token = client.post(SCAN_URL, body, format="json", headers={"accept-language": "en"})
    with_token = client.post(SCAN_URL, body, format="json", headers={"x-csrftoken": csrf})

    assert page.status_code == 200
    # a session cookie alone does not scan: the page's CSRF token must come with it
    assert (without_token.status_code, without_token.json()) == (
        403,
        {"code": "permission_denied", "detail": "CSRF Failed: CSRF token missing."},
    )
    assert (with_token.status_code, with_token.json()["result"], with_token.json()["gate"]) == (
        200,
        "ok",
        "Cổng chính",
    )
    assert list(CheckIn.objects.values_list("user", "device", "gate")) == [(staff.pk, None, "Cổng chính")]
    assert fast_answers == [False, False]


# --- What DRF refuses, the fast path leaves to it (found in review) -------------------------------------


@pytest.mark.parametrize("space", ["\xa0", "\x85", "\x1c"])
def test_token_header_split_on_a_non_ascii_space_is_refused_like_drf_does(
    open_event, open_session, ticket, space
):
    """DRF splits the header's bytes on ASCII whitespace only: `Token<NBSP><token>` is one word there, so
    not a token header at all (401), and it must not check anyone in on the fast path either."""
    _device, token = scanner_device_create(name="Cổng A", events=[open_event])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token{space}{token}")

    response = scan(client, ticket.code, open_session)

    assert response.status_code == 401
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("charset", ["cp500", "utf-32"])
def test_body_in_a_declared_charset_is_read_in_that_charset(gate_a, open_session, ticket, charset):
    """DRF decodes the body in the charset the request declares; an ASCII body labelled otherwise is not
    JSON there (400), and the fast path must not read it as UTF-8 and check the person in."""
    body = json.dumps({"code": ticket.code, "session": open_session.pk}).encode()

    response = gate_a[1].post(SCAN_URL, data=body, content_type=f"application/json; charset={charset}")

    assert (response.status_code, response.json()["code"]) == (400, "parse_error")
    assert CheckIn.objects.count() == 0

"""Scanning through the API: every result code, what is recorded, nonces, who may scan where, the offline
package and sync, search and manual check-in, corrections, scanner devices and server-side decoding."""

import base64
import datetime
import io
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from checkin import crypto
from checkin.links import ticket_urls
from checkin.models import CheckIn, DeletedTicket, DoorStaffAssignment, EventKey, ScannerDevice
from checkin.rendering import qr_png
from checkin.selectors import (
    attendance_for_event,
    attendance_for_session,
    attended_session_ids,
    registrations_attended,
    session_counts,
)
from checkin.services import (
    CheckInError,
    checkin_mark_present,
    checkin_scan,
    checkin_undo,
    scanner_device_revoke,
    ticket_get_or_issue,
    ticket_reissue,
)
from events.collation import sort_key
from events.enums import RegistrationStatus
from events.models import Registration
from events.services import registration_cancel
from tests.checkin.conftest import device_client
from tests.checkin.helpers import (
    DECODE_URL,
    MESSAGES_EN,
    SCAN_URL,
    SYNC_URL,
    as_json,
    in_language,
    local_json,
    message,
    person,
    scan,
)
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
ANSWER_KEYS = ["checked_in_at", "gate", "message", "offline", "registration", "replayed", "result", "session"]


def answer(result, session, *, registration=None, at=None, gate=None, offline=False, replayed=False):
    """The whole answer the scan API gives, in the default language (vi)."""
    return {
        "result": result,
        "message": message(result),
        "registration": person(registration) if registration else None,
        "checked_in_at": local_json(at) if at else None,
        "gate": gate,
        "session": session.pk,
        "offline": offline,
        "replayed": replayed,
    }


def other_key_code(ticket_id: bytes, key_id: int) -> str:
    """A well-formed code for `ticket_id`, signed with a key that is not the event's."""
    private, _public = crypto.generate_keypair()
    return crypto.sign_code(private_key=private, key_id=key_id, ticket_id=ticket_id)


def one_character_changed(code: str, index: int = 60) -> str:
    replacement = "A" if code[index] != "A" else "B"
    return code[:index] + replacement + code[index + 1 :]


def flip_low_bit(character: str) -> str:
    """The base32 character that differs from `character` only in its lowest bit."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return alphabet[alphabet.index(character) ^ 1]


# --- every result ---------------------------------------------------------------------------------------


def test_scan_valid_ticket_is_ok(gate_a, registration, ticket, open_session):
    device, client = gate_a

    response = scan(client, ticket.code, open_session)

    [row] = CheckIn.objects.all()
    assert response.status_code == 200
    assert response.json() == answer(
        "ok", open_session, registration=registration, at=row.scanned_at, gate="Cổng A"
    )
    assert (row.result, row.registration, row.ticket, row.device, row.gate) == (
        "ok",
        registration,
        ticket,
        device,
        "Cổng A",
    )


def test_scan_gate_named_with_a_line_break_is_recorded_on_one_line(
    gate_a, registration, ticket, open_session
):
    _device, client = gate_a

    response = scan(client, ticket.code, open_session, gate="Lối vào\r\nphía Đông")

    [row] = CheckIn.objects.all()
    assert response.status_code == 200
    assert response.json() == answer(
        "ok", open_session, registration=registration, at=row.scanned_at, gate="Lối vào phía Đông"
    )
    assert (row.result, row.gate) == ("ok", "Lối vào phía Đông")


def test_scan_gate_holding_a_nul_is_refused_not_folded_away(gate_a, ticket, open_session):
    _device, client = gate_a

    response = scan(client, ticket.code, open_session, gate="Cổng\x00A")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["gate"]
    assert CheckIn.objects.count() == 0


def test_scan_second_scan_is_already_checked_in_with_first_time_and_gate(
    gate_a, gate_b, registration, ticket, open_session
):
    scan(gate_a[1], ticket.code, open_session)
    first = CheckIn.objects.get()

    at_b = scan(gate_b[1], ticket.code, open_session).json()
    again_at_a = scan(gate_a[1], ticket.code, open_session).json()

    expected = answer(
        "already_checked_in", open_session, registration=registration, at=first.scanned_at, gate="Cổng A"
    )
    assert at_b == expected
    assert again_at_a == expected
    assert list(CheckIn.objects.order_by("pk").values_list("result", "device__name")) == [
        ("ok", "Cổng A"),
        ("already_checked_in", "Cổng B"),
        ("already_checked_in", "Cổng A"),
    ]


@pytest.mark.parametrize(
    "kind", ["unknown", "garbage", "empty_looking", "forged_other_key", "one_character_changed", "lowbit"]
)
def test_scan_bad_code_is_invalid(gate_a, registration, ticket, open_session, kind):
    key = EventKey.objects.get(event=registration.event)
    parsed = crypto.parse_code(ticket.code)
    codes = {
        # well-formed and signed with the event's own key, but never issued
        "unknown": crypto.sign_code(
            private_key=bytes(key.private_key), key_id=key.key_id, ticket_id=b"\x00" * 6
        ),
        "garbage": "hello, world!",
        "empty_looking": "-",
        "forged_other_key": other_key_code(parsed.ticket_id, key.key_id),
        "one_character_changed": one_character_changed(ticket.code),
        # the last base32 character carries one unused bit: a variant that decodes to the same bytes
        "lowbit": ticket.code[:-1] + flip_low_bit(ticket.code[-1]),
    }

    response = scan(gate_a[1], codes[kind], open_session)

    assert response.status_code == 200
    assert response.json() == answer("invalid", open_session)
    [row] = CheckIn.objects.all()
    assert (row.result, row.registration, row.ticket, row.code) == (
        "invalid",
        None,
        None,
        codes[kind].upper(),
    )
    assert CheckIn.objects.successful().count() == 0


def test_scan_revoked_ticket_is_revoked(gate_a, registration, ticket, open_session):
    ticket_reissue(registration=registration)

    response = scan(gate_a[1], ticket.code, open_session)

    assert response.json() == answer("revoked", open_session, registration=registration)
    assert list(CheckIn.objects.values_list("result", "ticket")) == [("revoked", ticket.pk)]


def test_scan_ticket_of_another_event_is_wrong_event(gate_a, open_session, other_event):
    stranger = RegistrationFactory(event=other_event)
    their_ticket = ticket_get_or_issue(registration=stranger)

    response = scan(gate_a[1], their_ticket.code, open_session)

    # The answer does not reveal who holds another event's ticket.
    assert response.json() == answer("wrong_event", open_session)
    assert list(CheckIn.objects.values_list("result", "session", "registration")) == [
        ("wrong_event", open_session.pk, stranger.pk)
    ]
    assert CheckIn.objects.successful().count() == 0


def test_scan_deleted_ticket_of_another_event_is_still_wrong_event(gate_a, open_session, other_event):
    """The registration (and with it the ticket) of another event was deleted: its code is still genuinely
    signed by that event's key, so the answer is `wrong_event`, the one a scanner without the network
    gives from the signature; before, the server said `invalid` and the two disagreed."""
    stranger = RegistrationFactory(event=other_event)
    code = ticket_get_or_issue(registration=stranger).code
    stranger.delete()

    response = scan(gate_a[1], code, open_session)

    assert response.json() == answer("wrong_event", open_session)
    assert list(CheckIn.objects.values_list("result", "session", "registration", "ticket")) == [
        ("wrong_event", open_session.pk, None, None)
    ]


def test_scan_deleted_ticket_of_this_event_is_revoked_as_the_offline_package_says(
    gate_a, open_session, other_event
):
    """A registration of this event deleted with its ticket, and a ticket deleted on its own: both codes
    are still genuinely signed by this event's key. The server answers `revoked` and the offline package
    lists both ticket ids as revoked, so a scanner without the network says the same; before, the page
    said `ok` (a code issued after its package) and the server `invalid`. A forgery under another event's
    key id stays `invalid`."""
    device, client = gate_a
    event = open_session.event
    mine = RegistrationFactory(event=event)
    deleted_with_registration = ticket_get_or_issue(registration=mine).code
    mine.delete()
    kept = RegistrationFactory(event=event)
    alone = ticket_get_or_issue(registration=kept)
    alone.delete()
    theirs = ticket_get_or_issue(registration=RegistrationFactory(event=other_event)).code
    forged = theirs[:60] + ("A" if theirs[60] != "A" else "B") + theirs[61:]
    tombstones = [crypto.parse_code(code).ticket_id.hex() for code in (deleted_with_registration, alone.code)]

    package = client.get(offline_url(event)).json()
    results = [
        scan(client, code, open_session).json() for code in (deleted_with_registration, alone.code, forged)
    ]

    assert sorted(package["revoked"]) == sorted(tombstones)
    assert [t["ticket_id"] for t in package["tickets"]] == []  # the kept registration has no ticket now
    assert results == [
        answer("revoked", open_session),
        answer("revoked", open_session),
        answer("invalid", open_session),
    ]
    assert list(DeletedTicket.objects.order_by("pk").values_list("event", "ticket_id")) == [
        (event.pk, tombstones[0]),
        (event.pk, tombstones[1]),
    ]
    assert list(CheckIn.objects.order_by("pk").values_list("result", "registration", "ticket", "device")) == [
        ("revoked", None, None, device.pk),
        ("revoked", None, None, device.pk),
        ("invalid", None, None, device.pk),
    ]


def test_deleted_ticket_tombstone_keeps_no_personal_data_and_survives_anonymisation(open_session):
    """The tombstone holds the ticket id and the event only; anonymising the event's people changes
    nothing of it, and the deleted code stays refused (nothing is resurrected)."""
    from events.privacy import anonymise_ended_events

    event = open_session.event
    gone = RegistrationFactory(event=event, full_name="Nguyễn Văn Xoá", email="xoa@example.vn")
    code = ticket_get_or_issue(registration=gone).code
    RegistrationFactory(event=event)
    gone.delete()
    before = list(DeletedTicket.objects.values("event", "ticket_id"))
    Session = type(open_session)
    Session.objects.filter(pk=open_session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=399),
    )

    assert anonymise_ended_events(older_than_days=365) == 1

    assert [f.name for f in DeletedTicket._meta.concrete_fields] == ["id", "event", "ticket_id", "deleted_at"]
    assert list(DeletedTicket.objects.values("event", "ticket_id")) == before
    assert before == [{"event": event.pk, "ticket_id": crypto.parse_code(code).ticket_id.hex()}]
    session = Session.objects.get(pk=open_session.pk)
    assert checkin_scan(code=code, session=session).result == "revoked"


def test_deleting_an_event_deletes_its_tombstones_with_it(open_session):
    """Deleting a whole event deletes its tickets without leaving tombstones that point nowhere; a
    registration deleted from a queryset leaves one per ticket, reissued ones included."""
    event = open_session.event
    people = RegistrationFactory.create_batch(2, event=event)
    first = ticket_get_or_issue(registration=people[0])
    second = ticket_reissue(registration=people[0])
    ticket_get_or_issue(registration=people[1])
    Registration.objects.filter(pk=people[0].pk).delete()
    assert sorted(DeletedTicket.objects.values_list("ticket_id", flat=True)) == sorted(
        crypto.parse_code(t.code).ticket_id.hex() for t in (first, second)
    )

    event.delete()

    assert DeletedTicket.objects.count() == 0


def test_scan_before_window_is_not_open_and_inside_is_ok(settings):
    settings.CHECKIN_OPENS_MINUTES_BEFORE = 30
    now = timezone.now()
    too_early = EventFactory(session__starts_at=now + 31 * MINUTE)
    just_open = EventFactory(session__starts_at=now + 29 * MINUTE)
    early_ticket = ticket_get_or_issue(registration=RegistrationFactory(event=too_early))
    open_ticket = ticket_get_or_issue(registration=RegistrationFactory(event=just_open))
    _device, client = device_client([too_early, just_open])

    refused = scan(client, early_ticket.code, too_early.sessions.get()).json()
    admitted = scan(client, open_ticket.code, just_open.sessions.get()).json()

    assert refused == answer("not_open", too_early.sessions.get(), registration=early_ticket.registration)
    assert admitted["result"] == "ok"


def test_scan_after_session_ends_is_not_open(settings):
    settings.CHECKIN_CLOSES_MINUTES_AFTER = 0
    now = timezone.now()
    event = EventFactory(session=None)
    ended = SessionFactory(event=event, starts_at=now - 3 * 60 * MINUTE, ends_at=now - MINUTE)
    ticket = ticket_get_or_issue(registration=RegistrationFactory(event=event))
    _device, client = device_client([event])

    response = scan(client, ticket.code, ended)

    assert response.json() == answer("not_open", ended, registration=ticket.registration)
    assert list(CheckIn.objects.values_list("result", flat=True)) == ["not_open"]


def test_scan_cancelled_registration_is_cancelled(gate_a, registration, ticket, open_session):
    registration_cancel(registration=registration, reason="Bận việc")
    registration.refresh_from_db()

    response = scan(gate_a[1], ticket.code, open_session)

    assert response.json() == answer("cancelled", open_session, registration=registration)
    assert list(CheckIn.objects.values_list("result", flat=True)) == ["cancelled"]


@pytest.mark.parametrize("status", [RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED])
def test_scan_unconfirmed_registration_is_not_confirmed(gate_a, registration, ticket, open_session, status):
    # A ticket issued while confirmed, then the registration is moved back (by staff in the admin).
    Registration.objects.filter(pk=registration.pk).update(status=status)

    response = scan(gate_a[1], ticket.code, open_session)

    assert response.json() == answer("not_confirmed", open_session, registration=registration)
    assert list(CheckIn.objects.values_list("result", flat=True)) == ["not_confirmed"]


# --- messages -----------------------------------------------------------------------------------------------


def test_scan_message_follows_accept_language(gate_a, ticket, open_session):
    _device, client = gate_a

    def message_in(language, code):
        response = scan(client, code, open_session, language=language)
        return response.json()["result"], response.json()["message"]

    answers = [
        message_in("en", ticket.code),
        message_in("en", ticket.code),
        message_in("en", "nope"),
        message_in("vi", ticket.code),
        message_in("vi", "nope"),
    ]

    assert answers == [
        ("ok", "Welcome! Checked in."),
        ("already_checked_in", "Already checked in."),
        ("invalid", "Unknown or invalid code."),
        ("already_checked_in", in_language("vi", "Already checked in.")),
        ("invalid", in_language("vi", "Unknown or invalid code.")),
    ]
    if in_language("vi", "Unknown or invalid code.") != "Unknown or invalid code.":
        # the Vietnamese catalogue is compiled: the two languages really differ
        assert answers[4][1] != answers[2][1]


# --- what is recorded -------------------------------------------------------------------------------------


def test_scan_every_attempt_is_recorded_with_its_circumstances(gate_a, registration, ticket, open_session):
    device, client = gate_a
    before = timezone.now()

    scan(client, ticket.code, open_session, nonce="n-1")
    scan(client, ticket.code, open_session, nonce="n-2", gate="Cửa phụ")
    scan(client, "rác", open_session)

    after = timezone.now()
    rows = list(CheckIn.objects.order_by("pk"))
    assert [
        (r.result, r.session, r.registration, r.device, r.user, r.gate, r.nonce, r.offline, r.source)
        for r in rows
    ] == [
        ("ok", open_session, registration, device, None, "Cổng A", "n-1", False, "scan"),
        ("already_checked_in", open_session, registration, device, None, "Cửa phụ", "n-2", False, "scan"),
        ("invalid", open_session, None, device, None, "Cổng A", None, False, "scan"),
    ]
    assert all(before <= r.scanned_at <= after and before <= r.uploaded_at <= after for r in rows)


def test_scan_only_ok_counts_as_attendance(gate_a, registration, ticket, open_session, open_event):
    late = RegistrationFactory(event=open_event)
    _device, client = gate_a

    scan(client, ticket.code, open_session)
    scan(client, ticket.code, open_session)
    scan(client, "rác", open_session)

    ok = CheckIn.objects.get(result="ok")
    assert CheckIn.objects.count() == 3
    assert list(CheckIn.objects.successful()) == [ok]
    assert session_counts(open_session) == {"checked_in": 1, "expected": 2}
    # In Vietnamese alphabetical order: "Hồng" before "Hương" (ô before ư), unlike code points.
    assert [(r.full_name, r.present) for r in attendance_for_session(open_session)] == sorted(
        [(registration.full_name, True), (late.full_name, False)], key=lambda row: sort_key(row[0])
    )


def test_scan_same_nonce_twice_records_one_row_and_replays_answer(gate_a, registration, ticket, open_session):
    _device, client = gate_a

    first = scan(client, ticket.code, open_session, nonce="abc-123").json()
    second = scan(client, ticket.code, open_session, nonce="abc-123").json()

    [row] = CheckIn.objects.all()
    assert first == answer("ok", open_session, registration=registration, at=row.scanned_at, gate="Cổng A")
    assert second == {**first, "replayed": True}
    assert row.nonce == "abc-123"


def test_scan_same_nonce_twice_replays_a_refusal(gate_a, open_session):
    first = scan(gate_a[1], "rác", open_session, nonce="xyz").json()
    second = scan(gate_a[1], "rác", open_session, nonce="xyz").json()

    assert (first, second) == (
        answer("invalid", open_session),
        answer("invalid", open_session, replayed=True),
    )
    assert CheckIn.objects.count() == 1


def test_scan_response_shape_matches_the_documented_answer(gate_a, ticket, open_session):
    body = scan(gate_a[1], ticket.code, open_session).json()

    assert sorted(body) == ANSWER_KEYS
    assert sorted(body["registration"]) == ["name", "organisation", "reference", "role"]
    assert body["result"] in MESSAGES_EN
    assert datetime.datetime.fromisoformat(body["checked_in_at"]).tzinfo is not None


def test_scan_with_earlier_scanned_at_is_recorded_as_offline(gate_a, registration, ticket, open_session):
    at = timezone.now() - 10 * MINUTE

    body = scan(gate_a[1], ticket.code, open_session, scanned_at=at.isoformat(), nonce="later").json()

    row = CheckIn.objects.get()
    assert (row.offline, row.scanned_at, row.nonce) == (True, at, "later")
    assert body == answer("ok", open_session, registration=registration, at=at, gate="Cổng A", offline=True)


def test_scan_session_counts_follow_scans(gate_a, open_event, ticket, open_session):
    RegistrationFactory(event=open_event)
    url = f"/api/v1/checkin/sessions/{open_session.pk}/counts/"
    before = gate_a[1].get(url).json()

    scan(gate_a[1], ticket.code, open_session)
    scan(gate_a[1], ticket.code, open_session)

    assert (before, gate_a[1].get(url).json()) == (
        {"checked_in": 0, "expected": 2},
        {"checked_in": 1, "expected": 2},
    )


# --- input errors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"session": 1}, {"code": ["This field is required."]}),
        ({"code": "ABC"}, {"session": ["This field is required."]}),
        ({"code": "", "session": 1}, {"code": ["This field may not be blank."]}),
        ({"code": "ABC", "session": "một"}, {"session": ["A valid integer is required."]}),
        ([1, 2], {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
    ],
)
def test_scan_bad_input_is_400_with_the_error_body(gate_a, data, fields):
    response = gate_a[1].post(SCAN_URL, data, format="json", headers={"accept-language": "en"})

    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "detail": "Some fields are not valid.", "fields": fields}
    assert CheckIn.objects.count() == 0


def test_scan_malformed_json_is_400_with_the_error_body(gate_a):
    response = gate_a[1].post(
        SCAN_URL, "{code: nope", content_type="application/json", headers={"accept-language": "en"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "parse_error",
        "detail": (
            "The request body is not valid JSON: "
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
        ),
    }


def test_scan_unknown_session_is_404(gate_a, ticket):
    response = gate_a[1].post(
        SCAN_URL, {"code": ticket.code, "session": 999999}, format="json", headers={"accept-language": "en"}
    )

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Unknown session."}
    assert CheckIn.objects.count() == 0


# --- who may scan where -------------------------------------------------------------------------------------


FORBIDDEN = {"code": "permission_denied", "detail": "You are not allowed to scan for this event."}


def test_scan_device_of_one_event_is_refused_at_another(ticket, open_session, other_event):
    _device, elsewhere = device_client([other_event], "Cổng khác")

    response = elsewhere.post(
        SCAN_URL,
        {"code": ticket.code, "session": open_session.pk},
        format="json",
        headers={"accept-language": "en"},
    )

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert CheckIn.objects.count() == 0


def test_scan_revoked_device_is_401(gate_a, ticket, open_session):
    device, client = gate_a
    scanner_device_revoke(device=device)

    response = scan(client, ticket.code, open_session)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "authentication_failed"
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize("header", ["Token not-a-real-token", "Token", "Token a b"])
def test_scan_bad_token_is_401(ticket, open_session, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = scan(client, ticket.code, open_session)

    assert (response.status_code, response.json()["code"]) == (401, "authentication_failed")
    assert CheckIn.objects.count() == 0


def test_scan_without_credentials_is_401(ticket, open_session):
    response = scan(APIClient(), ticket.code, open_session)

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
    assert CheckIn.objects.count() == 0


def test_scan_door_staff_scans_assigned_event_only(ticket, open_session, open_event, other_event):
    staff = UserFactory()
    DoorStaffAssignment.objects.create(event=open_event, user=staff, gate="Cổng chính")
    their = ticket_get_or_issue(registration=RegistrationFactory(event=other_event))
    client = APIClient()
    client.force_login(staff)

    here = scan(client, ticket.code, open_session, gate="Cổng chính")
    there = scan(client, their.code, other_event.sessions.get(), gate="Cổng chính")

    assert (here.status_code, here.json()["result"]) == (200, "ok")
    assert there.status_code == 403
    assert list(CheckIn.objects.values_list("user", "device", "gate", "session")) == [
        (staff.pk, None, "Cổng chính", open_session.pk)
    ]


def test_scan_logged_in_user_without_assignment_is_403(ticket, open_session):
    client = APIClient()
    client.force_login(UserFactory())

    response = scan(client, ticket.code, open_session)

    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_scan_superuser_scans_any_event(ticket, open_session, other_event):
    their = ticket_get_or_issue(registration=RegistrationFactory(event=other_event))
    client = APIClient()
    client.force_login(UserFactory(superuser=True))

    results = [
        scan(client, ticket.code, open_session).json()["result"],
        scan(client, their.code, other_event.sessions.get()).json()["result"],
    ]

    assert results == ["ok", "ok"]


# --- offline package ----------------------------------------------------------------------------------------


def offline_url(event) -> str:
    return f"/api/v1/checkin/events/{event.slug}/offline/"


def test_offline_package_verifies_real_tickets_and_lists_revoked(gate_a, open_event, registration, ticket):
    other = RegistrationFactory(event=open_event, full_name="Lê Văn Bình", organization_name="")
    other_old = ticket_get_or_issue(registration=other)
    other_new = ticket_reissue(registration=other)
    session = open_event.sessions.get()

    body = gate_a[1].get(offline_url(open_event)).json()

    key = EventKey.objects.get(event=open_event)
    assert body["key"] == {
        "algorithm": "Ed25519",
        "key_id": key.key_id,
        "public_key": base64.b64encode(bytes(key.public_key)).decode(),
    }
    # verify a real ticket as an offline scanner would: only the package and the documented format
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(body["key"]["public_key"]))
    raw = base64.b32decode(ticket.code + "=" * (-len(ticket.code) % 8))
    assert (raw[0], int.from_bytes(raw[1:3], "big"), len(raw)) == (1, body["key"]["key_id"], 73)
    public.verify(raw[9:], raw[:9])  # raises InvalidSignature if it does not verify
    assert body["sessions"] == [
        {
            "id": session.pk,
            "title": open_event.title,
            "starts_at": as_json(session.starts_at),
            "ends_at": as_json(session.ends_at),
            "checkin_opens_at": as_json(session.starts_at - 60 * MINUTE),
            "checkin_closes_at": as_json(session.ends_at),
        }
    ]
    ticket_id = raw[3:9].hex()
    assert sorted(body["tickets"], key=lambda t: t["name"]) == [
        {
            "ticket_id": crypto.parse_code(other_new.code).ticket_id.hex(),
            "status": "confirmed",
            **person(other),
        },
        {"ticket_id": ticket_id, "status": "confirmed", **person(registration)},
    ]
    assert body["revoked"] == [crypto.parse_code(other_old.code).ticket_id.hex()]
    assert sorted(body["results"]) == sorted(MESSAGES_EN)
    assert body["event"] == {"slug": open_event.slug, "title": open_event.title}


def test_offline_package_lists_checked_in_people(gate_a, open_event, registration, ticket, open_session):
    scan(gate_a[1], ticket.code, open_session)
    first = CheckIn.objects.get()

    body = gate_a[1].get(offline_url(open_event)).json()

    assert body["checked_in"] == [
        {
            "ticket_id": crypto.parse_code(ticket.code).ticket_id.hex(),
            "reference": registration.reference,
            "session": open_session.pk,
            "checked_in_at": as_json(first.scanned_at),
            "gate": "Cổng A",
        }
    ]


def test_offline_package_carries_other_events_public_keys(
    gate_a, open_event, ticket, other_event, open_session
):
    """A ticket of another event scanned offline must answer wrong_event, as the server does: the package
    holds the other events' public keys (never a private one) to tell their genuine tickets from forgeries."""
    elsewhere = ticket_get_or_issue(registration=RegistrationFactory(event=other_event))
    other_key = EventKey.objects.get(event=other_event)

    body = gate_a[1].get(offline_url(open_event)).json()

    assert body["other_keys"] == [
        {"key_id": other_key.key_id, "public_key": base64.b64encode(bytes(other_key.public_key)).decode()}
    ]
    assert body["key"]["public_key"] not in [k["public_key"] for k in body["other_keys"]]
    parsed = crypto.parse_code(elsewhere.code)
    assert parsed.key_id == body["other_keys"][0]["key_id"]
    assert crypto.verify(parsed, base64.b64decode(body["other_keys"][0]["public_key"]))
    assert scan(gate_a[1], elsewhere.code, open_session).json()["result"] == "wrong_event"


def test_offline_package_carries_keys_of_events_overlapping_its_window_before_their_first_ticket(
    gate_a, open_event, ticket
):
    """An event running at the same time whose first ticket is issued after the package was loaded: its
    key already exists and is in the package, so the scanner tells that ticket offline (wrong_event)."""
    now = timezone.now()
    same_day = EventFactory(session__starts_at=now + 2 * MINUTE)
    next_month = EventFactory(session__starts_at=now + datetime.timedelta(days=30))
    assert not EventKey.objects.filter(event__in=[same_day, next_month]).exists()

    body = gate_a[1].get(offline_url(open_event)).json()
    later = ticket_get_or_issue(registration=RegistrationFactory(event=same_day))

    same_day_key = EventKey.objects.get(event=same_day)
    assert [k["key_id"] for k in body["other_keys"]] == [same_day_key.key_id]
    assert crypto.verify(crypto.parse_code(later.code), base64.b64decode(body["other_keys"][0]["public_key"]))
    assert not EventKey.objects.filter(event=next_month).exists()  # outside the window: made on first use


def test_offline_package_refused_for_another_events_device(open_event, ticket, other_event):
    _device, elsewhere = device_client([other_event])

    response = elsewhere.get(offline_url(open_event), headers={"accept-language": "en"})

    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_offline_package_unknown_event_is_404(gate_a):
    assert gate_a[1].get("/api/v1/checkin/events/khong-co/offline/").status_code == 404


# --- offline sync -----------------------------------------------------------------------------------------


def test_sync_answers_per_scan_and_twice_changes_nothing(
    gate_a, open_event, registration, ticket, open_session
):
    device, client = gate_a
    second = RegistrationFactory(event=open_event)
    second_ticket = ticket_get_or_issue(registration=second)
    at = timezone.now() - 20 * MINUTE
    scans = [
        {"code": ticket.code, "session": open_session.pk, "nonce": "off-1", "scanned_at": at.isoformat()},
        {
            "code": second_ticket.code,
            "session": open_session.pk,
            "nonce": "off-2",
            "scanned_at": (at + MINUTE).isoformat(),
        },
        {
            "code": ticket.code,
            "session": open_session.pk,
            "nonce": "off-3",
            "scanned_at": (at + 2 * MINUTE).isoformat(),
        },
        {"code": "rác", "session": open_session.pk, "nonce": "off-4", "scanned_at": at.isoformat()},
    ]

    first_upload = client.post(SYNC_URL, {"scans": scans}, format="json")
    rows_after_first = list(CheckIn.objects.order_by("pk").values())
    second_upload = client.post(SYNC_URL, {"scans": scans}, format="json")

    common = {"offline": True, "replayed": False}
    expected = [
        {"nonce": "off-1", **answer("ok", open_session, registration=registration, at=at, gate="Cổng A")},
        {"nonce": "off-2", **answer("ok", open_session, registration=second, at=at + MINUTE, gate="Cổng A")},
        {
            "nonce": "off-3",
            **answer("already_checked_in", open_session, registration=registration, at=at, gate="Cổng A"),
        },
        {"nonce": "off-4", **answer("invalid", open_session)},
    ]
    expected = [{**item, **common} for item in expected]
    assert first_upload.status_code == 200
    assert first_upload.json() == {"results": expected}
    assert second_upload.json() == {"results": [{**item, "replayed": True} for item in expected]}
    assert list(CheckIn.objects.order_by("pk").values()) == rows_after_first
    assert [(r["nonce"], r["result"], r["offline"], r["scanned_at"]) for r in rows_after_first] == [
        ("off-1", "ok", True, at),
        ("off-2", "ok", True, at + MINUTE),
        ("off-3", "already_checked_in", True, at + 2 * MINUTE),
        ("off-4", "invalid", True, at),
    ]
    assert {r["device_id"] for r in rows_after_first} == {device.pk}


def test_sync_scan_for_another_events_session_is_an_error_entry(gate_a, ticket, open_session, other_event):
    _device, client = gate_a
    at = timezone.now() - 5 * MINUTE
    their = ticket_get_or_issue(registration=RegistrationFactory(event=other_event))
    scans = [
        {"code": their.code, "session": other_event.sessions.get().pk, "nonce": "x-1", "scanned_at": at},
        {"code": ticket.code, "session": 999999, "nonce": "x-2", "scanned_at": at},
        {"code": ticket.code, "session": open_session.pk, "nonce": "x-3", "scanned_at": at},
    ]

    response = client.post(
        SYNC_URL,
        json.dumps({"scans": scans}, default=str),
        content_type="application/json",
        headers={"accept-language": "en"},
    )

    refused = {
        "result": None,
        "error": "unknown_session",
        "message": "Unknown session, or not allowed for this device.",
    }
    results = response.json()["results"]
    assert results[:2] == [{"nonce": "x-1", **refused}, {"nonce": "x-2", **refused}]
    assert (results[2]["nonce"], results[2]["result"]) == ("x-3", "ok")
    assert list(CheckIn.objects.values_list("nonce", "session")) == [("x-3", open_session.pk)]


def test_sync_scan_needs_nonce_and_time(gate_a, ticket, open_session):
    response = gate_a[1].post(
        SYNC_URL,
        {"scans": [{"code": ticket.code, "session": open_session.pk}]},
        format="json",
        headers={"accept-language": "en"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are not valid.",
        "fields": {
            "scans": {"0": {"nonce": ["This field is required."], "scanned_at": ["This field is required."]}}
        },
    }
    assert CheckIn.objects.count() == 0


# --- search and manual check-in -----------------------------------------------------------------------------


def test_manual_checkin_by_search_for_door_staff(open_event, registration, open_session):
    staff = UserFactory()
    DoorStaffAssignment.objects.create(event=open_event, user=staff)
    RegistrationFactory(event=open_event, full_name="Phạm Minh Tuấn")
    client = APIClient()
    client.force_login(staff)
    search_url = f"/api/v1/checkin/sessions/{open_session.pk}/search/"

    found = client.get(search_url, {"q": "hương"}).json()
    checked = client.post(
        f"/api/v1/checkin/sessions/{open_session.pk}/checkin/",
        {"reference": registration.reference.lower(), "gate": "Bàn hỗ trợ"},
        format="json",
    )
    found_again = client.get(search_url, {"q": "0912345678"}).json()

    row = CheckIn.objects.get()
    assert found == {
        "results": [
            {
                **person(registration),
                "status": "confirmed",
                "status_display": in_language("vi", "Confirmed"),
                "checked_in": False,
                "blocked": None,
            }
        ]
    }
    assert checked.status_code == 200
    assert checked.json() == answer(
        "ok", open_session, registration=registration, at=row.scanned_at, gate="Bàn hỗ trợ"
    )
    assert (row.source, row.user, row.device, row.code) == ("search", staff, None, "")
    assert [r["checked_in"] for r in found_again["results"] if r["reference"] == registration.reference] == [
        True
    ]


def test_manual_checkin_refused_for_devices(gate_a, registration, open_session):
    response = gate_a[1].post(
        f"/api/v1/checkin/sessions/{open_session.pk}/checkin/",
        {"reference": registration.reference},
        format="json",
    )

    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_manual_checkin_unknown_reference_is_404(registration, open_session):
    client = APIClient()
    client.force_login(UserFactory(superuser=True))

    response = client.post(
        f"/api/v1/checkin/sessions/{open_session.pk}/checkin/", {"reference": "KHONGCO"}, format="json"
    )

    assert response.status_code == 404
    assert CheckIn.objects.count() == 0


def test_search_refused_for_door_staff_of_another_event(registration, open_session, other_event):
    staff = UserFactory()
    DoorStaffAssignment.objects.create(event=other_event, user=staff)
    client = APIClient()
    client.force_login(staff)

    response = client.get(f"/api/v1/checkin/sessions/{open_session.pk}/search/", {"q": "Hương"})

    assert response.status_code == 403


# --- corrections ----------------------------------------------------------------------------------------


def test_correction_mark_present_needs_a_reason(registration, open_session):
    with pytest.raises(CheckInError) as caught:
        checkin_mark_present(registration=registration, session=open_session, by=UserFactory(), reason="  ")

    assert caught.value.code == "reason_required"
    assert CheckIn.objects.count() == 0


def test_correction_mark_present_is_recorded_and_counts(registration, open_session, open_event):
    staff = UserFactory()
    before = timezone.now()

    row = checkin_mark_present(
        registration=registration, session=open_session, by=staff, reason="Quên mang điện thoại"
    )

    assert (row.result, row.source, row.user, row.reason, row.device) == (
        "ok",
        "correction",
        staff,
        "Quên mang điện thoại",
        None,
    )
    assert before <= row.scanned_at <= timezone.now()
    assert attended_session_ids(registration) == {open_session.pk}
    assert [(r.pk, r.present) for r in attendance_for_session(open_session)] == [(registration.pk, True)]
    assert [(s.pk, s.checked_in) for s in attendance_for_event(open_event)] == [(open_session.pk, 1)]
    assert [r.sessions_attended for r in registrations_attended(open_event)] == [1]


def test_correction_mark_present_twice_keeps_one_check_in(registration, open_session):
    staff = UserFactory()

    first = checkin_mark_present(registration=registration, session=open_session, by=staff, reason="Có mặt")
    second = checkin_mark_present(registration=registration, session=open_session, by=staff, reason="Lại")

    assert second.pk == first.pk
    assert CheckIn.objects.count() == 1


def test_correction_undo_needs_a_reason(gate_a, ticket, open_session):
    scan(gate_a[1], ticket.code, open_session)

    with pytest.raises(CheckInError) as caught:
        checkin_undo(checkin=CheckIn.objects.get(), by=UserFactory(), reason="")

    assert caught.value.code == "reason_required"
    assert CheckIn.objects.successful().count() == 1


def test_correction_undo_is_recorded_and_attendance_reflects_it(
    gate_a, registration, ticket, open_session, open_event
):
    staff = UserFactory()
    scan(gate_a[1], ticket.code, open_session)
    before = timezone.now()

    undone = checkin_undo(checkin=CheckIn.objects.get(), by=staff, reason="Quét nhầm người")

    undone.refresh_from_db()
    assert (undone.result, undone.undone_by, undone.undo_reason) == ("ok", staff, "Quét nhầm người")
    assert before <= undone.undone_at <= timezone.now()
    assert CheckIn.objects.successful().count() == 0
    assert attended_session_ids(registration) == set()
    assert [(r.pk, r.present) for r in attendance_for_session(open_session)] == [(registration.pk, False)]
    assert [s.checked_in for s in attendance_for_event(open_event)] == [0]
    assert session_counts(open_session) == {"checked_in": 0, "expected": 1}
    # after an undo, the person can be checked in again
    assert scan(gate_a[1], ticket.code, open_session).json()["result"] == "ok"
    assert CheckIn.objects.successful().count() == 1


def test_correction_undo_of_a_refused_scan_is_refused(gate_a, open_session):
    scan(gate_a[1], "rác", open_session)

    with pytest.raises(CheckInError) as caught:
        checkin_undo(checkin=CheckIn.objects.get(), by=UserFactory(), reason="Nhầm")

    assert caught.value.code == "not_undoable"


# --- scanner devices ------------------------------------------------------------------------------------


def test_create_scanner_prints_a_working_token_last(open_event, ticket, open_session):
    out = io.StringIO()

    call_command("create_scanner", "--event", open_event.slug, "--name", "Cổng A", stdout=out)

    token = out.getvalue().rstrip("\n").splitlines()[-1]
    device = ScannerDevice.objects.get()
    assert (device.name, list(device.events.all())) == ("Cổng A", [open_event])
    assert token not in (device.token_hash, device.token_hint)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = scan(client, ticket.code, open_session).json()
    assert (body["result"], body["gate"]) == ("ok", "Cổng A")
    assert CheckIn.objects.get().device == device


def test_create_scanner_unknown_event_is_an_error(open_event):
    with pytest.raises(CommandError, match="Unknown event"):
        call_command("create_scanner", "--event", "khong-co", "--name", "Cổng A", stdout=io.StringIO())

    assert ScannerDevice.objects.count() == 0


# --- server-side decoding -------------------------------------------------------------------------------


def _upload(name: str, content: bytes, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def _camera_frame(png: bytes) -> bytes:
    """The ticket's PNG placed in a larger grey frame and saved as JPEG, like a phone camera frame."""
    qr = Image.open(io.BytesIO(png)).convert("RGB")
    frame = Image.new("RGB", (1280, 720), (200, 200, 200))
    frame.paste(qr, (400, 120))
    out = io.BytesIO()
    frame.save(out, format="JPEG", quality=85)
    return out.getvalue()


def test_decode_returns_code_from_a_real_ticket_png(client, gate_a, ticket):
    png = client.get(ticket_urls(ticket)["qr_url"].removeprefix("http://testserver")).content

    from_png = gate_a[1].post(DECODE_URL, {"image": _upload("frame.png", png, "image/png")})
    from_jpeg = gate_a[1].post(DECODE_URL, {"image": _upload("frame.jpg", _camera_frame(png), "image/jpeg")})

    assert (from_png.status_code, from_png.json()) == (200, {"code": ticket.code})
    assert (from_jpeg.status_code, from_jpeg.json()) == (200, {"code": ticket.code})


def test_decode_image_without_qr_is_null(gate_a):
    blank = io.BytesIO()
    Image.new("RGB", (640, 480), (255, 255, 255)).save(blank, format="PNG")

    response = gate_a[1].post(DECODE_URL, {"image": _upload("blank.png", blank.getvalue(), "image/png")})

    assert (response.status_code, response.json()) == (200, {"code": None})


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("notes.txt", b"not an image at all", "text/plain"),
        ("fake.png", b"\x89PNG\r\n\x1a\nbroken", "image/png"),
    ],
)
def test_decode_non_image_upload_is_400(gate_a, name, content, content_type):
    response = gate_a[1].post(
        DECODE_URL, {"image": _upload(name, content, content_type)}, headers={"accept-language": "en"}
    )

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["detail"], sorted(body["fields"])) == (
        "invalid",
        "Some fields are not valid.",
        ["image"],
    )


def test_decode_without_image_is_400(gate_a):
    response = gate_a[1].post(DECODE_URL, {}, headers={"accept-language": "en"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"image": ["Send one camera frame (JPEG or PNG) under 2 MB."]}


def test_decode_needs_a_scanner(ticket):
    png = qr_png(ticket.code)

    response = APIClient().post(DECODE_URL, {"image": _upload("frame.png", png, "image/png")})

    assert response.status_code == 401

"""Each role sees and changes only its own: visitor, trainee (signed link), door staff, organiser,
report viewer and scanner device."""

import base64
import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from checkin.links import ticket_urls
from checkin.models import CheckIn
from checkin.services import scanner_device_revoke, ticket_get_or_issue
from events.enums import RegistrationStatus
from events.mail.models import OutgoingEmail
from events.signing import registration_manage_path, registration_token
from tests.factories import EventFactory, RegistrationFactory
from training.signing import person_page_path, person_token

pytestmark = pytest.mark.django_db

SCAN = "/api/v1/checkin/scan/"
REGISTRATIONS = "/api/v1/registrations/"
RECORDS = "/api/v1/checkin/records/"
INDICATORS = "/api/v1/reports/indicators/"
STAFF_ENDPOINTS = [REGISTRATIONS, RECORDS, INDICATORS, "/api/v1/organisations/"]


def vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


def scan(client, registration, session):
    ticket = ticket_get_or_issue(registration=registration)
    return client.post(SCAN, {"code": ticket.code, "session": session.pk}, format="json")


def tampered(token: str) -> str:
    """The token with the last character of its signature changed."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def forged(token: str, reference: str) -> str:
    """Another registration's reference under this token's signature."""
    payload = base64.urlsafe_b64encode(json.dumps(reference).encode()).decode().rstrip("=")
    return f"{payload}:{token.split(':', 1)[1]}"


@pytest.fixture
def pending(db):
    """A registration waiting for approval at an event that requires it."""
    event = EventFactory(slug="lop-can-duyet", requires_approval=True, capacity=10)
    return RegistrationFactory(event=event, status=RegistrationStatus.PENDING, email="cho.duyet@example.vn")


# --- Visitor (anonymous) ------------------------------------------------------------------------------------


def test_visitor_sees_public_pages_only(client, api_client, open_event, guest, pending):
    assert client.get("/").status_code == 200
    assert client.get(f"/events/{open_event.slug}/").status_code == 200
    assert api_client.get("/api/v1/events/").status_code == 200

    assert [
        client.get(page).status_code for page in ("/checkin/", "/reports/", "/admin/events/registration/")
    ] == [
        302,
        302,
        302,
    ]
    assert api_client.get(REGISTRATIONS).json() == {
        "code": "not_authenticated",
        "detail": vi("Authentication credentials were not provided."),
    }
    # Anonymous callers are told to authenticate (401 with WWW-Authenticate), everywhere.
    assert api_client.post(f"{REGISTRATIONS}{pending.reference}/approve/").status_code == 401
    assert scan(api_client, guest, open_event.sessions.get()).status_code == 401
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING
    assert CheckIn.objects.count() == 0


# --- Trainee (holder of a signed link, anonymous) -----------------------------------------------------------


def test_trainee_sees_own_registration_page(client, guest, other_guest):
    page = client.get(registration_manage_path(guest))

    assert page.status_code == 200
    assert (guest.full_name in page.content.decode(), other_guest.full_name in page.content.decode()) == (
        True,
        False,
    )


def test_trainee_cannot_open_another_registration(client, guest, other_guest):
    token = registration_token(guest)

    assert client.get(f"/registrations/{tampered(token)}/").status_code == 404
    assert client.get(f"/registrations/{forged(token, other_guest.reference)}/").status_code == 404
    assert client.post(f"/registrations/{forged(token, other_guest.reference)}/cancel/").status_code == 404
    other_guest.refresh_from_db()
    assert other_guest.status == RegistrationStatus.CONFIRMED


def test_trainee_ticket_link_tampered_is_404(client, guest):
    png = ticket_urls(ticket_get_or_issue(registration=guest), absolute=False)["qr_url"]
    token = png.split("/")[2]

    assert client.get(png).status_code == 200
    assert client.get(png.replace(token, tampered(token))).status_code == 404


def test_trainee_page_shows_only_their_own_registrations(client, guest, other_guest):
    RegistrationFactory(
        event=other_guest.event, email="HUONG.NGUYEN@example.vn", full_name="Nguyễn Thị Hương"
    )

    page = client.get(person_page_path(guest.email))
    text = page.content.decode()

    assert page.status_code == 200
    assert (
        guest.event.title_vi in text,
        other_guest.event.title_vi in text,
        other_guest.full_name in text,
    ) == (
        True,
        True,
        False,
    )
    assert client.get(f"/me/{tampered(person_token(guest.email))}/").status_code == 404


def test_trainee_link_opens_no_staff_pages(client, api_client, guest):
    client.get(registration_manage_path(guest))

    assert [client.get(page).status_code for page in ("/checkin/", "/reports/")] == [302, 302]
    assert api_client.get(REGISTRATIONS).status_code == 401


# --- Door staff ---------------------------------------------------------------------------------------------


def test_door_staff_scans_at_the_assigned_event_only(
    api_client, door_staff, open_event, guest, other_event, other_guest
):
    api_client.force_login(door_staff)

    ok = scan(api_client, guest, open_event.sessions.get())
    refused = scan(api_client, other_guest, other_event.sessions.get())

    assert (ok.status_code, ok.json()["result"], ok.json()["gate"]) == (200, "ok", "Cổng chính")
    assert refused.status_code == 403
    assert refused.json() == {
        "code": "permission_denied",
        "detail": vi("You are not allowed to scan for this event."),
    }
    assert list(CheckIn.objects.values_list("registration__email", flat=True)) == [guest.email]


def test_door_staff_scanner_page_lists_only_the_assigned_event(client, door_staff, open_event, other_event):
    client.force_login(door_staff)

    page = client.get("/checkin/").content.decode()

    assert (open_event.title_vi in page, other_event.title_vi in page) == (True, False)


@pytest.mark.parametrize("session", ["²", "¹²", "abc", "9" * 30, "-1"])
def test_scanner_page_with_a_session_that_is_not_a_number_shows_the_choice(
    client, door_staff, open_event, session
):
    client.force_login(door_staff)

    response = client.get("/checkin/", {"session": session})

    assert response.status_code == 200
    assert open_event.title_vi in response.content.decode()


def test_door_staff_cannot_see_reports_or_change_registrations(client, api_client, door_staff, pending):
    client.force_login(door_staff)
    api_client.force_login(door_staff)

    assert client.get("/reports/").status_code == 403
    assert api_client.get(INDICATORS).status_code == 403
    assert api_client.post(f"{REGISTRATIONS}{pending.reference}/approve/").status_code == 403
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING


def test_door_staff_cannot_list_registrations(api_client, door_staff, guest, other_guest):
    api_client.force_login(door_staff)

    assert api_client.get(REGISTRATIONS).status_code == 403


# --- Organiser ----------------------------------------------------------------------------------------------


def test_organiser_lists_and_approves_registrations(api_client, organiser, guest, pending, mailoutbox):
    api_client.force_login(organiser)

    listed = api_client.get(REGISTRATIONS)
    approved = api_client.post(f"{REGISTRATIONS}{pending.reference}/approve/")

    assert listed.status_code == 200
    assert sorted(r["reference"] for r in listed.json()["results"]) == sorted(
        [guest.reference, pending.reference]
    )
    assert (approved.status_code, approved.json()["status"]) == (200, "confirmed")
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (RegistrationStatus.CONFIRMED, organiser)


def test_organiser_sees_the_outbox_and_resends_a_ticket(
    client, organiser, guest, mailoutbox, django_capture_on_commit_callbacks
):
    """A person says the ticket never came: the organiser finds the e-mail in the outbox, and sends the
    confirmation with the ticket again from the registration."""
    client.force_login(organiser)
    outbox = reverse("admin:events_outgoingemail_changelist")
    registrations = reverse("admin:events_registration_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(registrations, {"action": "resend_ticket", "_selected_action": [guest.pk]})
    listed = client.get(outbox)
    [email] = OutgoingEmail.objects.all()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(outbox, {"action": "resend", "_selected_action": [email.pk]})

    assert (resent.status_code, listed.status_code, again.status_code) == (302, 200, 302)
    assert [(e.recipient, e.kind) for e in listed.context["cl"].result_list] == [(guest.email, "confirmed")]
    assert [(m.to, m.attachments[-1][0]) for m in mailoutbox] == [
        ([guest.email], f"ticket-{guest.reference}.pdf"),
        ([guest.email], f"ticket-{guest.reference}.pdf"),
    ]


def test_organiser_sees_reports(client, organiser):
    client.force_login(organiser)

    assert client.get("/reports/").status_code == 200


# --- Report viewer ------------------------------------------------------------------------------------------


def test_report_viewer_sees_reports_but_changes_nothing(client, api_client, report_viewer, guest, pending):
    client.force_login(report_viewer)
    api_client.force_login(report_viewer)

    assert client.get("/reports/").status_code == 200
    assert api_client.get(INDICATORS).status_code == 200
    assert api_client.post(f"{REGISTRATIONS}{pending.reference}/approve/").status_code == 403
    assert scan(api_client, guest, guest.event.sessions.get()).status_code == 403
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING
    assert CheckIn.objects.count() == 0


def test_report_viewer_cannot_list_registrations(api_client, report_viewer, guest):
    api_client.force_login(report_viewer)

    assert api_client.get(REGISTRATIONS).status_code == 403


# --- Scanner device -----------------------------------------------------------------------------------------


def test_device_scans_its_event_only(device, open_event, guest, other_event, other_guest):
    _device, client = device

    ok = scan(client, guest, open_event.sessions.get())
    refused = scan(client, other_guest, other_event.sessions.get())

    assert (ok.status_code, ok.json()["result"]) == (200, "ok")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert CheckIn.objects.count() == 1


def test_device_token_opens_no_staff_endpoint(device, pending):
    _device, client = device

    answers = {url: client.get(url).json() for url in STAFF_ENDPOINTS}
    approve = client.post(f"{REGISTRATIONS}{pending.reference}/approve/")

    refused = {"code": "authentication_failed", "detail": vi("Invalid token.")}
    assert answers == dict.fromkeys(STAFF_ENDPOINTS, refused)
    assert approve.json() == refused
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING


def test_device_token_on_staff_endpoints_is_401(device):
    _device, client = device

    assert [client.get(url).status_code for url in STAFF_ENDPOINTS] == [401] * len(STAFF_ENDPOINTS)


def test_revoked_device_is_refused(device, open_event, guest):
    scanner, client = device
    scanner_device_revoke(device=scanner)

    response = scan(client, guest, open_event.sessions.get())

    assert response.status_code == 401
    assert response.json() == {
        "code": "authentication_failed",
        "detail": vi("Invalid or revoked device token."),
    }


def test_organiser_rejects_with_a_reason_that_is_text_only(api_client, organiser, pending):
    api_client.force_login(organiser)

    number = api_client.post(f"{REGISTRATIONS}{pending.reference}/reject/", {"reason": 0}, format="json")
    text = api_client.post(
        f"{REGISTRATIONS}{pending.reference}/reject/", {"reason": "Hết chỗ"}, format="json"
    )

    assert number.status_code == 400
    assert list(number.json()["fields"]) == ["reason"]
    assert (text.status_code, text.json()["status"]) == (200, "rejected")

"""Tickets: who gets one, what the code holds, the QR and PDF (read back with independent decoders),
reissuing, the capability links and the ticket in the registration API and the confirmation e-mail."""

import base64
import email
import io
import unicodedata

import pytest
import qrcode
from django.core import signing
from icalendar import Calendar
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError
from rest_framework.test import APIClient

from checkin import crypto
from checkin.links import ticket_from_token, ticket_token, ticket_urls
from checkin.models import CheckIn, EventKey, Ticket
from checkin.rendering import qr_png
from checkin.services import CheckInError, ticket_get_or_issue, ticket_reissue
from events.calendar import builder as calendar_builder
from events.enums import RegistrationStatus
from events.models import Event, Registration
from events.services import registration_cancel, registration_create
from events.signing import registration_manage_path, registration_token
from tests.checkin.helpers import (
    decode_pdf,
    decode_png,
    decode_qr,
    in_language,
    message,
    pdf_pages,
    scan,
)
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.pdf import inside, page_layout, word_gap

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hương"


def path_of(url: str) -> str:
    assert url.startswith("http://testserver/tickets/"), url
    return url.removeprefix("http://testserver")


def ticket_from_url(url: str) -> Ticket | None:
    """The ticket a capability link opens, read from a link of the form /tickets/<token>/<file>."""
    token, filename = path_of(url).removeprefix("/tickets/").split("/")
    assert filename in ("qr.png", "ticket.pdf"), url
    return ticket_from_token(token)


# --- who has a ticket -------------------------------------------------------------------------------------


def test_ticket_confirmed_registration_has_exactly_one_active_ticket(registration):
    first = ticket_get_or_issue(registration=registration)
    again = ticket_get_or_issue(registration=registration)

    assert again.pk == first.pk
    assert list(Ticket.objects.filter(registration=registration).values_list("pk", "revoked_at")) == [
        (first.pk, None)
    ]


def test_ticket_issued_through_registration_service_is_one_active_ticket(event, client):
    outcome = registration_create(
        event=event, full_name=NAME, email="huong@example.vn", phone="0912345678", consent=True
    )
    page = registration_manage_path(outcome.registration)

    # the registration page shows the ticket: opening it twice must not issue a second one
    statuses = [client.get(page).status_code, client.get(page).status_code]

    assert (outcome.status, statuses) == (RegistrationStatus.CONFIRMED, [200, 200])
    [ticket] = Ticket.objects.filter(registration=outcome.registration)
    assert ticket.revoked_at is None
    assert ticket_get_or_issue(registration=outcome.registration) == ticket


@pytest.mark.parametrize(
    "status",
    [
        RegistrationStatus.PENDING,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.CANCELLED,
        RegistrationStatus.REJECTED,
    ],
)
def test_ticket_unconfirmed_registration_gets_none(event, status):
    registration = RegistrationFactory(event=event, status=status)

    assert ticket_get_or_issue(registration=registration) is None
    assert Ticket.objects.count() == 0


def test_ticket_waitlisted_through_registration_service_gets_none(api_client):
    full = EventFactory(capacity=1)
    api_client.post(
        f"/api/v1/events/{full.slug}/registrations/",
        {"full_name": "Trần Văn An", "email": "an@example.vn", "phone": "0912345670", "consent": True},
        format="json",
    )

    response = api_client.post(
        f"/api/v1/events/{full.slug}/registrations/",
        {"full_name": NAME, "email": "huong@example.vn", "phone": "0912345678", "consent": True},
        format="json",
    )

    assert (response.status_code, response.json()["status"], response.json()["ticket"]) == (
        201,
        "waitlisted",
        None,
    )
    waitlisted = Registration.objects.get(email="huong@example.vn")
    assert Ticket.objects.filter(registration=waitlisted).count() == 0


def test_ticket_reissue_of_unconfirmed_registration_is_refused(event):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    with pytest.raises(CheckInError) as caught:
        ticket_reissue(registration=registration)

    assert caught.value.code == "not_confirmed"
    assert Ticket.objects.count() == 0


# --- what the code holds ----------------------------------------------------------------------------------


def test_ticket_code_holds_no_personal_data(registration, ticket):
    key = EventKey.objects.get(event=registration.event)
    raw = base64.b32decode(ticket.code + "=" * (-len(ticket.code) % 8))
    personal = [
        registration.full_name,
        unicodedata.normalize("NFD", registration.full_name),
        registration.email,
        registration.phone,
        registration.reference,
        registration.organization_name,
        registration.event.slug,
    ]

    assert len(ticket.code) == crypto.CODE_LENGTH == 117
    # the signed payload is exactly: version, the event's key id, six random bytes
    assert (
        raw[:9]
        == bytes([crypto.VERSION]) + key.key_id.to_bytes(2, "big") + crypto.parse_code(ticket.code).ticket_id
    )
    assert len(raw) == 9 + 64
    assert [value for value in personal if value.upper() in ticket.code.upper()] == []
    assert [value for value in personal if value.encode() in raw or value.upper().encode() in raw] == []


def test_ticket_codes_differ_between_registrations_of_one_event(open_event):
    codes = {ticket_get_or_issue(registration=RegistrationFactory(event=open_event)).code for _ in range(20)}

    assert len(codes) == 20


# --- the QR ---------------------------------------------------------------------------------------------


def test_qr_smallest_version_at_error_correction_m_is_5(ticket):
    fitted = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_M)
    fitted.add_data(ticket.code)
    fitted.make(fit=True)
    smaller = qrcode.QRCode(version=4, error_correction=ERROR_CORRECT_M)
    smaller.add_data(ticket.code)

    assert fitted.version == 5
    with pytest.raises(DataOverflowError):
        smaller.make(fit=False)


def test_qr_png_is_version_5_at_error_correction_m(ticket):
    image = Image.open(io.BytesIO(qr_png(ticket.code)))
    [result] = decode_qr(image)

    # 37 modules (version 5) plus a border of 4 on each side, 10 pixels per module
    assert image.size == ((37 + 2 * 4) * 10, (37 + 2 * 4) * 10)
    assert (result.text, result.ec_level, result.extra["Version"]) == (ticket.code, "M", "5")


def test_ticket_png_from_capability_link_decodes_to_code(client, ticket):
    response = client.get(path_of(ticket_urls(ticket)["qr_url"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert decode_png(response.content) == [ticket.code]


def test_ticket_pdf_from_capability_link_decodes_to_code(client, ticket):
    response = client.get(path_of(ticket_urls(ticket)["pdf_url"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert decode_pdf(response.content) == [ticket.code]


def test_ticket_pdf_shows_name_organisation_event_and_venue_with_diacritics(client, registration, ticket):
    response = client.get(path_of(ticket_urls(ticket)["pdf_url"]))
    [(_image, lines)] = pdf_pages(response.content)
    venue = registration.event.venue

    assert lines[:5] == [
        in_language("vi", "HCMC Innovation — Ticket"),
        "Ngày hội khởi nghiệp sáng tạo",
        NAME,
        "Chuyên viên · Trung tâm Đổi mới sáng tạo TP.HCM",
        in_language("vi", "Reference: %(ref)s") % {"ref": registration.reference},
    ]
    assert unicodedata.is_normalized("NFC", lines[2])
    assert lines[6] == f"{venue.name}, {venue.address}"


def test_ticket_pdf_long_title_and_name_wrap_left_aligned_inside_the_margins(client, registration, ticket):
    title = (
        "Tập huấn nghiệp vụ ươm tạo khởi nghiệp đổi mới sáng tạo cho các tổ chức trung gian hỗ trợ "
        "khởi nghiệp, viện nghiên cứu, trường đại học và cơ quan quản lý nhà nước năm 2025"
    )
    name = "Nguyễn Thị Ánh Tuyết Hoàng Phương Thảo Trần Lê Quỳnh Hương Ngọc Diễm Phượng Khánh Linh"
    Event.objects.filter(pk=registration.event_id).update(title_vi=title)
    Registration.objects.filter(pk=registration.pk).update(full_name=name)

    content = client.get(path_of(ticket_urls(ticket)["pdf_url"])).content
    page = page_layout(content)

    lines = [line.text for line in page.lines]
    assert " ".join(lines[1:4]) == title
    assert " ".join(lines[4:6]) == name
    # The words of a wrapped line are a space apart (justifying stretches them to the right margin).
    for phrase in ("Tập huấn", "Nguyễn Thị"):
        gap, space = word_gap(content, phrase)
        assert gap == pytest.approx(space, abs=0.1)
    margin = 10 * 72 / 25.4
    within = (margin, margin, page.width - margin, page.height - margin)
    assert [line.text for line in page.lines if not inside(line.box, within)] == []


def test_ticket_links_stop_working_once_the_registration_is_cancelled(client, registration, ticket):
    urls = [path_of(url) for url in ticket_urls(ticket).values()]
    assert [client.get(url).status_code for url in urls] == [200, 200]

    registration_cancel(registration=registration)

    responses = [client.get(url) for url in urls]
    assert [response.status_code for response in responses] == [404, 404]
    assert "Không tìm thấy trang" in responses[1].content.decode()


# --- reissue ------------------------------------------------------------------------------------------------


def test_ticket_reissue_revokes_old_code_and_links(client, registration, ticket, gate_a, open_session):
    _device, scanner = gate_a
    old_urls = ticket_urls(ticket)
    staff = UserFactory(superuser=True)

    new = ticket_reissue(registration=registration, by=staff, reason="Mất điện thoại")

    ticket.refresh_from_db()
    assert (ticket.revoked_by, ticket.revoked_reason) == (staff, "Mất điện thoại")
    assert ticket.revoked_at is not None
    assert new.code != ticket.code
    assert list(
        Ticket.objects.filter(registration=registration, revoked_at__isnull=True).values_list("pk", flat=True)
    ) == [new.pk]
    assert client.get(path_of(old_urls["qr_url"])).status_code == 404
    assert client.get(path_of(old_urls["pdf_url"])).status_code == 404
    new_png = client.get(path_of(ticket_urls(new)["qr_url"]))
    assert decode_png(new_png.content) == [new.code]

    old_scan = scan(scanner, ticket.code, open_session).json()
    new_scan = scan(scanner, new.code, open_session).json()

    assert (old_scan["result"], old_scan["message"]) == ("revoked", message("revoked"))
    assert (new_scan["result"], new_scan["message"]) == ("ok", message("ok"))
    assert list(CheckIn.objects.order_by("pk").values_list("ticket", "result")) == [
        (ticket.pk, "revoked"),
        (new.pk, "ok"),
    ]


# --- capability links -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["qr.png", "ticket.pdf"])
def test_ticket_link_tampered_token_is_404(client, ticket, suffix):
    token = ticket_token(ticket)
    signed, signature = token.rsplit(":", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    tampered = [
        f"{signed}:{flipped}",
        signed,
        f"{signed}:",
        "x" + token,
        token[:-4],
        signing.dumps(ticket.pk, salt="another.salt"),
        signing.dumps(ticket.pk),
    ]

    assert [client.get(f"/tickets/{t}/{suffix}").status_code for t in tampered] == [404] * len(tampered)
    assert client.get(f"/tickets/{token}/{suffix}").status_code == 200


def test_ticket_link_of_another_registration_is_not_derivable(client, open_event):
    mine = ticket_get_or_issue(registration=RegistrationFactory(event=open_event))
    theirs = ticket_get_or_issue(registration=RegistrationFactory(event=open_event))
    my_payload, my_timestamp, my_signature = ticket_token(mine).split(":")
    their_payload = signing.b64_encode(str(theirs.pk).encode()).decode()
    guesses = [
        f"{their_payload}:{my_timestamp}:{my_signature}",  # their ticket id with my signature
        f"{their_payload}:{my_timestamp}",
        registration_token(theirs.registration),  # opens their registration page, not their ticket
    ]

    assert my_payload == signing.b64_encode(str(mine.pk).encode()).decode()
    assert [client.get(f"/tickets/{guess}/qr.png").status_code for guess in guesses] == [404, 404, 404]
    assert decode_png(client.get(f"/tickets/{ticket_token(theirs)}/qr.png").content) == [theirs.code]


# --- the registration API -----------------------------------------------------------------------------------


def _register(api_client, event, email="huong.nguyen@example.vn"):
    return api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        {
            "full_name": NAME,
            "email": email,
            "phone": "0912345678",
            "organization_name": "Trung tâm Đổi mới sáng tạo TP.HCM",
            "consent": True,
        },
        format="json",
    )


def test_registration_api_new_confirmed_answer_has_working_ticket_links(api_client, client, event):
    response = _register(api_client, event)

    assert response.status_code == 201
    body = response.json()
    registration = Registration.objects.get(reference=body["reference"])
    [ticket] = Ticket.objects.filter(registration=registration)
    assert sorted(body["ticket"]) == ["pdf_url", "qr_url"]
    assert [ticket_from_url(url) for url in body["ticket"].values()] == [ticket, ticket]
    png = client.get(path_of(body["ticket"]["qr_url"]))
    pdf = client.get(path_of(body["ticket"]["pdf_url"]))
    assert (png.status_code, png["Content-Type"]) == (200, "image/png")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert decode_png(png.content) == [ticket.code]
    assert decode_pdf(pdf.content) == [ticket.code]


def test_registration_api_duplicate_answer_has_no_ticket_links(api_client, event):
    first = _register(api_client, event)

    # someone else who only knows the e-mail address registers it again
    again = _register(APIClient(), event)

    assert (first.status_code, again.status_code) == (201, 200)
    assert "ticket" in first.json()
    assert sorted(again.json()) == ["created", "event", "message", "reference", "status", "status_display"]
    assert (again.json()["reference"], again.json()["status"]) == (None, None)
    assert Ticket.objects.count() == 1


def test_registration_api_pending_answer_has_null_ticket(api_client):
    event = EventFactory(requires_approval=True)

    response = _register(api_client, event)

    assert (response.status_code, response.json()["status"], response.json()["ticket"]) == (
        201,
        "pending",
        None,
    )
    assert Ticket.objects.count() == 0


# --- the confirmation e-mail --------------------------------------------------------------------------------


def test_confirmation_email_has_text_html_inline_qr_and_pdf(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = registration_create(
            event=event,
            full_name=NAME,
            email="huong.nguyen@example.vn",
            phone="0912345678",
            consent=True,
        )

    [sent] = mailoutbox
    registration = outcome.registration
    [ticket] = Ticket.objects.filter(registration=registration)
    parsed = email.message_from_bytes(sent.message().as_bytes())
    parts = [(part.get_content_type(), part) for part in parsed.walk() if not part.is_multipart()]
    text = [p for kind, p in parts if kind == "text/plain" and p.get_filename() is None]
    html = [p for kind, p in parts if kind == "text/html"]
    images = [p for kind, p in parts if kind == "image/png"]
    pdfs = [p for kind, p in parts if kind == "application/pdf"]

    assert sent.to == ["huong.nguyen@example.vn"]
    assert (len(text), len(html), len(images), len(pdfs)) == (1, 1, 1, 1)
    text_body = text[0].get_payload(decode=True).decode()
    html_body = html[0].get_payload(decode=True).decode()
    intro = in_language("vi", "Your ticket (PDF, show it at the door):")
    [pdf_line] = [line for line in text_body.splitlines() if line.startswith(intro)]
    pdf_url = pdf_line.removeprefix(intro + " ")
    assert ticket_from_url(pdf_url) == ticket
    assert html_body.count('src="cid:ticket-qr"') == 1
    [image] = images
    assert image["Content-ID"] == "<ticket-qr>"
    assert image.get_content_disposition() == "inline"
    assert decode_png(image.get_payload(decode=True)) == [ticket.code]
    [pdf] = pdfs
    assert pdf.get_filename() == f"ticket-{registration.reference}.pdf"
    assert pdf.get_content_disposition() == "attachment"
    assert decode_pdf(pdf.get_payload(decode=True)) == [ticket.code]
    assert decode_pdf(client.get(path_of(pdf_url)).content) == [ticket.code]
    # The calendar attachment comes from the one iCal builder the feeds use.
    [ics] = [p for kind, p in parts if kind == "text/calendar"]
    calendar_part = calendar_builder.registration_ics_attachment(registration)
    assert ics.get_payload(decode=True) == calendar_part.get_payload(decode=True)
    assert [c.name for c in Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")] == ["VEVENT"]


def test_confirmation_email_for_waitlisted_has_no_ticket(mailoutbox, django_capture_on_commit_callbacks):
    full = EventFactory(capacity=0)

    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            event=full, full_name=NAME, email="huong@example.vn", phone="0912345678", consent=True
        )

    [sent] = mailoutbox
    parsed = email.message_from_bytes(sent.message().as_bytes())
    kinds = [part.get_content_type() for part in parsed.walk() if not part.is_multipart()]
    assert (kinds.count("image/png"), kinds.count("application/pdf")) == (0, 0)
    assert Ticket.objects.count() == 0

"""The trainee's own page, reached through the signed link in their e-mails: their registrations across
events, tickets, attendance so far and certificates, and nobody else's."""

import datetime
import re

import pytest
from django.utils import timezone

from checkin.models import Ticket
from events.calendar.services import personal_feed_get_or_create
from events.enums import EventKind, RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory
from tests.training.helpers import attend, make_course, scan_in, sessions_of, texts, vi
from training import services
from training.models import Certificate
from training.signing import person_page_path, person_token

pytestmark = pytest.mark.django_db

EMAIL = "mai.lan@example.vn"
OTHER = "hoang.nam@example.vn"


@pytest.fixture
def trainee_world(staff):
    """Mai Lan: a finished course (certificate), a running course (attendance so far), a workshop, and a
    pending registration. Hoàng Nam sits in the same two courses."""
    now = timezone.now().replace(microsecond=0)
    finished = make_course(
        starts=[now - datetime.timedelta(days=d) for d in (5, 4, 3, 2, 1)], title_vi="Lớp đã học xong"
    )
    running = make_course(
        starts=[now + datetime.timedelta(days=d) for d in (-2, -1, 1)], title_vi="Lớp đang học", capacity=20
    )
    workshop = EventFactory(kind=EventKind.WORKSHOP, title_vi="Hội thảo gọi vốn")
    approval = EventFactory(kind=EventKind.CONFERENCE, title_vi="Hội nghị cần duyệt", requires_approval=True)

    lan = {
        "finished": RegistrationFactory(event=finished.event, email=EMAIL, full_name="Phạm Thị Mai Lan"),
        "running": RegistrationFactory(
            event=running.event, email="Mai.Lan@Example.vn", full_name="Phạm Thị Mai Lan"
        ),
        "workshop": RegistrationFactory(event=workshop, email=EMAIL, full_name="Phạm Thị Mai Lan"),
        "pending": RegistrationFactory(
            event=approval, email=EMAIL, full_name="Phạm Thị Mai Lan", status=RegistrationStatus.PENDING
        ),
    }
    nam = {
        "finished": RegistrationFactory(event=finished.event, email=OTHER, full_name="Hoàng Văn Nam"),
        "running": RegistrationFactory(event=running.event, email=OTHER, full_name="Hoàng Văn Nam"),
    }
    attend(lan["finished"], sessions_of(finished)[:4])
    attend(nam["finished"], sessions_of(finished))
    scan_in(lan["running"], sessions_of(running)[0], minutes_after_start=30)
    attend(nam["running"], sessions_of(running)[:2])
    services.course_evaluate_completion(course=finished)
    return {"lan": lan, "nam": nam, "finished": finished, "running": running}


def articles(content: bytes) -> list[str]:
    return re.findall(r'<article class="card person-item" id="reg-(\w+)">', content.decode())


def test_person_page_shows_only_that_persons_registrations(client, trainee_world):
    lan, nam = trainee_world["lan"], trainee_world["nam"]

    response = client.get(person_page_path(EMAIL))

    assert response.status_code == 200
    assert sorted(articles(response.content)) == sorted(r.reference for r in lan.values())
    content = response.content.decode()
    for registration in nam.values():
        assert content.count(registration.reference) == 0
    assert (content.count("Hoàng Văn Nam"), content.count(OTHER)) == (0, 0)
    (nam_certificate,) = Certificate.objects.filter(registration=nam["finished"])
    assert content.count(nam_certificate.code) == 0
    assert texts(response.content, r"<h1>(.*?)</h1>") == [
        vi("Hello, %(name)s") % {"name": "Phạm Thị Mai Lan"}
    ]


def test_person_page_shows_attendance_so_far(client, trainee_world):
    lan = trainee_world["lan"]

    response = client.get(person_page_path(EMAIL))

    article = _article(response.content, lan["running"].reference)
    assert texts(article, r'<p class="attendance-summary">(.*?)</p>') == [
        vi("%(a)s of %(t)s sessions attended (%(r)s needed to complete)") % {"a": 1, "t": 3, "r": 3}
    ]
    assert re.findall(r'<li class="mark mark--(\w+)">', article.decode()) == ["late", "absent", "upcoming"]
    assert [s.split(" — ")[1] for s in texts(article, r'<li class="mark mark--\w+">(.*?)</li>')] == [
        vi("Late"),
        vi("Absent"),
        vi("Not held yet"),
    ]


def test_person_page_shows_certificate_and_tickets(client, trainee_world):
    lan = trainee_world["lan"]
    certificate = Certificate.objects.get(registration=lan["finished"])

    response = client.get(person_page_path(EMAIL))

    finished = _article(response.content, lan["finished"].reference)
    assert re.findall(r'<a class="button button--primary-inline" href="([^"]+)">', finished.decode()) == [
        f"/certificates/{certificate.code}/certificate.pdf"
    ]
    assert texts(finished, r'<p class="certificate"><strong>(.*?)</strong>') == [
        f"{vi('Certificate')} {certificate.display_number}"
    ]
    # Confirmed registrations have their ticket's link; the pending one has none.
    tickets = {
        ref: re.findall(
            r'<a class="button" href="(/tickets/[^"]+/ticket\.pdf)">',
            _article(response.content, ref).decode(),
        )
        for ref in articles(response.content)
    }
    assert {ref: len(links) for ref, links in tickets.items()} == {
        r.reference: 0 if key == "pending" else 1 for key, r in lan.items()
    }
    ticket_pdf = client.get(tickets[lan["workshop"].reference][0])
    assert (ticket_pdf.status_code, ticket_pdf.content[:5]) == (200, b"%PDF-")
    assert Ticket.objects.filter(registration=lan["pending"]).count() == 0
    assert client.get(f"/certificates/{certificate.code}/certificate.pdf").content[:5] == b"%PDF-"


def test_person_page_shows_revoked_certificate_as_revoked(client, trainee_world):
    lan = trainee_world["lan"]
    certificate = Certificate.objects.get(registration=lan["finished"])
    services.certificate_revoke(certificate=certificate, reason="Cấp nhầm")

    response = client.get(person_page_path(EMAIL))

    finished = _article(response.content, lan["finished"].reference)
    assert texts(finished, r'<p class="certificate certificate--revoked">(.*?)</p>') == [
        vi("Certificate %(n)s has been revoked.") % {"n": certificate.display_number}
    ]
    assert re.findall(r'class="button button--primary-inline"', finished.decode()) == []


def test_person_page_links_the_personal_calendar(client, trainee_world):
    response = client.get(person_page_path(EMAIL))

    feed = personal_feed_get_or_create(email=EMAIL)
    assert texts(response.content, r'<p class="feed">.*?<a href="([^"]+)">') == [
        f"http://testserver{feed.get_absolute_url()}"
    ]


def test_person_page_link_ignores_email_case(client, trainee_world):
    response = client.get(person_page_path("  MAI.LAN@example.VN "))

    assert sorted(articles(response.content)) == sorted(r.reference for r in trainee_world["lan"].values())


def test_person_page_tampered_token_is_404(client, trainee_world):
    token = person_token(EMAIL)
    value, signature = token.rsplit(":", 1)
    forged = f"{value}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    other_value = person_token(OTHER).rsplit(":", 1)[0]

    assert client.get(f"/me/{forged}/").status_code == 404
    assert client.get(f"/me/{other_value}:{signature}/").status_code == 404
    assert client.get("/me/khong-hop-le/").status_code == 404


def test_person_page_for_email_without_registrations_is_404(client, trainee_world):
    assert client.get(person_page_path("nobody@example.vn")).status_code == 404


def _article(content: bytes, reference: str) -> bytes:
    match = re.search(
        rf'<article class="card person-item" id="reg-{reference}">(.*?)</article>', content.decode(), re.S
    )
    assert match is not None, reference
    return match.group(1).encode()

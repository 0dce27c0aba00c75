"""A trainee opens their own page from the link in the confirmation e-mail, sees their attendance and
downloads their certificate."""

import datetime
import re

import pytest
from django.core import mail
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext

from events import services as event_services
from events.enums import EventKind, OrganizationKind
from events.models import Event, Session
from tests.training.helpers import pdf_text_lines, scan_in, sessions_of
from training.enums import CourseTopic
from training.models import Certificate, Course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Huỳnh Thị Thanh Trúc"
EMAIL = "thanhtruc.huynh@sokhcn.hochiminhcity.gov.vn"
TITLE = "Tập huấn quản lý vườn ươm doanh nghiệp khoa học công nghệ"


def _vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


@pytest.fixture
def course(db) -> Course:
    event = Event.objects.create(
        slug="tap-huan-vuon-uom",
        kind=EventKind.COURSE,
        title_vi=TITLE,
        title_en="Managing science and technology business incubators",
        status="published",
        capacity=40,
    )
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    for day in range(5):
        Session.objects.create(
            event=event,
            starts_at=start + datetime.timedelta(days=day),
            ends_at=start + datetime.timedelta(days=day, hours=4),
            room="Phòng 2.1",
        )
    return Course.objects.create(
        event=event,
        topic=CourseTopic.CAPACITY_BUILDING,
        eligible_kinds=[OrganizationKind.STATE_AGENCY],
        certificate_signer_name="Nguyễn Văn Ký",
        certificate_signer_title="Giám đốc",
    )


def _trainee_link(message) -> str:
    label = _vi("All your courses, events, attendance and certificates:")
    found = [line for line in message.body.splitlines() if line.startswith(label)]
    assert len(found) == 1, message.body
    match = re.fullmatch(rf"{re.escape(label)} (http://testserver(/me/[^/\s]+/))", found[0])
    assert match is not None, found[0]
    return match.group(2)


def test_trainee_page_from_email_shows_attendance_and_certificate(live_server, page, course):
    from playwright.sync_api import expect

    registration = event_services.registration_create(
        event=course.event,
        full_name=NAME,
        email=EMAIL,
        phone="0283 829 1234",
        organization_name="Sở Khoa học và Công nghệ TP.HCM",
        consent=True,
        extra={"organization_kind": OrganizationKind.STATE_AGENCY},
    ).registration
    (confirmation,) = mail.outbox
    path = _trainee_link(confirmation)

    # The course takes place: move it into the past, then the trainee is scanned at four of five classes
    # (once 20 minutes late). Each scan after the end re-applies the completion rule.
    Session.objects.filter(event=course.event).update(
        starts_at=F("starts_at") - datetime.timedelta(days=10),
        ends_at=F("ends_at") - datetime.timedelta(days=10),
    )
    sessions = sessions_of(course)
    for session in sessions[:3]:
        scan_in(registration, session)
    scan_in(registration, sessions[4], minutes_after_start=20)
    certificate = Certificate.objects.get(registration=registration)

    page.goto(live_server.url + path)

    article = page.locator(f"#reg-{registration.reference}")
    expect(page.locator("h1")).to_have_text(_vi("Hello, %(name)s") % {"name": NAME})
    expect(article.locator(".card__title")).to_have_text(TITLE)
    expect(article.locator(".attendance-summary")).to_have_text(
        _vi("%(a)s of %(t)s sessions attended (%(r)s needed to complete)") % {"a": 4, "t": 5, "r": 4}
    )
    marks = article.locator(".attendance-list li")
    expect(marks).to_have_count(5)
    assert [marks.nth(n).get_attribute("class") for n in range(5)] == [
        "mark mark--present",
        "mark mark--present",
        "mark mark--present",
        "mark mark--absent",
        "mark mark--late",
    ]

    link = article.locator(".certificate a.button")
    expect(link).to_have_text(_vi("Download certificate"))
    href = link.get_attribute("href")
    assert href == f"/certificates/{certificate.code}/certificate.pdf"
    download = page.request.get(live_server.url + href)
    assert (download.status, download.headers["content-type"], download.body()[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
    lines = pdf_text_lines(download.body())
    assert (lines.count(NAME), lines.count(TITLE)) == (1, 1)

    # The verification link next to it opens the public page that says the certificate is valid.
    article.locator(f'a[href="/certificates/{certificate.code}/"]').click()
    page.wait_for_url(f"{live_server.url}/certificates/{certificate.code}/")
    expect(page.locator(".verify--valid h2")).to_have_text(_vi("Valid certificate"))

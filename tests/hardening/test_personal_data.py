"""Personal data: registrations of events that ended long ago are anonymised while the report counts
stay the same; one person's data can be exported on request."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from checkin.services import checkin_scan, ticket_get_or_issue
from events.enums import EventKind, OrganizationKind
from events.exhibitions.models import Exhibitor, Meeting, MeetingStatus, VisitorKind
from events.mail.models import EmailTopic, OutgoingEmail
from events.mail.services import email_queue, registration_email
from events.models import Registration
from events.privacy import ANONYMOUS_DOMAIN, ANONYMOUS_NAME, pseudonym
from reports.indicators import Period, compute
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, StartupProjectFactory
from training.enums import CourseTopic
from training.models import Course
from training.services import course_evaluate_completion

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def course_ended(days_ago: int, slug: str, topic=CourseTopic.CAPACITY_BUILDING) -> Course:
    """A course with two 3-hour sessions, the last one ended `days_ago` days ago."""
    event = EventFactory(kind=EventKind.COURSE, slug=slug, title_vi=f"Lớp {slug}", session=None)
    last = timezone.now().replace(microsecond=0) - days_ago * DAY
    for start in (last - DAY, last):
        SessionFactory(event=event, starts_at=start - datetime.timedelta(hours=3), ends_at=start)
    return Course.objects.create(event=event, topic=topic)


def attend(registration: Registration) -> None:
    for session in registration.event.sessions.all():
        ticket = ticket_get_or_issue(registration=registration)
        assert checkin_scan(code=ticket.code, session=session, scanned_at=session.starts_at).result == "ok"


def enrol(course: Course, email: str, name: str, **fields) -> Registration:
    registration = RegistrationFactory(
        event=course.event,
        email=email,
        full_name=name,
        phone="0987654321",
        position="Chuyên viên",
        organization_name=fields.pop("organization_name", "Sở Khoa học và Công nghệ"),
        organization_kind=fields.pop("organization_kind", OrganizationKind.STATE_AGENCY),
        **fields,
    )
    attend(registration)
    return registration


@pytest.fixture
def history(db):
    """Two courses that ended about 800 days ago with the same person in both (in other letter case),
    one more old trainee, and a course that ended 10 days ago."""
    old_a, old_b = (
        course_ended(800, "lop-cu-a"),
        course_ended(790, "lop-cu-b", CourseTopic.POLICY_IMPLEMENTATION),
    )
    recent = course_ended(10, "lop-moi")
    people = {
        "lan_a": enrol(old_a, "Lan.Nguyen@Example.vn", "Nguyễn Thị Lan"),
        "lan_b": enrol(old_b, "lan.nguyen@example.vn", "Nguyễn Thị Lan"),
        "minh": enrol(
            old_a,
            "minh.tran@example.vn",
            "Trần Quang Minh",
            organization_name="Đại học Bách khoa",
            organization_kind=OrganizationKind.UNIVERSITY,
        ),
        "hoa": enrol(recent, "hoa.le@example.vn", "Lê Thị Hoa"),
    }
    for course in (old_a, old_b, recent):
        course_evaluate_completion(course=course)
    for registration in people.values():
        registration_email(registration, "confirmed")
    return people


def whole_period() -> Period:
    return Period(timezone.localdate() - 900 * DAY, timezone.localdate())


def anonymise(**options) -> str:
    out = io.StringIO()
    call_command("anonymise_old_registrations", stdout=out, **options)
    return out.getvalue().strip()


def test_anonymise_old_registrations_removes_names_and_phones(history):
    output = anonymise(days=730)

    assert output == "3 registration(s) anonymised (events ended more than 730 days ago)."
    old = Registration.objects.filter(pk__in=[history[k].pk for k in ("lan_a", "lan_b", "minh")])
    assert sorted(old.values_list("full_name", "phone", "position", "email")) == sorted(
        [
            (ANONYMOUS_NAME, "", "", pseudonym("lan.nguyen@example.vn")),
            (ANONYMOUS_NAME, "", "", pseudonym("lan.nguyen@example.vn")),
            (ANONYMOUS_NAME, "", "", pseudonym("minh.tran@example.vn")),
        ]
    )
    assert all(email.endswith("@" + ANONYMOUS_DOMAIN) for email in old.values_list("email", flat=True))
    # What the reports count stays: the organisation and its kind.
    assert sorted(old.values_list("organization_name", "organization_kind")) == [
        ("Sở Khoa học và Công nghệ", "state_agency"),
        ("Sở Khoa học và Công nghệ", "state_agency"),
        ("Đại học Bách khoa", "university"),
    ]


def test_anonymise_leaves_recent_registrations(history):
    anonymise(days=730)

    hoa = Registration.objects.get(pk=history["hoa"].pk)
    assert (hoa.full_name, hoa.email, hoa.phone, hoa.position) == (
        "Lê Thị Hoa",
        "hoa.le@example.vn",
        "0987654321",
        "Chuyên viên",
    )


def test_anonymise_keeps_every_report_figure(history):
    period = whole_period().counted_now()  # both counted as of one moment
    before = compute(period).as_dict()

    anonymise(days=730)
    after = compute(period).as_dict()

    assert after == before
    # Lan, Minh and Hoa: the same person in two old courses still counts once.
    assert after["indicators"]["trainees_attended"] == 3
    assert after["indicators"]["trainees_completed"] == 3


def test_anonymise_is_idempotent_and_follows_the_retention_setting(history, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 795

    # Only Minh: Lan also attended a course that is still within the retention period, so she keeps
    # her address in both until both are old (otherwise the reports would count her twice).
    assert anonymise() == "1 registration(s) anonymised (events ended more than 795 days ago)."
    assert anonymise() == "0 registration(s) anonymised (events ended more than 795 days ago)."
    assert Registration.objects.get(pk=history["lan_a"].pk).full_name == "Nguyễn Thị Lan"
    assert Registration.objects.get(pk=history["lan_b"].pk).full_name == "Nguyễn Thị Lan"


def test_anonymise_leaves_no_address_in_the_outbox(history):
    anonymise(days=730)

    recipients = set(OutgoingEmail.objects.values_list("recipient", flat=True))
    assert recipients == {
        pseudonym("lan.nguyen@example.vn"),
        pseudonym("minh.tran@example.vn"),
        "hoa.le@example.vn",
    }


def test_anonymise_meeting_requesters_of_old_events(db):
    event = EventFactory(kind=EventKind.MARKET_CONNECTION, session=None)
    start = timezone.now() - 800 * DAY
    SessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    exhibitor = Exhibitor.objects.create(
        event=event,
        project=StartupProjectFactory(),
        showcase_vi="Sản phẩm",
        contact_name="Đội dự án",
        contact_email="doi@example.vn",
        contact_phone="0912345678",
    )
    meeting = Meeting.objects.create(
        event=event,
        exhibitor=exhibitor,
        requester_name="Nhà đầu tư Bảo",
        requester_email="bao@quy.vn",
        requester_phone="0909123456",
        requester_kind=VisitorKind.INVESTOR,
        message="Muốn tìm hiểu",
        status=MeetingStatus.ACCEPTED,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=20),
        table="1",
    )
    email_queue(topic=EmailTopic.MEETING, obj=meeting, kind="requested", recipient="doi@example.vn")
    email_queue(topic=EmailTopic.MEETING, obj=meeting, kind="accepted", recipient="Bao@Quy.vn")

    anonymise(days=730)

    assert sorted(OutgoingEmail.objects.values_list("kind", "recipient")) == [
        ("accepted", pseudonym("bao@quy.vn")),
        ("requested", "doi@example.vn"),
    ]
    meeting.refresh_from_db()
    assert (meeting.requester_name, meeting.requester_email, meeting.requester_phone, meeting.message) == (
        ANONYMOUS_NAME,
        pseudonym("bao@quy.vn"),
        "",
        "",
    )


def test_anonymise_keeps_counts_for_a_person_with_old_and_recent_courses(history):
    recent = Course.objects.get(event__slug="lop-moi")
    enrol(recent, "minh.tran@example.vn", "Trần Quang Minh")
    before = compute(whole_period()).as_dict()["indicators"]

    anonymise(days=730)

    assert compute(whole_period()).as_dict()["indicators"] == before


# --- Export of one person's data ----------------------------------------------------------------------------


def export(email: str) -> tuple[dict, str]:
    out = io.StringIO()
    call_command("export_person_data", email, stdout=out)
    return json.loads(out.getvalue()), out.getvalue()


def test_export_person_data_holds_their_registrations_check_ins_and_certificates(certificate, guest):
    trainee = certificate.registration
    other = RegistrationFactory(
        event=trainee.event, email="nguoi.khac@example.vn", full_name="Phan Văn Khác", phone="0977000111"
    )
    attend(other)
    second = RegistrationFactory(event=guest.event, email="CHAU.LE@example.vn", full_name="Lê Minh Châu")

    data, text = export("Chau.Le@Example.vn")

    assert set(data) == {
        "email",
        "generated_at",
        "registrations",
        "check_ins",
        "certificates",
        "meetings",
        "exhibitor_teams",
    }
    assert [r["reference"] for r in data["registrations"]] == [trainee.reference, second.reference]
    assert [(r["event"], r["full_name"], r["status"]) for r in data["registrations"]] == [
        (trainee.event.title_vi, "Lê Minh Châu", "confirmed"),
        (guest.event.title_vi, "Lê Minh Châu", "confirmed"),
    ]
    assert [(c["event"], c["result"]) for c in data["check_ins"]] == [(trainee.event.title_vi, "ok")]
    assert [c["number"] for c in data["certificates"]] == [certificate.display_number]
    assert (data["meetings"], data["exhibitor_teams"]) == ([], [])
    # Nobody else's data: not the other trainee of the same course, not the other guest of the event.
    for foreign in (
        "Phan Văn Khác",
        "nguoi.khac@example.vn",
        "0977000111",
        guest.full_name,
        guest.email,
        other.reference,
        guest.reference,
    ):
        assert foreign not in text


def test_export_person_data_of_an_unknown_address_is_empty(db):
    data, _text = export("khong.co@example.vn")

    assert (data["registrations"], data["check_ins"], data["certificates"]) == ([], [], [])

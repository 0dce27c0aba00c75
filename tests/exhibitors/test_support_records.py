"""Support records carry the stage the project had on the record's date (from its stage history), not
its stage today: by hand (service and admin), from approvals, held meetings and course attendance."""

import datetime

import pytest
from django.utils import timezone

from checkin.services import checkin_scan, ticket_get_or_issue
from events.enums import EventKind, ProjectStage
from events.exhibitions.models import ExhibitorStatus, ParticipationKind, SupportKind, SupportRecord
from events.exhibitions.services import (
    exhibitor_approve,
    meeting_accept,
    meeting_record_held,
    support_record_create,
)
from events.models import Session
from events.services import project_stage_set
from tests.factories import EventFactory, RegistrationFactory, StartupProjectFactory
from training.enums import CourseTopic
from training.models import Course

from .helpers import exhibition_event, exhibitor_row, local, request_meeting

PRE, INC = ProjectStage.PRE_INCUBATION, ProjectStage.INCUBATION
HOURS = datetime.timedelta(hours=3)


@pytest.fixture
def project(db):
    """Pre-incubation from 1 January 2024, incubation from 1 June 2025 (so incubation today)."""
    project = StartupProjectFactory(name="Nông Sản Xanh", stage=PRE)
    project_stage_set(project=project, stage=PRE, effective_on=datetime.date(2024, 1, 1))
    project_stage_set(project=project, stage=INC, effective_on=datetime.date(2025, 6, 1))
    project.refresh_from_db()
    assert project.stage == INC
    return project


def _record(record: SupportRecord) -> tuple:
    return (record.project, record.kind, record.date, record.stage)


@pytest.mark.parametrize(
    ("day", "stage"),
    [
        (datetime.date(2023, 12, 31), ""),  # before the first recorded stage
        (datetime.date(2024, 1, 1), PRE),
        (datetime.date(2025, 3, 1), PRE),
        (datetime.date(2025, 5, 31), PRE),
        (datetime.date(2025, 6, 1), INC),
        (datetime.date(2025, 9, 1), INC),
    ],
)
def test_support_record_create_has_the_stage_on_its_date(project, day, stage):
    record = support_record_create(project=project, kind=SupportKind.MENTORING, date=day, note="Cố vấn")

    assert _record(SupportRecord.objects.get(pk=record.pk)) == (project, SupportKind.MENTORING, day, stage)


def test_support_record_create_by_hand_makes_one_record_each_time(project):
    for day in (datetime.date(2025, 3, 1), datetime.date(2025, 9, 1), datetime.date(2025, 9, 1)):
        support_record_create(project=project, kind=SupportKind.FUNDING, date=day)

    assert list(SupportRecord.objects.order_by("date", "pk").values_list("date", "stage")) == [
        (datetime.date(2025, 3, 1), PRE),
        (datetime.date(2025, 9, 1), INC),
        (datetime.date(2025, 9, 1), INC),
    ]


def test_support_record_keeps_its_stage_when_the_project_moves_on(project):
    record = support_record_create(project=project, kind=SupportKind.TESTING, date=datetime.date(2025, 9, 1))

    project_stage_set(
        project=project, stage=ProjectStage.ACCELERATION, effective_on=datetime.date(2026, 1, 1)
    )

    assert SupportRecord.objects.get(pk=record.pk).stage == INC


# --- From exhibitor approval ---------------------------------------------------------------------------


def _event_with_sessions(kind: str, *starts: datetime.datetime, slug: str):
    event = exhibition_event(kind=kind, slug=slug, starts=starts[0])
    for start in starts[1:]:
        Session.objects.create(event=event, starts_at=start, ends_at=start + HOURS)
    return event


def test_exhibitor_approve_records_the_stage_on_the_events_first_day(project):
    # The exhibition's first day is before the stage change, its second after: the first day counts. It
    # opens at 00:30 in Ho Chi Minh City, the evening before in UTC: the local date counts.
    exhibition = _event_with_sessions(
        EventKind.EXHIBITION, local(2025, 6, 10, 9), local(2025, 5, 10, 0, 30), slug="trien-lam-thang-5"
    )
    exhibitor = exhibitor_row(exhibition, project, status=ExhibitorStatus.SUBMITTED)

    exhibitor_approve(exhibitor=exhibitor)
    exhibitor_approve(exhibitor=exhibitor)

    record = SupportRecord.objects.get()
    assert (*_record(record), record.event, record.exhibitor) == (
        project,
        SupportKind.EXHIBITION,
        datetime.date(2025, 5, 10),
        PRE,
        exhibition,
        exhibitor,
    )


def test_exhibitor_approve_of_a_pitch_after_the_stage_change_records_a_pitch_at_incubation(project):
    demo_day = _event_with_sessions(EventKind.DEMO_DAY, local(2025, 9, 15, 14), slug="demo-day-thang-9")
    exhibitor = exhibitor_row(
        demo_day, project, status=ExhibitorStatus.SUBMITTED, kind=ParticipationKind.PITCH
    )

    exhibitor_approve(exhibitor=exhibitor)

    assert [_record(r) for r in SupportRecord.objects.all()] == [
        (project, SupportKind.PITCH, datetime.date(2025, 9, 15), INC)
    ]


def test_support_records_of_one_project_at_two_events_each_have_their_stage(project):
    spring = _event_with_sessions(EventKind.EXHIBITION, local(2025, 3, 1, 9), slug="trien-lam-mua-xuan")
    autumn = _event_with_sessions(EventKind.EXHIBITION, local(2025, 9, 1, 9), slug="trien-lam-mua-thu")

    for event in (spring, autumn):
        exhibitor_approve(exhibitor=exhibitor_row(event, project, status=ExhibitorStatus.SUBMITTED))

    assert list(SupportRecord.objects.order_by("date").values_list("event__slug", "date", "stage")) == [
        ("trien-lam-mua-xuan", datetime.date(2025, 3, 1), PRE),
        ("trien-lam-mua-thu", datetime.date(2025, 9, 1), INC),
    ]


# --- From a held meeting -------------------------------------------------------------------------------


def test_meeting_record_held_records_the_stage_on_the_meeting_day(project, market, staff):
    exhibitor = exhibitor_row(market, project)
    meeting = meeting_accept(meeting=request_meeting(exhibitor))

    meeting_record_held(meeting=meeting, held=True, by=staff, now=meeting.starts_at)  # as it begins

    record = SupportRecord.objects.get()
    assert (*_record(record), record.meeting, record.recorded_by) == (
        project,
        SupportKind.MEETING,
        timezone.localtime(meeting.starts_at).date(),
        INC,
        meeting,
        staff,
    )


# --- By hand in the admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", [SupportKind.TESTING, SupportKind.FUNDING, SupportKind.MENTORING, SupportKind.INVESTOR_CONNECTION]
)
@pytest.mark.parametrize(("day", "stage"), [("2025-03-01", PRE), ("2025-09-01", INC)])
def test_admin_add_support_record_computes_the_stage_from_the_date(
    client, superuser, project, kind, day, stage
):
    client.force_login(superuser)

    response = client.post(
        "/admin/events/supportrecord/add/",
        {
            "project": project.pk,
            "kind": kind,
            "date": day,
            "event": "",
            "note": "Hỗ trợ thử nghiệm tại chợ Bình Điền",
        },
    )

    assert response.status_code == 302
    record = SupportRecord.objects.get()
    assert (*_record(record), record.note, record.recorded_by, record.event) == (
        project,
        kind,
        datetime.date.fromisoformat(day),
        stage,
        "Hỗ trợ thử nghiệm tại chợ Bình Điền",
        superuser,
        None,
    )


def test_admin_change_support_record_date_recomputes_the_stage(client, superuser, project):
    record = support_record_create(project=project, kind=SupportKind.FUNDING, date=datetime.date(2025, 3, 1))
    client.force_login(superuser)

    response = client.post(
        f"/admin/events/supportrecord/{record.pk}/change/",
        {"project": project.pk, "kind": SupportKind.FUNDING, "date": "2025-09-01", "event": "", "note": ""},
    )

    assert response.status_code == 302
    assert _record(SupportRecord.objects.get()) == (
        project,
        SupportKind.FUNDING,
        datetime.date(2025, 9, 1),
        INC,
    )


# --- From course attendance (training.receivers) ---------------------------------------------------------


def _course(*starts: datetime.datetime):
    event = EventFactory(kind=EventKind.COURSE, session=None, slug="tap-huan-khoi-nghiep")
    for start in starts:
        Session.objects.create(event=event, starts_at=start, ends_at=start + HOURS)
    Course.objects.create(event=event, topic=CourseTopic.CAPACITY_BUILDING)
    return event


def _scan(registration, session) -> str:
    ticket = ticket_get_or_issue(registration=registration)
    return checkin_scan(code=ticket.code, session=session, scanned_at=session.starts_at).result


def test_course_checkin_of_a_startup_team_member_records_training_once(project):
    course = _course(local(2025, 3, 1, 8), local(2025, 9, 1, 8))
    first, second = course.sessions.order_by("starts_at")
    member = RegistrationFactory(event=course, startup_project=project)

    results = [_scan(member, first), _scan(member, first), _scan(member, second)]

    assert results == ["ok", "already_checked_in", "ok"]
    record = SupportRecord.objects.get()
    assert (*_record(record), record.event) == (
        project,
        SupportKind.TRAINING,
        datetime.date(2025, 3, 1),
        PRE,
        course,
    )


def test_course_checkin_of_two_members_of_one_team_records_training_once(project):
    course = _course(local(2025, 9, 1, 8))
    session = course.sessions.get()
    members = RegistrationFactory.create_batch(2, event=course, startup_project=project)

    assert [_scan(member, session) for member in members] == ["ok", "ok"]

    assert [_record(r) for r in SupportRecord.objects.all()] == [
        (project, SupportKind.TRAINING, datetime.date(2025, 9, 1), INC)
    ]


def test_course_checkin_of_a_person_without_a_project_records_nothing(db):
    course = _course(local(2025, 3, 1, 8))

    assert _scan(RegistrationFactory(event=course), course.sessions.get()) == "ok"

    assert SupportRecord.objects.count() == 0


def test_exhibition_checkin_of_a_team_member_records_no_training(project):
    exhibition = _event_with_sessions(EventKind.EXHIBITION, local(2025, 3, 1, 8), slug="trien-lam-thang-3")
    member = RegistrationFactory(event=exhibition, startup_project=project, is_exhibitor=True)

    assert _scan(member, exhibition.sessions.get()) == "ok"

    assert SupportRecord.objects.count() == 0

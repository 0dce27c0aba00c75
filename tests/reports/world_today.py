"""A hand-built world around one "today" (day D), with records before, on and after it, whose every
indicator is known when the figures are counted at D 12:00 (Ho Chi Minh City time).

The moment of counting is `World.moment`, D 12:00, with D the day after the real today: every row the
services stamp with the real clock (registrations, decisions) is then before it, and the reports are
counted as of it (`Period(..., as_of=world.moment)`), as if read at noon on D. Rows dated after the
moment stand for what the outside testing found (a support record of next week, a check-in from a
device whose clock runs ahead, a meeting marked held before it started, in the days before that was
refused): none of them may be counted.

Projects (stage history) — A: pre-incubation from 2025-01-01, incubation from D+1 (a stage change still
to come); B: incubation from 2025-01-01; C: acceleration from 2025-01-01; D: pre-incubation from
2025-01-01.

Courses
- K_PAST   capacity building, 2025-06-10 08:00-11:00. An (enterprise) attends and completes.
- K_TODAY  policy implementation (completion at 50 %), sessions D 08:00-10:00, D 11:00-13:00 (under way
           at noon: 1 of its 2 hours given) and D+1 08:00-10:00. Lan (state agency) attends the first two;
           Khoa (state agency) the first; Đức (team of C) the first (training support to C, dated D);
           Bình scans at 12:30 only (after the moment); Mai (team of D) scans on D+1 only (and so D's
           training support is dated D+1); Tú's registration is confirmed at 13:00. Completion is
           evaluated on D+1 after the last session: Lan completes, evaluated after the moment.
- K_LATER  a course whose only session is on D+7: not held.

Exhibitions and market connection
- EX_PAST  exhibition 2025-06-10; A approved (support 2025-06-10); visitor v1.
- EX_TODAY exhibition D and D+1 from 09:00; C approved (support dated D); v1 at D 10:00; v3 at D 13:00
           (after the moment); v2 on D+1.
- EX_LATER exhibition on D+7; B approved (support dated D+7, the case the testing found).
- DD_LATER demo day on D+1; A approved (support dated D+1, at incubation).
- MC_TODAY market connection D 09:00-15:00 and D+1 09:00-12:00; B pitches (support D); v4 at 09:30.
           Meetings: 10:00 held (recorded at noon); 13:00 and D+1 09:00 marked held before they started
           (as the grid allowed before), each with its meeting support record.

Support recorded by hand: A mentoring 2025-06-10, A testing D, A funding D+1, B funding D, D mentoring D+7.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from events.enums import EventKind, OrganizationKind, ProjectStage
from events.exhibitions.models import Meeting, MeetingStatus, ParticipationKind, SupportKind, VisitorKind
from events.exhibitions.services import exhibitor_approve, meeting_record_held, support_record_create
from events.models import Event, Registration, Session, StartupProject
from training.enums import CourseTopic
from training.models import Course
from training.services import course_evaluate_completion

from .world import World, _course, _event, _exhibitor, _project, _register, _sessions, local, scan

PAST = datetime.date(2025, 6, 10)


@dataclass
class TodayWorld(World):
    day: datetime.date = None  # D
    moment: datetime.datetime = None  # D 12:00, when the figures are counted
    meetings_by_time: dict = field(default_factory=dict)

    def at(self, days: int, hour: int, minute: int = 0) -> datetime.datetime:
        """D + `days` at hour:minute, Ho Chi Minh City time."""
        day = self.day + datetime.timedelta(days=days)
        return local(day.year, day.month, day.day, hour, minute)

    def date(self, days: int) -> datetime.date:
        return self.day + datetime.timedelta(days=days)


def _meeting(world: TodayWorld, event: Event, exhibitor, starts: datetime.datetime, name: str) -> Meeting:
    meeting = Meeting.objects.create(
        event=event,
        exhibitor=exhibitor,
        requester_name=name,
        requester_email=world.email(f"investor{starts:%d%H}"),
        requester_kind=VisitorKind.INVESTOR,
        message="Tìm hiểu sản phẩm",
        status=MeetingStatus.ACCEPTED,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=20),
        table="1",
    )
    world.meetings_by_time[starts] = meeting
    return meeting


def _marked_held_before_it_started(world: TodayWorld, meeting: Meeting) -> None:
    """What the grid did before "held" was refused ahead of the start: the mark and its support record."""
    Meeting.objects.filter(pk=meeting.pk).update(held=True, held_recorded_by=world.organiser)
    support_record_create(
        project=meeting.exhibitor.project,
        kind=SupportKind.MEETING,
        date=timezone.localtime(meeting.starts_at).date(),
        event=meeting.event,
        exhibitor=meeting.exhibitor,
        meeting=meeting,
        by=world.organiser,
    )


def build_today_world(suffix: str = "") -> TodayWorld:
    from tests.factories import UserFactory

    world = TodayWorld(suffix=suffix)
    world.day = timezone.localdate() + datetime.timedelta(days=1)
    world.moment = world.at(0, 12)
    world.organiser = UserFactory(username=f"to_chuc_hom_nay{suffix}")
    pre, inc, acc = ProjectStage.PRE_INCUBATION, ProjectStage.INCUBATION, ProjectStage.ACCELERATION
    start_2025 = datetime.date(2025, 1, 1)

    pa = _project(world, "PA", "Nông Sản Sạch", [(pre, start_2025), (inc, world.date(1))])
    pb = _project(world, "PB", "Y Tế Số", [(inc, start_2025)])
    pc = _project(world, "PC", "Năng Lượng Xanh", [(acc, start_2025)])
    pd = _project(world, "PD", "Giáo Dục Mở", [(pre, start_2025)])

    # --- Courses ---
    k_past = _course(world, "K_PAST", CourseTopic.CAPACITY_BUILDING, "Lớp tháng Sáu", [local(2025, 6, 10, 8)])
    today_starts = [world.at(0, 8), world.at(0, 11), world.at(1, 8)]
    k_today = _course(
        world,
        "K_TODAY",
        CourseTopic.POLICY_IMPLEMENTATION,
        "Triển khai chính sách khởi nghiệp",
        today_starts,
        hours=2,
    )
    Course.objects.filter(pk=k_today.pk).update(min_attendance_percent=50)
    k_later = _course(world, "K_LATER", CourseTopic.CAPACITY_BUILDING, "Lớp tuần sau", [world.at(7, 8)])

    state = OrganizationKind.STATE_AGENCY
    agency = "Sở Khoa học và Công nghệ TP.HCM"
    an = _register(
        world,
        k_past.event,
        "an",
        "Phạm Văn An",
        organization_name="Công ty Cổ phần Sáng Tạo",
        organization_kind=OrganizationKind.ENTERPRISE,
    )
    lan = _register(
        world, k_today.event, "lan", "Nguyễn Thị Lan", organization_name=agency, organization_kind=state
    )
    khoa = _register(
        world, k_today.event, "khoa", "Đặng Văn Khoa", organization_name=agency, organization_kind=state
    )
    duc = _register(
        world,
        k_today.event,
        "duc",
        "Võ Minh Đức",
        organization_name=pc.name,
        organization_kind=OrganizationKind.STARTUP,
        startup_project=pc,
    )
    binh = _register(
        world,
        k_today.event,
        "binh",
        "Trần Thanh Bình",
        organization_name="Trường Đại học Bách khoa",
        organization_kind=OrganizationKind.UNIVERSITY,
    )
    mai = _register(
        world,
        k_today.event,
        "mai",
        "Lê Thị Mai",
        organization_name=pd.name,
        organization_kind=OrganizationKind.STARTUP,
        startup_project=pd,
    )
    tu = _register(
        world, k_today.event, "tu", "Hồ Minh Tú", organization_name=agency, organization_kind=state
    )
    # Confirmed an hour after the moment of counting (from the waiting list, say).
    Registration.objects.filter(pk=tu.pk).update(confirmed_at=world.at(0, 13))
    _register(
        world, k_later.event, "lan", "Nguyễn Thị Lan", organization_name=agency, organization_kind=state
    )

    (k_past_session,) = _sessions(k_past.event)
    first, second, tomorrow = _sessions(k_today.event)
    scan(an, k_past_session)
    scan(lan, first)
    scan(lan, second)
    scan(khoa, first)
    scan(duc, first)  # training support to C, dated D
    scan(binh, second, minutes_after_start=90)  # 12:30: after the moment
    scan(mai, tomorrow)  # training support to D, dated D+1
    course_evaluate_completion(course=k_past, now=local(2025, 6, 10, 12))
    course_evaluate_completion(course=Course.objects.get(pk=k_today.pk), now=world.at(1, 11))

    # --- Exhibitions, demo day, market connection ---
    ex_past = _event(
        world, "EX_PAST", EventKind.EXHIBITION, "Triển lãm tháng Sáu", [local(2025, 6, 10, 8)], hours=9
    )
    ex_today = _event(
        world,
        "EX_TODAY",
        EventKind.EXHIBITION,
        "Triển lãm hôm nay",
        [world.at(0, 9), world.at(1, 9)],
        hours=8,
    )
    ex_later = _event(
        world, "EX_LATER", EventKind.EXHIBITION, "Triển lãm tuần sau", [world.at(7, 9)], hours=8
    )
    dd_later = _event(world, "DD_LATER", EventKind.DEMO_DAY, "Ngày hội trình diễn", [world.at(1, 9)], hours=4)
    mc_starts = [world.at(0, 9), world.at(1, 9)]
    mc_today = _event(
        world,
        "MC_TODAY",
        EventKind.MARKET_CONNECTION,
        "Kết nối thị trường",
        mc_starts,
        hours={mc_starts[0]: 6, mc_starts[1]: 3},
    )

    exhibitor_approve(exhibitor=_exhibitor(ex_past, pa), by=world.organiser)
    exhibitor_approve(exhibitor=_exhibitor(ex_today, pc), by=world.organiser)
    exhibitor_approve(exhibitor=_exhibitor(ex_later, pb), by=world.organiser)
    exhibitor_approve(exhibitor=_exhibitor(dd_later, pa), by=world.organiser)
    pitch = exhibitor_approve(
        exhibitor=_exhibitor(mc_today, pb, kind=ParticipationKind.PITCH), by=world.organiser
    )

    ex_past_day = _sessions(ex_past)[0]
    ex_today_first, ex_today_second = _sessions(ex_today)
    mc_first = _sessions(mc_today)[0]
    scan(_register(world, ex_past, "v1", "Khách tham quan Một"), ex_past_day)
    scan(_register(world, ex_today, "v1", "Khách tham quan Một"), ex_today_first, minutes_after_start=60)
    scan(_register(world, ex_today, "v3", "Khách tham quan Ba"), ex_today_first, minutes_after_start=240)
    scan(_register(world, ex_today, "v2", "Khách tham quan Hai"), ex_today_second, minutes_after_start=60)
    scan(_register(world, mc_today, "v4", "Nhà đầu tư Bốn"), mc_first, minutes_after_start=30)

    held = _meeting(world, mc_today, pitch, world.at(0, 10), "Nhà đầu tư Mười")
    meeting_record_held(meeting=held, held=True, by=world.organiser, now=world.moment)
    _marked_held_before_it_started(
        world, _meeting(world, mc_today, pitch, world.at(0, 13), "Nhà đầu tư Mười Ba")
    )
    _marked_held_before_it_started(world, _meeting(world, mc_today, pitch, world.at(1, 9), "Nhà đầu tư Chín"))

    # --- Support recorded by staff ---
    for project, kind, day in (
        (pa, SupportKind.MENTORING, PAST),
        (pa, SupportKind.TESTING, world.date(0)),
        (pa, SupportKind.FUNDING, world.date(1)),
        (pb, SupportKind.FUNDING, world.date(0)),
        (pd, SupportKind.MENTORING, world.date(7)),
    ):
        support_record_create(
            project=project, kind=kind, date=day, note="Ghi nhận thủ công", by=world.organiser
        )
    assert not Session.objects.filter(
        event__in=[ex_later, k_later.event], starts_at__lt=world.moment
    ).exists()
    assert StartupProject.objects.filter(pk__in=[pa.pk, pb.pk, pc.pk, pd.pk]).count() == 4
    return world

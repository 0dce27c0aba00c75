"""A small world of courses, events, people and projects in 2024-2025, built by hand through the
services (plain ORM where a service would refuse a past event), whose every indicator is known.

`build_world(suffix)` can be called several times with different suffixes: each call adds an
independent copy (its own e-mails, slugs, organisations and projects), for query-count tests.

What one copy holds (times are Ho Chi Minh City time):

Courses
- C0  capacity building, one session 2024-11-20 09:00-12:00; An (enterprise) attends.
- C1  capacity building, sessions 2025-03-10 and 2025-03-11 08:00-11:00 and a cancelled one on
      2025-03-12. Lan (state agency) attends both; Minh (university) attends the first, his scan at
      the second is undone by staff; Hoa (innovation centre) never scanned, staff mark her present at
      both; Đức (startup, team of P1) attends the first; Tuấn registered and cancelled.
- C2  policy implementation, 2025-08-05 08:00-12:00 and 2025-08-06 13:30-16:30. Lan again (same
      e-mail in other letter case) attends both; Khoa (state agency, same organisation as Lan in
      other letter case) attends the first; Bình (no organisation given) attends the second; Vy
      (intermediary) never comes.
- A course whose only 2025 session is cancelled, and a draft course with a 2025 session: not held.

Exhibitions and market connection
- E0  exhibition 2024-10-01, P1 approved.
- D1  demo day 2025-05-15, P1 approved; visitors v1 and v4 checked in.
- E1  exhibition 2025-08-20 and 2025-08-21, P2 approved (team member Mai checked in, not a visitor),
      P4 applied but not approved; v1 on both days, v2 on the first.
- M1  market connection 2025-09-10 09:00-12:00, P3 pitches (approved); v3 checked in; one meeting
      held at 10:00, another accepted at 10:20 but not held.
- A draft exhibition in 2025: not held.

Projects (stage history) and support records
- P1  pre-incubation from 2024-01-01, incubation from 2025-07-01. Exhibition E0 2024-10-01 (pre),
      training C1 2025-03-10 (pre, from Đức's check-in), demo day D1 2025-05-15 (pre), mentoring by
      hand 2025-09-15 (incubation).
- P2  pre-incubation from 2025-01-01, incubation from 2025-06-01, acceleration from 2025-10-01.
      Exhibition E1 2025-08-20 (incubation: its stage then, not today's acceleration).
- P3  incubation from 2024-06-01, acceleration from 2025-09-01. Funding by hand 2025-02-01
      (incubation), pitch M1 and the held meeting 2025-09-10 (acceleration).
- P4  acceleration from 2024-01-01. Connection to investors by hand 2024-12-01.
- P5  pre-incubation from 2025-10-15. Testing by hand 2025-11-01.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from checkin.models import CheckIn
from checkin.services import checkin_mark_present, checkin_scan, checkin_undo, ticket_get_or_issue
from events.enums import EventKind, EventStatus, OrganizationKind, ProjectStage, RegistrationStatus
from events.exhibitions.models import (
    Exhibitor,
    ExhibitorMember,
    Meeting,
    MeetingStatus,
    ParticipationKind,
    SupportKind,
    VisitorKind,
)
from events.exhibitions.services import exhibitor_approve, meeting_record_held, support_record_create
from events.models import Event, Registration, Session, StartupProject
from events.services import project_stage_set, registration_cancel
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from training.enums import CourseTopic
from training.models import Course
from training.services import course_evaluate_completion

STATE_AGENCY_NAME = "Sở Khoa học và Công nghệ TP.HCM"


def local(*args) -> datetime.datetime:
    """An aware datetime in Ho Chi Minh City time."""
    return timezone.make_aware(datetime.datetime(*args))


@dataclass
class World:
    suffix: str
    organiser: object = None
    courses: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)  # name -> list of registrations
    meetings: list = field(default_factory=list)

    def email(self, name: str) -> str:
        return f"{name}{self.suffix}@example.vn"


def _event(
    world: World, key: str, kind: str, title_vi: str, starts, *, hours=3, status=EventStatus.PUBLISHED
):
    event = EventFactory(
        kind=kind,
        slug=f"{key.lower()}{world.suffix}",
        title_vi=f"{title_vi}{world.suffix}",
        title_en=f"{key}{world.suffix}",
        status=status,
        session=None,
    )
    for start in starts:
        cancelled = False
        if isinstance(start, tuple):
            start, cancelled = start
        length = hours if isinstance(hours, int | float) else hours[start]
        Session.objects.create(
            event=event,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=length),
            is_cancelled=cancelled,
        )
    world.events[key] = event
    return event


def _course(world: World, key: str, topic: str, title_vi: str, starts, **kwargs) -> Course:
    event = _event(world, key, EventKind.COURSE, title_vi, starts, **kwargs)
    course = Course.objects.create(event=event, topic=topic, min_attendance_percent=80)
    world.courses[key] = course
    return course


def _register(world: World, event: Event, name: str, full_name: str, **fields) -> Registration:
    email = fields.pop("email", None) or world.email(name)
    registration = RegistrationFactory(event=event, full_name=full_name, email=email, **fields)
    world.people.setdefault(name, []).append(registration)
    return registration


def _sessions(event: Event) -> list[Session]:
    return list(event.sessions.filter(is_cancelled=False).order_by("starts_at"))


def scan(registration: Registration, session: Session, minutes_after_start: int = 5) -> CheckIn:
    """Check in at the door with the ticket, a few minutes after the session began."""
    ticket = ticket_get_or_issue(registration=registration)
    outcome = checkin_scan(
        code=ticket.code,
        session=session,
        gate="Cổng A",
        scanned_at=session.starts_at + datetime.timedelta(minutes=minutes_after_start),
    )
    assert outcome.result == "ok", outcome.result
    return outcome.checkin


def _project(world: World, key: str, name: str, stages: list[tuple[str, datetime.date]]) -> StartupProject:
    project = StartupProject.objects.create(
        name=f"{name}{world.suffix}",
        slug=f"{key.lower()}{world.suffix}",
        contact_email=world.email(key.lower()),
    )
    for stage, day in stages:
        project_stage_set(project=project, stage=stage, effective_on=day, by=world.organiser)
    world.projects[key] = project
    return project


def _exhibitor(
    event: Event, project: StartupProject, *, kind=ParticipationKind.BOOTH, members=()
) -> Exhibitor:
    """An application made before the event (plain ORM: the service refuses past deadlines)."""
    exhibitor = Exhibitor.objects.create(
        event=event,
        project=project,
        kind=kind,
        showcase_vi="Giới thiệu sản phẩm",
        contact_name="Người liên hệ",
        contact_email=project.contact_email,
        contact_phone="0912345678",
    )
    for full_name, email in members:
        ExhibitorMember.objects.create(
            exhibitor=exhibitor, full_name=full_name, email=email, phone="0912345678"
        )
    return exhibitor


def build_world(suffix: str = "") -> World:
    world = World(suffix=suffix)
    world.organiser = UserFactory(username=f"to_chuc{suffix}")
    pre, inc, acc = ProjectStage.PRE_INCUBATION, ProjectStage.INCUBATION, ProjectStage.ACCELERATION
    d = datetime.date

    # --- Projects and their stage history ---
    p1 = _project(world, "P1", "AgriSense", [(pre, d(2024, 1, 1)), (inc, d(2025, 7, 1))])
    p2 = _project(
        world, "P2", "MediLink", [(pre, d(2025, 1, 1)), (inc, d(2025, 6, 1)), (acc, d(2025, 10, 1))]
    )
    p3 = _project(world, "P3", "EduBot", [(inc, d(2024, 6, 1)), (acc, d(2025, 9, 1))])
    p4 = _project(world, "P4", "GreenPack", [(acc, d(2024, 1, 1))])
    p5 = _project(world, "P5", "CityFlow", [(pre, d(2025, 10, 15))])

    # --- Courses ---
    c0 = _course(world, "C0", CourseTopic.CAPACITY_BUILDING, "Lớp ươm tạo 2024", [local(2024, 11, 20, 9)])
    c1 = _course(
        world,
        "C1",
        CourseTopic.CAPACITY_BUILDING,
        "Nâng cao năng lực tổ chức hỗ trợ khởi nghiệp",
        [local(2025, 3, 10, 8), local(2025, 3, 11, 8), (local(2025, 3, 12, 8), True)],
    )
    c2_starts = [local(2025, 8, 5, 8), local(2025, 8, 6, 13, 30)]
    c2 = _course(
        world,
        "C2",
        CourseTopic.POLICY_IMPLEMENTATION,
        "Triển khai chính sách hỗ trợ khởi nghiệp đổi mới sáng tạo",
        c2_starts,
        hours={c2_starts[0]: 4, c2_starts[1]: 3},
    )
    _course(world, "C_CANCELLED", CourseTopic.CAPACITY_BUILDING, "Lớp bị hủy", [(local(2025, 4, 2, 8), True)])
    _course(
        world,
        "C_DRAFT",
        CourseTopic.CAPACITY_BUILDING,
        "Lớp nháp",
        [local(2025, 4, 3, 8)],
        status=EventStatus.DRAFT,
    )

    state, uni = OrganizationKind.STATE_AGENCY, OrganizationKind.UNIVERSITY
    an = _register(
        world,
        c0.event,
        "an",
        "Phạm Văn An",
        organization_name="Công ty Cổ phần Sáng Tạo",
        organization_kind=OrganizationKind.ENTERPRISE,
    )
    lan1 = _register(
        world, c1.event, "lan", "Nguyễn Thị Lan", organization_name=STATE_AGENCY_NAME, organization_kind=state
    )
    minh = _register(
        world,
        c1.event,
        "minh",
        "Trần Quang Minh",
        organization_name="Trường Đại học Bách khoa",
        organization_kind=uni,
    )
    hoa = _register(
        world,
        c1.event,
        "hoa",
        "Lê Thị Hoa",
        organization_name="Trung tâm Đổi mới sáng tạo Xuân Hòa",
        organization_kind=OrganizationKind.INNOVATION_CENTRE,
    )
    duc = _register(
        world,
        c1.event,
        "duc",
        "Võ Minh Đức",
        organization_name=p1.name,
        organization_kind=OrganizationKind.STARTUP,
        startup_project=p1,
    )
    tuan = _register(
        world,
        c1.event,
        "tuan",
        "Hoàng Anh Tuấn",
        organization_name="Vườn ươm Sáng Tạo",
        organization_kind=OrganizationKind.INTERMEDIARY,
    )
    # The same person as on C1, typing the address in other letter case.
    lan2 = _register(
        world,
        c2.event,
        "lan",
        "Nguyễn Thị Lan",
        email=world.email("lan").upper().replace("@EXAMPLE.VN", "@Example.vn"),
        organization_name=STATE_AGENCY_NAME,
        organization_kind=state,
    )
    khoa = _register(
        world,
        c2.event,
        "khoa",
        "Đặng Văn Khoa",
        organization_name=STATE_AGENCY_NAME.lower(),
        organization_kind=state,
    )
    binh = _register(world, c2.event, "binh", "Trần Thanh Bình", organization_name="", organization_kind="")
    _register(
        world,
        c2.event,
        "vy",
        "Đỗ Tường Vy",
        organization_name="Quỹ Hỗ trợ Khởi nghiệp",
        organization_kind=OrganizationKind.INTERMEDIARY,
    )

    c0s, c1s, c2s = _sessions(c0.event), _sessions(c1.event), _sessions(c2.event)
    scan(an, c0s[0])
    scan(lan1, c1s[0])
    scan(lan1, c1s[1])
    scan(minh, c1s[0])
    mistaken = scan(minh, c1s[1])
    checkin_undo(checkin=mistaken, by=world.organiser, reason="Quét nhầm vé")
    checkin_mark_present(registration=hoa, session=c1s[0], by=world.organiser, reason="Quên mang vé")
    checkin_mark_present(registration=hoa, session=c1s[1], by=world.organiser, reason="Quên mang vé")
    scan(duc, c1s[0])  # a startup team at a course: training support to P1, dated the session
    registration_cancel(registration=tuan, by=world.organiser, reason="Bận công tác")
    scan(lan2, c2s[0])
    scan(lan2, c2s[1])
    scan(khoa, c2s[0])
    scan(binh, c2s[1])
    for course in (c0, c1, c2):
        course_evaluate_completion(course=course)

    # --- Exhibitions, demo day, market connection ---
    e0 = _event(world, "E0", EventKind.EXHIBITION, "Triển lãm 2024", [local(2024, 10, 1, 8)], hours=8)
    d1 = _event(world, "D1", EventKind.DEMO_DAY, "Ngày hội trình diễn", [local(2025, 5, 15, 13)], hours=4)
    e1 = _event(
        world,
        "E1",
        EventKind.EXHIBITION,
        "Triển lãm sản phẩm khởi nghiệp",
        [local(2025, 8, 20, 8), local(2025, 8, 21, 8)],
        hours=9,
    )
    m1 = _event(world, "M1", EventKind.MARKET_CONNECTION, "Kết nối thị trường", [local(2025, 9, 10, 9)])
    _event(
        world,
        "E_DRAFT",
        EventKind.EXHIBITION,
        "Triển lãm nháp",
        [local(2025, 6, 1, 8)],
        status=EventStatus.DRAFT,
    )

    exhibitor_approve(exhibitor=_exhibitor(e0, p1), by=world.organiser)
    exhibitor_approve(exhibitor=_exhibitor(d1, p1), by=world.organiser)
    exhibitor_approve(
        exhibitor=_exhibitor(e1, p2, members=[("Lê Thị Mai", world.email("mai"))]), by=world.organiser
    )
    _exhibitor(e1, p4)  # applied, never approved
    pitch = exhibitor_approve(exhibitor=_exhibitor(m1, p3, kind=ParticipationKind.PITCH), by=world.organiser)

    d1s, e1s, m1s = _sessions(d1), _sessions(e1), _sessions(m1)
    v1_e1 = _register(world, e1, "v1", "Khách tham quan Một")
    scan(v1_e1, e1s[0])
    scan(v1_e1, e1s[1])
    scan(_register(world, e1, "v2", "Khách tham quan Hai"), e1s[0])
    mai = Registration.objects.get(event=e1, email__iexact=world.email("mai"))
    assert mai.is_exhibitor and mai.status == RegistrationStatus.CONFIRMED
    scan(mai, e1s[0])
    scan(_register(world, m1, "v3", "Nhà đầu tư Ba"), m1s[0])
    scan(_register(world, d1, "v1", "Khách tham quan Một"), d1s[0])
    scan(_register(world, d1, "v4", "Khách tham quan Bốn"), d1s[0])

    for minute, held in ((0, True), (20, False)):
        meeting = Meeting.objects.create(
            event=m1,
            exhibitor=pitch,
            requester_name=f"Nhà đầu tư {minute}",
            requester_email=world.email(f"investor{minute}"),
            requester_kind=VisitorKind.INVESTOR,
            message="Tìm hiểu sản phẩm",
            status=MeetingStatus.ACCEPTED,
            starts_at=local(2025, 9, 10, 10, minute),
            ends_at=local(2025, 9, 10, 10, minute + 20),
            table="1",
        )
        meeting_record_held(meeting=meeting, held=held, by=world.organiser)
        world.meetings.append(meeting)

    # --- Support recorded by staff ---
    for project, kind, day in (
        (p1, SupportKind.MENTORING, d(2025, 9, 15)),
        (p3, SupportKind.FUNDING, d(2025, 2, 1)),
        (p4, SupportKind.INVESTOR_CONNECTION, d(2024, 12, 1)),
        (p5, SupportKind.TESTING, d(2025, 11, 1)),
    ):
        support_record_create(
            project=project, kind=kind, date=day, note="Ghi nhận thủ công", by=world.organiser
        )
    return world

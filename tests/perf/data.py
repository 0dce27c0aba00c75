"""Generated data for the benchmarks: small tables through the ORM's bulk_create, the big ones
(registrations, check-ins, completions) with `INSERT ... SELECT` over generate_series in PostgreSQL.

The world, at scale 1:

- the main year (last calendar year): 1,000 events (300 five-session courses, 700 exhibitions,
  market-connection events, demo days, workshops and conferences of one or two days) with 2,500
  sessions, 200,000 registrations and 1,000,000 check-in records (successful scans, repeated scans of
  the same ticket, refused codes), completions for every course trainee, approved exhibitors and
  held meetings;
- the year before it: the same shape at one tenth (100 events, 20,000 registrations, 100,000
  check-ins), so the report's query count can be compared over 10x less data;
- 5,000 startup projects with a stage history and about four support records each over both years;
- 2,000 upcoming events for the catalogue (among them the scan event and the registration-rush event),
  so that the public calendar feed shows exactly 5,000 sessions;
- the scan event: a session open now, 12,000 confirmed registrations with signed tickets (2,000 of them
  already checked in) and 16 scanner devices.

Everything is deterministic (hashes of ids, no random numbers) except ticket codes and device tokens.
"""

import dataclasses
import datetime
import re
import sys
import time
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from checkin import crypto
from checkin.models import CheckIn, Ticket
from checkin.services import event_key_get_or_create, scanner_device_create
from events.enums import Audience, EventKind, EventStatus, OrganizationKind, ProjectStage, Sector
from events.exhibitions.models import Exhibitor, Meeting, SupportKind, SupportRecord
from events.models import (
    Event,
    Organization,
    ProjectStageChange,
    Registration,
    Session,
    StartupProject,
    Venue,
)
from training.enums import CourseTopic
from training.models import Completion, Course

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 2000
DESCRIPTION = (
    "Chương trình hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo Thành phố Hồ Chí Minh giai đoạn "
    "2024-2028: nội dung gồm chia sẻ kinh nghiệm, giới thiệu chính sách, kết nối doanh nghiệp, nhà đầu "
    "tư và các tổ chức thúc đẩy kinh doanh. Người tham dự đăng ký trực tuyến và nhận vé QR qua e-mail."
)
ORG_KINDS = list(OrganizationKind.values)
OTHER_KINDS = [  # the non-course events of a year, in proportion
    *[EventKind.EXHIBITION] * 2,
    EventKind.DEMO_DAY,
    *[EventKind.MARKET_CONNECTION] * 2,
    EventKind.WORKSHOP,
    EventKind.CONFERENCE,
]


def log(message: str) -> None:
    print(f"[perf] {message}", file=sys.stderr, flush=True)


@dataclasses.dataclass(frozen=True)
class Sizes:
    scale: float = 1.0

    def n(self, value: int) -> int:
        return max(1, round(value * self.scale))

    @property
    def courses(self) -> int:
        return self.n(300)

    @property
    def others(self) -> int:
        return self.n(700)

    @property
    def registrations(self) -> int:
        return self.n(200_000)

    @property
    def checkins(self) -> int:
        return self.n(1_000_000)

    @property
    def projects(self) -> int:
        return self.n(5_000)

    @property
    def catalogue_events(self) -> int:
        return self.n(2_000)

    @property
    def feed_sessions(self) -> int:
        return self.n(5_000)

    @property
    def scan_tickets(self) -> int:
        return self.n(12_000)

    @property
    def scan_already_in(self) -> int:
        return self.n(2_000)

    scanners: int = 16
    rush_capacity: int = 100


@dataclasses.dataclass
class World:
    main_year: int
    small_year: int
    counts: dict
    scan_session_id: int
    scan_event_slug: str
    device_tokens: list[str]
    fresh_codes: list[str]  # confirmed, not yet checked in
    present_codes: list[str]  # already checked in at the scan session
    foreign_codes: list[str]  # well-formed, signed with another key: answered `invalid`
    rush_event_slug: str
    catalogue_unique_title: str  # matches exactly one catalogue event (query-count comparison)


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _execute(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


_INSERT = re.compile(r"\s*INSERT INTO (\w+) \(([^)]*)\)(.*)", re.DOTALL)


def _insert(model, statement: str, params: dict) -> int:
    """Run `INSERT INTO <table> (<columns>) <query>`, filling the NOT NULL columns the query leaves out
    with their fields' defaults, so that a field added to a model later does not break the generator."""
    table, columns, query = _INSERT.fullmatch(statement).groups()
    if table != model._meta.db_table:
        raise ValueError(f"{table} is not {model._meta.label}'s table")
    names = [name.strip().strip('"') for name in columns.split(",")]
    extra = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.column in names:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        elif field.has_default():
            value = field.get_default()
        else:
            raise RuntimeError(
                f"{model._meta.label}.{field.name} has no default: give it a value in {__name__}"
            )
        extra.append((field.column, field.get_db_prep_save(value, connection)))
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(name) for name in [*names, *(column for column, _value in extra)])
    values = "".join(f", %(default_{i})s" for i in range(len(extra)))
    sql = f"INSERT INTO {quote(table)} ({column_list}) SELECT q.*{values} FROM ({query}) AS q"  # noqa: S608
    return _execute(sql, {**params, **{f"default_{i}": value for i, (_column, value) in enumerate(extra)}})


def _scalar(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# --- Reference data -------------------------------------------------------------------------------------


def _reference_data(sizes: Sizes) -> tuple[list[Organization], list[Venue], int]:
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Tổ chức hỗ trợ {i:03d}", kind=ORG_KINDS[i % len(ORG_KINDS)]) for i in range(300)
    )
    venues = Venue.objects.bulk_create(
        Venue(
            name=f"Trung tâm sự kiện {i}",
            address=f"{i + 1} Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh",
            district="Phường Sài Gòn",
            latitude="10.776000",
            longitude="106.700000",
        )
        for i in range(20)
    )
    stages = list(ProjectStage.values)
    sectors = list(Sector.values)
    projects = StartupProject.objects.bulk_create(
        (
            StartupProject(
                name=f"Dự án khởi nghiệp {i:05d}",
                slug=f"perf-project-{i:05d}",
                sector=sectors[i % len(sectors)],
                stage=stages[min(i % 5, 2)],
            )
            for i in range(sizes.projects)
        ),
        batch_size=BATCH,
    )
    return organizations, venues, projects[0].pk


def _projects_history(sizes: Sizes, first_project_id: int, years: tuple[int, int]) -> None:
    """A stage history (a first stage in 2023, a move up for some during the small year or the main
    year) and about four support records per project over the two years."""
    small, main = years
    changes = []
    records = []
    kinds = list(SupportKind.values)
    for i in range(sizes.projects):
        pk = first_project_id + i
        final = [ProjectStage.PRE_INCUBATION, ProjectStage.INCUBATION, ProjectStage.ACCELERATION][
            min(i % 5, 2)
        ]
        changes.append(
            ProjectStageChange(
                project_id=pk, stage=ProjectStage.PRE_INCUBATION, effective_on=datetime.date(2023, 6, 1)
            )
        )
        moved_on = datetime.date(small if i % 2 else main, 1 + i % 12, 1 + i % 28)
        if final != ProjectStage.PRE_INCUBATION:
            changes.append(ProjectStageChange(project_id=pk, stage=final, effective_on=moved_on))
        for r in range(1 + (i * 3) % 7):  # 1..7, four on average
            year = small if (i + r) % 3 == 0 else main
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=(i * 13 + r * 47) % 365)
            stage = final if day >= moved_on else ProjectStage.PRE_INCUBATION
            records.append(
                SupportRecord(project_id=pk, kind=kinds[(i + r) % len(kinds)], date=day, stage=stage)
            )
    ProjectStageChange.objects.bulk_create(changes, batch_size=BATCH)
    SupportRecord.objects.bulk_create(records, batch_size=BATCH)


# --- Events and sessions ----------------------------------------------------------------------------------


def _events(
    *,
    prefix: str,
    plan: list[tuple[str, int, datetime.datetime]],  # (kind, sessions, first start)
    organizations,
    venues,
    status_for=lambda i: EventStatus.CANCELLED if i % 50 == 49 else EventStatus.PUBLISHED,
    capacity_for=lambda i: None,
) -> list[Event]:
    events = Event.objects.bulk_create(
        (
            Event(
                slug=f"{prefix}-{i:05d}",
                kind=kind,
                title_vi=f"{EventKind(kind).label} {prefix} số {i}",
                title_en=f"{kind.replace('_', ' ').title()} {prefix} no. {i}",
                description_vi=DESCRIPTION,
                status=status_for(i),
                venue=venues[i % len(venues)],
                audience=list(Audience.values)[i % len(Audience.values)],
                organizer=organizations[i % len(organizations)],
                capacity=capacity_for(i),
            )
            for i, (kind, _sessions, _start) in enumerate(plan)
        ),
        batch_size=BATCH,
    )
    sessions = []
    for i, (event, (_kind, count, start)) in enumerate(zip(events, plan, strict=True)):
        for k in range(count):
            starts = start + datetime.timedelta(days=k)
            sessions.append(
                Session(
                    event=event,
                    title_vi=f"Buổi {k + 1}" if count > 1 else "",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=3),
                    room=f"Phòng {1 + (i + k) % 6}",
                    is_cancelled=(i * 7 + k) % 100 == 0,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    Course.objects.bulk_create(
        (
            Course(
                event=event,
                topic=CourseTopic.POLICY_IMPLEMENTATION if i % 3 == 0 else CourseTopic.CAPACITY_BUILDING,
            )
            for i, event in enumerate(events)
            if event.kind == EventKind.COURSE
        ),
        batch_size=BATCH,
    )
    return events


def _year_plan(year: int, courses: int, others: int) -> list[tuple[str, int, datetime.datetime]]:
    """Events spread over the year, courses (five daily sessions) evenly among the others (one or two
    days), every session inside the year."""
    total = courses + others
    plan = []
    j = 0
    for i in range(total):
        start = _local(datetime.date(year, 1, 1) + datetime.timedelta(days=(i * 355) // total), 8, 30)
        if (i + 1) * courses // total != i * courses // total:
            plan.append((EventKind.COURSE, 5, start))
        else:
            plan.append((OTHER_KINDS[j % len(OTHER_KINDS)], 1 if j % 7 < 4 else 2, start))
            j += 1
    return plan


# --- Registrations, check-ins, completions (SQL) ------------------------------------------------------


_REGISTRATIONS_SQL = """
INSERT INTO events_registration (
    reference, event_id, full_name, email, phone, organization_name, organization_kind, position,
    startup_project_id, status, is_exhibitor, source, language, consent_at, queued_at, created_at,
    updated_at, confirmed_at, cancelled_at, status_note)
SELECT
    'P' || (t.event_id * 100000 + g)::text,
    t.event_id,
    'Người tham dự ' || p.person,
    'nguoi' || p.person || '@example.vn',
    '0912345678',
    'Tổ chức ' || (p.person %% 500),
    (%(org_kinds)s::text[])[1 + p.person %% 10],
    '',
    CASE WHEN %(with_projects)s AND g %% 10 = 3 THEN %(first_project)s + p.person %% %(projects)s END,
    CASE WHEN g %% 20 = 0 THEN 'cancelled' WHEN g %% 20 = 1 THEN 'waitlisted' ELSE 'confirmed' END,
    t.kind <> 'course' AND g %% 25 = 2,
    'web', 'vi', t.at, t.at, t.at, t.at,
    CASE WHEN g %% 20 > 1 THEN t.at END,
    CASE WHEN g %% 20 = 0 THEN t.at END,
    ''
FROM unnest(%(event_ids)s::bigint[], %(counts)s::int[], %(kinds)s::text[], %(ats)s::timestamptz[])
    AS t(event_id, n, kind, at)
CROSS JOIN LATERAL generate_series(1, t.n) AS g
CROSS JOIN LATERAL (SELECT (t.event_id * 7919 + g) %% %(people)s AS person) AS p
"""

# One confirmed registration in ten never comes; the others are checked in at 85 % of their event's
# sessions (not the cancelled ones).
_CHECKINS_OK_SQL = """
INSERT INTO checkin_checkin (
    session_id, registration_id, code, result, source, gate, nonce, scanned_at, uploaded_at, offline,
    reason, undo_reason)
SELECT
    s.id, r.id, upper(md5(r.id::text) || md5(s.id::text) || md5(r.reference) || left(md5(r.email), 21)),
    'ok', 'scan', 'Cổng ' || (1 + r.id %% 4), md5('ok:' || r.id || ':' || s.id),
    s.starts_at - interval '30 minutes' + make_interval(mins => ((r.id * 31 + s.id) %% 60)::int),
    s.starts_at - interval '30 minutes' + make_interval(mins => ((r.id * 31 + s.id) %% 60)::int),
    false, '', ''
FROM events_registration r
JOIN events_session s ON s.event_id = r.event_id
WHERE r.event_id = ANY(%(event_ids)s::bigint[]) AND r.status = 'confirmed' AND NOT s.is_cancelled
    AND r.id %% 10 <> 7 AND (r.id * 17 + s.id * 13) %% 20 >= 3
"""

# The same ticket scanned again later that day (a door re-entry): `already_checked_in`.
_CHECKINS_AGAIN_SQL = """
INSERT INTO checkin_checkin (
    session_id, registration_id, code, result, source, gate, nonce, scanned_at, uploaded_at, offline,
    reason, undo_reason)
SELECT session_id, registration_id, code, 'already_checked_in', 'scan', gate, md5('again:' || id),
    scanned_at + interval '95 minutes', scanned_at + interval '95 minutes', false, '', ''
FROM checkin_checkin
WHERE result = 'ok' AND session_id = ANY(%(session_ids)s::bigint[])
ORDER BY id %% 997, id
LIMIT %(limit)s
"""

# Codes that are not ours (a photo of something else, a forged or mangled code): `invalid`.
_CHECKINS_INVALID_SQL = """
INSERT INTO checkin_checkin (
    session_id, registration_id, code, result, source, gate, nonce, scanned_at, uploaded_at, offline,
    reason, undo_reason)
SELECT s.id, NULL::bigint, upper(md5('x' || g) || md5('y' || g)), 'invalid', 'scan', 'Cổng 1',
    md5(%(tag)s || g), s.starts_at + make_interval(mins => (g %% 120)::int),
    s.starts_at + make_interval(mins => (g %% 120)::int), false, '', ''
FROM generate_series(1, %(limit)s) AS g
JOIN LATERAL (
    SELECT (%(session_ids)s::bigint[])[1 + g %% cardinality(%(session_ids)s::bigint[])] AS id
) AS pick ON true
JOIN events_session s ON s.id = pick.id
"""

# Hash joins over grouped counts: no per-row subquery, so the plan stays cheap whatever the statistics.
_COMPLETIONS_SQL = """
INSERT INTO training_completion (
    registration_id, course_id, sessions_total, sessions_attended, completed, evaluated_at)
WITH held AS (
    SELECT event_id, count(*) AS n FROM events_session
    WHERE event_id = ANY(%(event_ids)s::bigint[]) AND NOT is_cancelled
    GROUP BY event_id
), attended AS (
    SELECT ci.registration_id, count(*) AS n
    FROM checkin_checkin ci JOIN events_session s ON s.id = ci.session_id
    WHERE s.event_id = ANY(%(event_ids)s::bigint[]) AND ci.result = 'ok' AND ci.undone_at IS NULL
    GROUP BY ci.registration_id
)
SELECT r.id, c.id, held.n, LEAST(COALESCE(attended.n, 0), held.n),
    COALESCE(attended.n, 0) * 100 >= 80 * held.n, now()
FROM events_registration r
JOIN training_course c ON c.event_id = r.event_id
JOIN held ON held.event_id = r.event_id
LEFT JOIN attended ON attended.registration_id = r.id
WHERE r.event_id = ANY(%(event_ids)s::bigint[]) AND r.status = 'confirmed'
"""

_EXHIBITORS_SQL = """
INSERT INTO events_exhibitor (
    event_id, project_id, code, kind, status, showcase_vi, showcase_en, booth_needs, contact_name,
    contact_email, contact_phone, booth, decision_reason, language, applied_at, decided_at)
SELECT e.id, %(first_project)s + (e.id * 20 + g) %% %(projects)s, 'X' || (e.id * 100 + g)::text,
    CASE WHEN e.kind = 'demo_day' THEN 'pitch' ELSE 'booth' END, 'approved', 'Sản phẩm mẫu', '', '',
    'Trưởng nhóm ' || g, 'doi' || g || '@example.vn', '0912345678', 'B' || g, '', 'vi', now(), now()
FROM events_event e
CROSS JOIN generate_series(1, 20) AS g
WHERE e.id = ANY(%(event_ids)s::bigint[]) AND e.kind IN ('exhibition', 'demo_day', 'market_connection')
"""

_MEETINGS_SQL = """
INSERT INTO events_meeting (
    event_id, exhibitor_id, code, requester_name, requester_email, requester_phone,
    requester_organization, requester_kind, message, status, starts_at, ends_at, "table", held,
    language, created_at, updated_at)
SELECT x.event_id, x.id, 'M' || x.id::text, 'Khách ' || x.id, 'khach' || x.id || '@example.vn', '',
    '', 'investor', 'Trao đổi hợp tác', 'accepted',
    s.starts_at + make_interval(mins => (20 * (x.id %% 9))::int),
    s.starts_at + make_interval(mins => (20 * (x.id %% 9) + 20)::int), 'T' || x.id, true, 'vi', now(), now()
FROM events_exhibitor x
JOIN events_event e ON e.id = x.event_id AND e.kind = 'market_connection'
JOIN LATERAL (
    SELECT starts_at FROM events_session WHERE event_id = e.id ORDER BY starts_at LIMIT 1
) AS s ON true
WHERE x.event_id = ANY(%(event_ids)s::bigint[])
"""


def _year(*, year: int, factor: float, sizes: Sizes, organizations, venues, first_project_id: int) -> dict:
    """One past year of events with registrations, check-ins, completions, exhibitors and meetings."""
    started = time.monotonic()
    courses = max(1, round(sizes.courses * factor))
    others = max(1, round(sizes.others * factor))
    plan = _year_plan(year, courses, others)
    events = _events(prefix=f"y{year}", plan=plan, organizations=organizations, venues=venues)
    event_ids = [e.pk for e in events]
    sessions_by_event = {e.pk: count for e, (_k, count, _s) in zip(events, plan, strict=True)}
    session_ids = list(Session.objects.filter(event_id__in=event_ids).values_list("pk", flat=True))

    # Registrations: 48 % go to courses, the rest to the other events, evenly within each group.
    total = max(1, round(sizes.registrations * factor))
    course_ids = [e.pk for e in events if e.kind == EventKind.COURSE]
    other_ids = [e.pk for e in events if e.kind != EventKind.COURSE]
    course_total = round(total * 0.48) if other_ids else total
    counts = dict(zip(course_ids, _spread(course_total, len(course_ids)), strict=True))
    if other_ids:
        counts.update(zip(other_ids, _spread(total - course_total, len(other_ids)), strict=True))
    first_start = {e.pk: start for e, (_k, _c, start) in zip(events, plan, strict=True)}
    _insert(
        Registration,
        _REGISTRATIONS_SQL,
        {
            "event_ids": event_ids,
            "counts": [counts[pk] for pk in event_ids],
            "kinds": [e.kind for e in events],
            "ats": [first_start[pk] - datetime.timedelta(days=10) for pk in event_ids],
            "org_kinds": ORG_KINDS,
            "with_projects": True,
            "first_project": first_project_id,
            "projects": sizes.projects,
            "people": max(1000, round(total * 0.4)),  # people come back: fewer people than registrations
        },
    )

    # Check-ins: successful ones, then repeated scans, then refused codes, to exactly the target.
    target = max(1, round(sizes.checkins * factor))
    _execute("ANALYZE events_registration")
    ok = _insert(CheckIn, _CHECKINS_OK_SQL, {"event_ids": event_ids})
    _execute("ANALYZE checkin_checkin")
    if ok > target:
        raise RuntimeError(f"{ok} successful check-ins exceed the target of {target}")
    again = _insert(
        CheckIn, _CHECKINS_AGAIN_SQL, {"session_ids": session_ids, "limit": round((target - ok) * 0.6)}
    )
    invalid = _insert(
        CheckIn,
        _CHECKINS_INVALID_SQL,
        {"session_ids": session_ids, "limit": target - ok - again, "tag": f"bad{year}:"},
    )
    completions = _insert(Completion, _COMPLETIONS_SQL, {"event_ids": course_ids})
    exhibitors = _insert(
        Exhibitor,
        _EXHIBITORS_SQL,
        {"event_ids": event_ids, "first_project": first_project_id, "projects": sizes.projects},
    )
    meetings = _insert(Meeting, _MEETINGS_SQL, {"event_ids": event_ids})
    result = {
        "events": len(events),
        "courses": len(course_ids),
        "sessions": sum(sessions_by_event.values()),
        "registrations": total,
        "checkins": ok + again + invalid,
        "checkins_ok": ok,
        "checkins_already_checked_in": again,
        "checkins_invalid": invalid,
        "completions": completions,
        "exhibitors": exhibitors,
        "meetings": meetings,
    }
    log(f"year {year}: {result} in {time.monotonic() - started:.1f} s")
    return result


# --- Upcoming events: catalogue, scan, rush ---------------------------------------------------------------


def _catalogue(sizes: Sizes, organizations, venues, sessions_left: int) -> tuple[list[Event], str]:
    """Upcoming events (all but two of the catalogue; the scan and rush events are the other two) with
    the sessions the calendar feed still needs, and a few registrations each."""
    count = sizes.catalogue_events - 2
    sessions_left -= 2  # the scan and rush events have one session each
    two_day = max(0, min(count, sessions_left - count))
    kinds = [*OTHER_KINDS, EventKind.COURSE]
    today = timezone.localdate()
    plan = [
        (
            kinds[i % len(kinds)],
            2 if i < two_day else 1,
            _local(today + datetime.timedelta(days=3 + (i * 360) // count), 9),
        )
        for i in range(count)
    ]
    events = _events(
        prefix="upcoming",
        plan=plan,
        organizations=organizations,
        venues=venues,
        capacity_for=lambda i: None if i % 2 else 200,
    )
    Event.objects.filter(pk=events[count // 2].pk).update(title_vi="Ngày hội duy nhất Zeta", title_en="Zeta")
    _insert(
        Registration,
        _REGISTRATIONS_SQL,
        {
            "event_ids": [e.pk for e in events],
            "counts": [3] * len(events),
            "kinds": [e.kind for e in events],
            "ats": [timezone.now()] * len(events),
            "org_kinds": ORG_KINDS,
            "with_projects": False,
            "first_project": 0,
            "projects": 1,
            "people": 100_000,
        },
    )
    return events, "Zeta"


_SCAN_REGISTRATIONS_SQL = """
INSERT INTO events_registration (
    reference, event_id, full_name, email, phone, organization_name, organization_kind, position,
    status, is_exhibitor, source, language, consent_at, queued_at, created_at, updated_at, confirmed_at,
    status_note)
SELECT 'S' || g::text, %(event_id)s, 'Khách tham quan ' || g, 'khach' || g || '@example.vn', '0912345678',
    'Công ty ' || (g %% 300), 'enterprise', 'Giám đốc', 'confirmed', false, 'web', 'vi', now(), now(),
    now(), now(), now(), ''
FROM generate_series(1, %(n)s) AS g
"""


def _scan_event(sizes: Sizes, organizations, venues) -> dict:
    """An exhibition open for check-in now, its tickets, some people already in, and the scanners."""
    now = timezone.now()
    event = Event.objects.create(
        slug="perf-scan-expo",
        kind=EventKind.EXHIBITION,
        title_vi="Triển lãm đổi mới sáng tạo (quét vé)",
        description_vi=DESCRIPTION,
        status=EventStatus.PUBLISHED,
        venue=venues[0],
        organizer=organizations[0],
    )
    session = Session.objects.create(
        event=event, starts_at=now - datetime.timedelta(minutes=30), ends_at=now + datetime.timedelta(hours=8)
    )
    _insert(Registration, _SCAN_REGISTRATIONS_SQL, {"event_id": event.pk, "n": sizes.scan_tickets})
    key = event_key_get_or_create(event=event)
    private = bytes(key.private_key)
    registration_ids = list(event.registrations.order_by("pk").values_list("pk", flat=True))
    codes = [
        crypto.sign_code(private_key=private, key_id=key.key_id, ticket_id=crypto.new_ticket_id())
        for _ in registration_ids
    ]
    Ticket.objects.bulk_create(
        (Ticket(registration_id=pk, code=code) for pk, code in zip(registration_ids, codes, strict=True)),
        batch_size=BATCH,
    )
    # Some people are already inside: their tickets answer `already_checked_in`.
    present = sizes.scan_already_in
    _insert(
        CheckIn,
        """
        INSERT INTO checkin_checkin (session_id, registration_id, ticket_id, code, result, source, gate,
            scanned_at, uploaded_at, offline, reason, undo_reason)
        SELECT %(session)s, t.registration_id, t.id, t.code, 'ok', 'scan', 'Cổng 1', now(), now(), false,
            '', ''
        FROM checkin_ticket t WHERE t.registration_id = ANY(%(ids)s::bigint[])
        """,
        {"session": session.pk, "ids": registration_ids[:present]},
    )
    # Codes with the right shape and a valid signature under another key, for tickets that do not exist.
    other_private, _public = crypto.generate_keypair()
    foreign = [
        crypto.sign_code(private_key=other_private, key_id=key.key_id, ticket_id=crypto.new_ticket_id())
        for _ in range(500)
    ]
    tokens = [scanner_device_create(name=f"Cổng {i + 1}", events=[event])[1] for i in range(sizes.scanners)]
    return {
        "session_id": session.pk,
        "slug": event.slug,
        "tokens": tokens,
        "fresh": codes[present:],
        "present": codes[:present],
        "foreign": foreign,
    }


def _rush_event(sizes: Sizes, organizations, venues) -> str:
    now = timezone.now()
    event = Event.objects.create(
        slug="perf-rush-workshop",
        kind=EventKind.WORKSHOP,
        title_vi="Hội thảo gọi vốn (đăng ký đông)",
        description_vi=DESCRIPTION,
        status=EventStatus.PUBLISHED,
        venue=venues[1],
        organizer=organizations[1],
        capacity=sizes.rush_capacity,
        waitlist_enabled=True,
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(days=10),
    )
    start = now + datetime.timedelta(days=14)
    Session.objects.create(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    return event.slug


# --- Entry point ------------------------------------------------------------------------------------------


def generate(sizes: Sizes) -> World:
    started = time.monotonic()
    main_year = timezone.localdate().year - 1
    small_year = main_year - 1
    with transaction.atomic():
        organizations, venues, first_project_id = _reference_data(sizes)
        _projects_history(sizes, first_project_id, (small_year, main_year))
    log(f"reference data and {sizes.projects} projects in {time.monotonic() - started:.1f} s")
    main = _year(
        year=main_year,
        factor=1.0,
        sizes=sizes,
        organizations=organizations,
        venues=venues,
        first_project_id=first_project_id,
    )
    small = _year(
        year=small_year,
        factor=0.1,
        sizes=sizes,
        organizations=organizations,
        venues=venues,
        first_project_id=first_project_id,
    )
    step = time.monotonic()
    sessions_left = sizes.feed_sessions - main["sessions"] - small["sessions"]
    _catalogue_events, unique_title = _catalogue(sizes, organizations, venues, sessions_left)
    scan = _scan_event(sizes, organizations, venues)
    rush_slug = _rush_event(sizes, organizations, venues)
    log(f"upcoming events, scan event and tickets in {time.monotonic() - step:.1f} s")
    step = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"VACUUM ANALYZE in {time.monotonic() - step:.1f} s")
    counts = {
        "events": Event.objects.count(),
        "sessions": Session.objects.count(),
        "feed_sessions": Session.objects.filter(event__status__in=["published", "cancelled"]).count(),
        "registrations": _scalar("SELECT count(*) FROM events_registration"),
        "checkins": _scalar("SELECT count(*) FROM checkin_checkin"),
        "projects": StartupProject.objects.count(),
        "support_records": SupportRecord.objects.count(),
        "main_year": {"year": main_year, **main},
        "small_year": {"year": small_year, **small},
        "generation_seconds": round(time.monotonic() - started, 1),
    }
    log(f"data generated in {counts['generation_seconds']} s")
    return World(
        main_year=main_year,
        small_year=small_year,
        counts=counts,
        scan_session_id=scan["session_id"],
        scan_event_slug=scan["slug"],
        device_tokens=scan["tokens"],
        fresh_codes=scan["fresh"],
        present_codes=scan["present"],
        foreign_codes=scan["foreign"],
        rush_event_slug=rush_slug,
        catalogue_unique_title=unique_title,
    )


def database_size_mb() -> float:
    return round(_scalar("SELECT pg_database_size(current_database())") / 1024 / 1024, 1)


def catalogue_size() -> int:
    """Events the catalogue lists with no filter (upcoming, published or cancelled)."""
    from events.selectors import event_catalogue

    return event_catalogue().count()

"""Nothing that has not happened is counted: every indicator of the world around one day D
(tests/reports/world_today.py), counted at D 12:00, for periods ending in the past, on D and after D,
against counts made by hand; and the same through the API, the pages and the exports at the real clock."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from events.enums import OrganizationKind, ProjectStage
from events.exhibitions.models import SupportKind
from events.exhibitions.services import support_record_create
from reports.indicators import DRILLABLE, Period, compute, drill
from tests.factories import StartupProjectFactory

from .test_indicators import by_kind, by_stage, by_support
from .world_today import PAST, TodayWorld, build_today_world

pytestmark = pytest.mark.django_db

START_2025 = datetime.date(2025, 1, 1)


@pytest.fixture
def today_world(db) -> TodayWorld:
    return build_today_world()


def period(world: TodayWorld, start: datetime.date, end: datetime.date) -> Period:
    return Period(start, end, as_of=world.moment)


def quarter_of(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarters_between(start: datetime.date, end: datetime.date, counts: dict[str, tuple[int, int]]) -> list:
    """Every quarter from `start`'s to `end`'s, with (projects supported, trainees attended) from `counts`
    and zeros elsewhere."""
    rows, year, quarter = [], start.year, (start.month - 1) // 3 + 1
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        label = f"{year}-Q{quarter}"
        projects, trainees = counts.get(label, (0, 0))
        rows.append({"quarter": label, "projects_supported": projects, "trainees_attended": trainees})
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return rows


NO_SURVEY = {
    "trainees_answered": 0,
    "trainees_satisfied": 0,
    "trainees_satisfied_rate": None,
    "survey_response_rate": None,
    "exhibitor_leads": 0,
    "exhibitor_meetings_reported": 0,
}

# Counted on D at noon, from 2025-01-01 to D (and to any later end: the same figures).
UP_TO_TODAY = {
    # K_PAST and K_TODAY (which began at 08:00 on D); K_LATER starts next week.
    "courses_held": 2,
    # K_PAST's session, K_TODAY's 08:00 and 11:00 sessions; not tomorrow's.
    "sessions_held": 3,
    # An; Lan, Khoa, Đức, Bình, Mai. Tú was confirmed at 13:00, after the moment.
    "trainees_registered": 6,
    # An, Lan, Khoa, Đức. Bình scanned at 12:30 and Mai tomorrow.
    "trainees_attended": 4,
    # An. Lan's completion is evaluated tomorrow, after the last session.
    "trainees_completed": 1,
    "attendance_rate": 66.7,
    "completion_rate": 16.7,
    # Lan and Khoa at the policy course K_TODAY.
    "state_agency_policy_trainees": 2,
    # K_PAST 3 h, K_TODAY 2 h at 08:00 and the first hour of the 11:00 session, under way at noon.
    "training_hours": 6.0,
    # EX_PAST and EX_TODAY (its first day is D); EX_LATER is next week.
    "exhibitions_held": 2,
    # DD_LATER is tomorrow.
    "demo_days_held": 0,
    "market_connections_held": 1,
    # v1 (EX_PAST and EX_TODAY at 10:00) and v4; v3 came at 13:00, v2 tomorrow.
    "visitors_checked_in": 2,
    # A at EX_PAST, C at EX_TODAY, B at MC_TODAY; B at EX_LATER and A at DD_LATER are still to come.
    "exhibiting_projects": 3,
    # The 10:00 meeting; those at 13:00 and tomorrow were marked held before they began.
    "meetings_held": 1,
    # A, B, C; D's only support (mentoring, training) is after D.
    "projects_supported": 3,
    "projects_new": 3,
    "projects_cumulative": 3,
    # This world has no survey (the survey figures are counted in tests/reports/test_feedback_indicators.py).
    **NO_SURVEY,
}


def test_until_now_period_ending_today_every_figure(today_world):
    world = today_world
    report = compute(period(world, START_2025, world.day)).as_dict()

    assert report["indicators"] == UP_TO_TODAY
    assert report["counted_until"] == world.moment.isoformat()
    assert report["trainees_by_organisation_kind"] == by_kind(
        {OrganizationKind.ENTERPRISE: 1, OrganizationKind.STATE_AGENCY: 2, OrganizationKind.STARTUP: 1}
    )
    # A at pre-incubation (its incubation begins tomorrow, with the funding and the demo day of D+1),
    # B at incubation, C at acceleration.
    assert report["projects_by_stage"] == by_stage(pre=1, inc=1, acc=1)
    assert report["projects_by_support_kind"] == by_support(
        {
            "training": 1,  # C (Đức's check-in); D's from Mai's check-in is tomorrow
            "exhibition": 2,  # A at EX_PAST, C at EX_TODAY
            "pitch": 1,  # B
            "meeting": 1,  # B (the 13:00 meeting's record is dated D too; the one of D+1 is not counted)
            "testing": 1,  # A on D
            "funding": 1,  # B on D; A's is tomorrow
            "mentoring": 1,  # A in 2025; D's is next week
        }
    )
    assert [(t["stage"], t["value"]) for t in report["targets"]] == [
        (ProjectStage.PRE_INCUBATION, 1),
        (ProjectStage.INCUBATION, 1),
        (ProjectStage.ACCELERATION, 1),
    ]
    assert report["quarters"] == quarters_between(
        START_2025, world.day, {quarter_of(PAST): (1, 1), quarter_of(world.day): (3, 3)}
    )


@pytest.mark.parametrize("days_after", [1, 7, 30, 400])
def test_until_now_period_ending_later_counts_what_the_period_ending_today_counts(today_world, days_after):
    world = today_world
    today = compute(period(world, START_2025, world.day)).as_dict()
    later = compute(period(world, START_2025, world.date(days_after))).as_dict()

    assert later["end"] == world.date(days_after).isoformat()
    assert later["counted_until"] == world.moment.isoformat()
    for key in today:
        if key not in ("end", "counted_until", "targets"):
            assert later[key] == today[key], key
    # The milestone shown is the one of the end's year; the progress is the same.
    assert [t["value"] for t in later["targets"]] == [t["value"] for t in today["targets"]] == [1, 1, 1]


def test_until_now_this_calendar_year_stops_at_the_moment(today_world):
    world = today_world
    year = Period(
        datetime.date(world.day.year, 1, 1), datetime.date(world.day.year, 12, 31), as_of=world.moment
    )

    figures = compute(year).as_dict()["indicators"]

    # The day D only: what K_TODAY, EX_TODAY and MC_TODAY gave by noon, and the support dated D.
    assert figures == {
        "courses_held": 1,
        "sessions_held": 2,
        "trainees_registered": 5,  # Lan, Khoa, Đức, Bình, Mai
        "trainees_attended": 3,  # Lan, Khoa, Đức
        "trainees_completed": 0,
        "attendance_rate": 60.0,
        "completion_rate": 0.0,
        "state_agency_policy_trainees": 2,
        "training_hours": 3.0,
        "exhibitions_held": 1,
        "demo_days_held": 0,
        "market_connections_held": 1,
        "visitors_checked_in": 2,  # v1, v4
        "exhibiting_projects": 2,  # C, B
        "meetings_held": 1,
        "projects_supported": 3,
        "projects_new": 2,  # B and C; A was first supported in 2025
        "projects_cumulative": 3,
        **NO_SURVEY,
    }


def test_until_now_period_ending_in_the_past_every_figure(today_world):
    world = today_world
    report = compute(period(world, START_2025, datetime.date(2025, 12, 31))).as_dict()

    assert report["indicators"] == {
        "courses_held": 1,
        "sessions_held": 1,
        "trainees_registered": 1,
        "trainees_attended": 1,
        "trainees_completed": 1,
        "attendance_rate": 100.0,
        "completion_rate": 100.0,
        "state_agency_policy_trainees": 0,
        "training_hours": 3.0,
        "exhibitions_held": 1,
        "demo_days_held": 0,
        "market_connections_held": 0,
        "visitors_checked_in": 1,
        "exhibiting_projects": 1,
        "meetings_held": 0,
        "projects_supported": 1,
        "projects_new": 1,
        "projects_cumulative": 1,
        **NO_SURVEY,
    }
    assert report["counted_until"] == "2026-01-01T00:00:00+07:00"
    assert report["projects_by_stage"] == by_stage(pre=1, inc=0, acc=0)
    assert report["quarters"] == quarters_between(
        START_2025, datetime.date(2025, 12, 31), {quarter_of(PAST): (1, 1)}
    )


def test_until_now_period_entirely_after_the_moment_counts_nothing(today_world):
    world = today_world
    report = compute(period(world, world.date(1), world.date(30))).as_dict()

    figures = report["indicators"]
    # Support from 2024 to the end of the period stops at D too: A, B and C.
    assert figures.pop("projects_cumulative") == 3
    assert figures.pop("attendance_rate") is None
    assert figures.pop("completion_rate") is None
    assert figures.pop("trainees_satisfied_rate") is None
    assert figures.pop("survey_response_rate") is None
    assert set(figures.values()) == {0}
    assert report["projects_by_stage"] == by_stage(pre=0, inc=0, acc=0)
    assert report["quarters"] == []
    for key in DRILLABLE:
        if key != "projects_cumulative":
            assert drill(key, period(world, world.date(1), world.date(30))).rows == [], key


@pytest.mark.parametrize("days_after", [0, 7])
def test_until_now_drill_rows_are_the_figures(today_world, days_after):
    world = today_world
    counted = period(world, START_2025, world.date(days_after))
    report = compute(counted)

    for key in DRILLABLE:
        rows = drill(key, counted).rows
        if key == "training_hours":
            assert [row[3] for row in rows] == [3.0, 2.0, 1.0]
        else:
            assert len(rows) == report.figure(key).value, key
    names = {key: project.name for key, project in world.projects.items()}
    assert [row[0] for row in drill("projects_supported", counted).rows] == [
        names["PA"],  # Nông Sản Sạch (ô before ă, as the database sorts)
        names["PC"],  # Năng Lượng Xanh
        names["PB"],  # Y Tế Số
    ]
    assert [row[0] for row in drill("projects_supported", counted, stage=ProjectStage.INCUBATION).rows] == [
        names["PB"]
    ]
    assert [row[2] for row in drill("meetings_held", counted).rows] == [world.at(0, 10)]
    assert [row[1] for row in drill("trainees_attended", counted).rows] == [
        world.email("an"),
        world.email("duc"),
        world.email("khoa"),
        world.email("lan"),
    ]


# --- At the real clock: the API, the pages and the exports ------------------------------------------------


@pytest.fixture
def support_today_and_next_week(db):
    today = timezone.localdate()
    now_supported = StartupProjectFactory(name="Hôm Nay Tech")
    later_supported = StartupProjectFactory(name="Tuần Sau Tech")
    support_record_create(project=now_supported, kind=SupportKind.MENTORING, date=today)
    support_record_create(
        project=later_supported, kind=SupportKind.FUNDING, date=today + datetime.timedelta(days=7)
    )
    support_record_create(
        project=now_supported, kind=SupportKind.FUNDING, date=today + datetime.timedelta(days=1)
    )
    return today


def _query(today: datetime.date) -> str:
    return f"start={today.year}-01-01&end={today + datetime.timedelta(days=30)}"


def test_until_now_api_counts_no_support_dated_after_today(
    client, report_viewer, support_today_and_next_week
):
    client.force_login(report_viewer)

    body = client.get(f"/api/v1/reports/indicators/?{_query(support_today_and_next_week)}").json()

    figures = body["indicators"]
    assert (figures["projects_supported"], figures["projects_new"], figures["projects_cumulative"]) == (
        1,
        1,
        1,
    )
    assert body["projects_by_support_kind"] == by_support({"mentoring": 1})
    assert timezone.localdate(datetime.datetime.fromisoformat(body["counted_until"])) == (
        support_today_and_next_week
    )


def test_until_now_drill_page_lists_no_support_dated_after_today(
    client, report_viewer, support_today_and_next_week
):
    client.force_login(report_viewer)

    response = client.get(f"/reports/projects_supported/?{_query(support_today_and_next_week)}")

    rows = response.context["drill"].rows
    assert [(row[0], row[1], row[3]) for row in rows] == [("Hôm Nay Tech", support_today_and_next_week, 1)]


def test_until_now_exports_count_no_support_dated_after_today(
    client, report_viewer, support_today_and_next_week
):
    client.force_login(report_viewer)
    query = _query(support_today_and_next_week)

    workbook = load_workbook(io.BytesIO(client.get(f"/reports/?{query}&format=xlsx").content))
    sheet = workbook["Số dự án được hỗ trợ"]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["Hôm Nay Tech"]

    content = client.get(f"/reports/?{query}&format=csv").content.decode("utf-8-sig")
    values = {row[1]: row[2] for row in csv.reader(io.StringIO(content))}
    assert values["Số dự án được hỗ trợ"] == "1"

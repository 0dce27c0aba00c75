"""Every indicator of the hand-built world (tests/reports/world.py), for two periods, and the rows behind
each figure."""

import datetime

import pytest
from django.utils.translation import gettext

from events.enums import OrganizationKind, ProjectStage
from events.exhibitions.models import SupportKind
from events.exhibitions.services import support_record_create
from events.models import StartupProject
from reports.indicators import DRILLABLE, PLAN_START, Period, compute, drill
from reports.models import Milestone

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
Q3_2025 = Period.quarter(2025, 3)

KIND_LABELS = dict(OrganizationKind.choices)
STAGE_LABELS = dict(ProjectStage.choices)
SUPPORT_LABELS = dict(SupportKind.choices)


def by_kind(counts: dict[str, int], not_stated: int | None = None) -> list[dict]:
    rows = [
        {"kind": kind, "label": str(KIND_LABELS[kind]), "count": counts.get(kind, 0)}
        for kind in OrganizationKind.values
    ]
    if not_stated is not None:
        rows.append({"kind": "", "label": gettext("Not stated"), "count": not_stated})
    return rows


def by_stage(pre: int, inc: int, acc: int) -> list[dict]:
    counts = dict(zip(ProjectStage.values, (pre, inc, acc), strict=True))
    return [{"stage": s, "label": str(STAGE_LABELS[s]), "count": counts[s]} for s in ProjectStage.values]


def by_support(counts: dict[str, int]) -> list[dict]:
    return [
        {"kind": k, "label": str(SUPPORT_LABELS[k]), "count": counts.get(k, 0)} for k in SupportKind.values
    ]


def target(stage: str, value: int, goal: int, percent: float, milestone: int, on_track=False) -> dict:
    return {
        "stage": stage,
        "label": str(STAGE_LABELS[stage]),
        "value": value,
        "target": goal,
        "year": 2028,
        "percent": percent,
        "milestone": milestone,
        "on_track": on_track,
    }


def drill_names(key: str, period: Period, column: int = 0, **filters) -> list:
    return [row[column] for row in drill(key, period, **filters).rows]


# --- 2025 ---------------------------------------------------------------------------------------------------


def test_indicators_2025_every_figure(world):
    report = compute(YEAR_2025).as_dict()

    assert (report["start"], report["end"]) == ("2025-01-01", "2025-12-31")
    assert report["indicators"] == {
        # C1 and C2; the course with only a cancelled session and the draft course are not held.
        "courses_held": 2,
        # C1's two held sessions (its cancelled one does not count) and C2's two.
        "sessions_held": 4,
        # Lan (twice, once in capitals: one person), Minh, Hoa, Đức, Khoa, Bình, Vy; Tuấn cancelled.
        "trainees_registered": 7,
        # Everyone but Vy; Hoa through staff corrections only.
        "trainees_attended": 6,
        # Lan (both courses, one person) and Hoa; Minh's second scan was undone, so he has 1 of 2.
        "trainees_completed": 2,
        "attendance_rate": 85.7,
        "completion_rate": 28.6,
        # Lan and Khoa at the policy course C2 (state agency); Bình gave no organisation kind.
        "state_agency_policy_trainees": 2,
        # C1 3 h + 3 h, C2 4 h + 3 h.
        "training_hours": 13.0,
        # No course of this world has a survey (tests/reports/test_feedback_indicators.py has them).
        "trainees_answered": 0,
        "trainees_satisfied": 0,
        "trainees_satisfied_rate": None,
        "survey_response_rate": None,
        "exhibitions_held": 1,
        "demo_days_held": 1,
        "market_connections_held": 1,
        # v1 (three check-ins at two events), v2, v3, v4; P2's team member Mai is not a visitor.
        "visitors_checked_in": 4,
        # P1 at D1, P2 at E1, P3 at M1; P4 applied to E1 but was not approved.
        "exhibiting_projects": 3,
        # The meeting at 10:00; the one at 10:20 did not take place.
        "meetings_held": 1,
        "exhibitor_leads": 0,
        "exhibitor_meetings_reported": 0,
        "projects_supported": 4,
        # P2, P3 and P5; P1 was first supported in 2024.
        "projects_new": 3,
        "projects_cumulative": 5,
    }
    assert report["trainees_by_organisation_kind"] == by_kind(
        {"innovation_centre": 1, "university": 1, "state_agency": 2, "startup": 1}, not_stated=1
    )
    # Unique organisation names of attending trainees: Lan's and Khoa's agency is one (letter case).
    assert report["organisations_by_kind"] == by_kind(
        {"innovation_centre": 1, "university": 1, "state_agency": 1, "startup": 1}
    )
    # The stage at the time of support: P1 pre-incubation until July, then incubation (both count);
    # P2 was at incubation at E1 although it is at acceleration today; P3 incubation in February,
    # acceleration in September.
    assert report["projects_by_stage"] == by_stage(pre=2, inc=3, acc=1)
    assert report["projects_by_support_kind"] == by_support(
        {
            "training": 1,
            "exhibition": 2,
            "pitch": 1,
            "meeting": 1,
            "testing": 1,
            "funding": 1,
            "mentoring": 1,
        }
    )
    # From 2024 to the end of 2025: pre-incubation P1, P5; incubation P1, P2, P3; acceleration P3, P4.
    # Milestones for 2025 are two fifths of each target.
    assert report["targets"] == [
        target("pre_incubation", 2, 1000, 0.2, 400),
        target("incubation", 3, 700, 0.4, 280),
        target("acceleration", 2, 200, 1.0, 80),
    ]
    assert report["quarters"] == [
        {"quarter": "2025-Q1", "projects_supported": 2, "trainees_attended": 4},
        {"quarter": "2025-Q2", "projects_supported": 1, "trainees_attended": 0},
        {"quarter": "2025-Q3", "projects_supported": 3, "trainees_attended": 3},
        {"quarter": "2025-Q4", "projects_supported": 1, "trainees_attended": 0},
    ]


def test_indicators_2025_stage_is_the_stage_at_the_time_of_support(world):
    p2 = world.projects["P2"]
    p2.refresh_from_db()

    assert p2.stage == ProjectStage.ACCELERATION
    assert drill_names("projects_supported", YEAR_2025, stage=ProjectStage.INCUBATION) == [
        world.projects["P1"].name,  # AgriSense
        world.projects["P3"].name,  # EduBot
        world.projects["P2"].name,  # MediLink
    ]
    assert drill_names("projects_supported", YEAR_2025, stage=ProjectStage.ACCELERATION) == [
        world.projects["P3"].name
    ]


# --- 2025, third quarter ------------------------------------------------------------------------------------


def test_indicators_2025_q3_every_figure(world):
    report = compute(Q3_2025).as_dict()

    assert (report["start"], report["end"]) == ("2025-07-01", "2025-09-30")
    assert report["indicators"] == {
        "courses_held": 1,
        "sessions_held": 2,
        "trainees_registered": 4,  # Lan, Khoa, Bình, Vy
        "trainees_attended": 3,  # Lan, Khoa, Bình
        "trainees_completed": 1,  # Lan
        "attendance_rate": 75.0,
        "completion_rate": 25.0,
        "state_agency_policy_trainees": 2,
        "training_hours": 7.0,
        # No course of this world has a survey (tests/reports/test_feedback_indicators.py has them).
        "trainees_answered": 0,
        "trainees_satisfied": 0,
        "trainees_satisfied_rate": None,
        "survey_response_rate": None,
        "exhibitions_held": 1,
        "demo_days_held": 0,
        "market_connections_held": 1,
        "visitors_checked_in": 3,  # v1, v2, v3
        "exhibiting_projects": 2,  # P2, P3
        "meetings_held": 1,
        "exhibitor_leads": 0,
        "exhibitor_meetings_reported": 0,
        "projects_supported": 3,  # P1 (mentoring), P2, P3
        "projects_new": 1,  # P2; P3 was first supported in February
        "projects_cumulative": 4,  # P1 to P4; P5's first support is in November
    }
    assert report["trainees_by_organisation_kind"] == by_kind({"state_agency": 2}, not_stated=1)
    assert report["organisations_by_kind"] == by_kind({"state_agency": 1})
    assert report["projects_by_stage"] == by_stage(pre=0, inc=2, acc=1)
    assert report["projects_by_support_kind"] == by_support(
        {"exhibition": 1, "pitch": 1, "meeting": 1, "mentoring": 1}
    )
    assert report["targets"] == [
        target("pre_incubation", 1, 1000, 0.1, 400),
        target("incubation", 3, 700, 0.4, 280),
        target("acceleration", 2, 200, 1.0, 80),
    ]
    assert report["quarters"] == [{"quarter": "2025-Q3", "projects_supported": 3, "trainees_attended": 3}]


def test_indicators_plan_so_far_counts_2024_too(world):
    figures = compute(Period.plan_so_far()).as_dict()["indicators"]

    assert (figures["courses_held"], figures["trainees_attended"], figures["exhibitions_held"]) == (3, 7, 2)
    assert (figures["projects_supported"], figures["projects_new"], figures["projects_cumulative"]) == (
        5,
        5,
        5,
    )


def test_indicators_milestone_edited_by_staff_changes_on_track(world):
    Milestone.objects.filter(target__stage=ProjectStage.ACCELERATION, year=2025).update(value=2)

    targets = compute(YEAR_2025).targets

    assert [(t["stage"], t["milestone"], t["on_track"]) for t in targets] == [
        ("pre_incubation", 400, False),
        ("incubation", 280, False),
        ("acceleration", 2, True),
    ]


# --- Drill-downs --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period", [YEAR_2025, Q3_2025, Period.plan_so_far()], ids=["2025", "2025-Q3", "plan"]
)
def test_drill_rows_add_up_to_each_figure(world, period):
    report = compute(period)

    for key in DRILLABLE:
        rows = drill(key, period).rows
        figure = report.figure(key).value
        if key == "training_hours":
            assert round(sum(row[3] for row in rows), 1) == figure, key
        else:
            assert len(rows) == figure, key
    for row in report.projects_by_stage:
        assert len(drill("projects_supported", period, stage=row["stage"]).rows) == row["count"]
    for row in report.projects_by_kind:
        assert len(drill("projects_supported", period, kind=row["kind"]).rows) == row["count"]
    since_plan = Period(PLAN_START, period.end)
    for row in report.targets:
        assert len(drill("projects_cumulative", since_plan, stage=row["stage"]).rows) == row["value"]


def test_drill_trainees_one_row_per_person_with_their_courses(world):
    rows = drill("trainees_registered", YEAR_2025).rows

    assert [(row[1], row[4]) for row in rows] == [
        (world.email("binh"), 1),
        (world.email("duc"), 1),
        (world.email("hoa"), 1),
        (world.email("khoa"), 1),
        (world.email("lan"), 2),  # C1 and C2, one person whatever the letter case
        (world.email("minh"), 1),
        (world.email("vy"), 1),
    ]
    assert drill_names("trainees_completed", YEAR_2025) == ["Lê Thị Hoa", "Nguyễn Thị Lan"]
    assert drill_names("state_agency_policy_trainees", YEAR_2025) == ["Đặng Văn Khoa", "Nguyễn Thị Lan"]


def test_drill_sessions_list_each_held_session_with_hours(world):
    rows = drill("training_hours", YEAR_2025).rows

    assert [(row[0], row[1].date(), row[3]) for row in rows] == [
        (world.courses["C1"].event.title_vi, datetime.date(2025, 3, 10), 3.0),
        (world.courses["C1"].event.title_vi, datetime.date(2025, 3, 11), 3.0),
        (world.courses["C2"].event.title_vi, datetime.date(2025, 8, 5), 4.0),
        (world.courses["C2"].event.title_vi, datetime.date(2025, 8, 6), 3.0),
    ]


def test_drill_projects_new_and_meetings(world):
    names = {key: project.name for key, project in world.projects.items()}

    assert drill_names("projects_new", YEAR_2025) == [names["P5"], names["P3"], names["P2"]]
    assert drill_names("projects_cumulative", Q3_2025) == [names["P1"], names["P3"], names["P4"], names["P2"]]
    assert drill_names("meetings_held", YEAR_2025, column=1) == ["Nhà đầu tư 0"]
    assert drill_names("exhibiting_projects", Q3_2025) == [names["P3"], names["P2"]]


def test_drill_projects_stage_then_is_the_stage_at_the_first_support_in_the_period(world):
    names = {key: project.name for key, project in world.projects.items()}
    pre, inc = str(STAGE_LABELS["pre_incubation"]), str(STAGE_LABELS["incubation"])

    rows = drill("projects_supported", YEAR_2025).rows

    # P1 was at pre-incubation in March (incubation only from July); P3 at incubation in February
    # (acceleration only from September).
    assert rows == [
        [names["P1"], datetime.date(2025, 3, 10), pre, 3],
        [names["P5"], datetime.date(2025, 11, 1), pre, 1],
        [names["P3"], datetime.date(2025, 2, 1), inc, 3],
        [names["P2"], datetime.date(2025, 8, 20), inc, 1],
    ]


def test_drill_projects_with_the_same_name_are_two_rows(world):
    twin = StartupProject.objects.create(name=world.projects["P2"].name, slug="medilink-khac")
    support_record_create(project=twin, kind=SupportKind.MENTORING, date=datetime.date(2025, 8, 1))
    report = compute(Q3_2025)

    assert report.figure("projects_supported").value == 4
    assert len(drill("projects_supported", Q3_2025).rows) == 4

"""The survey indicators equal hand counts on a hand-built world, are cut at the end of the period, and
their drill-down names nobody who answered an anonymous survey."""

import datetime

import pytest
from django.utils import timezone, translation

from feedback.models import SurveyAudience
from feedback.services import response_submit, survey_create_from_template, survey_send
from reports.indicators import Period, compute, drill
from tests.exhibitors.helpers import apply, approved, exhibition_event
from tests.factories import RegistrationFactory
from tests.feedback.helpers import invitation_of, question
from tests.training.helpers import attend, make_course, sessions_of

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
Q1_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))


def at(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def rate(survey, person, rating, when):
    return response_submit(
        invitation=invitation_of(survey, person), answers={question(survey).pk: rating}, now=when
    )


@pytest.fixture
def world():
    # C1, March 2025, named survey open 30 days: An 5, Bình 4, Chi 2 in March; Dũng 5 in April; Em never came.
    c1 = make_course(starts=[at(2025, 3, 10, 8), at(2025, 3, 11, 8)], title_vi="Lớp C1", title_en="Class C1")
    c1_people = {
        name: RegistrationFactory(event=c1.event, full_name=name, email=f"{name.lower()}@example.vn")
        for name in ("An", "Binh", "Chi", "Dung", "Em")
    }
    for name in ("An", "Binh", "Chi", "Dung"):
        attend(c1_people[name], sessions_of(c1)[:1])
    s1 = survey_create_from_template(event=c1.event)
    s1.open_days = 30
    s1.save()
    survey_send(survey=s1, now=at(2025, 3, 12, 8))
    rate(s1, c1_people["An"], 5, at(2025, 3, 12, 9))
    rate(s1, c1_people["Binh"], 4, at(2025, 3, 13, 9))
    rate(s1, c1_people["Chi"], 2, at(2025, 3, 14, 9))
    rate(s1, c1_people["Dung"], 5, at(2025, 4, 2, 9))
    # C2, June 2025, anonymous: Giang 3, Hà 5.
    c2 = make_course(starts=[at(2025, 6, 2, 8)], title_vi="Lớp C2", title_en="Class C2")
    c2_people = {name: RegistrationFactory(event=c2.event, full_name=name) for name in ("Giang", "Ha")}
    for person in c2_people.values():
        attend(person, sessions_of(c2))
    s2 = survey_create_from_template(event=c2.event, anonymous=True)
    survey_send(survey=s2, now=at(2025, 6, 3, 8))
    rate(s2, c2_people["Giang"], 3, at(2025, 6, 4, 9))
    rate(s2, c2_people["Ha"], 5, at(2025, 6, 4, 10))
    # An exhibition in September 2025: two approved teams report 12 + 30 leads and 3 + 5 meetings.
    event = exhibition_event()
    teams = [
        approved(event, name="Nông Sản Xanh", contact_email="a@nongsanxanh.vn"),
        approved(event, name="Robot Học Đường", contact_email="b@robothocduong.vn"),
    ]
    apply(event, name="Trà Việt", contact_email="c@traviet.vn")
    event.sessions.update(starts_at=at(2025, 9, 5, 8), ends_at=at(2025, 9, 5, 17))
    s3 = survey_create_from_template(event=event, audience=SurveyAudience.EXHIBITORS)
    survey_send(survey=s3, now=at(2025, 9, 6, 8))
    leads, meetings, useful = list(s3.questions.all())[:3]
    for team, (n_leads, n_meetings) in zip(teams, [(12, 3), (30, 5)], strict=True):
        invitation = s3.invitations.get(exhibitor=team)
        response_submit(
            invitation=invitation,
            answers={leads.pk: n_leads, meetings.pk: n_meetings, useful.pk: 4},
            now=at(2025, 9, 7, 9),
        )
    return c1, c2


def figures(period):
    values = compute(period).as_dict()["indicators"]
    keys = [
        "trainees_answered",
        "trainees_satisfied",
        "trainees_satisfied_rate",
        "survey_response_rate",
        "exhibitor_leads",
        "exhibitor_meetings_reported",
    ]
    return {key: values[key] for key in keys}


def test_survey_indicators_for_the_year_equal_hand_counts(world):
    # Answers: An, Bình, Chi, Dũng, Giang, Hà; satisfied: An, Bình, Dũng, Hà; invited: 4 + 2.
    assert figures(YEAR_2025) == {
        "trainees_answered": 6,
        "trainees_satisfied": 4,
        "trainees_satisfied_rate": 66.7,
        "survey_response_rate": 100.0,
        "exhibitor_leads": 42,
        "exhibitor_meetings_reported": 8,
    }


def test_survey_indicators_stop_at_the_end_of_the_period(world):
    # Q1: C1 only; Dũng answered in April. Invited: An, Bình, Chi, Dũng (Em never came).
    assert figures(Q1_2025) == {
        "trainees_answered": 3,
        "trainees_satisfied": 2,
        "trainees_satisfied_rate": 66.7,
        "survey_response_rate": 75.0,
        "exhibitor_leads": 0,
        "exhibitor_meetings_reported": 0,
    }


def test_satisfied_drill_down_names_nobody_from_an_anonymous_survey(world):
    with translation.override("en"):
        rows = drill("trainees_satisfied", YEAR_2025).rows

    assert [row[:4] for row in rows] == [
        ["Class C1", "An", "an@example.vn", 5],
        ["Class C1", "Binh", "binh@example.vn", 4],
        ["Class C1", "Dung", "dung@example.vn", 5],
        ["Class C2", "Anonymous", "", 5],
    ]


def test_leads_drill_down_lists_each_team(world):
    rows = drill("exhibitor_leads", YEAR_2025).rows

    assert sorted(rows, key=lambda row: row[1]) == [
        [rows[0][0], "Nông Sản Xanh", 12],
        [rows[0][0], "Robot Học Đường", 30],
    ]

"""Survey results and responses through the staff API: an anonymous survey's responses name nobody."""

import pytest
from django.contrib.auth.models import Group

from events.roles import ORGANISER, REPORT_VIEWER
from tests.factories import UserFactory
from tests.feedback.helpers import answer, course_with_people, question, send

pytestmark = pytest.mark.django_db


def staff(group: str):
    user = UserFactory(username=f"nguoi-{group.lower().replace(' ', '-')}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_api_responses_of_anonymous_survey_have_no_person(api_client, django_capture_on_commit_callbacks):
    survey, people = course_with_people(anonymous=True)
    send(django_capture_on_commit_callbacks)
    answer(survey, people["an"], 5, "Tuyệt vời")
    api_client.force_login(staff(REPORT_VIEWER))

    body = api_client.get(f"/api/v1/feedback/surveys/{survey.pk}/responses/").json()

    assert [row["person"] for row in body] == [None]
    assert body[0]["answers"][str(question(survey).pk)] == 5
    assert [text for text in str(body).split("'") if "example.vn" in text or "Nguyễn" in text] == []


def test_api_responses_of_named_survey_show_the_person(api_client, django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)
    answer(survey, people["binh"], 4)
    api_client.force_login(staff(ORGANISER))

    body = api_client.get(f"/api/v1/feedback/surveys/{survey.pk}/responses/").json()

    assert [row["person"] for row in body] == [{"name": "Trần Thị Bình", "email": "binh@example.vn"}]


def test_api_results_per_question(api_client, django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)
    answer(survey, people["an"], 5, "Rất hay")
    answer(survey, people["binh"], 3)
    api_client.force_login(staff(REPORT_VIEWER))

    body = api_client.get(f"/api/v1/feedback/surveys/{survey.pk}/results/").json()

    assert (body["invited"], body["answered"], body["response_rate"], body["satisfied_rate"]) == (
        2,
        2,
        100.0,
        50.0,
    )
    first = body["questions"][0]
    assert (first["answered"], first["average"]) == (2, 4.0)
    assert [d["count"] for d in first["distribution"]] == [0, 0, 1, 0, 1]
    assert body["questions"][-1]["comments"] == ["Rất hay"]


def test_api_refuses_people_without_the_permission(api_client, django_capture_on_commit_callbacks):
    survey, _people = course_with_people()
    api_client.force_login(UserFactory(username="khach", is_staff=False))

    assert api_client.get(f"/api/v1/feedback/surveys/{survey.pk}/responses/").status_code == 403


def test_schema_says_responses_are_a_plain_list_as_answered(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/feedback/surveys/{id}/responses/"]["get"]
    content = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert content["type"] == "array"

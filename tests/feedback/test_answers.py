"""One answer per person through their own link, editable until the survey closes; anonymity holds in
the stored rows, the Excel file and the API; the page speaks Vietnamese and English."""

import io

import pytest
from django.core import mail
from openpyxl import load_workbook

from feedback.exports import survey_xlsx
from feedback.models import Answer, Response
from feedback.services import SurveyError, survey_set_anonymous
from tests.feedback.helpers import answer, course_with_people, invitation_of, later, link_in, question, send

pytestmark = pytest.mark.django_db


def test_answering_twice_edits_the_one_answer(django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)

    answer(survey, people["an"], 2, "Phòng hơi nóng")
    answer(survey, people["an"], 5, "Rất hữu ích")

    assert Response.objects.filter(survey=survey).count() == 1
    assert sorted(
        Answer.objects.filter(response__survey=survey).values_list("rating", "text"), key=str
    ) == sorted([(5, ""), (None, "Rất hữu ích")], key=str)


def test_answers_are_refused_once_the_survey_closes(django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)

    with pytest.raises(SurveyError) as refused:
        answer(survey, people["an"], 4, now=later(14.1))

    assert refused.value.code == "survey_closed"
    assert Response.objects.count() == 0


def test_a_rating_outside_1_to_5_is_refused(django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)

    with pytest.raises(SurveyError) as refused:
        answer(survey, people["an"], 6)

    assert refused.value.code == "invalid_answer"


def test_anonymous_response_is_stored_without_the_person(django_capture_on_commit_callbacks):
    survey, people = course_with_people(anonymous=True)
    send(django_capture_on_commit_callbacks)

    answer(survey, people["an"], 4, '=HYPERLINK("http://x")')

    assert list(Response.objects.values_list("registration_id", "exhibitor_id")) == [(None, None)]


def test_anonymity_cannot_be_turned_off_once_answered(django_capture_on_commit_callbacks):
    survey, people = course_with_people(anonymous=True)
    send(django_capture_on_commit_callbacks)
    answer(survey, people["an"], 4)

    with pytest.raises(SurveyError) as refused:
        survey_set_anonymous(survey=survey, anonymous=False)

    assert refused.value.code == "survey_anonymous_locked"
    survey.refresh_from_db()
    assert survey.anonymous is True


def _sheet_rows(content: bytes, index: int) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).worksheets[index].iter_rows(values_only=True))


def test_excel_of_anonymous_survey_names_nobody(django_capture_on_commit_callbacks):
    survey, people = course_with_people(anonymous=True)
    send(django_capture_on_commit_callbacks)
    answer(survey, people["an"], 4, "=1+1")
    answer(survey, people["binh"], 5)

    content = survey_xlsx(survey)

    cells = [str(v) for row in _sheet_rows(content, 1) for v in row if v is not None]
    cells += [str(v) for row in _sheet_rows(content, 0) for v in row if v is not None]
    for person in people.values():
        assert [c for c in cells if person.email in c or person.full_name in c] == []
    header = _sheet_rows(content, 1)[0]
    assert header[0] == "Đã trả lời"
    comment = load_workbook(io.BytesIO(content)).worksheets[1]["G2"]
    assert (comment.value, comment.data_type) == ("=1+1", "s")


def test_excel_of_named_survey_shows_who_answered(django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)
    answer(survey, people["an"], 4)

    rows = _sheet_rows(survey_xlsx(survey), 1)

    assert rows[0][:3] == ("Họ và tên", "Email", "Đã trả lời")
    assert rows[1][:2] == ("Nguyễn Văn An", "an@example.vn")
    assert rows[1][3] == 4


def test_results_per_question(django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)
    answer(survey, people["an"], 5, "Rất hữu ích")
    answer(survey, people["binh"], 2)

    from feedback.selectors import survey_figures, survey_results

    results = survey_results(survey)
    assert (results[0]["answered"], results[0]["average"]) == (2, 3.5)
    assert results[0]["distribution"] == [("1", 0), ("2", 1), ("3", 0), ("4", 0), ("5", 1)]
    assert results[-1]["comments"] == ["Rất hữu ích"]
    assert survey_figures(survey) == {
        "invited": 2,
        "answered": 2,
        "response_rate": 100.0,
        "satisfied_rate": 50.0,
    }


def test_trainee_answers_from_the_email_link_in_vietnamese(client, django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)
    link = link_in(next(m for m in mail.outbox if m.to == ["an@example.vn"]))

    page = client.get(link)
    assert page.status_code == 200
    assert "Mức độ hài lòng chung của anh/chị về lớp tập huấn" in page.content.decode()

    satisfied = question(survey)
    recommend = question(survey, kind="single")
    topics = question(survey, kind="multiple")
    saved = client.post(link, {f"q{satisfied.pk}": "4", f"q{recommend.pk}": "0", f"q{topics.pk}": ["1", "3"]})

    assert saved.status_code == 200
    assert "Cảm ơn anh/chị! Câu trả lời đã được lưu." in saved.content.decode()
    response = Response.objects.get()
    assert response.registration == people["an"]
    assert sorted((a.question_id, a.rating, a.choices) for a in response.answers.all()) == sorted(
        [(satisfied.pk, 4, []), (recommend.pk, None, [0]), (topics.pk, None, [1, 3])]
    )


def test_survey_page_in_english_shows_english_questions(client, django_capture_on_commit_callbacks):
    _survey, _people = course_with_people()
    send(django_capture_on_commit_callbacks)
    link = link_in(next(m for m in mail.outbox if m.to == ["binh@example.vn"]))

    page = client.get(link).content.decode()

    assert "Overall, how satisfied are you with the course?" in page
    assert "Startup incubation" in page
    assert "Send my answers" in page


def test_a_made_up_link_is_not_found(client, django_capture_on_commit_callbacks):
    course_with_people()
    send(django_capture_on_commit_callbacks)

    assert client.get("/survey/ABCDEFGHJKLMNPQR:forged/").status_code == 404


def test_someone_who_did_not_attend_has_no_invitation(django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)

    assert sorted(survey.invitations.values_list("email", flat=True)) == ["an@example.vn", "binh@example.vn"]
    with pytest.raises(Exception):  # noqa: B017
        invitation_of(survey, people["chi"])


def test_closed_page_says_so(client, django_capture_on_commit_callbacks):
    survey, _people = course_with_people()
    send(django_capture_on_commit_callbacks)
    link = link_in(next(m for m in mail.outbox if m.to == ["an@example.vn"]))
    survey.refresh_from_db()
    survey.closes_at = later(-1 / 24)
    survey.save()

    assert "Khảo sát này đã đóng. Xin cảm ơn." in client.get(link).content.decode()


def test_admin_form_refuses_to_turn_anonymity_off_once_answered(django_capture_on_commit_callbacks):
    from django.forms.models import model_to_dict
    from django.utils import translation

    from feedback.admin import SurveyForm

    survey, people = course_with_people(anonymous=True)
    send(django_capture_on_commit_callbacks)
    answer(survey, people["an"], 4)
    data = {key: value for key, value in model_to_dict(survey).items() if value is not None}
    data["anonymous"] = False

    with translation.override("vi"):
        form = SurveyForm(instance=survey, data=data)
        assert form.is_valid() is False
        assert form.errors["anonymous"] == ["Không thể tắt chế độ ẩn danh khi đã có người trả lời."]
    survey.refresh_from_db()
    assert survey.anonymous is True


def test_admin_form_turns_anonymity_off_while_nobody_answered():
    from django.forms.models import model_to_dict

    from feedback.admin import SurveyForm

    survey, _people = course_with_people(anonymous=True)
    data = {key: value for key, value in model_to_dict(survey).items() if value is not None}
    data["anonymous"] = False

    form = SurveyForm(instance=survey, data=data)

    assert form.errors == {}
    form.save()
    survey.refresh_from_db()
    assert survey.anonymous is False

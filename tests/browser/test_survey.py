"""A trainee answers the survey from the link in the e-mail, on a phone, then comes back to change an
answer."""

import pytest

from feedback.models import Response
from tests.feedback.helpers import course_with_people, question, send, survey_link_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trainee_answers_the_survey_on_a_phone(live_server, phone_page, django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)
    path = survey_link_to("an@example.vn")
    page = phone_page

    page.goto(live_server.url + path)
    assert page.locator("h1").inner_text() == "Khảo sát sau lớp tập huấn"
    page.locator("fieldset", has_text="Mức độ hài lòng chung").get_by_label("4 – tốt").check()
    page.locator("fieldset", has_text="giới thiệu lớp tập huấn").get_by_label("Có", exact=True).check()
    topics = page.locator("fieldset", has_text="chủ đề nào")
    topics.get_by_label("Sở hữu trí tuệ").check()
    topics.get_by_label("Gọi vốn đầu tư").check()
    page.get_by_label("Góp ý khác của anh/chị").fill("Cần thêm thời gian thực hành")
    button = page.get_by_role("button", name="Gửi câu trả lời")
    box = button.bounding_box()
    assert box["width"] > 300 and box["height"] >= 44  # a full-width, thumb-sized button on a phone
    with page.expect_navigation():
        button.tap()

    assert (
        page.get_by_role("status").first.inner_text().startswith("Cảm ơn anh/chị! Câu trả lời đã được lưu.")
    )
    response = Response.objects.get()
    assert {a.question_id: (a.rating, a.choices, a.text) for a in response.answers.all()} == {
        question(survey).pk: (4, [], ""),
        question(survey, kind="single").pk: (None, [0], ""),
        question(survey, kind="multiple").pk: (None, [1, 2], ""),
        question(survey, kind="text").pk: (None, [], "Cần thêm thời gian thực hành"),
    }

    page.goto(live_server.url + path)
    assert page.locator("fieldset", has_text="Mức độ hài lòng chung").get_by_label("4 – tốt").is_checked()
    page.locator("fieldset", has_text="Mức độ hài lòng chung").get_by_label("5 – rất tốt").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu thay đổi").tap()

    assert (
        page.get_by_role("status").first.inner_text().startswith("Cảm ơn anh/chị! Câu trả lời đã được lưu.")
    )
    assert Response.objects.count() == 1
    assert response.answers.get(question=question(survey)).rating == 5
    assert people["an"].email == "an@example.vn"

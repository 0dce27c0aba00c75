"""The survey goes after the last session ends, only to people who checked in, once; one reminder to those
who have not answered, once; nothing after it closes."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.mail.models import EmailTopic, OutgoingEmail, UnsubscribeTopic, Unsubscription
from feedback.models import SurveyAudience
from feedback.services import survey_create_from_template
from tests.exhibitors.helpers import apply, approved, exhibition_event
from tests.factories import RegistrationFactory
from tests.feedback.helpers import answer, course_with_people, later, outbox_to, send
from tests.training.helpers import attend, make_course, sessions_of

pytestmark = pytest.mark.django_db


def test_survey_goes_only_to_people_who_checked_in(django_capture_on_commit_callbacks):
    survey, _people = course_with_people()

    assert send(django_capture_on_commit_callbacks) == 2

    assert outbox_to() == ["an@example.vn", "binh@example.vn"]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["an@example.vn"].subject == f"Một vài câu hỏi về {survey.event.title_vi}"
    assert by_address["binh@example.vn"].subject == f"A few questions about {survey.event.title_en}"
    assert list(OutgoingEmail.objects.filter(topic=EmailTopic.SURVEY).values_list("kind", flat=True)) == [
        "invitation",
        "invitation",
    ]


def test_survey_is_sent_once_when_the_job_runs_twice(django_capture_on_commit_callbacks):
    course_with_people()
    send(django_capture_on_commit_callbacks)

    assert send(django_capture_on_commit_callbacks) == 0
    assert outbox_to() == ["an@example.vn", "binh@example.vn"]


def test_survey_waits_for_the_last_session_to_end(django_capture_on_commit_callbacks):
    now = timezone.now()
    course = make_course(starts=[now - datetime.timedelta(days=1), now + datetime.timedelta(days=1)])
    person = RegistrationFactory(event=course.event)
    attend(person, sessions_of(course)[:1])
    survey = survey_create_from_template(event=course.event)

    assert send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    survey.refresh_from_db()
    assert survey.sent_at is None
    assert send(django_capture_on_commit_callbacks, now=now + datetime.timedelta(days=1, hours=4)) == 1


def test_one_reminder_to_people_who_have_not_answered(django_capture_on_commit_callbacks):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)
    answer(survey, people["an"], 5)
    mail.outbox.clear()

    assert send(django_capture_on_commit_callbacks, now=later(2)) == 0  # not yet: after 3 days
    assert send(django_capture_on_commit_callbacks, now=later(3.1)) == 1
    assert send(django_capture_on_commit_callbacks, now=later(4)) == 0

    assert outbox_to() == ["binh@example.vn"]
    assert mail.outbox[0].subject == f"Reminder: a few questions about {survey.event.title_en}"
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_reminder_to_people_who_left_the_reminders(django_capture_on_commit_callbacks):
    _survey, _people = course_with_people()
    send(django_capture_on_commit_callbacks)
    Unsubscription.objects.create(email="BINH@example.vn", topic=UnsubscribeTopic.REMINDERS)
    mail.outbox.clear()

    assert send(django_capture_on_commit_callbacks, now=later(3.1)) == 1
    assert outbox_to() == ["an@example.vn"]


def test_exhibitor_survey_goes_to_approved_teams_only(django_capture_on_commit_callbacks):
    event = exhibition_event()
    approved(event, name="Nông Sản Xanh", contact_email="lien-he@nongsanxanh.vn")
    apply(event, name="Robot Học Đường", contact_email="hello@robothocduong.vn")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    event.sessions.update(starts_at=yesterday, ends_at=yesterday + datetime.timedelta(hours=3))
    survey = survey_create_from_template(event=event, audience=SurveyAudience.EXHIBITORS)
    mail.outbox.clear()

    assert send(django_capture_on_commit_callbacks) == 1

    assert outbox_to() == ["lien-he@nongsanxanh.vn"]
    assert [q.measure for q in survey.questions.all()][:3] == ["leads", "meetings", "usefulness"]

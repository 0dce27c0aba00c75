"""Builders shared by the feedback tests: a course that has ended, with people who came and who did not."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from feedback.models import Invitation
from feedback.services import response_submit, survey_create_from_template, surveys_send_due
from tests.factories import RegistrationFactory
from tests.training.helpers import attend, ended_course, sessions_of


def course_with_people(*, anonymous: bool = False):
    """An ended course of two sessions: An came twice, Bình (English) once, Chi registered and never came.
    Returns (survey, {"an": reg, "binh": reg, "chi": reg})."""
    course = ended_course(2)
    sessions = sessions_of(course)
    people = {
        "an": RegistrationFactory(event=course.event, full_name="Nguyễn Văn An", email="an@example.vn"),
        "binh": RegistrationFactory(
            event=course.event, full_name="Trần Thị Bình", email="binh@example.vn", language="en"
        ),
        "chi": RegistrationFactory(event=course.event, full_name="Lê Minh Chi", email="chi@example.vn"),
    }
    attend(people["an"], sessions)
    attend(people["binh"], sessions[:1])
    survey = survey_create_from_template(event=course.event, anonymous=anonymous)
    return survey, people


def send(capture, now=None) -> int:
    with capture(execute=True):
        return surveys_send_due(now=now or timezone.now())


def link_in(message) -> str:
    """The survey page's path from the link in an invitation."""
    return re.search(r"https?://[^/\s]+(/\S*survey/\S+/)", message.body).group(1)


def invitation_of(survey, registration) -> Invitation:
    return Invitation.objects.get(survey=survey, registration=registration)


def later(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def outbox_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def question(survey, measure: str = "satisfaction", kind: str | None = None):
    questions = survey.questions.all()
    if kind:
        return questions.filter(kind=kind).first()
    return questions.get(measure=measure)


def answer(survey, registration, rating: int, comment: str = "", **kwargs):
    """The person answers the satisfaction question with `rating` (and the comments question)."""
    values = {question(survey).pk: rating}
    if comment:
        values[question(survey, kind="text").pk] = comment
    return response_submit(invitation=invitation_of(survey, registration), answers=values, **kwargs)


def survey_link_to(address: str) -> str:
    """The survey link in the invitation to `address` (other messages, a certificate, are passed over)."""
    return link_in(next(m for m in mail.outbox if m.to == [address] and "/survey/" in m.body))

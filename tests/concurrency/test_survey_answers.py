"""One answer per person even when the same person submits from two tabs (or double-taps) at the same
instant: the unique constraint on (survey, respondent) keeps one response. Only PostgreSQL proves this."""

import pytest
from django.core import mail

from feedback.models import Answer, Response
from tests.concurrency.threads import all_at_once
from tests.feedback.helpers import answer, course_with_people, send

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_same_person_submitting_at_once_keeps_one_response(
    require_postgres, django_capture_on_commit_callbacks
):
    survey, people = course_with_people()
    send(django_capture_on_commit_callbacks)
    mail.outbox.clear()

    responses, errors = all_at_once(8, lambda n: answer(survey, people["an"], n % 5 + 1))

    assert errors == []
    assert len({response.pk for response in responses}) == 1
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 1


def test_survey_job_twice_at_once_invites_each_person_once(require_postgres):
    from feedback.models import Invitation
    from feedback.services import surveys_send_due

    survey, _people = course_with_people()

    counts, errors = all_at_once(4, lambda n: surveys_send_due())

    assert errors == []
    assert sorted(counts) == [0, 0, 0, 2]
    assert sorted(Invitation.objects.filter(survey=survey).values_list("email", flat=True)) == [
        "an@example.vn",
        "binh@example.vn",
    ]

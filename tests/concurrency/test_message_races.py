"""Messages that must go once, under concurrent requests: a waitlisted person pressing "e-mail me my
place" in several tabs at once, and a certificate issued by several evaluations at once. Only PostgreSQL
proves this (row locks)."""

import pytest

from events import services
from events.enums import RegistrationStatus
from events.exceptions import RegistrationError
from events.mail.models import EmailTopic, OutgoingEmail
from tests.concurrency.threads import all_at_once
from tests.factories import EventFactory, RegistrationFactory
from tests.training.helpers import attend, ended_course, sessions_of
from training import services as training

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_place_in_the_queue_asked_from_many_tabs_at_once_is_emailed_once(require_postgres, mailoutbox):
    event = EventFactory(capacity=0)
    person = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, email="cho@example.vn")

    results, errors = all_at_once(
        6,
        lambda n: services.registration_position_email(registration=person),
        refusals=(RegistrationError,),
    )

    assert errors == []
    assert sorted(results, key=str) == [1] + ["position_email_too_soon"] * 5
    assert list(OutgoingEmail.objects.values_list("kind", "recipient")) == [
        ("waitlist_position", "cho@example.vn")
    ]
    assert [m.to for m in mailoutbox] == [["cho@example.vn"]]


def test_certificate_issued_by_racing_evaluations_is_sent_once(require_postgres, mailoutbox):
    course = ended_course(4)
    trainee = RegistrationFactory(event=course.event, email="hoc.vien@example.vn")
    attend(trainee, sessions_of(course))

    _results, errors = all_at_once(4, lambda n: training.course_evaluate_completion(course=course))

    assert errors == []
    assert OutgoingEmail.objects.filter(topic=EmailTopic.CERTIFICATE).count() == 1
    assert [m.to for m in mailoutbox] == [["hoc.vien@example.vn"]]

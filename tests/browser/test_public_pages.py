"""Public pages in Chromium (issue 19): on a phone (390x844) and a laptop (1366x768) the main action of
every kind of event and course page is visible without scrolling; on a phone the bottom bar jumps to the
form; a person edits their details and sees them on their ticket page; the certificate form finds a
certificate by its number."""

import datetime

import pytest
from django.utils import timezone

from events.enums import EventKind
from events.signing import registration_manage_path
from tests.factories import EventFactory, RegistrationFactory
from tests.training.helpers import attend, ended_course, make_course, sessions_of
from training import services as training_services
from training.models import Certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Chương trình gồm phần trình bày, thảo luận nhóm và kết nối với chuyên gia. " * 40
VIEWPORTS = [{"width": 390, "height": 844}, {"width": 1366, "height": 768}]


@pytest.fixture
def event_pages(db) -> dict[str, tuple[str, str]]:
    """Each kind of page: slug and the main action it must offer."""
    week = timezone.now() + datetime.timedelta(days=7)
    course = make_course(
        starts=[week, week + datetime.timedelta(days=1)], slug="tap-huan-trang-chu", capacity=40
    )
    course.event.description_vi = LONG
    course.event.save()
    exhibition = EventFactory(kind=EventKind.EXHIBITION, slug="trien-lam", description_vi=LONG, capacity=500)
    market = EventFactory(kind=EventKind.MARKET_CONNECTION, slug="ket-noi-thi-truong", description_vi=LONG)
    full = EventFactory(
        slug="het-cho-co-danh-sach-cho", capacity=1, waitlist_enabled=True, description_vi=LONG
    )
    RegistrationFactory(event=full)
    closed = EventFactory(
        slug="het-han-dang-ky",
        registration_closes_at=timezone.now() - datetime.timedelta(hours=1),
        description_vi=LONG,
    )
    return {
        "course": (course.event.slug, "register"),
        "exhibition": (exhibition.slug, "register"),
        "market": (market.slug, "register"),
        "full": (full.slug, "waitlist"),
        "closed": (closed.slug, "closed"),
    }


def in_first_screen(locator, viewport) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= viewport["height"]
        and box["width"] > 0
    )


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["390x844", "1366x768"])
def test_main_action_visible_without_scrolling(live_server, browser, event_pages, viewport):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    try:
        for kind, (slug, action) in event_pages.items():
            page.goto(f"{live_server.url}/events/{slug}/")
            top = page.locator('[data-placement="top"]')
            assert top.get_attribute("data-action") == action, kind
            assert page.evaluate("window.scrollY") == 0
            assert in_first_screen(top, viewport), kind
            bar = page.locator('[data-placement="bar"]')
            if viewport["width"] < 700:
                assert in_first_screen(bar, viewport), kind
                assert bar.get_attribute("data-action") == action, kind
            else:
                assert not bar.is_visible(), kind
            # the page is long: the form is far below the first screen
            assert page.evaluate("document.documentElement.scrollHeight") > 2 * viewport["height"], kind
    finally:
        context.close()


def test_phone_bar_jumps_to_the_form(live_server, phone_page, event_pages):
    slug, _action = event_pages["market"]
    phone_page.goto(f"{live_server.url}/events/{slug}/")

    phone_page.locator('.action-bar [data-action="register"]').click()

    phone_page.wait_for_function("window.location.hash === '#register'")
    assert in_first_screen(phone_page.locator("#id_full_name"), {"width": 390, "height": 844})


def test_person_edits_details_and_sees_them_on_the_ticket_page(live_server, page):
    registration = RegistrationFactory(full_name="Trần Văn Bảo", email="bao@example.vn", phone="0903123456")
    page.goto(live_server.url + registration_manage_path(registration))

    page.get_by_role("link", name="Sửa thông tin của tôi").click()
    page.get_by_label("Họ và tên").fill("Trần Văn Bảo Long")
    page.get_by_label("Cơ quan, đơn vị").fill("Viện Nghiên cứu Phát triển")
    page.get_by_role("button", name="Lưu thông tin").click()

    page.wait_for_selector("text=Thông tin của bạn đã được lưu.")
    facts = page.locator("dl.facts").inner_text()
    assert "Trần Văn Bảo Long" in facts
    assert "Viện Nghiên cứu Phát triển" in facts
    # the same ticket, still shown: its QR loads
    qr = page.locator("section.ticket img.ticket__qr")
    assert qr.count() == 1
    assert page.request.get(live_server.url + qr.get_attribute("src")).status == 200


def test_certificate_form_finds_a_certificate_by_number(live_server, page):
    course = ended_course(1, slug="tap-huan-da-xong")
    trainee = RegistrationFactory(event=course.event, full_name="Đỗ Thị Mai")
    attend(trainee, sessions_of(course))
    training_services.course_evaluate_completion(course=course)
    certificate = Certificate.objects.get(registration=trainee)

    page.goto(live_server.url + "/en/certificates/")
    page.get_by_label("Verification code or certificate number").fill(
        f"{certificate.year}/{certificate.number}"
    )
    page.get_by_role("button", name="Check").click()

    page.wait_for_url(f"**/en/certificates/{certificate.code}/")
    assert page.locator(".verify--valid h2").inner_text() == "Valid certificate"
    assert "Đỗ Thị Mai" in page.locator("dl.facts").inner_text()

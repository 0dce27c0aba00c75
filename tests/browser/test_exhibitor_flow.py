"""A startup team applies to exhibit through the public form, programme staff approve it in the admin, and
the project appears in the event page's exhibitor directory."""

import datetime
import io

import pytest
from django.utils import timezone, translation
from PIL import Image

from events.enums import EventKind, EventStatus, ProjectStage, RegistrationStatus, Sector
from events.exhibitions.models import Exhibitor, ExhibitorStatus
from events.models import Event, Registration, Session, Venue
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _vi(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


@pytest.fixture
def exhibition(db, settings, tmp_path) -> Event:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    venue = Venue.objects.create(
        name="Trung tâm Hội chợ và Triển lãm Sài Gòn (SECC)",
        address="799 Nguyễn Văn Linh, Phường Tân Mỹ, Thành phố Hồ Chí Minh",
        district="Phường Tân Mỹ",
    )
    event = Event.objects.create(
        slug="trien-lam-khoi-nghiep-sang-tao-2025",
        kind=EventKind.EXHIBITION,
        title_vi="Triển lãm khởi nghiệp sáng tạo TP.HCM",
        title_en="HCMC startup innovation exhibition",
        status=EventStatus.PUBLISHED,
        venue=venue,
        capacity=300,
    )
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=14)
    Session.objects.create(event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=8))
    return event


def _logo() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (20, 120, 60)).save(out, format="PNG")
    return {"name": "logo.png", "mimeType": "image/png", "buffer": out.getvalue()}


def test_exhibitor_flow_apply_approve_in_admin_then_listed(live_server, browser, page, exhibition):
    from playwright.sync_api import expect

    superuser = UserFactory(username="quan_tri_trien_lam", superuser=True)

    # The team applies from the event page.
    page.goto(f"{live_server.url}/events/{exhibition.slug}/")
    expect(page.locator("#exhibitors")).to_contain_text(_vi("No exhibiting project yet."))
    page.get_by_role("link", name=_vi("Apply to exhibit")).click()
    page.wait_for_url(f"{live_server.url}/events/{exhibition.slug}/exhibit/")
    page.locator("#id_project_name").fill("Nông Sản Xanh")
    page.locator("#id_sector").select_option(Sector.AGRITECH)
    page.locator("#id_stage").select_option(ProjectStage.INCUBATION)
    page.locator("#id_description_vi").fill("Nền tảng kết nối nông dân với bếp ăn tập thể.")
    page.locator("#id_description_en").fill("Connecting farmers with canteens.")
    page.locator("#id_logo").set_input_files(_logo())
    page.locator("#id_kind").select_option("booth")
    page.locator("#id_showcase_vi").fill("Ứng dụng đặt rau sạch theo mùa")
    page.locator("#id_contact_name").fill("Trần Văn Bình")
    page.locator("#id_contact_email").fill("binh.tran@nongsanxanh.vn")
    page.locator("#id_contact_phone").fill("0903 123 456")
    page.locator("#id_consent").check()
    page.locator("#id_m-0-full_name").fill("Lê Thị Mai")
    page.locator("#id_m-0-email").fill("mai@nongsanxanh.vn")
    page.locator("#id_m-0-phone").fill("0912 345 678")
    page.locator("form.form button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/exhibitors/**")
    expect(page.locator("h1")).to_have_text("Nông Sản Xanh")
    expect(page.locator(f".status--{ExhibitorStatus.SUBMITTED}")).to_have_text(_vi("Submitted"))
    exhibitor = Exhibitor.objects.select_related("project").get()
    assert (exhibitor.status, exhibitor.project.stage, exhibitor.members.count()) == (
        ExhibitorStatus.SUBMITTED,
        ProjectStage.INCUBATION,
        1,
    )
    assert exhibitor.project.logo.name.endswith(".png")
    # Not approved yet: not in the directory.
    page.goto(f"{live_server.url}/events/{exhibition.slug}/")
    expect(page.locator("#exhibitors .card__title")).to_have_count(0)

    # Staff log in and approve it from the admin's list with the "approve" action.
    staff_context = browser.new_context(bypass_csp=True)
    try:
        staff = staff_context.new_page()
        staff.goto(f"{live_server.url}/admin/login/?next=/admin/events/exhibitor/")
        staff.locator("#id_username").fill(superuser.username)
        staff.locator("#id_password").fill(PASSWORD)
        staff.locator("input[type=submit]").click()
        staff.wait_for_url(f"{live_server.url}/admin/events/exhibitor/")
        staff.locator(f"input[name=_selected_action][value='{exhibitor.pk}']").check()
        staff.locator("select[name=action]").select_option("approve")
        staff.locator("button[name=index]").click()
        expect(staff.locator(".messagelist .success")).to_have_text(
            _vi("%(n)d application(s) updated.") % {"n": 1}
        )
    finally:
        staff_context.close()

    exhibitor.refresh_from_db()
    assert (exhibitor.status, exhibitor.decided_by) == (ExhibitorStatus.APPROVED, superuser)
    member = Registration.objects.get(event=exhibition)
    assert (member.email, member.status, member.is_exhibitor) == (
        "mai@nongsanxanh.vn",
        RegistrationStatus.CONFIRMED,
        True,
    )

    # The project is now in the directory on the event page.
    page.goto(f"{live_server.url}/events/{exhibition.slug}/")
    cards = page.locator("#exhibitors .card")
    expect(cards).to_have_count(1)
    expect(cards.locator(".card__title")).to_have_text("Nông Sản Xanh")
    expect(cards.locator("p.muted").first).to_have_text(
        f"{_vi('Agriculture and food')} · {_vi('Incubation')}"
    )
    expect(cards.locator("img.exhibitor__logo")).to_have_attribute(
        "src", f"/media/{exhibitor.project.logo.name}"
    )

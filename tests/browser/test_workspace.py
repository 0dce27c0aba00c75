"""Issue 16 shown in Chromium: an organiser signs in and lands on the staff home, opens an event's hub,
approves a pending person on the registrations list (an admin action) and sees the hub's number change
without reloading; the door board's count goes up after a scan."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from checkin import views as checkin_views
from checkin.services import checkin_scan, ticket_get_or_issue
from events.enums import RegistrationStatus
from events.workspace import views as workspace_views
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
ORGANISER_PERMISSIONS = [
    "change_event",
    "view_event",
    "view_registration",
    "change_registration",
    "manage_all_hosts",
]


def test_organiser_runs_an_event_from_the_staff_home_hub_and_board(live_server, page, browser, monkeypatch):
    # Faster refreshes than on a real screen, so the test does not wait 15 seconds.
    monkeypatch.setattr(workspace_views, "REFRESH_MS", 700)
    monkeypatch.setattr(checkin_views, "BOARD_REFRESH_MS", 700)
    event = EventFactory(
        slug="ngay-hoi-khoi-nghiep",
        title_vi="Ngày hội khởi nghiệp Đổi mới sáng tạo",
        capacity=20,
        requires_approval=True,
        session__starts_at=timezone.now() - datetime.timedelta(minutes=20),
    )
    RegistrationFactory.create_batch(2, event=event)
    pending = RegistrationFactory(event=event, full_name="Đặng Thị Thu", status=RegistrationStatus.PENDING)
    # Browser tests run on a database emptied between tests (no roles' groups): the organiser's permissions.
    organiser = UserFactory(username="to_chuc", is_staff=True)
    organiser.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="events", codename__in=ORGANISER_PERMISSIONS)
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("to_chuc")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    expect(page.locator("#panel-pending")).to_contain_text("Ngày hội khởi nghiệp Đổi mới sáng tạo")

    page.locator("#panel-upcoming").get_by_role("link", name="Ngày hội khởi nghiệp Đổi mới sáng tạo").click()
    page.wait_for_url(f"{live_server.url}/staff/events/{event.slug}/")
    expect(page.locator('#hub-figures [data-figure="pending"]')).to_have_text("1")
    expect(page.locator('#hub-figures [data-figure="confirmed"]')).to_have_text("2")

    # The registrations list opens in a second tab; the hub stays open and updates itself.
    admin = page.context.new_page()
    pending_list = page.locator(".hub-section--people").get_by_role("link", name="Chờ duyệt")
    admin.goto(f"{live_server.url}{pending_list.get_attribute('href')}")
    expect(admin.locator("#result_list")).to_contain_text("Đặng Thị Thu")
    admin.locator(f'input[name="_selected_action"][value="{pending.pk}"]').check()
    admin.locator('select[name="action"]').select_option("approve")
    admin.locator('button[name="index"]').click()
    expect(admin.locator(".messagelist")).to_contain_text("1")

    expect(page.locator('#hub-figures [data-figure="pending"]')).to_have_text("0")
    expect(page.locator('#hub-figures [data-figure="confirmed"]')).to_have_text("3")

    page.get_by_role("link", name="Bảng theo dõi cửa vào (trực tiếp)").click()
    page.wait_for_url(f"{live_server.url}/checkin/board/{event.slug}/")
    expect(page.locator("#board-total")).to_have_text("0")
    pending.refresh_from_db()
    ticket = ticket_get_or_issue(registration=pending)
    checkin_scan(code=ticket.code, session=event.sessions.get(), user=organiser, gate="Cổng chính")

    expect(page.locator("#board-total")).to_have_text("1")
    expect(page.locator("#board-gates")).to_contain_text("Cổng chính")
    expect(page.locator("#board-chart rect.bar").first).to_be_attached()
    admin.close()

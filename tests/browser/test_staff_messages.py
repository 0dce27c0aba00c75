"""An organiser writes to an event's confirmed people from the event's messages page, previews, sends,
and sees the counts."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from playwright.sync_api import expect

from events.enums import RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_organiser_writes_previews_and_sends_a_message_and_sees_the_counts(live_server, page):
    event = EventFactory(title_vi="Ngày hội kết nối thị trường", title_en="Market connection day")
    for n in range(3):
        RegistrationFactory(event=event, email=f"khach{n}@example.vn", full_name=f"Trần Minh {n}")
    RegistrationFactory(event=event, email="cho@example.vn", status=RegistrationStatus.WAITLISTED)
    # Browser tests run on a database emptied between tests, so the roles' groups of the data migrations
    # are not there: give the organiser the permission the page asks for.
    organiser = UserFactory(username="to_chuc", is_staff=True)
    organiser.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_staffmessage", "manage_all_hosts"])
    )

    page.goto(f"{live_server.url}/admin/login/?next=/events/{event.slug}/messages/")
    page.locator("#id_username").fill("to_chuc")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/events/{event.slug}/messages/")

    page.locator("#id_audience").select_option("confirmed")
    page.locator("#id_subject_vi").fill("Thông tin gửi xe")
    page.locator("#id_body_vi").fill("Chào {name}, xe máy gửi ở cổng B.")
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#preview")).to_contain_text("Thư này sẽ được gửi đến 3 người.")
    expect(page.locator("#preview .preview__body")).to_have_text("Chào Trần Minh 0, xe máy gửi ở cổng B.")

    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator(".messages, .messagelist, [role=status]").first).to_contain_text("3 người")
    row = page.locator("#sent-messages tbody tr").first
    expect(row).to_contain_text("Thông tin gửi xe")
    expect(row.locator("[data-count=sent]")).to_have_text("3")
    expect(row.locator("[data-count=failed]")).to_have_text("0")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "khach0@example.vn",
        "khach1@example.vn",
        "khach2@example.vn",
    ]

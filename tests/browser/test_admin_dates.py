"""The admin's calendar in Chromium reads and writes dates day first (dd/mm/yyyy), in Vietnamese and English:
it opens on the month of the date typed in the field, and a day picked there is written back day first."""

import re

import pytest
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # UserFactory's
PREFIX = {"vi": "", "en": "/en"}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_calendar_reads_and_writes_day_first(live_server, page, language):
    from playwright.sync_api import expect

    staff = UserFactory(username="quan_tri_lich", superuser=True)
    add_url = f"{live_server.url}{PREFIX[language]}/admin/events/event/add/"
    page.goto(add_url)
    page.locator("#id_username").fill(staff.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(add_url)
    day = page.locator("#id_sessions-0-starts_at_0")
    shortcuts = page.locator("#id_sessions-0-starts_at_0 + .datetimeshortcuts")
    expect(day).to_have_attribute("placeholder", "dd/mm/yyyy")

    # "Today" writes today (in Asia/Ho_Chi_Minh, the server's time) day first.
    shortcuts.locator("a").first.click()
    expect(day).to_have_value(timezone.localdate().strftime("%d/%m/%Y"))

    # Typed 01/05/2026 (1 May), the calendar opens on May 2026; the 15th picked there is 15/05/2026.
    day.fill("01/05/2026")
    calendar_link = shortcuts.locator("a[id^=calendarlink]")
    number = calendar_link.get_attribute("id").removeprefix("calendarlink")
    calendar_link.click()
    box = page.locator(f"#calendarbox{number}")
    expect(box.locator("caption")).to_contain_text("2026")
    box.locator("td a", has_text=re.compile(r"^15$")).click()
    expect(day).to_have_value("15/05/2026")

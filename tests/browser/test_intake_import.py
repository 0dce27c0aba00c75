"""An organiser imports a participant list in Chromium: a 200-row file with 3 bad rows shows every
error and saves nothing; the corrected file is imported whole, the page follows the import's progress,
and everyone's ticket is queued in the outbox.

Tasks go to a broker here, as in production (nothing runs in the request): the test plays the worker for
the import task, and leaves the 200 ticket e-mails pending in the outbox for the mail worker (rendering
200 PDF tickets is the mail worker's business, tested with the outbox)."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from config.celery import app
from events.intake.models import ParticipantImport
from events.intake.tasks import run_participant_import
from events.mail.models import EmailStatus, OutgoingEmail
from events.models import Registration
from tests.factories import EventFactory, UserFactory
from tests.intake.helpers import csv_bytes, people, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def broker(settings):
    """Tasks queued to the in-memory broker for a worker, instead of run where they are queued."""
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    app.conf.task_always_eager = True


def test_organiser_imports_a_list_after_fixing_its_errors(live_server, page, broker):
    event = EventFactory(capacity=250, title_vi="Lớp tập huấn ươm tạo", title_en="Incubation course")
    organiser = UserFactory(username="to_chuc", is_staff=True)
    # Browser tests run on a database emptied between tests (no roles' groups): the permissions of the
    # programme office's organisers that the import asks for.
    organiser.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_registration", "change_event", "manage_all_hosts"])
    )
    import_path = f"/staff/events/{event.slug}/people/import/"

    page.goto(f"{live_server.url}/admin/login/?next={import_path}")
    page.locator("#id_username").fill("to_chuc")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{import_path}")

    rows = people(200)
    rows[10][1] = "khong-phai-email"  # file row 12
    rows[50][0] = "Nguyễn\nVăn Sai"  # file row 52
    rows[120][1] = rows[3][1]  # file row 122, same e-mail as row 5
    page.locator("#id_file").set_input_files(
        files=[
            {"name": "danh-sach.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows, encoding="utf-8-sig")}
        ]
    )
    page.locator("form.intake-form button[type=submit]").click()

    problems = page.locator("#import-problems tr.problem")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text("12")
    expect(problems.nth(1)).to_contain_text("52")
    expect(problems.nth(2)).to_contain_text("122")
    expect(page.locator("#import-confirm")).to_have_count(0)
    assert Registration.objects.count() == 0

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.wait_for_url(f"{live_server.url}{import_path}")
    page.locator("#id_file").set_input_files(
        files=[
            {
                "name": "danh-sach-da-sua.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": xlsx_bytes(people(200)),
            }
        ]
    )
    page.locator("form.intake-form button[type=submit]").click()
    expect(page.locator("#import-ready")).to_contain_text("200")
    expect(page.locator("#id_send_tickets")).to_be_checked()
    page.locator("#import-confirm").click()

    expect(page.locator("#import-bar")).to_be_visible()  # queued: the page follows the progress
    job = ParticipantImport.objects.get(file_name="danh-sach-da-sua.xlsx")
    assert job.state == "queued"
    assert run_participant_import.apply(args=[job.pk]).get() == "done"  # the worker's turn

    expect(page.locator("#import-done")).to_contain_text("200")
    assert Registration.objects.filter(event=event, source="import", status="confirmed").count() == 200
    tickets = OutgoingEmail.objects.filter(registration__event=event, kind="confirmed")
    assert tickets.count() == 200
    assert set(tickets.values_list("status", flat=True)) == {EmailStatus.PENDING}

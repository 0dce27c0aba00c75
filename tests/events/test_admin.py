import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from events.enums import RegistrationStatus
from events.mail.models import OutgoingEmail
from events.models import Registration
from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER
from tests.events.helpers import expected_subject, sent
from tests.factories import EventFactory, RegistrationFactory, StartupProjectFactory

pytestmark = pytest.mark.django_db

REGISTRATIONS = reverse("admin:events_registration_changelist")

EVENTS_MODELS = [
    "event",
    "organization",
    "projectstagechange",
    "registration",
    "session",
    "startupproject",
    "venue",
]


def run_action(client, action: str, registrations, **extra):
    return client.post(
        REGISTRATIONS, {"action": action, "_selected_action": [r.pk for r in registrations], **extra}
    )


def shown_messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


def statuses(*registrations) -> list[str]:
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def test_event_changelist_loads_with_counts(admin_client):
    event = EventFactory(capacity=3, title_vi="Ngày hội Khởi nghiệp Sáng tạo")
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    response = admin_client.get(reverse("admin:events_event_changelist"))

    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert (row.title_vi, row.n_confirmed, row.n_waitlisted, row.n_pending) == (
        "Ngày hội Khởi nghiệp Sáng tạo",
        2,
        1,
        1,
    )


def test_event_change_and_add_forms_load(admin_client, event):
    assert admin_client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
    assert admin_client.get(reverse("admin:events_event_add")).status_code == 200


def test_registration_changelist_loads_and_searches(admin_client):
    RegistrationFactory(full_name="Huỳnh Tấn Phát", email="phat@example.vn")
    RegistrationFactory(full_name="Lý Tự Trọng", email="trong@example.vn")

    response = admin_client.get(REGISTRATIONS, {"q": "Phát"})

    assert response.status_code == 200
    assert [r.email for r in response.context["cl"].result_list] == ["phat@example.vn"]


def test_registration_admin_cannot_add(admin_client):
    assert admin_client.get(reverse("admin:events_registration_add")).status_code == 403


def test_registration_change_form_loads(admin_client):
    registration = RegistrationFactory()

    response = admin_client.get(reverse("admin:events_registration_change", args=[registration.pk]))

    assert response.status_code == 200


def test_startup_project_changelist_loads(admin_client):
    StartupProjectFactory()

    assert admin_client.get(reverse("admin:events_startupproject_changelist")).status_code == 200


def test_registration_admin_approve_action(
    admin_client, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1, requires_approval=True)
    first = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    second = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(admin_client, "approve", [first, second])

    assert response.status_code == 302
    assert statuses(first, second) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    assert Registration.objects.get(pk=first.pk).decided_by == admin_user
    assert sent(mailoutbox) == [
        ([first.email], expected_subject("confirmed", event, "vi")),
        ([second.email], expected_subject("waitlisted", event, "vi")),
    ]


def test_registration_admin_reject_action(admin_client, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=5, requires_approval=True)
    pending = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    confirmed = RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        run_action(
            admin_client, "reject", [pending, confirmed], reason="  Lớp chỉ dành cho cán bộ nhà nước.  "
        )

    assert statuses(pending, confirmed) == [RegistrationStatus.REJECTED, RegistrationStatus.CONFIRMED]
    assert Registration.objects.get(pk=pending.pk).status_note == "Lớp chỉ dành cho cán bộ nhà nước."
    [message] = mailoutbox
    assert (message.to, message.subject) == ([pending.email], expected_subject("rejected", event, "vi"))
    assert "Lớp chỉ dành cho cán bộ nhà nước." in message.body


@pytest.mark.parametrize("reason", ["", "   "])
def test_registration_admin_reject_without_a_reason_is_refused(admin_client, mailoutbox, reason):
    pending = RegistrationFactory(
        event=EventFactory(requires_approval=True), status=RegistrationStatus.PENDING
    )

    response = run_action(admin_client, "reject", [pending], reason=reason)

    assert response.status_code == 302
    assert statuses(pending) == [RegistrationStatus.PENDING]
    assert shown_messages(response) == [
        (
            "error",
            "Hãy nêu lý do từ chối: người đăng ký sẽ được báo lý do qua email. Chưa từ chối đăng ký nào.",
        )
    ]
    assert mailoutbox == []


def test_registration_admin_resends_the_ticket_to_confirmed_people(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()
    confirmed = RegistrationFactory(event=event, email="huong.nguyen@example.vn")
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(admin_client, "resend_ticket", [confirmed, waiting])

    [message] = mailoutbox
    assert (message.to, message.subject) == (
        ["huong.nguyen@example.vn"],
        expected_subject("confirmed", event, "vi"),
    )
    assert sorted(
        part.get_filename() if hasattr(part, "get_filename") else part[0] for part in message.attachments
    ) == [
        f"{event.slug}.ics",
        f"ticket-{confirmed.reference}.pdf",
        "ticket-qr.png",
    ]
    assert list(OutgoingEmail.objects.values_list("registration", "kind", "status")) == [
        (confirmed.pk, "confirmed", "sent")
    ]
    assert shown_messages(response) == [
        ("success", "Đã đưa 1 email xác nhận kèm vé vào hàng đợi gửi (xem danh sách email)."),
        ("warning", "1 đăng ký chưa được xác nhận nên không có vé: không gửi gì cho đăng ký này."),
    ]


def test_registration_admin_cancel_action_promotes_waitlisted(admin_client):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    response = run_action(admin_client, "cancel", [confirmed])

    assert response.status_code == 302
    assert statuses(confirmed, waiting) == [RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED]


def test_registration_admin_export_csv_keeps_vietnamese(admin_client):
    event = EventFactory(title_vi="Lớp tập huấn Đổi mới sáng tạo")
    first = RegistrationFactory(
        event=event, full_name="Nguyễn Thị Minh Khai", organization_name="Sở Khoa học và Công nghệ"
    )
    second = RegistrationFactory(event=event, full_name='=HYPERLINK("http://x")', position="@SUM(A1)")

    response = run_action(admin_client, "export_csv", [first, second])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="registrations.csv"'
    assert response.content[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert len(rows) == 3
    assert [row[:3] for row in rows[1:]] == [
        [first.reference, "Lớp tập huấn Đổi mới sáng tạo", "Nguyễn Thị Minh Khai"],
        [second.reference, "Lớp tập huấn Đổi mới sáng tạo", '\'=HYPERLINK("http://x")'],
    ]
    assert rows[1][5] == "Sở Khoa học và Công nghệ"
    assert rows[2][6] == "'@SUM(A1)"


def test_registration_admin_export_csv_neutralises_every_formula_start(admin_client):
    event = EventFactory(title_vi="=1+1")
    values = ["+84 912", "-2+3", "\t=1+1", "\r=1+1", "@SUM(A1)", "Nguyễn Văn An"]
    registrations = [RegistrationFactory(event=event, organization_name=value) for value in values]
    # The position as stored before it was checked, with line breaks inside.
    Registration.objects.filter(pk=registrations[-1].pk).update(position="-Trưởng\r\nphòng")

    response = run_action(admin_client, "export_csv", registrations)

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert [(row[1], row[5]) for row in rows[1:]] == [
        ("'=1+1", "'+84 912"),
        ("'=1+1", "'-2+3"),
        ("'=1+1", "'\t=1+1"),
        ("'=1+1", "'\n=1+1"),
        ("'=1+1", "'@SUM(A1)"),
        ("'=1+1", "Nguyễn Văn An"),
    ]
    assert rows[-1][6] == "'-Trưởng\nphòng"


def test_staff_roles_exist_with_permissions():
    def codenames(group_name) -> set[str]:
        group = Group.objects.get(name=group_name)
        return set(
            group.permissions.filter(content_type__app_label="events").values_list("codename", flat=True)
        )

    # Later migrations add the permissions of newer models to the same groups, so check the core ones.
    organiser, door, viewer = codenames(ORGANISER), codenames(DOOR_STAFF), codenames(REPORT_VIEWER)
    full = {f"{action}_{model}" for model in EVENTS_MODELS for action in ("add", "change", "delete", "view")}
    assert full - organiser == set()
    assert {"view_event", "view_session", "view_venue"} - door == set()
    assert {f"view_{model}" for model in EVENTS_MODELS if model != "registration"} - viewer == set()
    # Neither lists people: door staff find them in the scanner, report viewers in the drill-downs.
    assert ("view_registration" in door, "view_registration" in viewer) == (False, False)
    # Door staff and report viewers read; they never change events or registrations. (They are the
    # programme office's: `manage_all_hosts` widens what they read to every host, it changes nothing.)
    assert {name for name in door | viewer if not name.startswith("view_")} == {"manage_all_hosts"}


# --- Issue 16's admin fixes --------------------------------------------------------------------------------


def test_event_changelist_ordered_by_start_and_seats_leave_out_exhibitors(admin_client):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    later = EventFactory(title_vi="Sự kiện tháng sau", session__starts_at=now + datetime.timedelta(days=30))
    earlier = EventFactory(
        title_vi="Sự kiện tuần này", capacity=5, session__starts_at=now + datetime.timedelta(days=2)
    )
    no_session = EventFactory(title_vi="Chưa có buổi", session=None)
    EventFactory(title_vi="Sự kiện năm ngoái", session__starts_at=now - datetime.timedelta(days=365))
    RegistrationFactory.create_batch(2, event=earlier)
    RegistrationFactory(event=earlier, is_exhibitor=True)  # an exhibiting team member: no visitor's seat

    response = admin_client.get(reverse("admin:events_event_changelist"))

    rows = response.context["cl"].result_list
    assert [row.title_vi for row in rows] == [
        "Sự kiện tháng sau",
        "Sự kiện tuần này",
        "Sự kiện năm ngoái",
        "Chưa có buổi",
    ]
    assert (rows[1].n_confirmed, rows[0].pk, rows[3].pk) == (2, later.pk, no_session.pk)
    assert "2 / 5" in response.content.decode()
    assert f'href="/staff/events/{earlier.slug}/"' in response.content.decode()


def test_event_change_page_hides_the_calendar_revision_and_links_the_hub(admin_client, event):
    html = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    assert "sessions-0-sequence" not in html
    assert 'class="column-sequence"' not in html
    assert f'href="/staff/events/{event.slug}/"' in html
    assert f'href="/checkin/board/{event.slug}/"' in html


def test_registration_admin_moves_people_from_the_waiting_list_while_seats_are_free(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event)
    first, second = RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.WAITLISTED)
    pending = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(admin_client, "move_from_waitlist", [second, first, pending])

    assert statuses(first, second, pending) == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.PENDING,
    ]
    assert [level for level, _ in shown_messages(response)] == ["info", "warning"]
    assert [m.to for m in mailoutbox] == [[first.email]]

"""Change notices: a session moved, a room changed, a session or the event cancelled -> one message per
person registered (confirmed or waitlisted), old -> new, with the updated calendar."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from checkin.models import CheckIn
from checkin.services import checkin_scan, scanner_device_create, ticket_get_or_issue
from events import services
from events.enums import EventStatus, RegistrationStatus
from events.extensions import schedule_changes_unannounced
from events.mail.models import ChangeNotice, NoticeKind
from events.mail.notices import notices_send_due
from tests.factories import EventFactory, RegistrationFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2030, 3, 12, 9, 0))


def later(minutes=6):
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.fixture
def event():
    return EventFactory(
        title_vi="Lớp tập huấn Đổi mới sáng tạo",
        title_en="Innovation training course",
        session__starts_at=START,
        session__room="Phòng 101",
    )


@pytest.fixture
def people(event):
    return {
        "confirmed": RegistrationFactory(event=event, email="an@example.vn", full_name="Nguyễn Văn An"),
        "waitlisted": RegistrationFactory(
            event=event, email="binh@example.vn", status=RegistrationStatus.WAITLISTED, language="en"
        ),
        "cancelled": RegistrationFactory(
            event=event, email="chi@example.vn", status=RegistrationStatus.CANCELLED
        ),
        "pending": RegistrationFactory(
            event=event, email="dung@example.vn", status=RegistrationStatus.PENDING
        ),
    }


def send_due(capture, now=None):
    with capture(execute=True):
        return notices_send_due(now=now or later())


def move(session, **changes):
    for name, value in changes.items():
        setattr(session, name, value)
    session.save()


def ics_of(message):
    parts = [
        a for a in message.attachments if getattr(a, "get_content_type", lambda: "")() == "text/calendar"
    ]
    assert len(parts) == 1
    return icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def test_moved_session_tells_each_confirmed_and_waitlisted_person_once_with_old_and_new_times(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    session = event.sessions.get()
    before = session.sequence
    with django_capture_on_commit_callbacks(execute=True):
        move(
            session,
            starts_at=START + datetime.timedelta(days=1),
            ends_at=START + datetime.timedelta(days=1, hours=3),
        )
    assert mailoutbox == []  # folded for a few minutes first
    assert send_due(django_capture_on_commit_callbacks) == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["an@example.vn", "binh@example.vn"]
    vi = next(m for m in mailoutbox if m.to == ["an@example.vn"])
    assert vi.subject == "Lịch thay đổi: Lớp tập huấn Đổi mới sáng tạo"
    assert "Bắt đầu: 12/03/2030 09:00 → 13/03/2030 09:00" in vi.body
    en = next(m for m in mailoutbox if m.to == ["binh@example.vn"])
    assert en.subject == "Schedule changed: Innovation training course"
    assert "Starts: 12/03/2030 09:00 → 13/03/2030 09:00" in en.body
    calendar = ics_of(vi)
    vevent = next(c for c in calendar.walk("VEVENT"))
    assert str(vevent["UID"]).startswith(f"session-{session.pk}@")
    assert int(vevent["SEQUENCE"]) > before
    assert vevent.decoded("DTSTART") == START + datetime.timedelta(days=1)
    # the task running again sends nothing more
    assert send_due(django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 2


def test_edits_within_the_folding_window_make_one_message_with_first_old_and_last_new(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    session = event.sessions.get()
    move(session, room="Phòng 202")
    move(session, room="Hội trường B")
    send_due(django_capture_on_commit_callbacks)
    confirmed = [m for m in mailoutbox if m.to == ["an@example.vn"]]
    assert len(confirmed) == 1
    assert "Phòng: Phòng 101 → Hội trường B" in confirmed[0].body
    assert "Phòng 202" not in confirmed[0].body
    assert ChangeNotice.objects.get().recipients == 2


def test_a_change_undone_within_the_window_sends_nothing(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    session = event.sessions.get()
    move(session, room="Phòng 202")
    move(session, room="Phòng 101")
    send_due(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert ChangeNotice.objects.get().sent_at is not None


def test_cancelled_session_and_new_venue_are_told_in_one_message(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    session = event.sessions.get()
    move(session, is_cancelled=True)
    old_venue = event.venue
    event.venue = VenueFactory(name="Trung tâm Hội nghị Quận 7", address="801 Nguyễn Văn Linh")
    event.save()
    send_due(django_capture_on_commit_callbacks)
    body = next(m for m in mailoutbox if m.to == ["an@example.vn"]).body
    assert "Trạng thái: đã lên lịch → đã hủy" in body
    assert (
        f"Địa điểm: {old_venue.name}, {old_venue.address} → Trung tâm Hội nghị Quận 7, 801 Nguyễn Văn Linh"
        in body
    )
    assert len(mailoutbox) == 2


def test_a_typo_fix_marked_not_to_announce_is_recorded_and_sends_nothing(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    staff = UserFactory(superuser=True)
    with schedule_changes_unannounced(by=staff, reason="Sửa lỗi chính tả"):
        move(event.sessions.get(), room="Phòng 101A")
    send_due(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    notice = ChangeNotice.objects.get()
    assert (notice.announced, notice.reason, notice.created_by) == (False, "Sửa lỗi chính tả", staff)
    assert notice.changes == [
        {"session": event.sessions.get().pk, "field": "room", "old": "Phòng 101", "new": "Phòng 101A"}
    ]


def test_changes_to_drafts_and_to_sessions_that_are_over_tell_nobody(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    draft = EventFactory(status=EventStatus.DRAFT)
    RegistrationFactory(event=draft)
    move(draft.sessions.get(), room="Phòng 9")
    past = EventFactory(session__starts_at=timezone.now() - datetime.timedelta(days=3))
    RegistrationFactory(event=past)
    move(past.sessions.get(), room="Phòng 9")
    send_due(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert ChangeNotice.objects.count() == 0


def test_cancelling_the_event_cancels_registrations_and_tickets_and_tells_each_person_once(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    ticket = ticket_get_or_issue(registration=people["confirmed"])
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.event_cancel(event=event, reason="Do mưa bão.")
    assert sorted(cancelled) == sorted(people[k].pk for k in ("confirmed", "waitlisted", "pending"))
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    statuses = set(event.registrations.values_list("status", flat=True))
    assert statuses == {RegistrationStatus.CANCELLED}
    assert sorted(m.to[0] for m in mailoutbox) == ["an@example.vn", "binh@example.vn", "dung@example.vn"]
    vi = next(m for m in mailoutbox if m.to == ["an@example.vn"])
    assert vi.subject == "Sự kiện bị hủy: Lớp tập huấn Đổi mới sáng tạo"
    assert "vé của bạn không còn giá trị" in vi.body
    assert "Do mưa bão." in vi.body
    calendar = ics_of(vi)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert [str(v["STATUS"]) for v in calendar.walk("VEVENT")] == ["CANCELLED"]
    # nobody got a second, separate "registration cancelled" e-mail, and nobody was promoted
    assert len(mailoutbox) == 3
    notice = ChangeNotice.objects.get()
    assert (notice.kind, notice.recipients) == (NoticeKind.CANCELLED, 3)
    # the door answers `cancelled`
    session = event.sessions.get()
    device, _token = scanner_device_create(name="Cổng A", events=[event])
    outcome = checkin_scan(code=ticket.code, session=session, device=device, scanned_at=session.starts_at)
    assert outcome.result == "cancelled"
    assert CheckIn.objects.successful().count() == 0
    # cancelling again changes and sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert services.event_cancel(event=event) == []
    assert len(mailoutbox) == 3


def test_cancelling_without_notice_records_the_choice(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, reason="Tạo nhầm sự kiện", notify=False)
    assert mailoutbox == []
    notice = ChangeNotice.objects.get()
    assert (notice.kind, notice.announced, notice.reason) == (NoticeKind.CANCELLED, False, "Tạo nhầm sự kiện")


def test_a_pending_change_is_dropped_when_the_event_is_then_cancelled(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    move(event.sessions.get(), room="Phòng 303")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event)
    send_due(django_capture_on_commit_callbacks)
    assert sorted(m.subject.split(":")[0] for m in mailoutbox) == [
        "Event cancelled",
        "Sự kiện bị hủy",
        "Sự kiện bị hủy",
    ]


def test_admin_cancelling_an_event_goes_through_the_service(
    event, people, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(superuser=True))
    url = f"/admin/events/event/{event.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in ((name, form[name].value()) for name in form.fields)
        if not isinstance(value, bool) or value
    }
    data.update({"status": "cancelled", "change_reason": "Diễn giả vắng mặt", "notify_changes": "on"})
    session = event.sessions.get()
    local_start = timezone.localtime(session.starts_at)
    local_end = timezone.localtime(session.ends_at)
    data.update(
        {
            "sessions-TOTAL_FORMS": "1",
            "sessions-INITIAL_FORMS": "1",
            "sessions-0-id": str(session.pk),
            "sessions-0-event": str(event.pk),
            "sessions-0-starts_at_0": local_start.strftime("%d/%m/%Y"),
            "sessions-0-starts_at_1": local_start.strftime("%H:%M:%S"),
            "sessions-0-ends_at_0": local_end.strftime("%d/%m/%Y"),
            "sessions-0-ends_at_1": local_end.strftime("%H:%M:%S"),
            "sessions-0-room": session.room,
        }
    )
    for key in ("registration_opens_at", "registration_closes_at", "exhibitor_deadline"):
        data.pop(key, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    assert set(event.registrations.values_list("status", flat=True)) == {RegistrationStatus.CANCELLED}
    assert len(mailoutbox) == 3
    assert "Diễn giả vắng mặt" in mailoutbox[0].body


def test_telling_many_people_costs_the_same_queries_as_telling_few(event, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_to_tell(n):
        other = EventFactory(session__starts_at=START)
        RegistrationFactory.create_batch(n, event=other)
        move(other.sessions.get(), room=f"Phòng {n}")
        with CaptureQueriesContext(connection) as captured:
            notices_send_due(now=later())
        assert ChangeNotice.objects.get(event=other).recipients == n
        return len(captured)

    assert queries_to_tell(3) == queries_to_tell(40)


def test_team_and_visitor_messages_have_an_html_part_with_the_same_text_escaped(
    django_capture_on_commit_callbacks,
):
    from types import SimpleNamespace

    from events.mail.messages import plain_email

    message = plain_email(
        to="doi@example.vn",
        language="vi",
        template="exhibitions/email/exhibitor",
        context={
            "exhibitor": SimpleNamespace(
                contact_name="Lê <b>Hoa</b>", booth="A1", decision_reason="", project="Nông Sản"
            ),
            "event": EventFactory(title_vi="Triển lãm <Đổi mới>"),
            "kind": "approved",
            "team_url": "http://testserver/exhibitors/abc/",
        },
    )
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<a href="http://testserver/exhibitors/abc/"' in html
    assert "Sự kiện: Triển lãm <Đổi mới>" in message.body
    assert "Sự kiện: Triển lãm &lt;Đổi mới&gt;" in html
    assert "Lê &lt;b&gt;Hoa&lt;/b&gt;" in html and "<b>Hoa" not in html

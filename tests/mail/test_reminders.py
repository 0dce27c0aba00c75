"""Reminders before each session: once per person, session and offset, never to cancelled people, the
nearest one only when the job runs late, with the ticket and the place."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.enums import RegistrationStatus
from events.mail.models import ReminderSent
from events.mail.reminders import reminders_send_due
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2030, 5, 20, 8, 30))
BOOKED = START - datetime.timedelta(days=10)


@pytest.fixture
def event():
    return EventFactory(
        title_vi="Tập huấn kỹ năng gọi vốn",
        title_en="Fundraising skills training",
        session__starts_at=START,
        session__room="Phòng 5",
    )


@pytest.fixture
def people(event):
    def person(email, status=RegistrationStatus.CONFIRMED, language="vi"):
        return RegistrationFactory(
            event=event, email=email, status=status, language=language, queued_at=BOOKED, confirmed_at=BOOKED
        )

    return [
        person("an@example.vn"),
        person("binh@example.vn", language="en"),
        person("chi@example.vn", status=RegistrationStatus.CANCELLED),
        person("dung@example.vn", status=RegistrationStatus.WAITLISTED),
    ]


def run(capture, hours_before):
    with capture(execute=True):
        return reminders_send_due(now=START - datetime.timedelta(hours=hours_before))


def test_the_day_before_each_confirmed_person_gets_one_reminder_with_ticket_place_and_calendar(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    assert run(django_capture_on_commit_callbacks, 30) == 0  # not yet
    assert run(django_capture_on_commit_callbacks, 23) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["an@example.vn", "binh@example.vn"]
    vi = next(m for m in mailoutbox if m.to == ["an@example.vn"])
    assert vi.subject == "Nhắc lịch: Tập huấn kỹ năng gọi vốn, 20/05/2030 08:30"
    assert "buổi học bắt đầu vào Thứ 2 20/05/2030 lúc 08:30" in vi.body
    assert event.venue.address in vi.body
    names = [a[0] if isinstance(a, tuple) else a.get_filename() for a in vi.attachments]
    assert f"ticket-{people[0].reference}.pdf" in names
    assert f"{event.slug}.ics" in names
    en = next(m for m in mailoutbox if m.to == ["binh@example.vn"])
    assert en.subject == "Reminder: Fundraising skills training, 20/05/2030 08:30"
    # the job running again, or twice at once, sends nothing more
    assert run(django_capture_on_commit_callbacks, 22) == 0
    assert len(mailoutbox) == 2
    # two hours before: the second reminder, once
    assert run(django_capture_on_commit_callbacks, 1.5) == 2
    assert run(django_capture_on_commit_callbacks, 1) == 0
    assert len(mailoutbox) == 4
    assert ReminderSent.objects.count() == 4


def test_a_late_job_sends_only_the_nearest_reminder(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    assert run(django_capture_on_commit_callbacks, 1) == 2
    assert sorted(ReminderSent.objects.values_list("hours", flat=True)) == [2, 2]
    assert run(django_capture_on_commit_callbacks, 0.5) == 0


def test_no_reminder_for_cancelled_sessions_past_sessions_or_events_without_reminders(
    mailoutbox, django_capture_on_commit_callbacks
):
    off = EventFactory(reminder_hours="", session__starts_at=START)
    RegistrationFactory(event=off, confirmed_at=BOOKED)
    cancelled = EventFactory(session__starts_at=START)
    cancelled.sessions.update(is_cancelled=True)
    RegistrationFactory(event=cancelled, confirmed_at=BOOKED)
    assert run(django_capture_on_commit_callbacks, 1) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due(now=START + datetime.timedelta(minutes=5)) == 0
    assert mailoutbox == []


def test_someone_confirmed_after_the_reminder_time_is_not_reminded_of_what_they_just_booked(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    late = START - datetime.timedelta(hours=5)
    RegistrationFactory(event=event, email="muon@example.vn", queued_at=late, confirmed_at=late)
    assert run(django_capture_on_commit_callbacks, 4) == 0
    assert run(django_capture_on_commit_callbacks, 1) == 1


def test_reminder_hours_are_checked(event):
    for value in ("24,2", "48", "", "1,2,3,4,5"):
        event.reminder_hours = value
        event.full_clean()
    for value in ("0", "abc", "24;2", "1,2,3,4,5,6", "999", "²"):
        event.reminder_hours = value
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert list(error.value.message_dict) == ["reminder_hours"]
    event.reminder_hours = "2, 24"
    assert event.reminder_offsets == [24, 2]


def test_reminders_carry_an_unsubscribe_link_that_stops_them(
    event, people, client, mailoutbox, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks, 23)
    vi = next(m for m in mailoutbox if m.to == ["an@example.vn"])
    link = next(
        line.split(": ", 1)[1]
        for line in vi.body.splitlines()
        if line.startswith("Không muốn nhận lời nhắc nữa?")
    )
    assert vi.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert client.post(link.removeprefix("http://testserver")).status_code == 200
    mailoutbox.clear()
    assert run(django_capture_on_commit_callbacks, 1.5) == 1
    assert [m.to for m in mailoutbox] == [["binh@example.vn"]]

"""Staff write to a group of an event's people: exactly that group, never cancelled or anonymised
people, in each person's language, with placeholders; previewed, then sent at the mail server's pace,
with counts on the event's page."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checkin.models import CheckIn, ScanResult
from events.enums import EventKind, RegistrationStatus
from events.exceptions import DomainError
from events.mail.models import EmailStatus, EmailTopic, OutgoingEmail, StaffMessage
from events.mail.staff_messages import audience_people, staff_message_send
from events.privacy import ANONYMOUS_DOMAIN
from events.roles import DOOR_STAFF, ORGANISER
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from training.models import Completion, Course

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(
        kind=EventKind.COURSE,
        title_vi="Khóa tập huấn ươm tạo",
        title_en="Incubation course",
        session__starts_at=timezone.now() - datetime.timedelta(days=2),
    )


@pytest.fixture
def people(event):
    session = event.sessions.get()
    course = Course.objects.create(event=event)

    def person(key, status=RegistrationStatus.CONFIRMED, **extra):
        return RegistrationFactory(
            event=event, email=f"{key}@example.vn", full_name=f"Người {key}", status=status, **extra
        )

    came = person("came", language="en")
    absent = person("absent")
    done = person("done")
    waiting = person("waiting", status=RegistrationStatus.WAITLISTED)
    gone = person("gone", status=RegistrationStatus.CANCELLED)
    team = person("team", is_exhibitor=True)
    anonymous = RegistrationFactory(event=event, email=f"abc@{ANONYMOUS_DOMAIN}", full_name="—")
    for registration in (came, done, gone, anonymous):
        CheckIn.objects.create(
            session=session, registration=registration, result=ScanResult.OK, scanned_at=session.starts_at
        )
    Completion.objects.create(
        registration=done,
        course=course,
        sessions_total=1,
        sessions_attended=1,
        completed=True,
        evaluated_at=timezone.now(),
    )
    return {"came": came, "absent": absent, "done": done, "waiting": waiting, "gone": gone, "team": team}


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("confirmed", ["absent", "came", "done", "team"]),
        ("waitlisted", ["waiting"]),
        ("checked_in", ["came", "done"]),
        ("not_checked_in", ["absent", "team"]),
        ("completed", ["done"]),
        ("exhibitors", ["team"]),
    ],
)
def test_each_group_is_exactly_its_people_never_cancelled_or_anonymised(event, people, audience, expected):
    emails = sorted(r.email.split("@")[0] for r in audience_people(event, audience))
    assert emails == expected


def message_for(event, audience="checked_in", **fields):
    return StaffMessage(
        event=event,
        audience=audience,
        subject_vi="Tài liệu khóa học {event}",
        body_vi="Chào {name},\nTài liệu ở trang của bạn: {link}\nGiữ nguyên {khác}.",
        subject_en="Course material",
        body_en="Hello {name}, your page: {link}",
        **fields,
    )


def test_sent_message_reaches_the_group_in_each_persons_language_with_placeholders_filled(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = staff_message_send(message=message_for(event), by=UserFactory())
    assert message.recipients == 2
    by_person = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_person) == ["came@example.vn", "done@example.vn"]
    vi = by_person["done@example.vn"]
    assert vi.subject == "Tài liệu khóa học Khóa tập huấn ươm tạo"
    assert vi.body.startswith("Chào Người done,\nTài liệu ở trang của bạn: http://testserver/registrations/")
    assert vi.body.endswith("Giữ nguyên {khác}.")
    en = by_person["came@example.vn"]
    assert (en.subject, en.body.split(",")[0]) == ("Course material", "Hello Người came")
    assert OutgoingEmail.objects.filter(topic=EmailTopic.STAFF_MESSAGE, status=EmailStatus.SENT).count() == 2


def test_sending_is_spread_at_the_mail_servers_pace(
    event, people, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_SEND_PER_MINUTE = 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        staff_message_send(message=message_for(event, audience="confirmed"), by=None)
    assert len(callbacks) == 4  # one batch a minute, four people


def organiser_client(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISER))
    client.force_login(user)
    return client


def test_page_previews_then_sends_and_shows_counts(
    event, people, client, mailoutbox, django_capture_on_commit_callbacks
):
    client = organiser_client(client)
    url = f"/events/{event.slug}/messages/"
    data = {
        "audience": "not_checked_in",
        "subject_vi": "Nhắc  nhở\nđiểm danh",
        "body_vi": "Chào {name}, bạn chưa điểm danh.",
        "subject_en": "",
        "body_en": "",
    }
    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert preview.context["preview"]["count"] == 2
    assert preview.context["preview"]["messages"][0]["body"] == "Chào Người absent, bạn chưa điểm danh."
    assert mailoutbox == [] and StaffMessage.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**data, "action": "send"})
    assert sent.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["absent@example.vn", "team@example.vn"]
    assert mailoutbox[0].subject == "Nhắc nhở điểm danh"
    page = client.get(url)
    [shown] = page.context["sent"]
    assert (shown.recipients, shown.counts) == (2, {"queued": 0, "sent": 2, "failed": 0})
    assert 'data-count="sent">2<' in page.content.decode()


def test_page_refuses_an_empty_group_and_half_written_english(event, people, client):
    client = organiser_client(client)
    url = f"/events/{event.slug}/messages/"
    base = {"subject_vi": "Tiêu đề", "body_vi": "Nội dung", "action": "preview"}
    empty = EventFactory()
    response = client.post(f"/events/{empty.slug}/messages/", {**base, "audience": "confirmed"})
    assert response.context["form"].errors["audience"] == ["Không có ai trong nhóm này để gửi thư."]
    response = client.post(url, {**base, "audience": "confirmed", "subject_en": "Title"})
    assert response.context["form"].non_field_errors() == [
        "Hãy viết cả tiêu đề và nội dung tiếng Anh, hoặc bỏ trống cả hai."
    ]
    response = client.post(url, {**base, "audience": "everyone"})
    assert "audience" in response.context["form"].errors


def test_only_organisers_reach_the_page(event, client):
    url = f"/events/{event.slug}/messages/"
    assert client.get(url).status_code == 302  # to the sign-in page
    door = UserFactory(is_staff=True)
    door.groups.add(Group.objects.get(name=DOOR_STAFF))
    client.force_login(door)
    assert client.get(url).status_code == 403
    assert organiser_client(client).get(url).status_code == 200


def test_page_queries_do_not_grow_with_the_number_of_messages(event, people, client):
    client = organiser_client(client)
    url = f"/events/{event.slug}/messages/"
    staff_message_send(message=message_for(event), by=None)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        staff_message_send(message=message_for(event), by=None)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_a_group_emptied_after_the_preview_is_refused_and_nothing_is_saved(event, people, mailoutbox):
    # The preview counted someone; by the time "send" is pressed the only person waiting has a seat.
    people["waiting"].status = RegistrationStatus.CONFIRMED
    people["waiting"].save(update_fields=["status"])
    with pytest.raises(DomainError) as refused:
        staff_message_send(message=message_for(event, audience="waitlisted"), by=UserFactory())
    assert refused.value.code == "empty_audience"
    assert StaffMessage.objects.count() == 0
    assert OutgoingEmail.objects.filter(topic=EmailTopic.STAFF_MESSAGE).count() == 0
    assert mailoutbox == []

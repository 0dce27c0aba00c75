"""The event page's main action first (issue 19): register, join the waiting list, or why not, with the
date and time, place and seats left at the top, a bar for phones; what to bring on the page, on the
confirmation and in the ticket e-mail."""

import datetime
import re

import pytest
from django.utils import timezone

from events import selectors
from events.enums import EventStatus, RegistrationStatus
from events.mail.messages import build_registration_email
from events.models import Event
from events.signing import registration_manage_path
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def action_of(event: Event) -> str:
    event = Event.objects.with_schedule().with_seats().get(pk=event.pk)
    return selectors.registration_action(event, selectors.seats_left(event))


def controls(content: bytes) -> list[tuple[str, str, str]]:
    """(placement, action, text) of each main-action control on the page, in order."""
    found = re.findall(
        r'<(?:a|p) class="[^"]*(?:action-button|action-why)[^"]*"(?: href="[^"]*")? data-action="([^"]+)" '
        r'data-placement="([^"]+)">(.*?)</(?:a|p)>',
        content.decode(),
        re.S,
    )
    return [(placement, action, text.strip()) for action, placement, text in found]


def test_event_action_register_when_seats_are_free():
    assert action_of(EventFactory(capacity=10)) == "register"
    assert action_of(EventFactory(capacity=None)) == "register"


def test_event_action_waitlist_when_full_with_a_waiting_list():
    event = EventFactory(capacity=1, waitlist_enabled=True)
    RegistrationFactory(event=event)

    assert action_of(event) == "waitlist"


def test_event_action_full_without_a_waiting_list():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=event)

    assert action_of(event) == "full"


def test_event_action_says_why_not():
    now = timezone.now()
    assert action_of(EventFactory(registration_opens_at=now + datetime.timedelta(days=1))) == "not_yet_open"
    assert action_of(EventFactory(registration_closes_at=now - datetime.timedelta(hours=1))) == "closed"
    assert action_of(EventFactory(status=EventStatus.CANCELLED)) == "cancelled"
    assert action_of(EventFactory(session__starts_at=now - datetime.timedelta(days=2))) == "closed"


MORNING = timezone.make_aware(datetime.datetime(2027, 3, 10, 9, 0))  # a Wednesday, Ho Chi Minh City time


def test_event_page_puts_the_action_before_the_description(client):
    event = EventFactory(capacity=30, description_vi="Mô tả dài " * 200, session__starts_at=MORNING)
    RegistrationFactory(event=event)

    content = client.get(event.get_absolute_url()).content
    page = content.decode()

    assert controls(content) == [("top", "register", "Đăng ký"), ("bar", "register", "Đăng ký")]
    assert page.index('data-placement="top"') < page.index('class="event__description"')
    box = re.search(r'<dl class="action-box__facts">(.*?)</dl>', page, re.S).group(1)
    facts = [" ".join(re.sub(r"<[^>]+>", " ", dd).split()) for dd in re.findall(r"<dd>(.*?)</dd>", box, re.S)]
    assert facts == [
        "Thứ 4 10/03/2027 09:00 –12:00",
        f"{event.venue.name}, {event.venue.address}",
        "Còn 29 chỗ",
    ]


def test_event_page_full_with_waiting_list_offers_the_list(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    content = client.get("/en" + event.get_absolute_url()).content

    assert controls(content) == [
        ("top", "waitlist", "Join the waiting list"),
        ("bar", "waitlist", "Join the waiting list"),
    ]
    assert 'action="/en/events/' in content.decode()  # the form is still there: it adds to the list


def test_event_page_closed_registration_shows_why_and_no_form(client):
    event = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))

    content = client.get("/en" + event.get_absolute_url()).content

    assert controls(content) == [
        ("top", "closed", "Registration for this event has closed."),
        ("bar", "closed", "Registration for this event has closed."),
    ]
    assert 'name="consent"' not in content.decode()


def test_event_page_full_without_waiting_list_shows_no_form(client):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=event)

    content = client.get("/en" + event.get_absolute_url()).content

    assert controls(content)[0] == ("top", "full", "This event is full.")
    assert 'name="consent"' not in content.decode()


def test_what_to_bring_on_page_confirmation_and_email(client):
    event = EventFactory(what_to_bring_vi="Căn cước công dân\nMáy tính xách tay", what_to_bring_en="ID card")
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)

    page = client.get(event.get_absolute_url()).content.decode()
    confirmation = client.get(registration_manage_path(registration) + "?new=1").content.decode()
    english = client.get("/en" + registration_manage_path(registration)).content.decode()
    message = build_registration_email(registration, "confirmed")

    assert "Căn cước công dân<br>Máy tính xách tay" in page
    assert re.search(r'<dd class="what-to-bring">(.*?)</dd>', confirmation).group(1) == (
        "Căn cước công dân<br>Máy tính xách tay"
    )
    assert re.search(r'<dd class="what-to-bring">(.*?)</dd>', english).group(1) == "ID card"
    assert "Cần mang theo: Căn cước công dân\nMáy tính xách tay" in message.body


def test_confirmation_shows_date_time_and_place(client):
    event = EventFactory(session__starts_at=MORNING)
    registration = RegistrationFactory(event=event)

    page = client.get("/en" + registration_manage_path(registration) + "?new=1").content.decode()

    when = re.search(r'<dd class="when">(.*?)</dd>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", when) == "Wednesday 10/03/2027 09:00–12:00"
    assert f"<dd>{event.venue.name}, {event.venue.address} · " in page


def test_event_page_query_count_is_bounded(client, django_assert_max_num_queries):
    event = EventFactory(capacity=10)
    for _ in range(5):
        RegistrationFactory(event=event)

    with django_assert_max_num_queries(12):
        client.get(event.get_absolute_url())

"""The staff workspace (issue 16): who manages which events, the staff home, the event hub and its live
numbers, the door board, and their query counts (constant whatever the number of sessions and people)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checkin.services import checkin_registration, checkin_scan, ticket_get_or_issue
from events.enums import EventKind, RegistrationStatus
from events.exhibitions.models import Exhibitor, ExhibitorStatus
from events.mail.models import EmailStatus, OutgoingEmail
from events.models import Event
from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER
from events.selectors import manages_events, organiser_events
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    StartupProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def staff(group_name: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def organiser():
    return staff(ORGANISER)


@pytest.fixture
def live_event():
    """An event of 10 seats whose first session started 30 minutes ago (open for check-in)."""
    return EventFactory(
        slug="ngay-hoi",
        title_vi="Ngày hội khởi nghiệp",
        capacity=10,
        session__starts_at=timezone.now() - datetime.timedelta(minutes=30),
    )


# --- Who manages what -------------------------------------------------------------------------------------


def test_organiser_events_all_for_organisers_none_for_others(organiser, live_event):
    other = EventFactory()
    door, viewer = staff(DOOR_STAFF), staff(REPORT_VIEWER)
    not_staff = UserFactory(is_staff=False)
    not_staff.groups.add(Group.objects.get(name=ORGANISER))
    superuser = UserFactory(superuser=True)

    assert set(organiser_events(organiser)) == {live_event, other}
    assert set(organiser_events(superuser)) == {live_event, other}
    assert list(organiser_events(door)) == []
    assert list(organiser_events(viewer)) == []
    assert list(organiser_events(not_staff)) == []
    assert [manages_events(u) for u in (organiser, door, viewer, not_staff)] == [True, False, False, False]


# --- The event hub ------------------------------------------------------------------------------------------


def test_hub_shows_numbers_exhibitors_not_counted_as_seats(client, organiser, live_event):
    RegistrationFactory.create_batch(3, event=live_event)
    RegistrationFactory(event=live_event, is_exhibitor=True)
    RegistrationFactory(event=live_event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory.create_batch(2, event=live_event, status=RegistrationStatus.PENDING)
    Exhibitor.objects.create(
        event=live_event,
        project=StartupProjectFactory(),
        status=ExhibitorStatus.APPROVED,
        contact_name="Lê Văn Tám",
        contact_email="tam@example.vn",
        contact_phone="0912345678",
    )
    client.force_login(organiser)

    page = client.get(f"/staff/events/{live_event.slug}/")
    numbers = client.get(f"/staff/events/{live_event.slug}/numbers/").json()

    assert page.status_code == 200
    assert numbers["figures"] == {
        "capacity": 10,
        "confirmed": 3,
        "free": 7,
        "waitlisted": 1,
        "pending": 2,
        "exhibitor_people": 1,
        "exhibitors": 1,
        "exhibitors_waiting": 0,
        "meetings": 0,
        "meetings_held": 0,
    }
    html = page.content.decode()
    assert 'data-figure="confirmed">3<' in html
    assert f"/admin/events/registration/?event__id__exact={live_event.pk}&amp;status__exact=pending" in html
    assert f'/checkin/?session={live_event.sessions.get().pk}"' in html
    assert f"/checkin/board/{live_event.slug}/" in html
    assert f"/events/{live_event.slug}/messages/" in html
    assert f"/events/{live_event.slug}/calendar.ics" in html
    assert f"/events/{live_event.slug}/floor/" in html  # a workshop with an exhibitor gets the floor list


def test_hub_numbers_count_check_ins_per_session(client, organiser, live_event):
    first = live_event.sessions.get()
    second = SessionFactory(event=live_event, starts_at=first.starts_at + datetime.timedelta(days=1))
    people = RegistrationFactory.create_batch(3, event=live_event)
    for person in people[:2]:
        checkin_registration(registration=person, session=first, user=organiser)
    checkin_registration(registration=people[0], session=first, user=organiser)  # a second scan: one person
    client.force_login(organiser)

    numbers = client.get(f"/staff/events/{live_event.slug}/numbers/").json()

    assert numbers["sessions"] == {str(first.pk): {"checked_in": 2}, str(second.pk): {"checked_in": 0}}


def test_hub_links_exhibitor_pages_for_an_exhibition_and_attendance_for_a_course(client, organiser):
    exhibition = EventFactory(kind=EventKind.EXHIBITION)
    course = EventFactory(kind=EventKind.COURSE)
    client.force_login(organiser)

    exhibition_page = client.get(f"/staff/events/{exhibition.slug}/").content.decode()
    course_page = client.get(f"/staff/events/{course.slug}/").content.decode()

    assert f"/events/{exhibition.slug}/floor/" in exhibition_page
    assert f"/events/{exhibition.slug}/meetings/" in exhibition_page
    assert "/admin/training/course/add/" in course_page  # no course settings yet: the hub says add them
    assert f"/events/{course.slug}/floor/" not in course_page  # a course has no exhibitors' pages


def test_hub_refuses_people_who_do_not_manage_the_event(client, live_event):
    door = staff(DOOR_STAFF)

    anonymous = client.get(f"/staff/events/{live_event.slug}/")
    client.force_login(door)
    as_door = client.get(f"/staff/events/{live_event.slug}/")
    as_door_numbers = client.get(f"/staff/events/{live_event.slug}/numbers/")
    client.force_login(staff(ORGANISER))
    unknown = client.get("/staff/events/khong-co/")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert (as_door.status_code, as_door_numbers.status_code, unknown.status_code) == (404, 404, 404)


def _many(event: Event, sessions: int, people: int, organiser) -> None:
    first = event.sessions.get()
    for day in range(1, sessions):
        SessionFactory(event=event, starts_at=first.starts_at + datetime.timedelta(days=day))
    registrations = RegistrationFactory.create_batch(people, event=event)
    RegistrationFactory.create_batch(3, event=event, status=RegistrationStatus.PENDING)
    for person in registrations[: people // 2]:
        checkin_registration(registration=person, session=first, user=organiser, gate=f"Cổng {person.pk % 3}")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/staff/",
        "/staff/events/ngay-hoi/",
        "/staff/events/ngay-hoi/numbers/",
        "/checkin/board/ngay-hoi/",
        "/checkin/board/ngay-hoi/data/",
    ],
)
def test_workspace_pages_query_count_does_not_grow(client, organiser, url):
    one = EventFactory(
        slug="ngay-hoi", capacity=10, session__starts_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    RegistrationFactory(event=one)
    client.force_login(organiser)
    client.get(url)  # session and permission caches warmed, as on every later request
    few = _queries(client, url)

    _many(one, sessions=8, people=40, organiser=organiser)
    for _ in range(5):
        _many(EventFactory(session__starts_at=timezone.now() + datetime.timedelta(hours=2)), 2, 6, organiser)
    many = _queries(client, url)

    assert few == many
    assert many <= 12


# --- The staff home -----------------------------------------------------------------------------------------


def test_staff_home_lists_what_needs_staff(client, organiser, live_event):
    waiting_with_seats = EventFactory(title_vi="Hội thảo có chỗ trống", capacity=5)
    RegistrationFactory(event=waiting_with_seats, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=live_event, status=RegistrationStatus.PENDING)
    full = EventFactory(title_vi="Hội thảo đã đầy", capacity=1)
    RegistrationFactory(event=full)
    RegistrationFactory(event=full, status=RegistrationStatus.WAITLISTED)
    far = EventFactory(
        title_vi="Sự kiện tháng sau", session__starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    person = RegistrationFactory(event=live_event)
    OutgoingEmail.objects.create(
        topic="registration",
        object_id=person.pk,
        kind="confirmed",
        recipient=person.email,
        registration=person,
        status=EmailStatus.FAILED,
    )
    client.force_login(organiser)

    response = client.get("/staff/")

    assert response.status_code == 200
    context = response.context
    assert [e.title_vi for e in context["upcoming"]] == [
        "Ngày hội khởi nghiệp",
        "Hội thảo có chỗ trống",
        "Hội thảo đã đầy",
    ]
    assert far not in context["upcoming"]
    assert [e.title_vi for e in context["pending"]] == ["Ngày hội khởi nghiệp"]
    assert [e.title_vi for e in context["free_seats"]] == ["Hội thảo có chỗ trống"]
    (panel,) = context["panels"]
    session = live_event.sessions.get()
    assert [(label, url) for label, _, url in panel.items] == [
        ("Ngày hội khởi nghiệp", f"/checkin/?session={session.pk}")
    ]
    assert [(status, n) for status, _, n in context["failed_emails"]] == [("failed", 1)]


@pytest.mark.parametrize(("group", "landing"), [(DOOR_STAFF, "/checkin/"), (REPORT_VIEWER, "/reports/")])
def test_staff_home_sends_door_staff_and_report_viewers_to_their_page(client, group, landing):
    client.force_login(staff(group))

    response = client.get("/staff/")

    assert (response.status_code, response["Location"]) == (302, landing)


def test_staff_home_refuses_people_who_are_not_staff(client):
    client.force_login(UserFactory(is_staff=False))

    assert client.get("/staff/").status_code == 403


def test_admin_sign_in_lands_on_the_staff_home_unless_asked_otherwise(client, organiser):
    page = client.get("/admin/login/")
    asked = client.get("/admin/login/?next=/admin/events/event/")
    signed_in = client.post(
        "/admin/login/",
        {"username": organiser.username, "password": "correct horse battery staple", "next": "/staff/"},
    )

    assert 'name="next" value="/staff/"' in page.content.decode()
    assert 'name="next" value="/admin/events/event/"' in asked.content.decode()
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/staff/")


def test_admin_index_links_the_staff_home_for_organisers(client, organiser):
    client.force_login(organiser)

    assert 'href="/staff/"' in client.get("/admin/").content.decode()


# --- The door board -----------------------------------------------------------------------------------------


def test_board_counts_per_session_and_gate_and_arrivals(client, organiser, live_event):
    session = live_event.sessions.get()
    people = RegistrationFactory.create_batch(4, event=live_event)
    checkin_registration(registration=people[0], session=session, user=organiser, gate="Cổng A")
    checkin_registration(registration=people[1], session=session, user=organiser, gate="Cổng A")
    ticket = ticket_get_or_issue(registration=people[2])
    checkin_scan(code=ticket.code, session=session, user=organiser, gate="Cổng B")
    checkin_scan(code="KHONG-HOP-LE", session=session, user=organiser, gate="Cổng B")  # refused: not counted
    client.force_login(organiser)

    data = client.get(f"/checkin/board/{live_event.slug}/data/").json()
    page = client.get(f"/checkin/board/{live_event.slug}/")

    assert (data["total"], data["expected"]) == (3, 4)
    assert [(s["id"], s["checked_in"]) for s in data["sessions"]] == [(session.pk, 3)]
    assert data["gates"] == [{"gate": "Cổng A", "n": 2}, {"gate": "Cổng B", "n": 1}]
    assert sum(bucket["n"] for bucket in data["arrivals"]) == 3
    assert data["day"] == timezone.localdate().strftime("%d/%m/%Y")
    assert page.status_code == 200
    assert 'id="board-data"' in page.content.decode()


def test_board_refuses_door_staff_without_the_event(client, live_event):
    client.force_login(staff(DOOR_STAFF))

    assert client.get(f"/checkin/board/{live_event.slug}/").status_code == 404
    assert client.get(f"/checkin/board/{live_event.slug}/data/").status_code == 404

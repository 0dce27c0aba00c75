"""A walk-in at the door: door staff register and check in a person in one step from the scanner page,
under the public form's rules; what is refused saves nothing."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from checkin.enums import CheckInSource, ScanResult
from checkin.models import CheckIn, DoorStaffAssignment, Ticket
from events.enums import OrganizationKind, RegistrationStatus
from events.mail.models import OutgoingEmail
from events.models import Registration
from events.roles import DOOR_STAFF
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSON = {
    "full_name": "Đặng Thị Thu",
    "email": "thu.dang@example.vn",
    "phone": "0987 654 321",
    "organization_name": "Công ty TNHH Công nghệ Sài Gòn",
    "organization_kind": OrganizationKind.ENTERPRISE,
}


def vi(message: str) -> str:
    with translation.override("vi"):
        return str(translation.gettext(message))


@pytest.fixture
def event():
    now = timezone.now()
    return EventFactory(
        capacity=2,
        # the public registration closed yesterday: door staff still add walk-ins
        registration_closes_at=now - datetime.timedelta(days=1),
        session__starts_at=now - datetime.timedelta(minutes=30),
        session__ends_at=now + datetime.timedelta(hours=3),
    )


@pytest.fixture
def door(client, event):
    staff = UserFactory(username="cua-b", is_staff=True)
    staff.groups.add(Group.objects.get(name=DOOR_STAFF))
    DoorStaffAssignment.objects.create(event=event, user=staff, gate="Cổng B")
    client.force_login(staff)
    return staff


def walk_in_url(event) -> str:
    return reverse("checkin:walk_in", kwargs={"pk": event.sessions.get().pk})


def test_scanner_page_offers_the_walk_in_form(client, door, event):
    session = event.sessions.get()

    response = client.get(reverse("checkin:scanner"), {"session": session.pk})

    assert response.status_code == 200
    assert response.content.decode().count(f'action="{walk_in_url(event)}"') == 1


def test_walk_in_is_registered_and_checked_in_in_one_step(
    client, door, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(walk_in_url(event), {**PERSON, "send_ticket": "on"})

    session = event.sessions.get()
    assert response.status_code == 302
    assert response.url == f"{reverse('checkin:scanner')}?session={session.pk}#walk-in"
    registration = Registration.objects.get(event=event)
    assert (
        registration.full_name,
        registration.status,
        registration.source,
        registration.organization_kind,
    ) == (
        "Đặng Thị Thu",
        RegistrationStatus.CONFIRMED,
        "walk_in",
        "enterprise",
    )
    checkin = CheckIn.objects.get()
    assert (
        checkin.registration,
        checkin.session,
        checkin.result,
        checkin.gate,
        checkin.user,
        checkin.source,
    ) == (
        registration,
        session,
        ScanResult.OK,
        "Cổng B",
        door,
        CheckInSource.WALK_IN,
    )
    assert checkin.ticket == Ticket.objects.get(registration=registration)
    assert list(OutgoingEmail.objects.values_list("kind", "recipient")) == [
        ("confirmed", "thu.dang@example.vn")
    ]


def test_walk_in_without_ticket_email(client, door, event):
    response = client.post(walk_in_url(event), PERSON)

    assert response.status_code == 302
    assert CheckIn.objects.get().result == ScanResult.OK
    assert OutgoingEmail.objects.count() == 0


def test_walk_in_of_someone_registered_says_so_and_saves_nothing(client, door, event):
    existing = RegistrationFactory(event=event, email="THU.DANG@example.vn")

    response = client.post(walk_in_url(event), PERSON)

    assert response.status_code == 400
    assert response.context["walk_in_form"].non_field_errors() == [
        vi("%(email)s is already registered for this event (%(reference)s).")
        % {"email": existing.email, "reference": existing.reference}
    ]
    assert Registration.objects.count() == 1
    assert CheckIn.objects.count() == 0


def test_walk_in_when_full_is_refused_and_nothing_is_saved(client, door, event):
    RegistrationFactory.create_batch(2, event=event)

    response = client.post(walk_in_url(event), PERSON)

    assert response.status_code == 400
    assert response.context["walk_in_form"].non_field_errors() == [
        vi("No seat can be given at the door: the person would be %(status)s.")
        % {"status": vi("On the waiting list").lower()}
    ]
    assert Registration.objects.filter(event=event).count() == 2
    assert CheckIn.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_walk_in_form_errors_are_shown(client, door, event):
    response = client.post(walk_in_url(event), {**PERSON, "email": "khong hop le", "full_name": "A\nB"})

    assert response.status_code == 400
    assert sorted(response.context["walk_in_form"].errors) == ["email", "full_name"]
    assert Registration.objects.count() == 0


def test_walk_in_at_another_event_is_not_found(client, door):
    other = EventFactory()

    assert client.post(walk_in_url(other), PERSON).status_code == 404
    assert Registration.objects.count() == 0


def test_walk_in_before_check_in_opens_is_refused(client, door):
    later = EventFactory()
    DoorStaffAssignment.objects.create(event=later, user=door, gate="Cổng B")

    response = client.post(walk_in_url(later), PERSON)

    assert response.status_code == 400
    assert response.context["walk_in_form"].non_field_errors() == [
        vi("Check-in is not open for this session.")
    ]
    assert Registration.objects.count() == 0

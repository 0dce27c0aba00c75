"""A user who organises at host A and only views host B (report viewer, door staff) sees host B's rows in
the admin's lists, but a list action that changes data never runs over them: a selection holding one is
refused whole and nothing changes. Actions that only read (the CSV export) run over what the user sees."""

import pytest
from django.urls import reverse

from checkin.models import DoorStaffAssignment
from events.enums import HostRole, RegistrationStatus
from events.hosts import Host, HostMembership
from tests.factories import EventFactory, OrganizationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:events_registration_changelist"


@pytest.fixture
def world():
    a = Host.objects.create(organization=OrganizationFactory(), slug="host-a")
    b = Host.objects.create(organization=OrganizationFactory(), slug="host-b")
    own = RegistrationFactory(event=EventFactory(host=a))
    other = RegistrationFactory(event=EventFactory(host=b))
    return a, b, own, other


def mixed_user(a, b, role_at_b, door_at=None):
    user = UserFactory(username=f"to_chuc_a_{role_at_b}")
    HostMembership.objects.create(host=a, user=user, role=HostRole.ORGANISER)
    HostMembership.objects.create(host=b, user=user, role=role_at_b)
    if door_at is not None:  # door staff see the events they are assigned to
        DoorStaffAssignment.objects.create(event=door_at, user=user)
    user.refresh_from_db()
    return user


def run(client, action, *registrations, follow=True):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [r.pk for r in registrations], "index": 0},
        follow=follow,
    )


@pytest.mark.parametrize("role_at_b", [HostRole.REPORT_VIEWER, HostRole.DOOR_STAFF])
def test_action_over_a_selection_with_another_hosts_row_changes_nothing(client, world, role_at_b):
    a, b, own, other = world
    client.force_login(mixed_user(a, b, role_at_b, door_at=other.event))
    # The user does see host B's row in the list (which is why it can be selected).
    listed = client.get(reverse(CHANGELIST))
    assert listed.status_code == 200
    assert other.full_name in listed.content.decode()

    for selection in [(own, other), (other,)]:
        response = run(client, "cancel", *selection)
        assert response.redirect_chain == [(reverse(CHANGELIST), 302)]
        messages = [str(m) for m in response.context["messages"]]
        assert messages == [
            "Bạn không được thay đổi một số dòng đã chọn (thuộc đơn vị tổ chức khác): "
            "không có gì được thực hiện."
        ]
        own.refresh_from_db()
        other.refresh_from_db()
        assert (own.status, other.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED)


def test_action_over_own_rows_still_runs(client, world):
    a, b, own, other = world
    client.force_login(mixed_user(a, b, HostRole.REPORT_VIEWER))
    response = run(client, "cancel", own)
    assert [str(m) for m in response.context["messages"]] == ["Đã hủy: 1 đăng ký được cập nhật."]
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, other.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)


def test_reading_action_runs_over_every_row_the_user_sees(client, world):
    a, b, own, other = world
    client.force_login(mixed_user(a, b, HostRole.REPORT_VIEWER))
    response = run(client, "export_csv", own, other, follow=False)
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert own.full_name in body
    assert other.full_name in body

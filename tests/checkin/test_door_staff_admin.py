"""A partner host's organiser assigns door staff to its events in the admin: the person is picked from a
list of the host's own staff (the programme office searches every user), never another host's."""

import pytest
from django.urls import reverse

from checkin.models import DoorStaffAssignment
from events.enums import HostRole
from events.hosts import Host, HostMembership
from tests.factories import EventFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "admin:checkin_doorstaffassignment_add"


@pytest.fixture
def world():
    a = Host.objects.create(organization=OrganizationFactory(), slug="host-a")
    b = Host.objects.create(organization=OrganizationFactory(), slug="host-b")
    organiser = UserFactory(username="to_chuc_a", is_staff=True)
    HostMembership.objects.create(host=a, user=organiser, role=HostRole.ORGANISER)
    door_a = UserFactory(username="cua_a")
    HostMembership.objects.create(host=a, user=door_a, role=HostRole.DOOR_STAFF)
    door_b = UserFactory(username="cua_b")
    HostMembership.objects.create(host=b, user=door_b, role=HostRole.DOOR_STAFF)
    return {"organiser": organiser, "door_a": door_a, "door_b": door_b, "event": EventFactory(host=a)}


def test_host_organiser_picks_door_staff_from_its_hosts_people(client, world):
    client.force_login(world["organiser"])

    page = client.get(reverse(ADD))

    assert page.status_code == 200
    choices = page.context["adminform"].form.fields["user"].queryset
    assert world["door_a"] in choices and world["door_b"] not in choices
    html = page.content.decode()
    assert "cua_a" in html and "cua_b" not in html  # a list to pick from, not a search it may not run

    added = client.post(
        reverse(ADD), {"user": world["door_a"].pk, "event": world["event"].pk, "gate": "Cổng A"}
    )
    assert added.status_code == 302
    assert DoorStaffAssignment.objects.filter(user=world["door_a"], event=world["event"]).exists()

    refused = client.post(reverse(ADD), {"user": world["door_b"].pk, "event": world["event"].pk, "gate": ""})
    assert refused.status_code == 200
    assert "user" in refused.context["adminform"].form.errors
    assert not DoorStaffAssignment.objects.filter(user=world["door_b"]).exists()


def test_programme_office_searches_every_user(admin_client):
    page = admin_client.get(reverse(ADD))
    assert page.status_code == 200
    assert "admin-autocomplete" in page.content.decode()

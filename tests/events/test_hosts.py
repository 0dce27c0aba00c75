"""Hosts: the default host, who manages which events, host staff's groups, and the public side (each event
shows its host, the catalogue filters by host, a host's page and its iCal feed)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from checkin.models import DoorStaffAssignment
from events.enums import EventStatus, HostRole, OrganizationKind
from events.hosts import PROGRAMME_OFFICE_SLUG, Host, HostMembership, default_host, hosts_of
from events.roles import HOST_DOOR_STAFF, HOST_ORGANISER, HOST_REPORT_VIEWER, ORGANISER
from events.selectors import staff_events, visible_events
from tests.factories import EventFactory, OrganizationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_host(slug: str, name: str) -> Host:
    return Host.objects.create(
        organization=OrganizationFactory(name=name, kind=OrganizationKind.INNOVATION_CENTRE), slug=slug
    )


@pytest.fixture
def hosts():
    return make_host("trung-tam-a", "Trung tâm Đổi mới A"), make_host("vuon-uom-b", "Vườn ươm B")


def member(host, role, username):
    user = UserFactory(username=username)
    HostMembership.objects.create(host=host, user=user, role=role)
    user.refresh_from_db()
    return user


def test_events_belong_to_the_programme_office_unless_told():
    office = Host.objects.get(is_programme_office=True)
    assert (EventFactory().host_id, default_host(), office.slug) == (
        office.pk,
        office.pk,
        PROGRAMME_OFFICE_SLUG,
    )


def test_staff_events_by_role(hosts):
    a, b = hosts
    event_a, event_b, other_a = EventFactory(host=a), EventFactory(host=b), EventFactory(host=a)
    organiser = member(a, HostRole.ORGANISER, "to_chuc_a")
    door = member(a, HostRole.DOOR_STAFF, "gac_cong_a")
    DoorStaffAssignment.objects.create(event=event_a, user=door)
    viewer = member(b, HostRole.REPORT_VIEWER, "xem_b")
    office = UserFactory(username="van_phong")
    office.groups.add(Group.objects.get(name=ORGANISER))
    both = member(a, HostRole.ORGANISER, "hai_noi")
    HostMembership.objects.create(host=b, user=both, role=HostRole.ORGANISER)
    mine = {event_a.pk, event_b.pk, other_a.pk}

    def pks(qs):
        return {pk for pk in qs.values_list("pk", flat=True) if pk in mine}

    assert [pks(staff_events(user)) for user in (organiser, door, viewer, office, both)] == [
        {event_a.pk, other_a.pk},
        set(),
        set(),
        mine,
        mine,
    ]
    assert [pks(visible_events(user)) for user in (organiser, door, viewer)] == [
        {event_a.pk, other_a.pk},
        {event_a.pk},
        {event_b.pk},
    ]
    assert list(hosts_of(both, HostRole.ORGANISER).order_by("slug")) == [a, b]


def test_memberships_put_users_in_their_roles_groups(hosts):
    a, b = hosts
    user = member(a, HostRole.ORGANISER, "nhieu_vai")
    HostMembership.objects.create(host=b, user=user, role=HostRole.REPORT_VIEWER)
    user.refresh_from_db()
    assert (user.is_staff, sorted(user.groups.values_list("name", flat=True))) == (
        True,
        sorted([HOST_ORGANISER, HOST_REPORT_VIEWER]),
    )
    HostMembership.objects.filter(user=user, role=HostRole.ORGANISER).delete()
    assert list(user.groups.values_list("name", flat=True)) == [HOST_REPORT_VIEWER]
    assert Group.objects.get(name=HOST_DOOR_STAFF).permissions.filter(codename="scan_all_events").count() == 0


def test_host_groups_keep_the_programme_office_only_rights_out():
    codenames = set(Group.objects.get(name=HOST_ORGANISER).permissions.values_list("codename", flat=True))
    assert {"change_event", "view_registration", "view_hostmembership", "add_hostmembership"} <= codenames
    assert codenames & {"manage_all_hosts", "scan_all_events", "change_host", "view_outgoingemail"} == set()


def test_event_page_shows_its_host(client, hosts):
    event = EventFactory(host=hosts[0])
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert 'href="/hosts/trung-tam-a/">Trung tâm Đổi mới A</a>' in page


def test_catalogue_filters_by_host(client, hosts):
    a, b = hosts
    event_a, event_b = EventFactory(host=a), EventFactory(host=b)
    shown = client.get("/", {"host": "vuon-uom-b"}).context["events"]
    assert [event.pk for event in shown] == [event_b.pk]
    assert [event.pk for event in client.get("/", {"host": "trung-tam-a"}).context["events"]] == [event_a.pk]


def test_host_page_lists_its_upcoming_published_events(client, hosts):
    a, b = hosts
    soon = EventFactory(host=a, session__starts_at=timezone.now() + datetime.timedelta(days=2))
    EventFactory(host=a, status=EventStatus.DRAFT)
    EventFactory(host=a, session__starts_at=timezone.now() - datetime.timedelta(days=30))
    EventFactory(host=b)
    response = client.get("/hosts/trung-tam-a/")
    assert [event.pk for event in response.context["events"]] == [soon.pk]
    assert client.get("/hosts/khong-co/").status_code == 404
    assert client.get("/en/hosts/trung-tam-a/").status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_host_page_queries_do_not_grow_with_events(client, hosts, count):
    for _index in range(count):
        EventFactory(host=hosts[0])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/hosts/trung-tam-a/").status_code == 200
    assert len(queries) == 2  # the host, its events (with venue and host)


def test_host_feed_has_its_events_only(client, hosts):
    a, b = hosts
    event_a = EventFactory(host=a, title_vi="Hội thảo của A")
    SessionFactory(event=event_a)
    EventFactory(host=b, title_vi="Hội thảo của B")
    response = client.get("/hosts/trung-tam-a/calendar.ics")
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(item["SUMMARY"]) for item in calendar.walk("VEVENT"))
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (200, "text/calendar")
    assert summaries == ["Hội thảo của A", "Hội thảo của A"]
    assert str(calendar["X-WR-CALNAME"]).endswith("Trung tâm Đổi mới A")


def test_registration_actions_answer_with_the_routers_format_suffix(api_client):
    """The access test found these: `/approve.json` (DefaultRouter's format suffix) was a 500."""
    from events.enums import RegistrationStatus
    from tests.factories import RegistrationFactory

    office = UserFactory(username="van_phong_api", is_staff=True)
    office.groups.add(Group.objects.get(name=ORGANISER))
    event = EventFactory(requires_approval=True)
    pending = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    api_client.force_authenticate(office)
    response = api_client.post(f"/api/v1/registrations/{pending.reference}/approve.json")
    pending.refresh_from_db()
    assert (response.status_code, pending.status) == (200, RegistrationStatus.CONFIRMED)

"""Reports by host: two hosts each run the hand-built world of tests/reports/world_today.py (its figures are
counted by hand there), and host B also supports one of host A's projects. Each host's figures equal the
hand counts; the city's are the de-duplicated union (the shared project counts once); the programme office
sees the breakdown by host, a host's report viewer its own host's figures only."""

import datetime

import pytest
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from events.enums import HostRole, OrganizationKind
from events.exhibitions.models import SupportKind, SupportRecord
from events.exhibitions.services import support_record_create
from events.hosts import Host, HostMembership
from events.models import Event, Organization
from reports.indicators import Period, by_host, compute
from tests.factories import UserFactory

from .test_until_now import UP_TO_TODAY
from .world_today import build_today_world

pytestmark = pytest.mark.django_db

START_2025 = datetime.date(2025, 1, 1)


def _take(host: Host) -> None:
    """Everything not yet a partner's goes to `host` (the world just built)."""
    office = Host.objects.get(is_programme_office=True)
    Event.objects.filter(host=office).update(host=host)
    SupportRecord.objects.filter(host=office, event__isnull=True).update(host=host)
    SupportRecord.objects.filter(event__isnull=False).update(
        host=Subquery(Event.objects.filter(pk=OuterRef("event")).values("host")[:1])
    )


@pytest.fixture
def two_hosts(db):
    a = Host.objects.create(
        organization=Organization.objects.create(name="Trung tâm A", kind=OrganizationKind.INNOVATION_CENTRE),
        slug="trung-tam-a",
    )
    b = Host.objects.create(
        organization=Organization.objects.create(name="Vườn ươm B", kind=OrganizationKind.UNIVERSITY),
        slug="vuon-uom-b",
    )
    world_a = build_today_world()
    _take(a)
    world_b = build_today_world("_b")
    _take(b)
    # Host B also mentors host A's project A on D: one project, two hosts.
    shared = support_record_create(
        project=world_a.projects["PA"], kind=SupportKind.MENTORING, date=world_b.day, note="", by=None
    )
    SupportRecord.objects.filter(pk=shared.pk).update(host=b)
    return a, b, world_a


def figures(world, hosts=None) -> dict:
    return compute(Period(START_2025, world.day, as_of=world.moment).for_hosts(hosts)).as_dict()["indicators"]


def test_each_hosts_figures_equal_the_hand_counts(two_hosts):
    a, b, world = two_hosts
    assert figures(world, [a.pk]) == UP_TO_TODAY
    assert figures(world, [b.pk]) == {
        **UP_TO_TODAY,
        "projects_supported": 4,  # its A, B, C and host A's project A
        # new to host B: its first support of host A's project A is on D (a host counts its own support)
        "projects_new": 4,
        "projects_cumulative": 4,
    }


def test_city_total_is_the_deduplicated_union_of_hosts(two_hosts):
    a, b, world = two_hosts
    city = figures(world)
    # Host A's A, B, C and host B's A, B, C: six projects; host A's A once though both hosts support it.
    assert (city["projects_supported"], city["projects_cumulative"]) == (6, 6)
    assert figures(world, [a.pk, b.pk]) == city
    sums = {key: figures(world, [a.pk])[key] + figures(world, [b.pk])[key] for key in ("projects_supported",)}
    assert sums == {"projects_supported": 7}
    # People and events are each host's own: the city has both worlds' counts.
    assert (city["courses_held"], city["trainees_attended"], city["meetings_held"]) == (4, 8, 2)


def test_breakdown_by_host(two_hosts):
    a, b, world = two_hosts
    rows = by_host(Period(START_2025, world.day, as_of=world.moment))
    assert [(row["host"], row["trainees_attended"], row["projects_supported"]) for row in rows] == [
        (a, 4, 3),
        (b, 4, 4),
    ]


def test_programme_office_page_has_the_breakdown_and_drills_into_a_host(client, two_hosts, organiser):
    a, b, world = two_hosts
    client.force_login(organiser)
    page = client.get(
        reverse("reports:report"), {"start": "01/01/2025", "end": world.day.strftime("%d/%m/%Y")}
    )
    assert [row["host"] for row in page.context["hosts"]] == [a, b]
    one = client.get(reverse("reports:report"), {"host": "vuon-uom-b"})
    assert (one.context["period"].hosts, one.context["hosts"]) == ((b.pk,), None)


def test_host_report_viewer_sees_its_own_hosts_figures_only(client, api_client, two_hosts):
    a, _b, world = two_hosts

    viewer = UserFactory(username="xem_a")
    HostMembership.objects.create(host=a, user=viewer, role=HostRole.REPORT_VIEWER)
    api_client.force_authenticate(viewer)
    params = {"start": "2025-01-01", "end": world.day.isoformat()}
    own = api_client.get("/api/v1/reports/indicators/", params).json()["indicators"]
    asked_for_b = api_client.get("/api/v1/reports/indicators/", {**params, "host": "vuon-uom-b"})
    expected = compute(Period(START_2025, world.day).for_hosts([a.pk])).as_dict()["indicators"]
    city = compute(Period(START_2025, world.day)).as_dict()["indicators"]
    assert (own, own == city) == (expected, False)
    assert asked_for_b.status_code == 400  # not one of its hosts: refused, never host B's figures
    client.force_login(viewer)
    page = client.get(reverse("reports:report"))
    assert (page.status_code, page.context["period"].hosts, page.context["hosts"]) == (200, (a.pk,), None)

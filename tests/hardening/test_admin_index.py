"""The admin is where door staff and report viewers sign in: its index leads each to their pages, and
only to theirs."""

import re

import pytest
from django.contrib.auth.models import Group

from checkin.models import DoorStaffAssignment
from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def _links(client) -> list[tuple[str, str]]:
    page = client.get("/admin/").content.decode()
    block = re.search(r'<div class="module staff-pages">(.*?)</div>', page, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', block.group(1)) if block else []


def _staff(group: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_door_staff_see_the_scanner_once_assigned_to_an_event(client):
    door = _staff(DOOR_STAFF)
    client.force_login(door)
    assert _links(client) == []

    DoorStaffAssignment.objects.create(event=EventFactory(), user=door)

    assert _links(client) == [("/checkin/", "Quét vé")]


def test_report_viewer_sees_the_reports(client):
    client.force_login(_staff(REPORT_VIEWER))

    assert _links(client) == [("/reports/", "Báo cáo chính sách")]


def test_organiser_and_superuser_links_in_english(client):
    client.force_login(_staff(ORGANISER))
    organiser_links = _links(client)
    client.force_login(UserFactory(superuser=True))

    assert organiser_links == [
        ("/staff/", "Trang chủ cán bộ"),
        ("/checkin/", "Quét vé"),
        ("/reports/", "Báo cáo chính sách"),
    ]
    page = client.get("/en/admin/").content.decode()
    assert '<a href="/en/staff/">Staff home</a>' in page
    assert '<a href="/en/checkin/">Scanner</a>' in page
    assert '<a href="/en/reports/">Policy reports</a>' in page

"""Fixtures for the report tests: the hand-built world and users in each staff role."""

import pytest
from django.contrib.auth.models import Group, Permission

from checkin.models import DoorStaffAssignment
from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER
from tests.factories import UserFactory

from .world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


def user_in(group_name: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def report_viewer(db):
    return user_in(REPORT_VIEWER, "xem_bao_cao")


@pytest.fixture
def organiser(db):
    return user_in(ORGANISER, "nguoi_to_chuc")


@pytest.fixture
def door_staff(db, event):
    user = user_in(DOOR_STAFF, "gac_cong")
    DoorStaffAssignment.objects.create(event=event, user=user, gate="Cổng chính")
    return user


@pytest.fixture
def plain_staff(db):
    """A staff account with admin access to registrations but no report permission."""
    user = UserFactory(username="nhan_vien", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_registration", "view_event"]))
    return user

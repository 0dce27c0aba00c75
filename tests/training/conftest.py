"""Fixtures for the training tests: staff users with and without the registration permissions."""

import pytest
from django.contrib.auth.models import Permission

from events.enums import OrganizationKind
from events.models import Organization
from tests.factories import OrganizationFactory, UserFactory


def _with_permissions(user, *codenames: str):
    # Programme staff (the programme office), so every host's events: `manage_all_hosts`.
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events", codename__in=[*codenames, "manage_all_hosts"]
        )
    )
    return user


@pytest.fixture
def staff(db):
    """Programme staff: may see registrations and attendance and change registrations."""
    return _with_permissions(
        UserFactory(username="can_bo_chuong_trinh"), "view_registration", "change_registration"
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def organization(db) -> Organization:
    return OrganizationFactory(
        name="Trung tâm Đổi mới sáng tạo Bến Thành", kind=OrganizationKind.INNOVATION_CENTRE
    )

"""Fixtures for the exhibitor tests: uploads under a temporary MEDIA_ROOT, exhibition and
market-connection events, staff users."""

import pytest
from django.contrib.auth.models import Permission

from events.enums import EventKind
from events.models import Event
from tests.factories import UserFactory

from .helpers import exhibition_event


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded logos go to a fresh folder for each test."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def exhibition(db) -> Event:
    """A published exhibition with 10 visitor seats and one 3-hour session next week from 09:00."""
    return exhibition_event(
        slug="trien-lam-khoi-nghiep-2025",
        title_vi="Triển lãm khởi nghiệp sáng tạo TP.HCM",
        title_en="HCMC startup innovation exhibition",
        capacity=10,
    )


@pytest.fixture
def market(db) -> Event:
    """A published market-connection event next week, 09:00-12:00: nine 20-minute slots, two tables."""
    return exhibition_event(
        kind=EventKind.MARKET_CONNECTION,
        slug="ket-noi-thi-truong-2025",
        title_vi="Kết nối thị trường cho dự án khởi nghiệp",
        title_en="Market connection for startup projects",
        meeting_minutes=20,
        meeting_tables=2,
    )


def _with_permissions(user, *codenames: str):
    # Programme staff (the programme office), so every host's events: `manage_all_hosts`.
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events", codename__in=[*codenames, "manage_all_hosts"]
        )
    )
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="quan_tri", superuser=True)


@pytest.fixture
def staff(db):
    """Programme staff: may see and change registrations (floor list, meeting grid)."""
    return _with_permissions(UserFactory(username="can_bo"), "view_registration", "change_registration")


@pytest.fixture
def viewer(db):
    """Staff who may only look (floor list, meeting grid) but not record anything."""
    return _with_permissions(UserFactory(username="chi_xem"), "view_registration")


@pytest.fixture
def plain_user(db):
    return UserFactory(username="nguoi_dung")

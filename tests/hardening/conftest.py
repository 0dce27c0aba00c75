"""Fixtures for the hardening tests: events open for check-in now, a finished course with a
certificate, users in each staff role and scanner devices."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.test import APIClient

from checkin.models import DoorStaffAssignment
from checkin.services import checkin_scan, scanner_device_create, ticket_get_or_issue
from events.enums import EventKind, OrganizationKind
from events.models import Event, Registration
from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, UserFactory
from training.enums import CourseTopic
from training.models import Certificate, Course
from training.services import course_evaluate_completion

PASSWORD = "correct horse battery staple"  # tests/factories.py UserFactory's password


def user_in(group_name: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def open_event(db) -> Event:
    """A published event whose session started 30 minutes ago: open for check-in now."""
    return EventFactory(
        slug="ngay-hoi-khoi-nghiep",
        title_vi="Ngày hội khởi nghiệp sáng tạo",
        title_en="Startup innovation day",
        capacity=50,
        session__starts_at=timezone.now() - datetime.timedelta(minutes=30),
    )


@pytest.fixture
def other_event(db) -> Event:
    """Another event open for check-in now, that the door staff and the device are not assigned to."""
    return EventFactory(
        slug="trien-lam-cong-nghe",
        title_vi="Triển lãm công nghệ xanh",
        title_en="Green technology exhibition",
        session__starts_at=timezone.now() - datetime.timedelta(minutes=10),
    )


@pytest.fixture
def guest(open_event) -> Registration:
    return RegistrationFactory(
        event=open_event,
        full_name="Nguyễn Thị Hương",
        email="huong.nguyen@example.vn",
        organization_name="Trung tâm Đổi mới sáng tạo TP.HCM",
    )


@pytest.fixture
def other_guest(other_event) -> Registration:
    return RegistrationFactory(event=other_event, full_name="Trần Văn Phúc", email="phuc.tran@example.vn")


@pytest.fixture
def door_staff(open_event):
    user = user_in(DOOR_STAFF, "gac_cong")
    DoorStaffAssignment.objects.create(event=open_event, user=user, gate="Cổng chính")
    return user


@pytest.fixture
def organiser(db):
    return user_in(ORGANISER, "nguoi_to_chuc")


@pytest.fixture
def report_viewer(db):
    return user_in(REPORT_VIEWER, "xem_bao_cao")


@pytest.fixture
def superuser(db):
    return UserFactory(username="quan_tri", superuser=True)


@pytest.fixture
def device(open_event):
    """A scanner device for `open_event` only, and an API client that authenticates as it."""
    device, token = scanner_device_create(name="Máy quét cổng A", events=[open_event])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return device, client


@pytest.fixture
def certificate(db) -> Certificate:
    """A finished course (one session two days ago) whose trainee attended and got a certificate."""
    event = EventFactory(
        kind=EventKind.COURSE,
        slug="tap-huan-uom-tao",
        title_vi="Tập huấn nghiệp vụ ươm tạo khởi nghiệp",
        title_en="Startup incubation skills",
        session=None,
    )
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    session = SessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    course = Course.objects.create(event=event, topic=CourseTopic.CAPACITY_BUILDING)
    trainee = RegistrationFactory(
        event=event,
        full_name="Lê Minh Châu",
        email="chau.le@example.vn",
        organization_name="Sở Khoa học và Công nghệ",
        organization_kind=OrganizationKind.STATE_AGENCY,
    )
    ticket = ticket_get_or_issue(registration=trainee)
    assert checkin_scan(code=ticket.code, session=session, scanned_at=start).result == "ok"
    course_evaluate_completion(course=course)
    return Certificate.objects.get(registration=trainee)

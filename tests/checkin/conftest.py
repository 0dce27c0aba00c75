"""Fixtures for the check-in tests: an event whose session is open for check-in now, scanner devices,
and confirmed registrations with their tickets."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from checkin import api
from checkin.models import ScannerDevice, Ticket
from checkin.services import scanner_device_create, ticket_get_or_issue
from events.models import Event, Registration, Session
from tests.factories import EventFactory, RegistrationFactory


@pytest.fixture
def open_event(db) -> Event:
    """A published event whose one session started 30 minutes ago and runs 3 hours: open for check-in."""
    return EventFactory(
        title_vi="Ngày hội khởi nghiệp sáng tạo",
        title_en="Startup innovation day",
        session__starts_at=timezone.now() - datetime.timedelta(minutes=30),
    )


@pytest.fixture
def open_session(open_event) -> Session:
    return open_event.sessions.get()


@pytest.fixture
def other_event(db) -> Event:
    """A second event, also open for check-in now (for wrong-event and scope tests)."""
    return EventFactory(session__starts_at=timezone.now() - datetime.timedelta(minutes=10))


@pytest.fixture
def registration(open_event) -> Registration:
    return RegistrationFactory(
        event=open_event,
        full_name="Nguyễn Thị Hương",
        email="huong.nguyen@example.vn",
        phone="0912345678",
        organization_name="Trung tâm Đổi mới sáng tạo TP.HCM",
        position="Chuyên viên",
    )


@pytest.fixture
def ticket(registration) -> Ticket:
    return ticket_get_or_issue(registration=registration)


def device_client(events: list[Event], name: str = "Cổng A") -> tuple[ScannerDevice, APIClient]:
    """A scanner device for `events` and an API client that authenticates as it."""
    device, token = scanner_device_create(name=name, events=events)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return device, client


@pytest.fixture
def gate_a(open_event) -> tuple[ScannerDevice, APIClient]:
    return device_client([open_event], "Cổng A")


@pytest.fixture
def gate_b(open_event) -> tuple[ScannerDevice, APIClient]:
    return device_client([open_event], "Cổng B")


@pytest.fixture
def fast_answers(monkeypatch):
    """For each scan request, whether `_device_scan` answered it (True) or handed it to DRF (False)."""
    answered = []
    real = api._device_scan

    def counting(view, request):
        response = real(view, request)
        answered.append(response is not None)
        return response

    monkeypatch.setattr(api, "_device_scan", counting)
    return answered

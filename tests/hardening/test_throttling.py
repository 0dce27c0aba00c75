"""The API's 429 answers: past a throttle's rate, the API's error body with Retry-After, in the client's
language (Vietnamese or English) with the wait in seconds."""

import time

import pytest
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from checkin.models import CheckIn
from checkin.services import ticket_get_or_issue
from events.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

SCAN_URL = "/api/v1/checkin/scan/"


@pytest.fixture
def low_rate(settings, monkeypatch):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "registrations": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # DRF copies the rates into a class attribute when rest_framework.throttling is first imported, so
    # a changed setting reaches throttles only through that attribute (the cache is cleared by
    # tests/conftest.py between tests).
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)
    assert SimpleRateThrottle.THROTTLE_RATES["registrations"] == "3/minute"


@pytest.fixture
def low_scan_rate(settings):
    # ScanThrottle reads DRF's api_settings on every scan (they are reloaded on setting_changed), not
    # DRF's class-level copy.
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "scan": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    assert api_settings.DEFAULT_THROTTLE_RATES["scan"] == "2/minute"


def register(api_client, event, n: int, language: str | None = None):
    return api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        {
            "full_name": f"Người đăng ký {n}",
            "email": f"nguoi{n}@example.vn",
            "phone": "0912345678",
            "consent": True,
        },
        format="json",
        headers={"accept-language": language} if language else {},
    )


def scan(client, code, session, language: str):
    return client.post(
        SCAN_URL, {"code": code, "session": session.pk}, format="json", headers={"accept-language": language}
    )


def retry_after(response) -> int:
    wait = int(response["Retry-After"])
    assert 0 < wait <= 60
    return wait


@pytest.mark.parametrize("language", ["vi", "vi-VN,vi;q=0.9,en;q=0.8"])
def test_fourth_registration_in_a_minute_is_429_in_vietnamese(low_rate, api_client, open_event, language):
    statuses = [register(api_client, open_event, n, language).status_code for n in range(3)]

    response = register(api_client, open_event, 3, language)

    assert statuses == [201, 201, 201]
    assert response.status_code == 429
    wait = retry_after(response)
    assert response.json() == {
        "code": "throttled",
        "detail": f"Bạn đã gửi quá nhiều yêu cầu. Có thể thử lại sau {wait} giây.",
    }
    assert Registration.objects.count() == 3


def test_fourth_registration_in_a_minute_is_429_in_english(low_rate, api_client, open_event):
    for n in range(3):
        register(api_client, open_event, n, "en")

    response = register(api_client, open_event, 3, "en")

    assert response.status_code == 429
    wait = retry_after(response)
    assert response.json() == {
        "code": "throttled",
        "detail": f"Request was throttled. Expected available in {wait} second{'' if wait == 1 else 's'}.",
    }
    assert Registration.objects.count() == 3


def test_registration_429_without_accept_language_is_in_vietnamese(low_rate, api_client, open_event):
    for n in range(3):
        register(api_client, open_event, n)

    response = register(api_client, open_event, 3)

    assert response.status_code == 429
    wait = retry_after(response)
    assert response.json()["detail"] == f"Bạn đã gửi quá nhiều yêu cầu. Có thể thử lại sau {wait} giây."


def test_throttle_counts_per_client_address(low_rate, api_client, open_event):
    for n in range(3):
        register(api_client, open_event, n)
    assert register(api_client, open_event, 3).status_code == 429

    response = api_client.post(
        f"/api/v1/events/{open_event.slug}/registrations/",
        {"full_name": "Người khác", "email": "khac@example.vn", "phone": "0912345678", "consent": True},
        format="json",
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 201


def test_scan_rate_429_is_in_vietnamese(low_scan_rate, device, open_event):
    _device, client = device
    session = open_event.sessions.get()
    tickets = [ticket_get_or_issue(registration=RegistrationFactory(event=open_event)) for _ in range(3)]
    if 60 - time.time() % 60 < 5:  # the scans must fall in one fixed one-minute window
        time.sleep(60 - time.time() % 60 + 0.05)

    admitted = [scan(client, ticket.code, session, "vi").status_code for ticket in tickets[:2]]
    refused = scan(client, tickets[2].code, session, "vi")

    assert admitted == [200, 200]
    assert refused.status_code == 429
    wait = retry_after(refused)
    assert refused.json() == {
        "code": "throttled",
        "detail": f"Bạn đã gửi quá nhiều yêu cầu. Có thể thử lại sau {wait} giây.",
    }
    assert CheckIn.objects.count() == 2


def test_unknown_code_limit_429_keeps_its_message_in_vietnamese(settings, device, open_event):
    settings.CHECKIN_MAX_INVALID_PER_MINUTE = 2
    _device, client = device
    session = open_event.sessions.get()
    ticket = ticket_get_or_issue(registration=RegistrationFactory(event=open_event))

    guesses = [scan(client, f"GUESS{n}", session, "vi").json()["result"] for n in range(2)]
    refused = scan(client, ticket.code, session, "vi")

    assert guesses == ["invalid", "invalid"]
    assert (refused.status_code, refused["Retry-After"]) == (429, "60")
    assert refused.json() == {
        "code": "throttled",
        "detail": "Máy quét này gửi quá nhiều mã không hợp lệ; vui lòng chờ một phút. "
        "Có thể thử lại sau 60 giây.",
    }

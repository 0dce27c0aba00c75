"""Public registration is throttled: past the rate, 429 with the API's error body and Retry-After."""

import pytest
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rate(settings, monkeypatch):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "registrations": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # DRF copies the rates into a class attribute when rest_framework.throttling is first imported, so
    # a changed setting reaches throttles only through that attribute (the cache is cleared by
    # tests/conftest.py between tests).
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)
    assert SimpleRateThrottle.THROTTLE_RATES["registrations"] == "3/minute"


def register(api_client, event, n: int):
    return api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        {
            "full_name": f"Người đăng ký {n}",
            "email": f"nguoi{n}@example.vn",
            "phone": "0912345678",
            "consent": True,
        },
        format="json",
    )


def test_fourth_registration_in_a_minute_is_429_with_retry_after(low_rate, api_client, open_event):
    statuses = [register(api_client, open_event, n).status_code for n in range(3)]

    response = register(api_client, open_event, 3)

    assert statuses == [201, 201, 201]
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= 60
    assert response.json() == {"code": "throttled", "detail": str(Throttled(wait=wait).detail)}
    assert Registration.objects.count() == 3


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

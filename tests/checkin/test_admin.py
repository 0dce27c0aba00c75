"""Scanner devices added in the admin: the events chosen are kept, and the token is shown once, to the
person who added the device, and nowhere else."""

import logging
import re

import pytest
from django.contrib.sessions.models import Session as StoredSession
from django.urls import reverse
from rest_framework.test import APIClient

from checkin.models import ScannerDevice
from tests.checkin.helpers import scan

pytestmark = pytest.mark.django_db

ADD = reverse("admin:checkin_scannerdevice_add")


def shown_token(response) -> str:
    found = re.findall(r'<input id="device-token"[^>]*value="([^"]+)"', response.content.decode())
    assert len(found) == 1
    return found[0]


def test_admin_adds_a_device_for_an_event_and_shows_its_token_once(
    admin_client, admin_user, open_event, other_event, ticket, open_session, caplog
):
    caplog.set_level(logging.DEBUG)

    response = admin_client.post(ADD, {"name": "Cổng A", "events": [open_event.pk]})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = shown_token(response)
    device = ScannerDevice.objects.get()
    assert (device.name, list(device.events.all()), device.created_by) == ("Cổng A", [open_event], admin_user)
    # The token works at the event chosen.
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert scan(client, ticket.code, open_session).json()["result"] == "ok"
    # Nowhere else: no cookie (the messages' cookie), no session, no log, not on the device's pages later.
    assert [name for name, cookie in response.cookies.items() if token in cookie.value] == []
    assert [record.getMessage() for record in caplog.records if token in record.getMessage()] == []
    for page in (
        reverse("admin:checkin_scannerdevice_changelist"),
        reverse("admin:checkin_scannerdevice_change", args=[device.pk]),
    ):
        later = admin_client.get(page)
        assert (later.status_code, token in later.content.decode()) == (200, False)
    assert [s.pk for s in StoredSession.objects.all() if token in str(s.get_decoded())] == []


def test_admin_device_events_can_be_changed_after_adding(admin_client, open_event, other_event):
    admin_client.post(ADD, {"name": "Cổng B", "events": [open_event.pk]})
    device = ScannerDevice.objects.get()

    response = admin_client.post(
        reverse("admin:checkin_scannerdevice_change", args=[device.pk]),
        {"name": "Cổng B", "events": [open_event.pk, other_event.pk]},
    )

    assert response.status_code == 302
    assert set(device.events.all()) == {open_event, other_event}

"""The scanner as an installable web app: its service worker is served where its scope covers the
scanner page, and its manifest names the page."""

import pytest

pytestmark = pytest.mark.django_db


def test_service_worker_is_served_under_the_scanner_path_with_its_files(client):
    response = client.get("/checkin/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/checkin/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    for name in ("/static/checkin/scanner.js", "/static/checkin/ticket.js", "/static/checkin/scanner.css"):
        assert f'"{name}"' in body


def test_manifest_opens_the_scanner_full_screen(client):
    response = client.get("/checkin/manifest.webmanifest")

    data = response.json()
    assert (data["start_url"], data["scope"], data["display"]) == ("/checkin/", "/checkin/", "standalone")
    assert data["name"] == "Điểm danh tại cửa"

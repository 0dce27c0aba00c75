"""The scanner as an installable web app: its service worker is served where its scope covers the
scanner page, and its manifest names the page."""

import re

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


# --- The camera's QR decoder: jsQR from npm (package.json), served as one of our static files --------------


def test_qr_decoder_is_served_from_node_modules_and_kept_by_the_service_worker(client, require_qr_decoder):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/jsqr/jsQR.js") == str(require_qr_decoder)
    body = client.get("/checkin/sw.js").content.decode()
    assert '"/static/vendor/jsqr/jsQR.js"' in body


def test_scanner_page_loads_the_qr_decoder_before_its_own_script(client, require_qr_decoder):
    from tests.factories import EventFactory, UserFactory

    session = EventFactory().sessions.get()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(f"/checkin/?session={session.pk}").content.decode()

    scripts = [line.strip() for line in page.splitlines() if line.strip().startswith("<script src=")]
    assert scripts[-3:] == [
        '<script src="/static/vendor/jsqr/jsQR.js" defer></script>',
        '<script src="/static/checkin/ticket.js" defer></script>',
        '<script src="/static/checkin/scanner.js" defer></script>',
    ]


@pytest.fixture
def without_node_modules(settings, tmp_path):
    settings.NODE_MODULES_DIR = tmp_path / "node_modules"
    return settings


def test_check_warns_clearly_when_npm_libraries_are_not_installed(without_node_modules):
    from django.core import checks

    messages = [m for m in checks.run_checks() if m.id == "config.W001"]

    assert [(m.level, m.msg) for m in messages] == [
        (
            checks.WARNING,
            f"{without_node_modules.NODE_MODULES_DIR / 'jsqr/dist/jsQR.js'} is missing, so the static file "
            "vendor/jsqr/jsQR.js cannot be served.",
        )
    ]
    assert "npm ci --omit=dev" in messages[0].hint


def test_check_is_silent_when_npm_libraries_are_installed(require_qr_decoder):
    from django.core import checks

    assert [m.id for m in checks.run_checks() if m.id == "config.W001"] == []


def test_scanner_works_without_node_modules(client, without_node_modules):
    """Before `npm ci`: no decoder script on the page or in the worker (the camera then uses the
    browser's BarcodeDetector or the server), and no error."""
    from tests.factories import EventFactory, UserFactory

    session = EventFactory().sessions.get()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(f"/checkin/?session={session.pk}")
    worker = client.get("/checkin/sw.js")

    assert (page.status_code, worker.status_code) == (200, 200)
    assert "jsqr" not in page.content.decode().lower()
    assert "jsqr" not in worker.content.decode().lower()
    assert '"/static/checkin/scanner.js"' in worker.content.decode()


def test_collectstatic_hashes_the_qr_decoder_like_our_own_files(settings, tmp_path, require_qr_decoder):
    """The manifest storage (production's, under WhiteNoise's compression) collects jsQR from node_modules
    and serves it under a hashed name, and only the one file (nothing else of the package)."""
    from django.core.management import call_command

    from checkin.views import optional_static

    settings.STATIC_ROOT = tmp_path / "static"
    # only npm's files: collecting the whole site would take most of a minute
    settings.STATICFILES_FINDERS = ["config.staticfinders.NodeModulesFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = optional_static("vendor/jsqr/jsQR.js")

    collected = sorted(p.name for p in (tmp_path / "static" / "vendor" / "jsqr").iterdir())
    assert len(collected) == 2
    assert collected[1] == "jsQR.js"
    assert re.fullmatch(r"jsQR\.[0-9a-f]{12}\.js", collected[0])
    assert url == f"/static/vendor/jsqr/{collected[0]}"

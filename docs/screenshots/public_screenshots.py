"""Screenshots of the public pages and the reports on demo data (issue 19), written next to this file:
public-event-390x844.png, public-event-1366x768.png, public-confirmation.png, public-trainee-page.png,
public-edit-details.png, public-certificate-lookup.png, reports-indicators.png.

Run from the project's root, with the dev dependencies and Debian's Chromium installed:

    .venv/bin/python docs/screenshots/public_screenshots.py

It seeds a fresh SQLite database in a temporary folder (`seed_demo`), serves it with `runserver` on a free
port, and drives Chromium through Playwright. Nothing outside the temporary folder and these PNG files
changes.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
EVENT_SLUG = "ket-noi-thi-truong-nong-nghiep-cong-nghe-cao"  # a market-connection event with a long page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _django_paths(env: dict) -> dict:
    """Addresses that need the database: a confirmed registration's page, a trainee's page, and a
    session cookie for the demo report viewer."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from events.enums import RegistrationStatus
    from events.models import Registration
    from events.signing import registration_manage_path
    from training.models import Certificate
    from training.signing import person_page_path

    registration = (
        Registration.objects.filter(event__slug=EVENT_SLUG, status=RegistrationStatus.CONFIRMED)
        .order_by("pk")
        .first()
    )
    certificate = Certificate.objects.filter(revoked_at__isnull=True).order_by("pk").first()
    client = Client()
    client.force_login(django.contrib.auth.get_user_model().objects.get(username="demo-reports"))
    return {
        "confirmation": registration_manage_path(registration) + "?new=1",
        "edit": registration_manage_path(registration) + "edit/",
        "trainee": person_page_path(certificate.registration.email),
        "certificate_number": certificate.display_number,
        "session_cookie": (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value),
    }


def _shoot(base: str, paths: dict) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )

        def shot(name: str, path: str, viewport: dict, *, full_page: bool = False, cookies=None, before=None):
            context = browser.new_context(viewport=viewport, device_scale_factor=1)
            if cookies:
                context.add_cookies(cookies)
            page = context.new_page()
            page.goto(base + path)
            if before:
                before(page)
            target = OUT / name
            page.screenshot(path=str(target), full_page=full_page)
            context.close()
            written.append(target)

        phone, laptop = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
        shot("public-event-390x844.png", f"/events/{EVENT_SLUG}/", phone)
        shot("public-event-1366x768.png", f"/events/{EVENT_SLUG}/", laptop)
        shot("public-confirmation.png", paths["confirmation"], laptop, full_page=True)
        shot("public-edit-details.png", paths["edit"], phone, full_page=True)
        shot("public-trainee-page.png", paths["trainee"], laptop, full_page=True)

        def lookup(page):
            page.fill("input[name=q]", paths["certificate_number"])
            page.click("form.certificate-lookup button")
            page.wait_for_selector(".verify")

        shot("public-certificate-lookup.png", "/certificates/", laptop, full_page=True, before=lookup)
        name, value = paths["session_cookie"]
        cookie = [{"name": name, "value": value, "url": base}]
        shot("reports-indicators.png", "/reports/?preset=plan", laptop, full_page=True, cookies=cookie)
        browser.close()
    return written


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="screenshots-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATA_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
        "REDIS_URL": "",
        "SITE_URL": base,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    server = None
    try:
        # our own manage.py, with arguments written here
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)  # noqa: S603
        subprocess.run([*manage, "seed_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
        server = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"], env=env, cwd=ROOT
        )
        _wait_until_up(base + "/")
        for path in _shoot(base, _django_paths(env)):
            print(path.relative_to(ROOT))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

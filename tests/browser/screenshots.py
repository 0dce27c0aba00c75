"""Screenshots of the staff workspace (staff home, event hub, door board) on the demo data, at a laptop's
1366x768 and a tablet's 820x1180, for docs/workspace.md. Not a test: run it by hand after changing those
pages, from the repository's root:

    .venv/bin/python tests/browser/screenshots.py

It builds a fresh SQLite database in a temporary folder (migrate, seed_demo), signs in as the demo
organiser in Debian's Chromium (/usr/bin/chromium, through Playwright) and writes the PNGs to
docs/screenshots/. The event shown is the demo event running now (the check-in demo), where 14 people
are first checked in through the check-in service at two gates over the last half hour."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
SIZES = {"1366x768": {"width": 1366, "height": 768}, "tablet-820x1180": {"width": 820, "height": 1180}}

PREPARE = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from events.demo.data import ORGANISER_USERNAME
from events.models import Session
user = get_user_model().objects.get(username=ORGANISER_USERNAME)
user.set_password({password!r})
user.save()
now = timezone.now()
live = Session.objects.filter(starts_at__lte=now, ends_at__gte=now, event__status="published")
session = live.select_related("event").order_by("starts_at").first()
# The door opened a while ago: a dozen people came through two gates (the check-in service, as a scan).
import datetime
from checkin.models import CheckIn
from checkin.services import checkin_registration
people = session.event.registrations.filter(status="confirmed").order_by("pk")[:14]
for index, person in enumerate(people):
    outcome = checkin_registration(
        registration=person, session=session, user=user, gate="Cổng A" if index % 3 else "Cổng B"
    )
    moment = now - datetime.timedelta(minutes=3 + 5 * (len(people) - index) // 2)
    CheckIn.objects.filter(pk=outcome.checkin.pk).update(scanned_at=moment)
print(session.event.slug)
"""


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="workspace-shots-")
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    port = free_port()
    env.update(
        DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        SITE_URL=f"http://127.0.0.1:{port}",
        TASKS_IN_BACKGROUND_THREAD="false",
    )
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "seed_demo")
    password = secrets.token_urlsafe(16)
    # The last line: `shell` may print what it imported before.
    slug = manage(env, "shell", "-c", PREPARE.format(password=password)).strip().splitlines()[-1]
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz")
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for size, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport, locale="vi-VN")
                page = context.new_page()
                page.goto(f"{base}/admin/login/")
                page.locator("#id_username").fill("demo-organiser")
                page.locator("#id_password").fill(password)
                page.locator("input[type=submit]").click()
                page.wait_for_url(f"{base}/staff/")
                for name, path in (
                    ("staff-home", "/staff/"),
                    ("event-hub", f"/staff/events/{slug}/"),
                    ("door-board", f"/checkin/board/{slug}/"),
                ):
                    page.goto(f"{base}{path}")
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(OUT / f"{name}-{size}.png"), full_page=name != "door-board")
                    print(OUT.relative_to(ROOT) / f"{name}-{size}.png")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""Screenshots of the catalogue on demo data, on a phone (390x844) and a desktop (1366x768), into
docs/screenshots/ (file names start with `catalogue-`).

    python scripts/screenshots.py [--out docs/screenshots]

Needs the dev extras (Playwright) and Debian's Chromium at /usr/bin/chromium. The demo is seeded into a
throw-away SQLite database in a temporary directory and served by Django's development server on a free
port; nothing of the developer's own database or settings is used.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = [
    # (file name, path, viewport, full page)
    ("catalogue-phone-vi.png", "/", {"width": 390, "height": 844}, False),
    ("catalogue-phone-en.png", "/en/", {"width": 390, "height": 844}, False),
    ("catalogue-desktop-vi.png", "/", {"width": 1366, "height": 768}, False),
    ("catalogue-desktop-en.png", "/en/", {"width": 1366, "height": 768}, False),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local server)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as data_dir:
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATA_DIR": data_dir,
            "DATABASE_URL": f"sqlite:///{data_dir}/demo.sqlite3",
            "REDIS_URL": "",
            "DEBUG": "true",
            "SITE_URL": f"http://127.0.0.1:{port}",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--no-input"], ["seed_demo"]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
        server = subprocess.Popen(  # noqa: S603
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
                )
                for name, path, viewport, full_page in SHOTS:
                    phone = viewport["width"] < 600
                    context = browser.new_context(
                        viewport=viewport,
                        device_scale_factor=2 if phone else 1,
                        is_mobile=phone,
                        has_touch=phone,
                    )
                    page = context.new_page()
                    page.goto(base + path, wait_until="networkidle")
                    page.screenshot(path=str(args.out / name), full_page=full_page)
                    context.close()
                    print(args.out / name)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()

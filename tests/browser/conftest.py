"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's live server.

Without Chromium or the playwright package these tests are skipped with the reason; with
REQUIRE_FULL_SUITE=1 (set by CI) they fail instead, so CI can never pass by skipping them.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    # Containers often have a tiny /dev/shm; Chromium then crashes tabs instead of using /tmp.
    "--disable-dev-shm-usage",
]
# Generous for a loaded CI machine; a passing run never waits this long.
TIMEOUT_MS = 15_000


def _missing_requirement() -> str | None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def require_chromium() -> Path:
    reason = _missing_requirement()
    if reason is not None:
        if os.environ.get("REQUIRE_FULL_SUITE") == "1":
            pytest.fail(f"REQUIRE_FULL_SUITE=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module")
def _allow_orm_beside_playwright():
    """Playwright's sync API keeps an asyncio loop running in this thread, which makes Django refuse
    ORM calls (SynchronousOnlyOperation). The tests and the live server never share a connection
    concurrently, so allow it, but only while the browser tests of one module run: Playwright is
    stopped at the end of the module, so other tests keep Django's protection."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def playwright(require_chromium, _allow_orm_beside_playwright):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright, require_chromium):
    # Playwright gives every launch a fresh temporary profile (its own --user-data-dir).
    browser = playwright.chromium.launch(
        executable_path=str(require_chromium), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _open_page(browser, **context_options):
    # Our pages run under a strict CSP (no eval); Playwright evaluates its waiting predicates as strings,
    # so let it past the policy. The CSP itself is tested in tests/hardening.
    context = browser.new_context(bypass_csp=True, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # Checked after each test: a 5xx response or an uncaught script error fails it.
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return context, page, errors


@pytest.fixture
def page(browser):
    """A page in a fresh context (no cookies) with a desktop viewport."""
    context, page, errors = _open_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def phone_page(browser):
    """A page in a fresh context that looks like a phone to the site (390x844, touch, mobile)."""
    context, page, errors = _open_page(
        browser,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()
    assert errors == []

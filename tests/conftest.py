"""Fixtures shared by the whole suite, and the strict-skip contract.

Strict skips: a test that needs something the machine may lack (PostgreSQL, Chromium) skips with a
clear reason on a developer's machine, but fails when REQUIRE_FULL_SUITE=1 (CI sets it), so a broken CI
image cannot turn the suite green by skipping. Fixtures such as `require_postgres` (here) and
`require_chromium` (tests/browser/conftest.py) go through `skip_or_fail`.
"""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient

from events.models import Event
from tests.factories import EventFactory

FULL_SUITE_ENV = "REQUIRE_FULL_SUITE"


def full_suite_required() -> bool:
    return os.environ.get(FULL_SUITE_ENV, "") == "1"


def skip_or_fail(reason: str):
    """Skip the current test with `reason`, or fail it when REQUIRE_FULL_SUITE=1."""
    if full_suite_required():
        pytest.fail(f"{reason} ({FULL_SUITE_ENV}=1: this test may not be skipped)", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config):
    # WhiteNoise warns when STATIC_ROOT was never collected; tests do not serve static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(name="skip_or_fail")
def skip_or_fail_fixture():
    """The strict-skip helper, for conftest files lower in the tree that cannot import this module."""
    return skip_or_fail


@pytest.fixture
def require_postgres():
    """Use in tests that prove guarantees only PostgreSQL gives (row locks under real concurrency)."""
    if connection.vendor != "postgresql":
        skip_or_fail(
            f"needs PostgreSQL, the default database is {connection.vendor}: "
            "set DATABASE_URL=postgres://user@host:5432/name"
        )


@pytest.fixture
def require_qr_decoder():
    """The scanner's in-page QR decoder, installed by `npm ci --omit=dev` (package.json) and served from
    node_modules: its path."""
    from pathlib import Path

    path = Path(settings.NODE_MODULES_DIR) / settings.NODE_STATIC_FILES["vendor/jsqr/jsQR.js"]
    if not path.is_file():
        skip_or_fail(f"the scanner's QR decoder is not installed at {path}: run `npm ci --omit=dev`")
    return path


@pytest.fixture(autouse=True)
def _postgres_marker(request):
    """Tests marked `@pytest.mark.postgres` get `require_postgres` without asking for it."""
    if request.node.get_closest_marker("postgres"):
        request.getfixturevalue("require_postgres")


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters live in the cache: one test's requests must not count against the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware activates a request's language and leaves it active on the thread: reset it so
    # that a test which fetched an English page does not change the language of the next one.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def event(db) -> Event:
    """A published event with 10 seats and one session a week from now, open for registration."""
    return EventFactory(
        capacity=10, title_vi="Lớp tập huấn ươm tạo khởi nghiệp", title_en="Incubation course"
    )


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()

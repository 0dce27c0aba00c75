"""The scan's input and limits: the fast path reads a body only as the serializer would (property-based),
and the scan rate and the unknown-code limit refuse a scanner past them, in the in-process cache (the
test default) and in Redis (production), where they are counted by a script in one round trip."""

import os
import string
import time
import uuid
from types import SimpleNamespace

import hypothesis
import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from checkin.api import ScanSerializer, _plain_scan, _scan_payload
from checkin.models import CheckIn
from checkin.services import ticket_get_or_issue
from checkin.throttling import count_unknown_code, scan_limits
from tests.checkin.conftest import device_client
from tests.checkin.helpers import scan
from tests.factories import RegistrationFactory, UserFactory

# The Redis the limits are tested against (TEST_REDIS_URL, not REDIS_URL: that one switches the app's cache).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
GUESSING = "Too many unknown codes from this scanner; wait a minute. Expected available in 60 seconds."

# --- the fast path reads a scan as the serializer does ------------------------------------------------------

SURROUNDINGS = ["", " ", "\t", "\n", "\x00", "\x1c", "\u00a0", "\u3000"]
ascii_text = st.text(alphabet=string.printable, max_size=24)
any_text = st.one_of(
    st.text(max_size=24),
    st.text(st.characters(codec="utf-8"), max_size=24),
    st.text(st.characters(categories=["Cs", "Cc", "Zs"]), max_size=8),  # surrogates, controls, spaces
    ascii_text,
    st.builds(
        lambda left, text, right: left + text + right,
        st.sampled_from(SURROUNDINGS),
        ascii_text,
        st.sampled_from(SURROUNDINGS),
    ),
    st.text(alphabet="AB2", min_size=60, max_size=68),  # around the nonce's 64
    st.text(alphabet="AB2", min_size=495, max_size=505),  # around the code's 500
    st.just(""),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=3),
    st.integers(),
    st.integers(min_value=2**62, max_value=2**80),
    st.floats(),
    any_text,
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
keys = st.sampled_from(["code", "session", "nonce", "gate", "scanned_at", "other"])
# Plain scans, and plain scans with one thing changed (a field set to any value, a key added, a string
# wrapped in whitespace or NUL, a limit crossed), so that many examples reach each of the fast path's
# conditions and fall on either side of it.
plain_scans = st.fixed_dictionaries(
    {
        "code": st.from_regex(r"[!-~]([ -~]{0,30}[!-~])?", fullmatch=True),
        "session": st.integers(min_value=1, max_value=2**63 - 1),
    },
    optional={
        "nonce": st.one_of(st.none(), st.from_regex(r"[!-~]{0,64}", fullmatch=True)),
        "gate": st.just(""),
    },
)
changes = st.one_of(
    st.none(),
    st.tuples(st.just("set"), keys, json_values),
    st.tuples(
        st.just("wrap"), st.sampled_from(["code", "nonce"]), st.sampled_from(SURROUNDINGS[1:]), st.booleans()
    ),
    st.tuples(st.just("lengthen"), st.sampled_from([("code", 500), ("nonce", 64)]), st.integers(-1, 1)),
)


def changed(body: dict, change) -> dict:
    body = dict(body)
    if change is None:
        return body
    if change[0] == "set":
        _kind, key, value = change
        body[key] = value
    elif change[0] == "wrap":
        _kind, key, around, before = change
        text = body.get(key) or "X"
        body[key] = around + text if before else text + around
    else:
        _kind, (key, limit), delta = change
        body[key] = "N" * (limit + delta)
    return body


scan_bodies = st.one_of(
    st.builds(changed, plain_scans, changes),
    st.dictionaries(keys, json_values, max_size=6),
    json_values,
)


@hypothesis.settings(max_examples=500, deadline=None)
@given(data=scan_bodies)
@example(data={"code": "ABC", "session": 1})
@example(data={"code": "ABC", "session": 1, "nonce": "", "gate": ""})
@example(data={"code": "ABC", "session": 1, "nonce": None})
@example(data={"code": "A" * 500, "session": 2**63 - 1, "nonce": "n" * 64})
@example(data={"code": "A" * 501, "session": 1})
@example(data={"code": "ABC", "session": 1, "nonce": "n" * 65})
@example(data={"code": " ABC", "session": 1})
@example(data={"code": "ABC\x1c", "session": 1})
@example(data={"code": "AB\x00C", "session": 1})
@example(data={"code": "ABC", "session": True})
@example(data={"code": "ABC", "session": 1.0})
@example(data={"code": "ABC", "session": "1"})
@example(data={"code": "ABC", "session": 0})
@example(data={"code": "ABC", "session": 1, "gate": None})
@example(data={"code": "ABC", "session": 1, "scanned_at": None})
@example(data={"code": "mã", "session": 1})
@example(data=["code", "session"])
def test_plain_scan_accepts_only_what_the_serializer_accepts_and_reads_it_alike(data):
    plain = _plain_scan(data)
    serializer = ScanSerializer(data=data)
    valid = serializer.is_valid()

    if plain is not None:
        assert valid, serializer.errors
        read = serializer.validated_data
        assert plain == {
            "code": read["code"],
            "session": read["session"],
            "nonce": read.get("nonce"),
            "gate": read["gate"],
        }
        assert "scanned_at" not in data
        assert _scan_payload(data) == plain
    elif valid:
        assert _scan_payload(data) == serializer.validated_data
    else:
        with pytest.raises(ValidationError) as caught:
            _scan_payload(data)
        assert caught.value.detail == serializer.errors


@pytest.mark.parametrize(
    "data",
    [
        {"code": "ABC", "session": 1},
        {"code": "ABC", "session": 7, "nonce": "n-1"},
        {"code": "abc def", "session": 7, "nonce": None, "gate": ""},
    ],
)
def test_plain_scan_reads_the_plain_scans_a_gate_sends(data):
    # the property above would hold vacuously if nothing were plain
    assert _plain_scan(data) == {"nonce": None, "gate": "", **data}


@pytest.mark.parametrize(
    "data",
    [
        {"code": "ABC", "session": 1, "gate": "Cổng A"},
        {"code": "ABC", "session": 1, "scanned_at": "2025-01-01T08:00:00+07:00"},
        {"code": "ABC", "session": "1"},
        {"code": "ABC", "session": True},
        {"code": "mã vé", "session": 1},
        {"code": "ABC ", "session": 1},
        {"code": "ABC", "session": 1, "nonce": " n-1"},
        {"code": "ABC", "session": 1, "other": 1},
        [{"code": "ABC", "session": 1}],
    ],
)
def test_plain_scan_leaves_everything_else_to_the_serializer(data):
    assert _plain_scan(data) is None


# --- limits: helpers and fixtures ---------------------------------------------------------------------------


def fresh_window(window: int = 60, margin: float = 5) -> float:
    """Wait for the next fixed window when this one ends within `margin` seconds, so that a test's scans
    all fall in one window; return when the window ends (a time.time() value)."""
    left = window - time.time() % window
    if left < margin:
        time.sleep(left + 0.05)
    return (time.time() // window + 1) * window


@pytest.fixture
def scan_rate(settings):
    """Set the `scan` throttle rate. DRF's api_settings are reloaded on setting_changed, and
    `scan_limits` reads them on every scan (ScanThrottle does not use DRF's class-level copy)."""

    def set_rate(rate: str) -> None:
        rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "scan": rate}
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
        assert api_settings.DEFAULT_THROTTLE_RATES["scan"] == rate

    return set_rate


@pytest.fixture
def redis_cache(settings, skip_or_fail):
    """Django's RedisCache as the default cache, under a key prefix of this test's own; its keys are
    deleted afterwards (never FLUSHDB: the Redis may be shared)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        skip_or_fail(f"needs Redis at {REDIS_URL} ({exc.__class__.__name__}: {exc})")
    prefix = f"test-scan-limits-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    # the settings fixture sent setting_changed, which rebuilt django.core.cache.caches
    backend = caches["default"]
    assert isinstance(backend, RedisCache)
    assert cache.make_key("x") == backend.make_key("x") == f"{prefix}:1:x"
    try:
        yield SimpleNamespace(client=client, backend=backend, prefix=prefix)
    finally:
        mine = list(client.scan_iter(match=f"{prefix}:*"))
        if mine:
            client.delete(*mine)
        client.close()


def our_keys(redis_cache) -> set[str]:
    return {key.decode() for key in redis_cache.client.scan_iter(match=f"{redis_cache.prefix}:*")}


@pytest.fixture(params=["locmem", "redis"])
def backend(request):
    """Each HTTP limit test runs with the in-process cache (the test default) and with Redis."""
    if request.param == "redis":
        return request.getfixturevalue("redis_cache")
    assert not isinstance(caches["default"], RedisCache)
    return None


# --- limits in Redis, directly ------------------------------------------------------------------------------


@pytest.mark.parametrize(("rate", "window"), [("3/minute", 60), ("3/hour", 3600)])
def test_redis_scan_limits_count_in_one_window_and_refuse_past_the_limit(
    redis_cache, scan_rate, rate, window
):
    scan_rate(rate)
    ident, neighbour = f"device:{uuid.uuid4().hex}", f"device:{uuid.uuid4().hex}"
    ends = fresh_window(window)

    limits = [scan_limits(ident) for _ in range(5)]
    neighbours = scan_limits(neighbour)

    assert [(lim.allowed, lim.guessing) for lim in limits] == [(True, False)] * 3 + [(False, False)] * 2
    assert all(0 < lim.wait <= window and abs(lim.wait - (ends - time.time())) <= 2 for lim in limits[3:])
    assert neighbours.allowed
    key = redis_cache.backend.make_key(f"throttle:scan:{ident}:{int(ends // window) - 1}")
    assert redis_cache.client.get(key) == b"5"
    assert 0 < redis_cache.client.ttl(key) <= window  # the window's count goes away with it
    assert our_keys(redis_cache) == {
        key,
        redis_cache.backend.make_key(f"throttle:scan:{neighbour}:{int(ends // window) - 1}"),
    }


def test_redis_unknown_codes_past_the_limit_refuse_as_guessing(redis_cache, settings):
    settings.CHECKIN_MAX_INVALID_PER_MINUTE = 3
    ident, neighbour = f"device:{uuid.uuid4().hex}", f"user:{uuid.uuid4().hex}"

    before = []
    for _ in range(3):
        before.append(scan_limits(ident))
        count_unknown_code(ident)
    after = scan_limits(ident)

    assert [lim.allowed for lim in before] == [True, True, True]
    assert (after.allowed, after.guessing, after.wait) == (False, True, 60)
    assert scan_limits(neighbour).allowed
    key = redis_cache.backend.make_key(f"scan-invalid:{ident}")
    assert redis_cache.client.get(key) == b"3"
    assert 0 < redis_cache.client.ttl(key) <= 60
    # the raw counter reads back through Django's cache API as the number it is
    assert cache.get(f"scan-invalid:{ident}") == 3


# --- limits over HTTP, in both caches -----------------------------------------------------------------------


@pytest.mark.django_db
def test_scan_rate_refuses_the_fourth_scan_with_429(
    backend, scan_rate, fast_answers, open_event, open_session
):
    scan_rate("3/minute")
    _device, client = device_client([open_event], "Cổng A")
    tickets = [ticket_get_or_issue(registration=RegistrationFactory(event=open_event)) for _ in range(5)]
    ends = fresh_window()

    admitted = [scan(client, ticket.code, open_session, language="en") for ticket in tickets[:3]]
    refused = scan(client, tickets[3].code, open_session, language="en")
    refused_by_drf = scan(client, tickets[4].code, open_session, language="en", gate="Cửa phụ")

    assert [(r.status_code, r.json()["result"]) for r in admitted] == [(200, "ok")] * 3
    assert (refused.status_code, refused_by_drf.status_code) == (429, 429)
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 60
    assert abs(wait - (ends - time.time())) <= 2
    with translation.override("en"):
        assert refused.json() == {"code": "throttled", "detail": str(Throttled(wait=wait).detail)}
    assert refused.json()["detail"] == f"Request was throttled. Expected available in {wait} seconds."
    # the three on the fast path; the fourth declined by it and refused by DRF; the fifth DRF's alone
    assert fast_answers == [True, True, True, False, False]
    assert CheckIn.objects.count() == 3
    if backend is not None:
        assert any(":throttle:scan:device:" in key for key in our_keys(backend))


@pytest.mark.django_db
def test_scan_rate_counts_each_scanner_separately(backend, scan_rate, open_event, open_session, ticket):
    scan_rate("3/minute")
    _first, busy = device_client([open_event], "Cổng A")
    _second, quiet = device_client([open_event], "Cổng B")
    staff = APIClient()
    staff.force_login(UserFactory(superuser=True))
    fresh_window()

    busy_answers = [scan(busy, "KHONG-PHAI-VE", open_session).status_code for _ in range(4)]
    quiet_answer = scan(quiet, ticket.code, open_session)
    staff_answer = scan(staff, ticket.code, open_session)

    assert busy_answers == [200, 200, 200, 429]
    assert (quiet_answer.status_code, quiet_answer.json()["result"]) == (200, "ok")
    assert (staff_answer.status_code, staff_answer.json()["result"]) == (200, "already_checked_in")


@pytest.mark.django_db
def test_scanner_guessing_codes_is_refused_after_the_limit(
    backend, settings, fast_answers, open_event, open_session, ticket
):
    settings.CHECKIN_MAX_INVALID_PER_MINUTE = 3
    guesser_device, guesser = device_client([open_event], "Cổng A")
    _honest_device, honest = device_client([open_event], "Cổng B")

    guesses = [scan(guesser, f"GUESS{n}", open_session, language="en") for n in range(3)]
    refused = scan(guesser, ticket.code, open_session, language="en")
    honest_answer = scan(honest, ticket.code, open_session, language="en")

    assert [(r.status_code, r.json()["result"]) for r in guesses] == [(200, "invalid")] * 3
    assert (refused.status_code, refused["Retry-After"]) == (429, "60")
    assert refused.json() == {"code": "throttled", "detail": GUESSING}
    assert (honest_answer.status_code, honest_answer.json()["result"]) == (200, "ok")
    assert fast_answers == [True, True, True, False, True]
    assert list(CheckIn.objects.order_by("pk").values_list("result", "device__name")) == [
        ("invalid", "Cổng A"),
        ("invalid", "Cổng A"),
        ("invalid", "Cổng A"),
        ("ok", "Cổng B"),
    ]
    if backend is not None:
        key = backend.backend.make_key(f"scan-invalid:device:{guesser_device.pk}")
        assert backend.client.get(key) == b"3"
        assert 0 < backend.client.ttl(key) <= 60


@pytest.mark.django_db
def test_staff_guessing_codes_is_refused_after_the_limit(backend, settings, open_event, open_session, ticket):
    settings.CHECKIN_MAX_INVALID_PER_MINUTE = 2
    client = APIClient()
    client.force_login(UserFactory(superuser=True))

    guesses = [scan(client, f"GUESS{n}", open_session).status_code for n in range(2)]
    refused = scan(client, ticket.code, open_session, language="en")

    assert guesses == [200, 200]
    assert (refused.status_code, refused.json(), refused["Retry-After"]) == (
        429,
        {"code": "throttled", "detail": GUESSING},
        "60",
    )
    assert CheckIn.objects.count() == 2


# --- Redis away -----------------------------------------------------------------------------------------


def test_doors_keep_scanning_while_redis_is_unreachable(
    settings, fast_answers, open_event, open_session, caplog, monkeypatch
):
    """The limits live in Redis; when it is away a scan is still answered and recorded (the limits are not
    counted meanwhile, and the outage is logged), where it used to be a 500 at the door."""
    monkeypatch.setattr("checkin.throttling._last_outage_log", [0.0])  # logged once a minute
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
            "KEY_PREFIX": f"test-redis-away-{uuid.uuid4().hex}",
        }
    }
    assert isinstance(caches["default"], RedisCache)
    _device, client = device_client([open_event])
    ticket = ticket_get_or_issue(registration=RegistrationFactory(event=open_event))

    answers = [scan(client, code, open_session) for code in (ticket.code, "NOT-A-CODE")]

    assert [(a.status_code, a.json()["result"]) for a in answers] == [(200, "ok"), (200, "invalid")]
    assert fast_answers == [True, True]
    assert CheckIn.objects.filter(session=open_session).count() == 2
    assert "Scan limits not counted: the cache is unreachable" in caplog.text

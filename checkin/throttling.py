"""The scanners' limits, read in one round trip to the cache on every scan:

- the scan rate per scanner (DRF's `scan` rate, e.g. "1200/minute"), counted in fixed windows;
- the unknown codes per scanner in the last minute (`CHECKIN_MAX_INVALID_PER_MINUTE`): past it, every
  scan of that scanner is refused for a minute, valid codes included, so that guessing learns nothing.

With Redis as the cache both counters are read (and the rate counted) in one round trip: a script
that runs `INCR` (and `EXPIRE` when new) of the window's key and `GET` of the unknown-code counter.
DRF's `ScopedRateThrottle` keeps each client's request times as a list that it reads and writes back on
every request (two round trips, and a list as long as the rate); a gate scanning all day needs neither
the list nor the second trip. Any other cache (the embedded default's local memory) goes through
Django's cache API.
"""

import logging
import time
from dataclasses import dataclass
from functools import cache as memoize

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils.translation import gettext_lazy as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from .models import ScannerDevice

UNKNOWN_CODE_WINDOW = 60  # seconds

logger = logging.getLogger(__name__)
_last_outage_log = [0.0]


def _log_outage(exc: Exception) -> None:
    """Once a minute per process, not once per scan."""
    now = time.monotonic()
    if now - _last_outage_log[0] >= 60:
        _last_outage_log[0] = now
        logger.error("Scan limits not counted: the cache is unreachable (%s)", exc)


def scanner_ident(request=None, *, device: ScannerDevice | None = None) -> str:
    """Whose limits: the device's, or the staff user's."""
    user = device or request.user
    return f"device:{user.pk}" if isinstance(user, ScannerDevice) else f"user:{user.pk}"


def _unknown_codes_key(ident: str) -> str:
    return f"scan-invalid:{ident}"


# INCR a counter, give it its lifetime when it is new, and read another counter: one command.
_COUNT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if KEYS[2] then return {n, tonumber(redis.call('GET', KEYS[2]) or '0')} end
return {n, 0}
"""


@memoize
def _redis_pool(location: str):
    import redis

    # Short timeouts: a stuck Redis must not hold a door for long (see `_count`).
    return redis.ConnectionPool.from_url(location, socket_connect_timeout=0.5, socket_timeout=0.5)


def _redis_call(location: str, *command):
    """One command on a pooled connection, retried once on a dropped connection. Spoken on the
    connection directly: redis-py's client layer (command callbacks, retry objects) costs a scan three
    times what the round trip does."""
    import redis

    pool = _redis_pool(location)
    connection = pool.get_connection()
    try:
        for attempt in (1, 2):
            try:
                connection.send_command(*command)
                return connection.read_response()
            except (redis.ConnectionError, redis.TimeoutError):
                connection.disconnect()
                if attempt == 2:
                    raise
    finally:
        pool.release(connection)


def _count(key: str, lifetime: int, also_read: str | None = None) -> tuple[int, int]:
    """Add one to `key` (kept `lifetime` seconds from its first count); return it with the value of
    `also_read`. With Redis one round trip (a script: Redis keeps it compiled); otherwise through
    Django's cache."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        location = settings.CACHES["default"]["LOCATION"]
        if not isinstance(location, str):
            location = location[0]
        keys = [backend.make_key(key)] + ([backend.make_key(also_read)] if also_read else [])
        try:
            count, other = _redis_call(
                location.split(",")[0].split(";")[0], "EVAL", _COUNT, len(keys), *keys, lifetime
            )
        except (RedisConnectionError, RedisTimeoutError) as exc:
            # The doors keep working while Redis is away: the limits are not counted meanwhile (a ticket
            # code is 48 random bits under a signature; guessing one takes far longer than an outage). Any
            # other Redis error (a refused script, a read-only replica) is a misconfiguration: it fails
            # loudly rather than switch the limits off unseen.
            _log_outage(exc)
            return 0, 0
        return int(count), int(other)
    backend.add(key, 0, timeout=lifetime)
    try:
        count = backend.incr(key)
    except ValueError:  # expired between add and incr
        backend.set(key, 1, timeout=lifetime)
        count = 1
    return count, (backend.get(also_read, 0) if also_read else 0)


def count_unknown_code(ident: str) -> None:
    """A scanner (see `scanner_ident`) sent a code that is not ours: count it against its limit."""
    _count(_unknown_codes_key(ident), UNKNOWN_CODE_WINDOW)


@dataclass(frozen=True)
class ScanLimits:
    allowed: bool
    wait: int | None = None  # seconds until the scanner may scan again
    guessing: bool = False  # refused for unknown codes, not for the rate


def scan_limits(ident: str, scope: str = "scan") -> ScanLimits:
    """Count one scan of the scanner `ident` and say whether it may go ahead."""
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
    if rate is None:
        return ScanLimits(allowed=True)
    limit, window = SimpleRateThrottle.parse_rate(None, rate)
    window = int(window)
    now = time.time()
    slot = int(now // window)
    scans, unknown = _count(f"throttle:{scope}:{ident}:{slot}", window, _unknown_codes_key(ident))
    if unknown >= settings.CHECKIN_MAX_INVALID_PER_MINUTE:
        return ScanLimits(allowed=False, wait=UNKNOWN_CODE_WINDOW, guessing=True)
    if scans > limit:
        return ScanLimits(allowed=False, wait=max(1, int((slot + 1) * window - now)))
    return ScanLimits(allowed=True)


class ScanThrottle(BaseThrottle):
    """The scan rate (scope `scan`) and the unknown-code limit of one scanner (device or staff user)."""

    scope = "scan"

    def __init__(self):
        self.wait_seconds = None

    def allow_request(self, request, view):
        limits = scan_limits(scanner_ident(request), self.scope)
        if limits.guessing:
            raise Throttled(
                wait=limits.wait, detail=str(_("Too many unknown codes from this scanner; wait a minute."))
            )
        self.wait_seconds = limits.wait
        return limits.allowed

    def wait(self):
        return self.wait_seconds

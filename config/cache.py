"""Redis as a cache the site can live without.

Redis holds what can be rebuilt or forgotten: cached documents, throttle counters, copies of sessions (the
sessions themselves are in the database: `cached_db`). So when Redis is unreachable, `FailOpenRedisCache`
answers every call as a cache that holds nothing would: a read misses, a write is dropped, a lock (`add`)
is granted. Rate limits are not counted meanwhile, sessions are read from the database, and pages, the
API and the doors keep answering instead of failing with a 500.

The outage is logged once when it starts (one line, no traceback) and once when it ends. While it lasts,
Redis is tried again only every `RETRY_SECONDS`, so an unreachable host (where every try waits for the
connect timeout) costs one slow request per interval, not every request. Errors other than an unreachable
server (a wrong password, a full or read-only Redis) are configuration errors and raise as usual.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class _Outages:
    """Per Redis location and per process: since when it is away, and when to try it again. Django makes
    a cache object per thread, so this is shared by all of them."""

    def __init__(self):
        self._lock = threading.Lock()
        self._since: dict[str, float] = {}
        self._retry_at: dict[str, float] = {}

    def skipping(self, location: str) -> bool:
        return time.monotonic() < self._retry_at.get(location, 0.0)

    def failed(self, location: str, exc: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._retry_at[location] = now + RETRY_SECONDS
            first = location not in self._since
            if first:
                self._since[location] = now
        if first:
            logger.error(
                "Cache unreachable: working without it (rate limits not counted, sessions read from the "
                "database) until it answers again: %s: %s",
                type(exc).__name__,
                exc,
            )

    def answered(self, location: str) -> None:
        if location not in self._since:  # the usual case: one dictionary look-up
            return
        with self._lock:
            since = self._since.pop(location, None)
            self._retry_at.pop(location, None)
        if since is not None:
            logger.warning("Cache reachable again after %.0f s", time.monotonic() - since)


outages = _Outages()


def _fail_open(method_name: str, fallback):
    """`fallback(*args, **kwargs)` gives what the call answers while Redis is away."""
    parent = getattr(RedisCache, method_name)

    def method(self, *args, **kwargs):
        location = self._location
        if outages.skipping(location):
            return fallback(*args, **kwargs)
        try:
            result = parent(self, *args, **kwargs)
        except UNREACHABLE as exc:
            outages.failed(location, exc)
            return fallback(*args, **kwargs)
        outages.answered(location)
        return result

    method.__name__ = method_name
    method.__doc__ = parent.__doc__
    return method


def _default(key, default=None, version=None):
    return default


def _incr(key, delta=1, version=None):
    return delta  # as if counting had just started


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache that answers as an empty cache while the server is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = ",".join(self._servers)

    add = _fail_open("add", lambda *a, **k: True)  # a lock nobody else can see: go ahead
    get = _fail_open("get", _default)
    set = _fail_open("set", lambda *a, **k: None)
    touch = _fail_open("touch", lambda *a, **k: False)
    delete = _fail_open("delete", lambda *a, **k: False)
    get_many = _fail_open("get_many", lambda *a, **k: {})
    has_key = _fail_open("has_key", lambda *a, **k: False)
    incr = _fail_open("incr", _incr)
    set_many = _fail_open("set_many", lambda *a, **k: [])
    delete_many = _fail_open("delete_many", lambda *a, **k: None)
    clear = _fail_open("clear", lambda *a, **k: None)

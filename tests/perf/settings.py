"""Settings for the benchmarks: production's choices (DEBUG off, PostgreSQL with persistent connections,
Redis for cache, sessions and throttles) on a throw-away database, with what a benchmark needs changed:
tasks run in process and e-mail goes nowhere, throttles are raised, and plain HTTP on 127.0.0.1.

Read from the environment, set by `tests.perf.run` before anything imports Django:
PERF_DB_NAME (required), PERF_DB_HOST, PERF_DB_PORT, PERF_DB_USER, PERF_DB_PASSWORD, PERF_REDIS_URL,
PERF_CACHE_PREFIX (a fresh one per run, so the calendar feed starts cold and no one else's keys are read).
"""

import os
import warnings

from config.settings.base import *  # noqa: F403
from config.settings.base import REST_FRAMEWORK

DEBUG = False
SECRET_KEY = "perf-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ["127.0.0.1"]
SITE_URL = "http://127.0.0.1:8000"
ROOT_URLCONF = "tests.perf.urls"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["PERF_DB_NAME"],
        "HOST": os.environ.get("PERF_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("PERF_DB_PORT", "5432"),
        "USER": os.environ.get("PERF_DB_USER", "postgres"),
        "PASSWORD": os.environ.get("PERF_DB_PASSWORD", ""),
        # As in production (config.settings.base): connections kept open, statements prepared.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"prepare_threshold": 5},
    }
}

REDIS_URL = os.environ.get("PERF_REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("PERF_CACHE_PREFIX", "perf"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"

# Tasks (the outbox's e-mails) run in the web process after commit, and are sent nowhere.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://localhost/"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

# Raised so that the benchmarks measure the work, not the limits. Per second rather than per minute: DRF's
# throttles keep the timestamps of their window in the cache, and a minute of benchmark traffic would make
# that list (and each request's cost) far longer than a real device or a real crowd ever makes it.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "registrations": "100000/second",
        "scan": "100000/second",
        "offline": "100000/second",
        "email_change": "100000/second",
        "email_change_ip": "100000/second",
    },
}

# The scanners send some unknown codes on purpose (one in ten): the code-guessing limit would refuse them.
CHECKIN_MAX_INVALID_PER_MINUTE = 1_000_000

# Static files as StaticFilesStorage: production's manifest storage needs `collectstatic` first, which a
# benchmark run would spend its time on; pages only build URLs from it.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# WhiteNoise warns when STATIC_ROOT was never collected; the benchmarks fetch no static file.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

"""Settings for the test suite: DATABASE_URL picks PostgreSQL (as in CI), otherwise SQLite."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_TASK_ALWAYS_EAGER = True
TASKS_IN_BACKGROUND_THREAD = False  # tests see a task's effect when the call that queued it returns
CELERY_BROKER_URL = "memory://localhost/"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "registrations": "10000/minute",
        "scan": "100000/minute",
        "offline": "10000/minute",
        "email_change": "5/hour",  # the defaults: tests of the limit count against them
        "email_change_ip": "20/hour",
    },
}
SITE_URL = "http://testserver"
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
CHECKIN_MAX_INVALID_PER_MINUTE = 10_000  # tests that need the limit set it lower

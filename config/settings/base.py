"""Settings shared by every environment. Values come from the environment (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(environ.Env().str("DATA_DIR", default=str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    REDIS_URL=(str, ""),
)
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "events",
    "checkin",
    "training",
    "feedback",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.ApiLanguageMiddleware",
    "config.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# events/ holds one package per concern (docs/architecture.md); the packages keep their templates, static
# files and template tags with their code, so the loaders are told where they are.
EVENTS_CONCERNS = ("mail", "exhibitions", "calendar", "news", "workspace", "intake", "selfservice")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "events" / concern / "templates" for concern in EVENTS_CONCERNS],
        "APP_DIRS": True,
        "OPTIONS": {
            "libraries": {"calendar_tags": "events.calendar.templatetags.calendar_tags"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------
# The embedded default is SQLite in WAL mode with immediate transactions and a busy timeout, so
# concurrent writers (threaded dev server, several workers, two scanners) wait instead of failing.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # psycopg may keep a statement prepared on its connection after the statement's fifth use. Django's
    # default client-side binding never prepares; the scan's hot path (checkin.db.prepared_cursor) binds on
    # the server, so PostgreSQL plans the scan's look-up once per connection instead of on every scan (the
    # planner was most of its cost). Turn off behind PgBouncer < 1.21 in transaction mode.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions --------------------------------------------------------------------------------------
# Redis is a cache the site can live without: while it is unreachable the cache answers as an empty one
# (rate limits are not counted, see config/cache.py) and sessions, kept in the database with a copy in
# Redis, are read from the database. Short timeouts: an unreachable Redis must not hold a request.
REDIS_URL = env("REDIS_URL")
REDIS_CACHE = {
    "BACKEND": "config.cache.FailOpenRedisCache",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
}
REDIS_SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if REDIS_URL:
    CACHES = {"default": {**REDIS_CACHE, "LOCATION": REDIS_URL}}
    SESSION_ENGINE = REDIS_SESSION_ENGINE
else:
    # Files under DATA_DIR, shared by every process of this machine: rate limits count once for all the
    # workers (a per-process cache let five workers take five times the limit). Not the database cache:
    # on SQLite every counted request would then queue for the database's one writer.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Task queue ----------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
# Eager tasks run in a background thread of the web process, not in the request that queued them (a slow
# mail server must not hold a registration); that thread also runs the beat schedule (config/background.py).
TASKS_IN_BACKGROUND_THREAD = env.bool("TASKS_IN_BACKGROUND_THREAD", default=CELERY_TASK_ALWAYS_EAGER)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    "complete-finished-courses": {"task": "training.tasks.complete_finished_courses", "schedule": 600.0},
    "retry-failed-emails": {"task": "events.tasks.retry_failed_emails", "schedule": 120.0},
    "send-due-notices": {"task": "events.tasks.send_due_notices", "schedule": 60.0},
    "send-due-reminders": {"task": "events.tasks.send_due_reminders", "schedule": 300.0},
    "send-due-surveys": {"task": "feedback.tasks.send_due_surveys", "schedule": 600.0},
    "email-due-news": {"task": "events.news.tasks.email_due_news", "schedule": 60.0},
}
# Schedule changes made within this many minutes of the first are told in one message.
NOTICE_FOLD_MINUTES = env.int("NOTICE_FOLD_MINUTES", default=5)
# Messages staff send to many people leave at most this many a minute (the mail server's limit).
MAIL_SEND_PER_MINUTE = env.int("MAIL_SEND_PER_MINUTE", default=300)

# --- Auth -------------------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while a lockout lasts
    "django.contrib.auth.backends.ModelBackend",
]
# Login protection against guessing: 5 failures for the same user name from the same address lock it
# for an hour (admin and every other login form).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "events/lockout.html"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# --- Language and time ----------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Day-first dates in both languages (config/formats/): Django's Vietnamese locale has no input formats and
# fell back to the American 01/05/2026 = 5 January.
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static files ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [
    BASE_DIR / "events" / concern / "static"
    for concern in EVENTS_CONCERNS
    if (BASE_DIR / "events" / concern / "static").is_dir()
]
# Browser libraries installed by npm (package.json) and served as static files under these names; only
# these files, nothing else of node_modules (config/staticfinders.py).
NODE_MODULES_DIR = Path(env("NODE_MODULES_DIR", default=str(BASE_DIR / "node_modules")))
NODE_STATIC_FILES = {
    "vendor/jsqr/jsQR.js": "jsqr/dist/jsQR.js",  # the door scanner's QR decoder (no BarcodeDetector)
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "config.staticfinders.NodeModulesFinder",
]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- E-mail -----------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Chương trình ĐMST TP.HCM <no-reply@localhost>")
# Where people write when something on the public pages does not work for them (accessibility statement).
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL", default="")
# Seconds to wait for the mail server; sending runs in a worker (or background thread), never a request.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Security defaults that hold everywhere ----------------------------------------------------------------
# Content Security Policy: no inline or third-party scripts anywhere (our pages keep JS in static files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # the Django admin and Swagger UI set some inline styles
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- REST API ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: a wrong token is then answered 401 with WWW-Authenticate, as clients expect.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "events.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["events.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "events.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "events.api.errors.exception_handler",
    # JSON bodies only (a form cannot carry a list, a null or a true boolean); the one upload, a camera
    # frame, names its multipart parser on its view.
    "DEFAULT_PARSER_CLASSES": ["events.api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_RATES": {
        "registrations": env("THROTTLE_REGISTRATIONS", default="20/minute"),
        "scan": env("THROTTLE_SCAN", default="1200/minute"),
        "offline": env("THROTTLE_OFFLINE", default="120/minute"),
        # E-mail address changes asked through a registration's link (events.selfservice.throttling).
        "email_change": env("THROTTLE_EMAIL_CHANGE", default="5/hour"),
        "email_change_ip": env("THROTTLE_EMAIL_CHANGE_IP", default="20/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "HCMC innovation events API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files (no CDN: works offline and under a strict CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "events.api.schema.add_links"],
    "ENUM_NAME_OVERRIDES": {
        "EventStatusEnum": "events.enums.EventStatus",
        "RegistrationStatusEnum": "events.enums.RegistrationStatus",
        "ScanResultEnum": "checkin.enums.ScanResult",
        "OrganizationKindEnum": "events.enums.OrganizationKind",
        "EventKindEnum": "events.enums.EventKind",
        "SurveyAudienceEnum": "feedback.models.SurveyAudience",
        "EventAudienceEnum": "events.enums.Audience",
    },
}

# --- Personal data ----------------------------------------------------------------------------------------
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=730)
# The exhibitor team's page and a visitor's meeting page (signed links sent by e-mail) stop opening this
# many days after the event's last session: they show names and e-mail addresses, and serve no purpose then.
EXHIBITOR_LINKS_VALID_DAYS_AFTER_EVENT = env.int("EXHIBITOR_LINKS_VALID_DAYS_AFTER_EVENT", default=30)
# A host's staff invitation (a link to set a password) opens for this many days, and once.
HOST_INVITATION_VALID_DAYS = env.int("HOST_INVITATION_VALID_DAYS", default=7)

# --- Check-in -----------------------------------------------------------------------------------------------
CHECKIN_OPENS_MINUTES_BEFORE = env.int("CHECKIN_OPENS_MINUTES_BEFORE", default=60)
CHECKIN_CLOSES_MINUTES_AFTER = env.int("CHECKIN_CLOSES_MINUTES_AFTER", default=0)
# Unknown codes a scanner may send per minute before it is refused for a minute (stops code guessing).
CHECKIN_MAX_INVALID_PER_MINUTE = env.int("CHECKIN_MAX_INVALID_PER_MINUTE", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_on_one_line": {"()": "config.logfilters.ClientErrorsOnOneLine"},
        "redact_tokens": {"()": "config.redaction.RedactTokensFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_errors_on_one_line", "redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "django": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO"), "propagate": False},
    },
}

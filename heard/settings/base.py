"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("HEARD_VAR_DIR", REPO_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Reverse proxies (CIDR ranges) whose X-Forwarded-For is believed; see heard.core.net.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "heard.core",
    "heard.design_system",
    "heard.accounts",
    "heard.organisations",
    "heard.audit",
    "heard.backups",
    "heard.people",
    "heard.referrals",
    "heard.casework",
    "heard.challenges",
    "heard.safeguarding",
    "heard.speaking_up",
    "heard.search",
    "heard.system_change",
    "heard.dashboards",
    "heard.demo",
    "heard.signin",
    "heard.development",
    "heard.voice",
    "heard.reporting",
    "heard.rights",
    "heard.row_security",
    "heard.network",
    "heard.api",
    "heard.imports",
]

MIDDLEWARE = [
    "heard.core.middleware.BenchmarkHeadersMiddleware",  # only with HEARD_BENCHMARK_HEADERS
    "django.middleware.security.SecurityMiddleware",
    "heard.core.replica.ReadYourWritesMiddleware",
    "csp.middleware.CSPMiddleware",
    "heard.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "heard.core.middleware.ChosenLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The door (heard.signin): timeouts, then the second factor, then refused access audited.
    "heard.signin.middleware.TwoFactorSessionMiddleware",
    "heard.signin.middleware.SessionTimeoutMiddleware",
    "heard.signin.middleware.TwoFactorRequiredMiddleware",
    "heard.signin.middleware.AccessRefusalAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "heard.organisations.middleware.CurrentOrganisationMiddleware",
]

ROOT_URLCONF = "heard.urls"
WSGI_APPLICATION = "heard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "heard.organisations.context_processors.organisation",
                "heard.navigation.navigation",
                "django.template.context_processors.i18n",
                "heard.signin.context_processors.session_timeout",
            ],
            "builtins": [
                "heard.design_system.templatetags.govuk",
                "heard.core.templatetags.dates",
            ],
        },
    }
]
FORM_RENDERER = "heard.design_system.renderers.GovukFormRenderer"


def _prepare_threshold(value: str) -> int | None:
    if value == "off":
        return None
    if not value.isdigit():
        raise ImproperlyConfigured(
            f"DATABASE_PREPARE_THRESHOLD is {value!r}: give a whole number of runs (0 prepares "
            "at the first), or off."
        )
    return int(value)


# Parameters bound by the server, and a statement run DATABASE_PREPARE_THRESHOLD times on a
# connection prepared, so PostgreSQL keeps its plan: planning under row-level security
# cost more than running most of a page's statements (ADR-0056). "off" for a pooler in
# transaction mode that cannot keep prepared statements (docs/deployment.md).
POSTGRESQL_OPTIONS = {
    "server_side_binding": True,
    "prepare_threshold": _prepare_threshold(os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")),
}
# Connections are kept (checked before reuse), so their prepared statements and plans are.
CONNECTION_SECONDS = 600


def _database(url: str) -> dict:
    """One database's settings from its URL; options in the URL (?sslmode=require) win."""
    database = dj_database_url.parse(url, conn_max_age=CONNECTION_SECONDS, conn_health_checks=True)
    if database["ENGINE"].endswith("postgresql"):
        database["OPTIONS"] = {**POSTGRESQL_OPTIONS, **database.get("OPTIONS", {})}
    return database


DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'heard.sqlite3'}"
DATABASES = {"default": _database(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server share the embedded database.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds a writer waits for another's transaction
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A PostgreSQL streaming replica that reports, exports and network figures read from
# (heard.core.replica, docs/deployment.md). The embedded SQLite database has no replica.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["replica"] = _database(DATABASE_REPLICA_URL)
HEARD_READ_REPLICA = "replica" if "replica" in DATABASES else ""
# How long someone who has just changed something keeps reading from the primary.
HEARD_REPLICA_STICKY_SECONDS = int(os.environ.get("HEARD_REPLICA_STICKY_SECONDS", "10"))
DATABASE_ROUTERS = ["heard.core.replica.ReplicaRouter"]

# Shared by every process, so limits hold across workers and restarts: the database, or
# Redis when REDIS_URL is set. (`heard createcachetable` makes the table; `make migrate` runs it.)
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "heard_cache",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "heard.signin.backends.LockoutBackend",  # first: a lock refuses even the right password
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Sessions: signed out after 30 minutes idle or 12 hours in all (heard.signin.middleware).
# In the database; a visitor's session (nobody signed in) is saved without waiting for
# the disk (heard.core.sessions says why that is safe).
SESSION_ENGINE = "heard.core.sessions"
HEARD_SESSION_IDLE_SECONDS = 30 * 60
HEARD_SESSION_MAX_SECONDS = 12 * 60 * 60
HEARD_SESSION_WARNING_SECONDS = 3 * 60  # the "stay signed in?" warning shows this long before
SESSION_COOKIE_AGE = HEARD_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Lockout: 10 failures for one email from one address lock that pair for 30 minutes;
# 50 from one address lock the address; failures from 5 addresses alert the admins.
HEARD_LOCKOUT_PAIR_LIMIT = 10
HEARD_LOCKOUT_ADDRESS_LIMIT = 50
HEARD_LOCKOUT_ALERT_ADDRESSES = 5
HEARD_LOCKOUT_MINUTES = 30
HEARD_RESET_PER_EMAIL = 3  # password reset emails an hour for one email address
HEARD_RESET_PER_ADDRESS = 10  # ... and from one client address
HEARD_REFUSE_DEMO_USERS = False  # production sets True
# A benchmark-only installation: allows `heard seed --benchmark-logins` under production settings,
# and lets the production server start with those logins present. Never on a real installation.
HEARD_BENCHMARK_LOGINS = env_bool("HEARD_BENCHMARK_LOGINS", False)
# Adds X-Heard-Queries and Server-Timing headers to every response (for `make bench`).
HEARD_BENCHMARK_HEADERS = env_bool("HEARD_BENCHMARK_HEADERS", False)
OTP_TOTP_ISSUER = "Heard"
CSRF_COOKIE_HTTPONLY = True

# Headers on every response (docs/deployment.md). Scripts run only from our own origin or
# with the per-request nonce; nothing inline, no eval, no framing by anyone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features Heard never uses, switched off for every page (Permissions-Policy).
HEARD_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def s3_storage(bucket: str) -> dict:
    """Uploaded files (case documents, imports, archives) in an S3-compatible bucket.

    Private objects, never a public URL: files leave Heard only through its own checked,
    audited views. Keys come from HEARD_S3_ACCESS_KEY_ID / HEARD_S3_SECRET_ACCESS_KEY, or
    boto3's usual sources (AWS_* variables, an instance role) when those are unset.
    """
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("HEARD_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("HEARD_S3_REGION") or None,
            "access_key": os.environ.get("HEARD_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("HEARD_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("HEARD_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,  # any URL made is signed and short-lived
            "querystring_expire": 60,
            "file_overwrite": False,
            "addressing_style": os.environ.get("HEARD_S3_ADDRESSING_STYLE") or None,
        },
    }


HEARD_S3_BUCKET = os.environ.get("HEARD_S3_BUCKET", "")
if HEARD_S3_BUCKET:
    STORAGES["default"] = s3_storage(HEARD_S3_BUCKET)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds to wait for the mail server: one that never answers must not hang a request.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Heard <no-reply@heard.localhost>")

# Uploads: refused while streaming once they pass the largest document we accept, so a
# 1 GB body is never read in full (heard.core.uploads). The proxy should stop it first.
FILE_UPLOAD_HANDLERS = [
    "heard.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Largest JSON body and nesting the public API accepts (heard.api.parsers).
HEARD_API_MAX_BODY_BYTES = 64 * 1024
HEARD_API_MAX_JSON_DEPTH = 20

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # "maintenance" holds cross-organisation work (audit sealing): in production a worker
        # connected as the role that bypasses row-level security runs it (docs/deployment.md).
        "QUEUES": ["default", "maintenance"],
    }
}

# Periodic background tasks and their intervals in seconds, enqueued by
# ``heard scheduler`` (one process) and run by the worker.
# How long a report export is kept for download before its file is erased.
HEARD_REPORT_EXPORT_KEEP_DAYS = int(os.environ.get("HEARD_REPORT_EXPORT_KEEP_DAYS", "7"))
# How long the task queue keeps a finished task's record (its arguments, result, traceback).
HEARD_TASK_RESULTS_KEEP_DAYS = int(os.environ.get("HEARD_TASK_RESULTS_KEEP_DAYS", "14"))
# A task still running this long after it started is taken to have lost its worker: it is
# failed, and an export waiting on it says so (heard.core.task_recovery). Longer than any
# task takes; a worker stopped gracefully finishes its task first.
HEARD_TASK_ABANDONED_AFTER_MINUTES = int(os.environ.get("HEARD_TASK_ABANDONED_AFTER_MINUTES", "60"))

# How many database connections a report reads on at once (heard.core.concurrent_reads):
# its shared and slowest statements run side by side on PostgreSQL. 1 reads one at a time.
HEARD_DATABASE_READERS = int(os.environ.get("HEARD_DATABASE_READERS", "2"))

# The hot pages' queries are compiled once per process for their shape
# (heard.core.reused_sql); on, every reuse is compiled anyway and checked (the test suite).
HEARD_VERIFY_REUSED_SQL = False

HEARD_PERIODIC_TASKS = {
    "heard.audit.tasks.seal_audit_trail": 60,
    "heard.reporting.tasks.erase_expired_exports": 3600,
    "heard.core.tasks.purge_rate_counts": 3600,
    "heard.core.tasks.prune_task_results": 86400,
    "heard.core.tasks.recover_abandoned_tasks": 600,
    # Bounds how stale the daily time summary can be (docs/reporting.md).
    "heard.reporting.tasks.rebuild_time_summary": 86400,
    # Bounds how stale the cases' stored milestones can be (docs/reporting.md).
    "heard.reporting.tasks.rebuild_case_milestones": 86400,
    "heard.rights.tasks.remind_subject_access_deadlines": 3600,
    "heard.network.tasks.send_figures_to_remote_hubs": 86400,
}
# A remote network hub's address must be https (the network token travels with each file),
# except with DEBUG on or when this is set, as the test settings do for their live server.
HEARD_REMOTE_HUB_ALLOW_HTTP = env_bool("HEARD_REMOTE_HUB_ALLOW_HTTP", False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "heard.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["heard.api.permissions.DenyAll"],
    # JSON only, bounded in size and depth.
    "DEFAULT_PARSER_CLASSES": ["heard.api.parsers.BoundedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "heard.api.schema.HeardAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "heard.api.pagination.IdCursorPagination",
    "EXCEPTION_HANDLER": "heard.api.problems.problem_exception_handler",
    "PAGE_SIZE": 50,
    # Per signed-in user or API token (heard.api.throttling); the rate is HEARD_API_RATE.
    "DEFAULT_THROTTLE_CLASSES": ["heard.api.throttling.PrincipalRateThrottle"],
}
HEARD_API_RATE = os.environ.get("HEARD_API_RATE", "300/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Heard API",
    "DESCRIPTION": (
        "Case management and system change for independent advocacy organisations. "
        "Authenticate with `Authorization: Bearer <token>` (tokens are issued in Heard under "
        "Admin, API tokens). Errors are RFC 9457 problem details. See docs/api.md for the "
        "versioning and deprecation policy."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "heard.casework.models.Status",
        "ActivityKindEnum": "heard.casework.models.ActivityKind",
        "TaskKindEnum": "heard.casework.models.TaskKind",
        "IssueOutcomeEnum": "heard.casework.models.IssueOutcome",
        "ChallengeOutcomeEnum": "heard.challenges.models.Outcome",
        "SafeguardingOutcomeEnum": "heard.safeguarding.models.Outcome",
        "SystemIssueStatusEnum": "heard.system_change.models.SystemIssueStatus",
        "ReferralStatusEnum": "heard.referrals.models.ReferralStatus",
        "AdvocacyTypeEnum": "heard.core.advocacy_types.AdvocacyType",
        "EthnicityEnum": "heard.people.equality.Ethnicity",
        "SexEnum": "heard.people.equality.Sex",
        "DisabilityEnum": "heard.people.equality.Disability",
        "ReligionEnum": "heard.people.equality.Religion",
    },
    # The reference page's viewer is served from Heard's own static files, never a CDN.
    "REDOC_DIST": "SIDECAR",
}
# The largest spreadsheet accepted for import (rows are streamed, never held in memory).
HEARD_IMPORT_MAX_BYTES = 50 * 1024 * 1024

# Heard's own settings
HEARD_PEOPLE_PAGE_SIZE = 25
HEARD_SUPPRESSION_THRESHOLD = 5
HEARD_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024  # largest document accepted on a case

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}


# The key ``make run`` may use with debug on. Published in the source, so never for serving
# with debug off: anyone could forge sessions and password-reset links with it.
DEVELOPMENT_SECRET_KEY = "heard-local-development-only-not-secret"  # noqa: S105


def refuse_development_key(secret_key: str, debug: bool) -> None:
    if not debug and secret_key == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "The development SECRET_KEY is public: set a secret SECRET_KEY to serve with DEBUG off."
        )


def require_secret_key() -> str:
    if not SECRET_KEY:
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
    refuse_development_key(SECRET_KEY, debug=False)
    return SECRET_KEY

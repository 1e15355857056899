"""The test suite: fast hashing, in-memory email, tasks run immediately."""

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, VAR_DIR

SECRET_KEY = "heard-tests-only"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "maintenance"],
    }
}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "test-media"},
    },
}
WHITENOISE_AUTOREFRESH = True
# Each test starts with empty rate-limit counts; tests of the shared database cache switch
# to it themselves (the base settings use it everywhere else).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# With a replica configured, Django creates no test database on it (it is read-only): the
# alias mirrors the primary's test database, and the suite reads reports from the primary,
# where each test's uncommitted rows are. tests/test_replica.py points the alias at the
# real replica and switches replica reads on for itself.
if "replica" in DATABASES:
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
HEARD_READ_REPLICA = ""
# Remote hubs in tests are this machine's live server, which speaks plain HTTP.
HEARD_REMOTE_HUB_ALLOW_HTTP = True
# A report's helper connections read what is committed, and each test's rows are not: the
# suite reads reports on the test's own connection. heard/reporting/tests/test_side_by_side.py
# turns them on, with committed rows, and checks every figure against the hand-worked ones.
HEARD_DATABASE_READERS = 1
# Every query compiled once per process is compiled again and must match (heard.core.reused_sql).
HEARD_VERIFY_REUSED_SQL = True

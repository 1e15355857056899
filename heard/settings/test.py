"""The test suite: fast hashing, in-memory email, tasks run immediately."""

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

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

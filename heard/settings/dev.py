"""Local use: ``make run``. Safe defaults, nothing to configure.

Debug is off unless ``DEBUG=true``, so the demo shows Heard's own error pages and never the
URL map. With debug off the published development key is refused, so a random key is made
once and kept in ``var/secret-key``.
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import DEVELOPMENT_SECRET_KEY, STORAGES, VAR_DIR, env_bool, refuse_development_key

DEBUG = env_bool("DEBUG", False)
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key() -> str:
    path = VAR_DIR / "secret-key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or (
    DEVELOPMENT_SECRET_KEY if DEBUG else _local_secret_key()
)
refuse_development_key(SECRET_KEY, DEBUG)

# Demo only: serve the static files straight from the app directories (no collectstatic),
# also with debug off. Production collects them and serves the hashed, compressed copies.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

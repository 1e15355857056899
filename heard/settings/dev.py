"""Local use: ``make run``. Safe defaults, nothing to configure."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "heard-local-development-only-not-secret"
VAR_DIR.mkdir(parents=True, exist_ok=True)

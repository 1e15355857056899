"""WSGI entry point for production servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.settings.production")
application = get_wsgi_application()

from heard.core.collector import freeze_long_lived_objects  # noqa: E402 - needs the settings
from heard.signin.checks import refuse_demo_users  # noqa: E402 - needs the settings loaded

refuse_demo_users()
freeze_long_lived_objects()

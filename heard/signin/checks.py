"""Production refuses to start while demo logins (with their published password and code) exist."""

import base64

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def demo_users_present() -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .services import DEMO_TOTP_SECRET

    demo_key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    return TOTPDevice.objects.filter(key=demo_key).exists()


def benchmark_users_present() -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .services import BENCHMARK_TOTP_SECRET

    key = base64.b32decode(BENCHMARK_TOTP_SECRET).hex()
    return TOTPDevice.objects.filter(key=key).exists()


def _demo_users_present_safely() -> bool:
    try:
        if demo_users_present():
            return True
        # Benchmark logins are allowed only on a benchmark-only installation.
        return not getattr(settings, "HEARD_BENCHMARK_LOGINS", False) and (
            benchmark_users_present()
        )
    except DatabaseError:
        # Not migrated yet: there can be no demo users.
        return False


MESSAGE = (
    "Demo users are present (their password and two-factor secret are published). "
    "Production must not run with them: use a fresh database, not one loaded by `heard seed`."
)


@register()
def no_demo_users_in_production(app_configs=None, **kwargs):
    if not getattr(settings, "HEARD_REFUSE_DEMO_USERS", False):
        return []
    if _demo_users_present_safely():
        return [Error(MESSAGE, id="heard.E001")]
    return []


def refuse_demo_users() -> None:
    """Called when the production web server starts; raising stops it."""
    if getattr(settings, "HEARD_REFUSE_DEMO_USERS", False) and _demo_users_present_safely():
        raise ImproperlyConfigured(MESSAGE)

"""Test helpers: sessions that have passed two-factor, and codes from a device's key.

Used by the test suite's fixtures only; nothing in the running product imports this.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return device


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app would show now, or the next one if this one was used.

    A code is accepted once per 30-second step; the device allows one step of drift, so
    a second sign-in within the same step uses the next step's code.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if device.last_t is not None and totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def verified_session_data(user) -> dict:
    """What a session holds after a password and second-factor sign-in."""
    device = authenticator_for(user)
    now = timezone.now().timestamp()
    return {
        SESSION_KEY: str(user.pk),
        BACKEND_SESSION_KEY: MODEL_BACKEND,
        HASH_SESSION_KEY: user.get_session_auth_hash(),
        DEVICE_ID_SESSION_KEY: device.persistent_id,
        services.SIGNED_IN_AT_KEY: now,
        services.LAST_SEEN_KEY: now,
    }


def mark_client_verified(client, user) -> None:
    """After ``client.force_login(user)``: the session has passed two-factor too."""
    session = client.session
    session.update(verified_session_data(user))
    session.save()


def verified_session_cookie(user) -> tuple[str, str]:
    """A new signed-in, verified session for a browser: (cookie name, value)."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.update(verified_session_data(user))
    store.create()
    return settings.SESSION_COOKIE_NAME, store.session_key

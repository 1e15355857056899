"""The rules of the door: second factors, lockout after failed sign-ins, and reset limits.

Views stay thin and call these; every change is audited here.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging

import segno
from django.conf import settings
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from heard.audit.services import audit_record
from heard.core import tenant_db
from heard.core.net import client_ip
from heard.organisations.models import Membership, Role

from .models import SignInAlert, SignInFailure, SignInLock

logger = logging.getLogger(__name__)

# The one secret every demo login shares, so a newcomer can add it to any authenticator app.
DEMO_TOTP_SECRET = "HEARDDEMOTWOFACTORSECRETFORDEMOS"  # noqa: S105 - published on purpose, demo only
# The benchmark logins' shared secret (``heard seed --scale national --benchmark-logins``).
BENCHMARK_TOTP_SECRET = "HEARDBENCHMARKSECRETFORLOADTESTS"  # noqa: S105 - published, benchmarks only
RECOVERY_CODE_COUNT = 10
SIGNED_IN_AT_KEY = "heard_signed_in_at"
LAST_SEEN_KEY = "heard_last_seen"


# --- Second factor --------------------------------------------------------------------------


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed device, kept until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def grouped_secret(device: TOTPDevice) -> str:
    """The secret in groups of four, easier to read aloud or type."""
    secret = secret_base32(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The authenticator's set-up link as an inline SVG QR code, made here, never fetched."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4,
        title=_("QR code for your authenticator app. The same key is written out below."),
        svgclass="heard-qr-code",
    )
    # An image with its title as its name, for screen readers.
    return svg.replace("<svg ", '<svg role="img" aria-labelledby="heard-qr-title" ', 1).replace(
        "<title>", '<title id="heard-qr-title">', 1
    )


def issue_recovery_codes(user) -> list[str]:
    """New single-use recovery codes, replacing any old ones. Shown once, stored hashed by use."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def confirm_authenticator(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new authenticator with a code from it; ``None`` if the code is wrong.

    A new second factor ends the user's other sessions; this one carries on, verified.
    """
    user = request.user
    if not device.verify_token(_clean_token(token)):
        audit_record("auth.two_factor_failed", actor=user, request=request)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = issue_recovery_codes(user)
    user.end_all_sessions()
    update_session_auth_hash(request, user)
    otp_login(request, device)
    audit_record("auth.two_factor_enrolled", actor=user, request=request)
    return codes


def verify_second_factor(*, request, token: str):
    """Check a code from the authenticator or a recovery code; the device that matched, or None."""
    user = request.user
    device = match_token(user, _clean_token(token))
    if device is None:
        audit_record("auth.two_factor_failed", actor=user, request=request)
        return None
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        remaining = StaticToken.objects.filter(device=device).count()
        audit_record(
            "auth.recovery_code_used",
            actor=user,
            details={"recovery_codes_left": remaining},
            request=request,
        )
    else:
        audit_record("auth.two_factor_verified", actor=user, request=request)
    return device


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def reset_second_factor(*, membership: Membership, acting_user, request=None) -> None:
    """An admin removes a member's second factor: their sessions end and they set up anew."""
    user = membership.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.end_all_sessions()
    audit_record(
        "auth.two_factor_reset",
        organisation=membership.organisation,
        actor=acting_user,
        target=membership,
        target_label=str(user),
        request=request,
    )


def give_demo_authenticator(user) -> None:
    """Demo logins share one known secret (never in production: see ``checks``)."""
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    TOTPDevice.objects.update_or_create(
        user=user,
        name="Demo authenticator",
        defaults={"key": key, "confirmed": True},
    )


def give_benchmark_authenticator(user) -> None:
    """Benchmark logins share one published secret, so a load tool can sign in through the
    real two-factor step (refused in production unless HEARD_BENCHMARK_LOGINS: see ``checks``)."""
    key = base64.b32decode(BENCHMARK_TOTP_SECRET).hex()
    TOTPDevice.objects.update_or_create(
        user=user,
        name="Benchmark authenticator",
        defaults={"key": key, "confirmed": True},
    )


def _clean_token(token: str) -> str:
    return "".join(str(token or "").split())[:16]


# --- Lockout --------------------------------------------------------------------------------


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.HEARD_LOCKOUT_MINUTES)


def normalise_username(username) -> str:
    return str(username or "").strip().lower()[:254]


def is_locked(username, ip_address) -> bool:
    """Whether this username from this address, or this address as a whole, is locked now."""
    return (
        SignInLock.objects.filter(ip_address=ip_address, locked_until__gt=timezone.now())
        .filter(Q(username=normalise_username(username)) | Q(username=""))
        .exists()
    )


def record_failure(*, username, request) -> None:
    """Count a failed sign-in; lock the pair at the limit, and the address at its own limit."""
    username = normalise_username(username)
    ip_address = client_ip(request)
    now = timezone.now()
    since = now - _window()
    SignInFailure.objects.create(username=username, ip_address=ip_address, attempted_at=now)
    until = now + _window()
    pair = SignInFailure.objects.filter(
        username=username, ip_address=ip_address, attempted_at__gt=since
    ).count()
    if pair >= settings.HEARD_LOCKOUT_PAIR_LIMIT and not is_locked(username, ip_address):
        SignInLock.objects.create(username=username, ip_address=ip_address, locked_until=until)
        _audit_lock(request, username, "account_and_address")
    from_address = SignInFailure.objects.filter(
        ip_address=ip_address, attempted_at__gt=since
    ).count()
    if from_address >= settings.HEARD_LOCKOUT_ADDRESS_LIMIT and not SignInLock.objects.filter(
        username="", ip_address=ip_address, locked_until__gt=now
    ):
        SignInLock.objects.create(username="", ip_address=ip_address, locked_until=until)
        _audit_lock(request, username, "address")
    _alert_if_many_addresses(username, since, request)


def clear_failures(*, username, request) -> None:
    """A successful sign-in forgets the pair's earlier mistakes."""
    SignInFailure.objects.filter(
        username=normalise_username(username), ip_address=client_ip(request)
    ).delete()


def _audit_lock(request, username: str, scope: str) -> None:
    audit_record(
        "auth.locked_out",
        system_actor="public",
        details={"email": username, "scope": scope, "minutes": settings.HEARD_LOCKOUT_MINUTES},
        request=request,
    )


def _alert_if_many_addresses(username: str, since, request) -> None:
    """Guessing at one account from many places: tell that person's organisation admins, once."""
    addresses = (
        SignInFailure.objects.filter(username=username, attempted_at__gt=since)
        .values("ip_address")
        .distinct()
        .count()
    )
    if addresses < settings.HEARD_LOCKOUT_ALERT_ADDRESSES:
        return
    user = get_user_model().objects.filter(email__iexact=username).first()
    if user is None:
        return
    if SignInAlert.objects.filter(username=username, sent_at__gt=since).exists():
        return
    SignInAlert.objects.update_or_create(username=username, defaults={"sent_at": timezone.now()})
    # Several organisations' staff: each organisation's admins are read bound to it (row security).
    with tenant_db.organisation_context(None, user=user):
        organisation_ids = set(
            Membership.objects.active().filter(user=user).values_list("organisation", flat=True)
        )
    for organisation_id in sorted(organisation_ids):
        with tenant_db.organisation_context(organisation_id):
            _alert_admins(organisation_id, user, addresses, request)


def _alert_admins(organisation_id, user, addresses, request) -> None:
    members = list(
        Membership.objects.active()
        .filter(role=Role.ADMIN, organisation_id=organisation_id)
        .select_related("organisation", "user")
    )
    if members:
        recipients = sorted({m.user.email for m in members if m.user.email})
        organisation = members[0].organisation
        audit_record(
            "auth.many_addresses_alert",
            organisation=organisation,
            system_actor="public",
            target_label=str(user),
            details={"addresses": addresses},
            request=request,
        )
        body = render_to_string(
            "signin/email/many_addresses.txt",
            {"user": user, "organisation": organisation, "addresses": addresses},
        )
        subject = _("Heard: sign-in attempts on %(name)s's account") % {"name": user}
        transaction.on_commit(lambda s=subject, b=body, r=recipients: _send(s, b, r))


def _send(subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:
        logger.exception("Could not send the sign-in alert email")


# --- Password reset limit -------------------------------------------------------------------


def password_reset_allowed(*, email: str, request) -> bool:
    """At most a few reset emails an hour per address asked for and per client address.

    Counted whether or not the email belongs to an account, so the answer reveals nothing.
    """
    window = 60 * 60
    keys = [
        (f"heard:reset:email:{normalise_username(email)}", settings.HEARD_RESET_PER_EMAIL),
        (f"heard:reset:ip:{client_ip(request)}", settings.HEARD_RESET_PER_ADDRESS),
    ]
    allowed = True
    for key, limit in keys:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)
            count = 1
        if count > limit:
            allowed = False
    if not allowed:
        audit_record(
            "auth.password_reset_limited",
            system_actor="public",
            details={"email": normalise_username(email)},
            request=request,
        )
    return allowed

"""Writes for API tokens: issue and revoke, each audited; and finding a token by its secret."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.audit.services import audit_record, audit_record_many

from .models import ALL_SCOPES, ApiToken

TOKEN_LABEL = "heard"  # noqa: S105 (the label before every token, not a secret)
MAX_LIFETIME_DAYS = 366
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _hash(secret: str) -> str:
    # The secret is 256 random bits, so one round of SHA-256 is enough (nothing to guess).
    return hashlib.sha256(secret.encode()).hexdigest()


def token_issue(
    *,
    organisation,
    user,
    name: str,
    scopes: list[str],
    expires_on: dt.date,
    two_factor_verified: bool,
    request=None,
) -> tuple[ApiToken, str]:
    """Issue a token to ``user`` in ``organisation``. Returns the token and its secret, which
    is shown once and never stored. Only someone signed in with a second factor may do this."""
    if not two_factor_verified:
        raise PermissionDenied(_("Sign in with your second factor before issuing an API token."))
    errors = {}
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if not scopes:
        errors["scopes"] = _("Choose at least one thing the token may do")
    elif unknown:
        errors["scopes"] = _("Choose from the listed scopes")
    today = timezone.localdate()
    if expires_on <= today:
        errors["expires_on"] = _("Expiry date must be in the future")
    elif expires_on > today + dt.timedelta(days=MAX_LIFETIME_DAYS):
        errors["expires_on"] = _("Expiry date must be within a year")
    if not name.strip():
        errors["name"] = _("Enter a name for the token")
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(6)
    secret = f"{TOKEN_LABEL}_{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.min))
    with transaction.atomic():
        token = ApiToken.objects.create(  # scoped: made in the organisation given
            organisation=organisation,
            user=user,
            name=name.strip(),
            prefix=prefix,
            secret_hash=_hash(secret),
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
        )
        audit_record(
            "api.token_issued",
            organisation=organisation,
            actor=user,
            target=token,
            details={"scopes": token.scopes, "expires_at": expires_at.isoformat()},
            request=request,
        )
    return token, secret


def token_revoke(*, token: ApiToken, acting_user, request=None) -> bool:
    """Revoke at once; False when it was already revoked."""
    if token.revoked_at is not None:
        return False
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.revoked_by = acting_user
        token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(
            "api.token_revoked",
            organisation=token.organisation,
            actor=acting_user,
            target=token,
            request=request,
        )
    return True


def token_for_secret(secret: str) -> ApiToken | None:
    """The usable token this secret belongs to, or None. Compared in constant time."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_LABEL or not parts[1]:
        return None
    token = (
        ApiToken.objects.usable()  # scoped: found by its secret, before any organisation is known
        .select_related("organisation", "user")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    return token


def token_touch(token: ApiToken) -> None:
    """Record when the token was last used, at most once a minute (most requests write nothing)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # scoped: the token itself
        token.last_used_at = now


def api_records_listed(*, records, acting_user, organisation, channel: str, request=None) -> None:
    """A page of a list read through the API: one access event per record, in one query."""
    if records:
        audit_record_many(
            "api.listed",
            organisation=organisation,
            actor=acting_user,
            targets=list(records),
            details={"what": channel},
            request=request,
        )


def api_record_viewed(*, record, acting_user, organisation, channel: str, request=None) -> None:
    """One record opened through the API (for records whose app has no view event of its own)."""
    audit_record(
        "api.viewed",
        organisation=organisation,
        actor=acting_user,
        target=record,
        details={"what": channel},
        request=request,
    )

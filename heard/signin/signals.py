"""Sign-in outcomes feed the lockout counters (the audit of them is in ``heard.accounts``)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from heard.audit.services import audit_record
from heard.core import tenant_db
from heard.core.net import client_ip

from . import services


@receiver(user_login_failed)
def count_failed_sign_in(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = credentials.get("username", "")
    if services.is_locked(username, client_ip(request)):
        audit_record(
            "auth.login_refused_locked",
            system_actor="public",
            details={"email": services.normalise_username(username)},
            request=request,
        )
        return
    services.record_failure(username=username, request=request)


@receiver(user_logged_in)
def bind_the_signed_in_person(sender, request, user, **kwargs):
    """The rest of the sign-in request may read the person's own memberships (row security)."""
    if tenant_db.enforced() and transaction.get_connection().in_atomic_block:
        tenant_db.bind(user=user)


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    services.clear_failures(username=user.get_username(), request=request)
    now = timezone.now().timestamp()
    request.session[services.SIGNED_IN_AT_KEY] = now
    request.session[services.LAST_SEEN_KEY] = now

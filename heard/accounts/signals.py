"""Sign-in events go to the audit trail (they are not model changes, so a signal is right here)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from heard.audit.services import audit_record


@receiver(user_logged_in)
def audit_logged_in(sender, request, user, **kwargs):
    audit_record("auth.logged_in", actor=user, request=request)


@receiver(user_logged_out)
def audit_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record("auth.logged_out", actor=user, request=request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted address is kept so repeated guessing at one account shows up.
    audit_record(
        "auth.login_failed",
        system_actor="public",
        details={"email": str(credentials.get("username", ""))[:200]},
        request=request,
    )

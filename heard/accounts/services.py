"""Writes for accounts beyond Django's own: the audit of a password being set."""

from heard.audit.services import audit_record


def password_record_change(*, user, request=None) -> None:
    """Audit that ``user`` set a password (after a reset, or from an invitation)."""
    audit_record("auth.password_changed", actor=user, request=request)

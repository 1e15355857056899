"""Redacting personal data from sealed audit events when a person is erased (ADR-0031).

Audit events are append-only: the application's database role cannot change
them and triggers refuse changes unless ``heard.audit_maintenance`` is on. When
a person is erased, the erasure's tombstone event *commits* to the redacted form
of each event about them: its ``details["redacts"]`` maps each event's id to the
SHA-256 of the event's canonical form after redaction. The redaction itself is
applied by a maintenance run as the database owner (``heard audit-redact``), or
at once when the connection is allowed to (SQLite, or running as the owner).

``heard audit-verify`` accepts a sealed event whose contents no longer match its
seal only when a tombstone commits to exactly its current contents; any other
change is still reported.
"""

from __future__ import annotations

import copy
import hashlib

from django.db import DatabaseError, connection, transaction

from .models import AuditEvent

ERASED = "Erased"
# Audit events whose details commit to redactions of other events.
REDACTING_EVENTS = ("person.erased", "referral.erased")
# Detail keys that never hold personal data and stay after redaction.
SAFE_DETAIL_KEYS = {"what", "request", "erasure", "sha256"}


def digest(event: AuditEvent) -> str:
    from .sealing import canonical

    return hashlib.sha256(canonical(event).encode()).hexdigest()


def redacted(event: AuditEvent) -> AuditEvent:
    """A copy of ``event`` without personal data: who acted, when and what kind of event stay."""
    clean = copy.copy(event)
    clean.target_label = ERASED
    changes = event.changes if isinstance(event.changes, dict) else {}
    clean.changes = {str(name): [ERASED, ERASED] for name in changes}
    details = event.details if isinstance(event.details, dict) else {}
    clean.details = {k: v for k, v in details.items() if k in SAFE_DETAIL_KEYS}
    return clean


def commitments(events) -> dict[str, str]:
    """``{event id: digest of its redacted form}`` for a tombstone's details."""
    return {str(event.pk): digest(redacted(event)) for event in events}


def committed_redactions() -> dict[int, str]:
    """Every redaction any tombstone has committed to."""
    found: dict[int, str] = {}
    for details in AuditEvent.objects.filter(event_type__in=REDACTING_EVENTS).values_list(
        "details", flat=True
    ):
        for event_id, value in (details or {}).get("redacts", {}).items():
            found[int(event_id)] = value
    return found


def apply_redactions(*, only: dict[int, str] | None = None) -> tuple[int, int]:
    """Apply committed redactions not yet applied; returns (applied, still pending).

    On PostgreSQL this needs a role allowed to update audit events (the owner);
    as the application's role the redactions stay pending for ``heard audit-redact``.
    """
    pending = only if only is not None else committed_redactions()
    if not pending:
        return 0, 0
    applied = waiting = 0
    events = AuditEvent.objects.filter(pk__in=list(pending)).order_by("pk")
    for event in events.iterator(chunk_size=500):
        if digest(event) == pending[event.pk]:
            continue  # already applied
        clean = redacted(event)
        if digest(clean) != pending[event.pk]:
            continue  # not the event the tombstone committed to: leave it for audit-verify
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL heard.audit_maintenance = 'on'")
                AuditEvent.objects.filter(pk=event.pk).update(
                    target_label=clean.target_label, changes=clean.changes, details=clean.details
                )
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL heard.audit_maintenance = 'off'")
        except DatabaseError:
            waiting += 1
            continue
        applied += 1
    return applied, waiting

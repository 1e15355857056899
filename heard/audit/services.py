"""The auditor: the one way anything is written to the audit trail.

Services call ``audit_record`` explicitly (not via signals, which miss bulk
updates and cannot know who acted or why).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Any

from django.db import models, router
from django.db.models.sql import InsertQuery
from django.utils import timezone

from heard.core import round_trips
from heard.core.net import client_ip

from . import events
from .models import AuditEvent, PendingAnonymousEvent

UNCHANGED = object()


def _display(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_display(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _display(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe copy of the concrete field values, for diffing before and after a change."""
    names = fields or [
        f.name for f in instance._meta.concrete_fields if f.name not in {"created_at", "updated_at"}
    ]
    return {name: _display(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each field whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_record(event_type: str, **fields) -> AuditEvent:
    """Write one audit event. Either ``actor`` (a user) or ``system_actor`` is required.

    ``fields`` are ``unsaved_event``'s: the organisation, actor, target, changes, details,
    request and so on; the two ways of writing an event share that one list.
    """
    event = unsaved_event(event_type, **fields)
    event.save(force_insert=True)
    return event


@contextmanager
def audit_recorded_with_next_statement(event_type: str, **kwargs):
    """``audit_record`` (same arguments), its INSERT sent in the same round trip as the block's
    first statement (``heard.core.round_trips``): for a page that records that it was viewed
    and reads on at once. The event's id is not read back. Without a statement in the block
    it is written on leaving; if the block raises first, it is not written (as the page's
    transaction would have rolled it back)."""
    event = unsaved_event(event_type, **kwargs)
    using = router.db_for_write(AuditEvent)
    query = InsertQuery(AuditEvent)
    query.insert_values(
        [f for f in AuditEvent._meta.local_concrete_fields if not f.primary_key], [event]
    )
    [(sql, params)] = query.get_compiler(using=using).as_sql()
    with round_trips.ahead_of_next_statement(sql, params, using=using):
        yield event


def unsaved_event(
    event_type: str,
    *,
    organisation=None,
    actor=None,
    system_actor: str | None = None,
    target: models.Model | None = None,
    target_label: str = "",
    changes: dict | None = None,
    details: dict | None = None,
    request=None,
    record_ip: bool = True,
    occurred_at: dt.datetime | None = None,
) -> AuditEvent:
    """The event as ``audit_record`` writes it, not yet saved: checked and labelled here once."""
    event = events.get(event_type)
    if actor is None and system_actor is None:
        raise ValueError("An audit event needs an actor or a named system actor")
    if system_actor is not None and system_actor not in events.SYSTEM_ACTORS:
        raise ValueError(f"Unknown system actor {system_actor!r}")
    actor_label = str(actor) if actor is not None else events.SYSTEM_ACTORS[system_actor]
    return AuditEvent(
        organisation=organisation,
        occurred_at=occurred_at or timezone.now(),
        actor=actor,
        actor_label=actor_label,
        event_type=event.name,
        is_access=event.is_access,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=target_label or (str(target) if target is not None else ""),
        changes=changes or {},
        details=details or {},
        ip_address=client_ip(request) if record_ip else None,
    )


def audit_record_many(
    event_type: str,
    *,
    organisation,
    actor,
    targets: list[models.Model],
    details: dict | None = None,
    request=None,
) -> list[AuditEvent]:
    """One event per target in one insert: for bulk reads (an API page, an export), so each
    record's "who has looked at this" shows the read."""
    event = events.get(event_type)
    now = timezone.now()
    address = client_ip(request)
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                organisation=organisation,
                occurred_at=now,
                actor=actor,
                actor_label=str(actor),
                event_type=event.name,
                is_access=event.is_access,
                target_type=target._meta.label_lower,
                target_id=str(target.pk),
                target_label=str(target)[:200],
                details=details or {},
                ip_address=address,
            )
            for target in targets
        ]
    )


def audit_record_anonymous(
    event_type: str,
    *,
    organisation,
    target: models.Model,
    day: dt.date,
    changes: dict | None = None,
) -> PendingAnonymousEvent:
    """Record an anonymous event without anything that could place it among its author's actions.

    It waits, with its day only and a random key, until the first sealing run
    after the day ends moves it into the trail among that day's other anonymous
    events in random order. Until then the record's history still shows it.
    """
    event = events.get(event_type)
    return PendingAnonymousEvent.objects.create(
        organisation=organisation,
        day=day,
        event_type=event.name,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target),
        changes=changes or {},
    )


def csv_export_record(request, name: str, *, rows: int | None = None, target=None) -> AuditEvent:
    """Audit a CSV download that has no event of its own: who took which list, when, from
    where. Every CSV route is checked for an access event by ``tests/test_exports_audited``."""
    return audit_record(
        "export.downloaded",
        organisation=request.organisation,
        actor=request.user,
        target=target,
        details={"what": name, **({"rows": rows} if rows is not None else {})},
        request=request,
    )

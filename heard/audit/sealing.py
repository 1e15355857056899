"""Sealing the audit trail into hash chains, and checking the chains.

Audit events are written in the action's own transaction (so none is lost)
and sealed later, a minute or so after they commit, by a background task. A
seal is a new row (``AuditSeal``), so sealing never updates an event and adds
no lock to ordinary writes; on PostgreSQL triggers and the application role's
privileges refuse UPDATE and DELETE on events and seals alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .events import SYSTEM_ACTORS
from .models import AuditChainHead, AuditEvent, AuditSeal, PendingAnonymousEvent

GENESIS = "0" * 64
# Events are sealed once they are this old, so a transaction still open when a
# sealing run starts is not skipped; it is sealed on a later run instead.
GRACE = dt.timedelta(seconds=60)
PLATFORM = "platform"
BATCH = 2000


def chain_of(event: AuditEvent) -> str:
    return str(event.organisation_id) if event.organisation_id else PLATFORM


def canonical(event: AuditEvent) -> str:
    """Everything an investigator relies on, in a fixed order and form."""
    occurred = event.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields = [
        event.pk,
        event.organisation_id,
        occurred,
        event.actor_id,
        event.actor_label,
        event.event_type,
        bool(event.is_access),
        event.target_type,
        event.target_id,
        event.target_label,
        event.changes,
        event.details,
        str(event.ip_address) if event.ip_address else None,
    ]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)


def link(previous_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(f"{previous_hash}\n{canonical(event)}".encode()).hexdigest()


def release_anonymous(today: dt.date) -> int:
    """Move anonymous events of days before ``today`` into the trail, in random order.

    Their ids then follow everything written before the release, and their
    order among themselves is random, so neither says when, or next to whose
    actions, they were written. Their target rows are rewritten in the same
    transaction, so on PostgreSQL the row's transaction id (``xmin``) is the
    release's, not the one that wrote it between its author's other actions.
    """
    with transaction.atomic():
        pending = list(PendingAnonymousEvent.objects.select_for_update().filter(day__lt=today))
        if not pending:
            return 0
        random.SystemRandom().shuffle(pending)
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    organisation_id=item.organisation_id,
                    occurred_at=item.occurred_at,
                    actor=None,
                    actor_label=SYSTEM_ACTORS["anonymous"],
                    event_type=item.event_type,
                    is_access=False,
                    target_type=item.target_type,
                    target_id=item.target_id,
                    target_label=item.target_label,
                    changes=item.changes,
                    details={},
                    ip_address=None,
                )
                for item in pending
            ]
        )
        for item in pending:
            _rewrite(item.target_type, item.target_id)
        PendingAnonymousEvent.objects.filter(pk__in=[item.pk for item in pending]).delete()
    return len(pending)


def _rewrite(label: str, pk: str) -> None:
    try:
        model = apps.get_model(label)
    except LookupError:
        return
    field = next(f for f in model._meta.concrete_fields if not f.primary_key)
    model._default_manager.filter(pk=pk).update(**{field.attname: F(field.attname)})


def seal_pending(now: dt.datetime | None = None) -> int:
    """Seal every committed event older than the grace period; returns how many.

    The day's anonymous events join the trail first, once their day has ended.
    """
    now = now or timezone.now()
    release_anonymous(timezone.localdate(now))
    cutoff = now - GRACE
    sealed = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(seal__isnull=True, occurred_at__lt=cutoff).order_by("id")[
                :BATCH
            ]
        )
        if not batch:
            return sealed
        by_chain: dict[str, list[AuditEvent]] = {}
        for event in batch:
            by_chain.setdefault(chain_of(event), []).append(event)
        for chain, events in by_chain.items():
            sealed += _seal_chain(chain, events)


def _seal_chain(chain: str, events: list[AuditEvent]) -> int:
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            chain=chain, defaults={"hash": GENESIS, "updated_at": timezone.now()}
        )
        # Another sealer may have sealed some of these since they were read.
        already = set(
            AuditSeal.objects.filter(event_id__in=[e.pk for e in events]).values_list(
                "event_id", flat=True
            )
        )
        now = timezone.now()
        seals = []
        position, previous = head.position, head.hash
        for event in events:
            if event.pk in already:
                continue
            position += 1
            digest = link(previous, event)
            seals.append(
                AuditSeal(
                    event=event,
                    chain=chain,
                    position=position,
                    previous_hash=previous,
                    hash=digest,
                    sealed_at=now,
                )
            )
            previous = digest
        if not seals:
            return 0
        AuditSeal.objects.bulk_create(seals)
        AuditChainHead.objects.filter(pk=head.pk).update(
            position=position, hash=previous, updated_at=now
        )
        return len(seals)


@dataclass(frozen=True)
class Problem:
    chain: str
    position: int | None
    message: str

    def __str__(self) -> str:
        where = f"chain {self.chain}" + (
            f", position {self.position}" if self.position is not None else ""
        )
        return f"{where}: {self.message}"


def verify(chain: str | None = None) -> tuple[int, list[Problem]]:
    """Recompute every chain (or one); returns the events checked and what is wrong."""
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    chains = set(heads) | set(AuditSeal.objects.values_list("chain", flat=True).distinct())
    if chain is not None:
        chains &= {chain}
    checked, problems = 0, []
    from .redaction import committed_redactions, digest

    redactions = committed_redactions()
    for name in sorted(chains):
        expected_position, previous = 0, GENESIS
        seals = (
            AuditSeal.objects.filter(chain=name)
            .select_related("event")
            .order_by("position")
            .iterator(chunk_size=BATCH)
        )
        for seal in seals:
            expected_position += 1
            checked += 1
            if seal.position != expected_position:
                problems.append(
                    Problem(
                        name,
                        expected_position,
                        f"missing: sealed events {expected_position}–{seal.position - 1} "
                        "have been removed",
                    )
                )
                expected_position = seal.position
            if seal.previous_hash != previous:
                problems.append(Problem(name, seal.position, "does not follow the seal before it"))
            if link(seal.previous_hash, seal.event) != seal.hash and not (
                # Redacted at an erasure whose sealed tombstone committed to these contents.
                seal.event_id in redactions and digest(seal.event) == redactions[seal.event_id]
            ):
                problems.append(
                    Problem(
                        name,
                        seal.position,
                        f"event {seal.event_id} has been changed since it was sealed",
                    )
                )
            previous = seal.hash
        head = heads.get(name)
        if head is None:
            problems.append(Problem(name, None, "its head is missing"))
        elif head.position != expected_position or head.hash != previous:
            problems.append(
                Problem(
                    name,
                    None,
                    f"ends at position {expected_position} but was sealed up to "
                    f"{head.position}: events have been removed from its end",
                )
            )
    return checked, problems


def unsealed_older_than(age: dt.timedelta) -> int:
    """Events that should have been sealed by now (is the scheduler running?)."""
    return AuditEvent.objects.filter(
        seal__isnull=True, occurred_at__lt=timezone.now() - age
    ).count()

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
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent, AuditSeal

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


def seal_pending(now: dt.datetime | None = None) -> int:
    """Seal every committed event older than the grace period; returns how many."""
    cutoff = (now or timezone.now()) - GRACE
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
            if link(seal.previous_hash, seal.event) != seal.hash:
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

"""Transaction-level advisory locks on one organisation's work (PostgreSQL).

A lock is named by a class (what work it orders, from the list below, so two kinds never
collide) and the organisation. Shared holders run side by side; an exclusive holder waits
for every shared one to commit, and they for it. Released at the end of the transaction.
SQLite writes one transaction at a time, so there nothing is taken.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

#: The daily time summary: services keeping it (shared) and a rebuild (exclusive).
TIME_SUMMARY = 4_301
#: Referral emails: a referral committing (shared) and the task taking its queue (exclusive).
REFERRAL_EMAILS = 4_302


def key(lock_class: int, organisation_id: int) -> list[int]:
    """The two keys of ``pg_advisory_xact_lock``: the class and the organisation (folded into
    the second key's range; a collision only makes one wait for the other)."""
    return [lock_class, organisation_id % 2**31]


def lock_organisation(
    lock_class: int, organisation_id: int, *, exclusive: bool, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Take the lock until the transaction ends (waiting for it); nothing off PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", key(lock_class, organisation_id))

"""Planner settings for a block of analytic reads (reports), on PostgreSQL.

PostgreSQL compiles a query to machine code (JIT) when its estimated cost is high, which
a report's grouped queries over a large organisation's rows often are. Compiling the
quarter's referral query took 0.11–0.15 s at 1,000,000 cases, and the query ran faster
without it (docs/performance.md, "The contract report at 1,000,000 cases"), so reports
turn it off for their own transaction, whatever the server's setting (docs/deployment.md
recommends ``jit = off`` for the whole database too).
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextmanager
def without_jit(using: str = DEFAULT_DB_ALIAS):
    """Run the block in a transaction (the caller's own, if any) with JIT compilation off.

    ``SET LOCAL`` lasts until that transaction ends: inside a request, the rest of the
    request runs without JIT too. One statement on PostgreSQL; nothing elsewhere.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    # No savepoint: a failed read fails the caller's transaction anyway.
    with transaction.atomic(using=using, savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield

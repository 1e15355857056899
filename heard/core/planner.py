"""Planner settings for a block of analytic reads (reports), on PostgreSQL.

PostgreSQL compiles a query to machine code (JIT) when its estimated cost is high, which
a report's grouped queries over a large organisation's rows often are. Compiling the
quarter's referral query took 0.11–0.15 s at 1,000,000 cases, and the query ran faster
without it (docs/performance.md, "The contract report at 1,000,000 cases"), so reports
turn it off for their own transaction, whatever the server's setting (docs/deployment.md
recommends ``jit = off`` for the whole database too).

A report also groups hundreds of thousands of rows in one hash (people reached, the cases
behind the hours); with PostgreSQL's default ``work_mem`` of 4 MB those hashes spill to
temporary files. Reports raise it to ``REPORT_WORK_MEM`` for their own transaction (the
value docs/deployment.md recommends for the whole server), so a server left at the
default still keeps them in memory.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

#: ``work_mem`` for a report's transaction: per sort or hash, so a few times this at most.
REPORT_WORK_MEM = "32MB"


@contextmanager
def without_jit(using: str = DEFAULT_DB_ALIAS):
    """Run the block in a transaction (the caller's own, if any) with JIT compilation off
    and ``work_mem`` at ``REPORT_WORK_MEM``.

    ``set_config(…, true)`` is ``SET LOCAL``: it lasts until that transaction ends, so
    inside a request the rest of the request runs with these settings too. One statement
    on PostgreSQL (both settings at once); nothing elsewhere.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    # No savepoint: a failed read fails the caller's transaction anyway.
    with transaction.atomic(using=using, savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', %s, true)",
                [REPORT_WORK_MEM],
            )
        yield

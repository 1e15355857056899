"""Planner settings for a block of analytic reads (reports), on PostgreSQL.

Statements are prepared after a few runs on a connection, and PostgreSQL then keeps one
generic plan for them (settings ``DATABASE_PREPARE_THRESHOLD``). That suits a read by id.
It does not suit a statement that counts or groups one organisation's rows: the generic
plan is costed for an average organisation, and the largest holds a fifth of the cases.
The manager's staff table took 35 ms with it against 15 ms planned for its organisation.
:func:`planned_for_their_values` plans such statements afresh each time, as before.

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
def planned_for_their_values(using: str = DEFAULT_DB_ALIAS):
    """Plan each statement of the block for the values it is given: never prepared, so
    never on a generic plan. For counts and aggregates over one organisation's rows.

    psycopg neither prepares nor uses a prepared statement while the connection's
    ``prepare_threshold`` is ``None``; it is put back when the block ends."""
    connection = connections[using]
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
    ):
        yield
        return
    connection.ensure_connection()
    psycopg_connection = connection.connection
    kept = psycopg_connection.prepare_threshold
    psycopg_connection.prepare_threshold = None
    try:
        yield
    finally:
        psycopg_connection.prepare_threshold = kept


@contextmanager
def without_jit(using: str = DEFAULT_DB_ALIAS):
    """Run the block in a transaction (the caller's own, if any) with JIT compilation off,
    ``work_mem`` at ``REPORT_WORK_MEM`` and each statement planned for its values.

    ``set_config(…, true)`` is ``SET LOCAL``: it lasts until that transaction ends, so
    inside a request the rest of the request runs with these settings too. One statement
    on PostgreSQL (both settings at once); nothing elsewhere.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    # No savepoint: a failed read fails the caller's transaction anyway.
    with transaction.atomic(using=using, savepoint=False), planned_for_their_values(using):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', %s, true)",
                [REPORT_WORK_MEM],
            )
        yield

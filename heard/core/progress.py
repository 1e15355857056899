"""How far a background task has got, written where the page that polls it can see it.

A task for one organisation runs in one transaction (``tenant_db.in_organisation``): on
PostgreSQL nothing it writes is visible to anyone else until it ends, so a progress bar
read from the same rows would sit at "waiting to start" and then jump to "ready". Progress
(and a failure, which the task's rollback would otherwise undo) is written here instead:
on a connection of this thread's own, each write committed at once, bound to the same
organisation as the task, so row-level security applies to it as to the task.

Where no transaction is open (SQLite, which binds nothing; a task run outside one) the
write is an ordinary update on the task's own connection.
"""

from __future__ import annotations

import contextlib
import logging
import threading

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.sql import UpdateQuery

from heard.core import tenant_db

logger = logging.getLogger(__name__)

_side = threading.local()

#: How long a progress write waits for a row the task's own transaction has locked before
#: it gives up and writes on the task's connection instead (visible when the task ends).
LOCK_TIMEOUT = "2s"


def record(model, pk, *, using: str = DEFAULT_DB_ALIAS, **fields) -> None:
    """Set ``fields`` on ``model``'s row ``pk`` so that other sessions see it now."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        model._default_manager.using(using).filter(pk=pk).update(**fields)
        return
    query = model._default_manager.filter(pk=pk).query.chain(UpdateQuery)
    query.add_update_values(fields)
    sql, params = query.get_compiler(using).as_sql()
    organisation, user = tenant_db.current(using)
    try:
        written = _write_committed(using, sql, params, organisation=organisation, user=user)
    except Exception:  # progress must never fail the task it reports on
        logger.warning("Progress for %s %s written with the task instead.", model.__name__, pk)
        _discard(using)
        written = False
    if not written:
        # Locked by the task, or not committed yet (made in the same transaction, so nobody
        # else can be polling it): with the task, seen when it commits.
        model._default_manager.using(using).filter(pk=pk).update(**fields)


def _write_committed(using: str, sql: str, params, *, organisation: str, user: str) -> bool:
    """Whether the row was there to write (committed, so visible to other sessions)."""
    side = _connection(using)
    binding, binding_params = tenant_db.binding_statement(organisation or None, user or None)
    with side.transaction(), side.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_TIMEOUT])
        cursor.execute(binding, binding_params)
        cursor.execute(sql, params)
        return cursor.rowcount > 0


def _connection(using: str):
    """This thread's own connection for progress (opened on first use, then kept)."""
    side = getattr(_side, using, None)
    if side is None or side.closed:
        wrapper = connections[using]
        side = wrapper.get_new_connection(wrapper.get_connection_params())
        side.autocommit = True  # each write is its own transaction (``side.transaction()``)
        setattr(_side, using, side)
    return side


def _discard(using: str) -> None:
    side = getattr(_side, using, None)
    if side is not None:
        setattr(_side, using, None)
        with contextlib.suppress(Exception):  # already broken
            side.close()


def close_all() -> None:
    """Close this thread's progress connections (the tests, before the test database is
    dropped)."""
    for alias in list(vars(_side)):
        _discard(alias)

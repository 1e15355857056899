"""Independent reads of one request run at the same time, on PostgreSQL.

A report is a few dozen grouped statements over one organisation's rows, each waiting for
the one before, so a twelve-month report of a national organisation used one core of the
database for a second while the other sat idle; the manager's home waited for its staff
table, then its supervision panel, then its safeguarding panel. :func:`run_together`
takes reads that do not depend on each other and runs them ``readers`` at a time: this
thread on its own connection (in the caller's transaction), and helper threads each on a
connection of their own, in a read-only transaction bound to the same organisation and
person (row-level security applies to it as to the caller), with the caller's planner
settings (JIT, ``work_mem``, whether statements are prepared: ``heard.core.planner``),
language and replica choice. Each lane takes the next read as it comes free, so the
slowest read does not hold up the rest.

A helper's transaction sees what was committed, not what the caller's transaction has
written and not yet committed: use it for reads of stored figures only. Each statement of
a report already reads what was committed when it started, so running them side by side
changes nothing they can see. Off PostgreSQL, with ``readers`` 1, or outside a transaction
(the caller's binding is what a helper copies), the reads run here, one after another.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import close_old_connections, connections, transaction
from django.utils import translation

from heard.core import tenant_db

_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()
#: The helpers' database connections, so :func:`close_helper_connections` can reach them.
_helper_connections: set = set()


def _helpers(count: int) -> ThreadPoolExecutor:
    """The process's ``count`` helper threads (started on first use, so after a server
    forks). Each keeps its database connection between requests, as a web worker does
    (``CONN_MAX_AGE``)."""
    with _pools_lock:
        if count not in _pools:
            _pools[count] = ThreadPoolExecutor(max_workers=count, thread_name_prefix="heard-reads")
        return _pools[count]


def run_together(reads: Iterable[Callable[[], object]], *, alias: str, readers: int) -> None:
    """Run every read in ``reads``, ``readers`` at a time (see above); return when all are
    done, raising the first error any of them raised. Results are the reads' own business
    (they keep what they read, e.g. in a report's shared rows)."""
    reads = list(reads)
    connection = connections[alias]
    if (
        readers <= 1
        or len(reads) < 2
        or connection.vendor != "postgresql"
        or not connection.in_atomic_block
    ):
        for read in reads:
            read()
        return
    queue = iter(reads)
    queue_lock = threading.Lock()
    stopped = threading.Event()  # a read failed: no lane takes another

    def take() -> Callable[[], object] | None:
        with queue_lock:
            return None if stopped.is_set() else next(queue, None)

    caller = _caller(connection)
    language = translation.get_language()
    helpers: list[Future] = [
        _helpers(readers - 1).submit(
            contextvars.copy_context().run,  # the replica choice travels with the reads
            _helper_lane,
            take,
            stopped,
            alias=alias,
            caller=caller,
            language=language,
        )
        for _lane in range(min(readers, len(reads)) - 1)
    ]
    try:
        _work(take, stopped)
    finally:
        for helper in helpers:
            helper.cancel()  # one that had not started finds nothing left to take anyway
    for helper in helpers:
        if not helper.cancelled():
            helper.result()  # waits; re-raises a helper's error here


#: What a helper copies from the caller's transaction, read in one statement.
_COPIED = ("jit", "work_mem")


def _caller(connection) -> dict:
    """The caller's binding and planner settings, for a helper to take on."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT "
            + ", ".join("coalesce(current_setting(%s, true), '')" for _ in range(2 + len(_COPIED))),
            [tenant_db.ORGANISATION_SETTING, tenant_db.USER_SETTING, *_COPIED],
        )
        organisation, user, *settings = cursor.fetchone()
    return {
        "organisation": organisation,
        "user": user,
        "settings": dict(zip(_COPIED, settings, strict=True)),
        # Unprepared (``planned_for_their_values``) or prepared after so many runs.
        "prepare_threshold": connection.connection.prepare_threshold,
    }


def _helper_lane(
    take, stopped: threading.Event, *, alias: str, caller: dict, language: str
) -> None:
    # As a request would: drop a connection past its age or broken since last time, and one
    # closed from outside (``close_helper_connections``).
    close_old_connections()
    wrapper = connections[alias]
    if wrapper.connection is not None and wrapper.connection.closed:
        wrapper.close()
    with _pools_lock:
        _helper_connections.add(wrapper)
    with translation.override(language), transaction.atomic(using=alias):
        # One statement: read only, the caller's binding (unbound stays unbound: the policies
        # then deny here exactly as for the caller) and planner settings.
        binding, params = tenant_db.binding_statement(
            caller["organisation"] or None, caller["user"] or None
        )
        copied = "".join(", set_config(%s, %s, true)" for _ in caller["settings"])
        with wrapper.cursor() as cursor:
            cursor.execute(
                f"{binding}, set_config('transaction_read_only', 'on', true){copied}",
                [*params, *(item for pair in caller["settings"].items() for item in pair)],
            )
        driver = wrapper.connection
        kept, driver.prepare_threshold = driver.prepare_threshold, caller["prepare_threshold"]
        try:
            _work(take, stopped)
        finally:
            driver.prepare_threshold = kept


def _work(take, stopped: threading.Event) -> None:
    """One lane: take the next read until none is left; a failure stops every lane."""
    try:
        while (read := take()) is not None:
            read()
    except BaseException:
        stopped.set()
        raise


def close_helper_connections() -> None:
    """Close the helpers' database connections from any thread (the tests, before the test
    database is dropped). A helper's next lane opens a new one (``close_old_connections``)."""
    with _pools_lock:
        wrappers = list(_helper_connections)
        _helper_connections.clear()
    for wrapper in wrappers:
        if wrapper.connection is not None and not wrapper.connection.closed:
            wrapper.connection.close()  # the driver's own: Django's refuses other threads

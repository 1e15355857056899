"""Sending a statement in the same round trip as the next one (PostgreSQL).

psycopg's client-side cursor sends a query string of several statements in one round trip
(the simple query protocol); with server-side binding, one pipeline carries both statements.
PostgreSQL runs them in order, in the same transaction. A
statement whose result nobody reads (binding the organisation, a page's audit row) can so
ride with the read that follows it instead of waiting for a round trip of its own.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def ahead_of_next_statement(sql: str, params, *, using: str = DEFAULT_DB_ALIAS):
    """Run ``sql`` ahead of the block's first statement, in the same query string.

    The ORM's cursor holds the block's statement's result only (past ``sql``'s, in one query
    string; or ``sql`` sent on another cursor in the same pipeline), so it reads as usual. A block
    that runs no statement sends ``sql`` on leaving (not when it raises). An ``executemany``, a
    dict of parameters or a server-side cursor gets the two statements separately.
    SQLite runs one statement at a time: there ``sql`` runs at once.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        yield
        return
    sent = False
    server_side = connection.settings_dict["OPTIONS"].get("server_side_binding", False)

    def first_statement_carries(execute, statement, statement_params, many, context):
        nonlocal sent
        if sent:
            return execute(statement, statement_params, many, context)
        sent = True
        if getattr(context["cursor"], "name", None):
            # A server-side cursor (``iterator()``) declares one statement and cannot join a
            # pipeline: ``sql`` goes first on a plain cursor, a round trip of its own.
            with context["connection"].cursor() as cursor:
                cursor.execute(sql, params)
            return execute(statement, statement_params, many, context)
        if many or not isinstance(statement_params, list | tuple | None):
            execute(sql, params, False, context)  # cannot share: two round trips
            return execute(statement, statement_params, many, context)
        if server_side:
            return _in_one_pipeline(sql, params, execute, statement, statement_params, context)
        if statement_params is None:
            statement = statement.replace("%", "%%")  # it is about to take ``sql``'s parameters
        result = execute(
            f"{sql}; {statement}", [*params, *(statement_params or ())], False, context
        )
        context["cursor"].nextset()  # past ``sql``'s result, to the statement's own
        return result

    with connection.execute_wrapper(first_statement_carries):
        yield
    if not sent:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _in_one_pipeline(sql, params, execute, statement, statement_params, context):
    """Server-side binding takes one statement per query string: psycopg's pipeline mode
    sends both before reading either's result, so they still share one round trip."""
    connection = context["connection"]
    # The pipeline raises a failure of either when it is left: as Django's error, like
    # any other statement's.
    with connection.wrap_database_errors, connection.connection.pipeline():
        connection.connection.cursor().execute(sql, params)
        return execute(statement, statement_params, False, context)

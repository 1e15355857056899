"""The organisation a database transaction works for: PostgreSQL row-level security's key.

The ORM scoping of ADR-0003 is the first line. Behind it, on PostgreSQL, every
tenant-owned table has a row-level security policy (``heard.row_security``)
that shows and accepts only the rows of the organisation named by the
transaction-local setting ``heard.organisation_id``; with none set a policy
denies everything. ``SET LOCAL`` lasts only as long as a transaction, so:

* requests run in one transaction that binds the signed-in person and their
  current organisation (``CurrentOrganisationMiddleware``); public pages bind
  the organisation they are for with :func:`bind`;
* background tasks and management commands run their work inside
  :func:`organisation_context`, or are declared with :func:`in_organisation`.

On SQLite there is no row-level security and nothing here touches the database.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

ORGANISATION_SETTING = "heard.organisation_id"
USER_SETTING = "heard.user_id"
_KEEP = object()


def enforced(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether this database has row-level security to feed (PostgreSQL, unless turned off)."""
    return connections[using].vendor == "postgresql" and getattr(
        settings, "HEARD_ROW_LEVEL_SECURITY", True
    )


def _key(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "pk", value))


def bind(*, organisation=_KEEP, user=_KEEP, using: str = DEFAULT_DB_ALIAS) -> None:
    """Name the organisation (and/or person) the current transaction works for.

    ``None`` clears the binding, which makes the policies deny. It must be
    called inside a transaction: outside one ``SET LOCAL`` would not outlive
    the statement, so this refuses rather than silently doing nothing.
    """
    if not enforced(using):
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("Binding the organisation needs a transaction (SET LOCAL).")
    names, values = [], []
    if organisation is not _KEEP:
        names.append(ORGANISATION_SETTING)
        values.append(_key(organisation))
    if user is not _KEEP:
        names.append(USER_SETTING)
        values.append(_key(user))
    if not names:
        return
    sql = "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names)
    params = [item for pair in zip(names, values, strict=True) for item in pair]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def current(using: str = DEFAULT_DB_ALIAS) -> tuple[str, str]:
    """The organisation and person the transaction is bound to, as stored ('' when unset)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(current_setting(%s, true), ''), coalesce(current_setting(%s, true), '')",
            [ORGANISATION_SETTING, USER_SETTING],
        )
        return tuple(cursor.fetchone())


@contextmanager
def organisation_context(organisation, *, user=None, using: str = DEFAULT_DB_ALIAS):
    """Run the block in a transaction working for ``organisation`` (an object or its id).

    Nested inside another transaction it becomes a savepoint and puts the
    outer binding back when it ends (a rolled-back block reverts by itself).
    Off PostgreSQL it does nothing at all.
    """
    if not enforced(using):  # SQLite: no row-level security, and no transaction is opened
        yield
        return
    with transaction.atomic(using=using):
        outer = current(using) if len(connections[using].atomic_blocks) > 1 else None
        bind(organisation=organisation, user=user, using=using)
        yield
        if outer is not None:
            bind(organisation=outer[0] or None, user=outer[1] or None, using=using)


def in_organisation(func):
    """Declare a background task that works for one organisation.

    The task takes an ``organisation_id`` keyword argument and its body runs in
    :func:`organisation_context` for that organisation::

        @task()
        @in_organisation
        def send_something(thing_id: int) -> None: ...

        send_something.enqueue(thing.pk, organisation_id=thing.organisation_id)
    """

    @functools.wraps(func)
    def wrapper(*args, organisation_id, **kwargs):
        with organisation_context(organisation_id):
            return func(*args, **kwargs)

    return wrapper


def public_page(view):
    """A page anyone may open that works for the organisation named in its address.

    Nobody is signed in, so the organisation middleware opens no transaction; this
    runs the view in one (on PostgreSQL), in which the view calls :func:`bind` with
    the organisation it looked up. An answer of 500 or more rolls it back.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enforced():
            return view(request, *args, **kwargs)
        with transaction.atomic():
            response = view(request, *args, **kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response

    return wrapper


def statements_per_request(using: str = DEFAULT_DB_ALIAS) -> int:
    """Statements the organisation middleware adds to a signed-in request: binding the
    person and their organisation (one on PostgreSQL, none elsewhere). Query budgets in
    tests add it."""
    return 1 if enforced(using) else 0

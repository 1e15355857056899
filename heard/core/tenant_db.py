"""The organisation a database transaction works for: PostgreSQL row-level security's key.

The ORM scoping of ADR-0003 is the first line. Behind it, on PostgreSQL, every
tenant-owned table has a row-level security policy (``heard.row_security``)
that shows and accepts only the rows of the organisation named by the
transaction-local setting ``heard.organisation_id``; with none set a policy
denies everything. ``SET LOCAL`` lasts only as long as a transaction, so:

* requests run in one transaction that binds the signed-in person and their
  current organisation (``CurrentOrganisationMiddleware``); public pages run
  in :func:`public_page` and bind the organisation they are for with :func:`bind`;
* background tasks are declared with :func:`in_organisation` (or, when they work
  across organisations, go on the ``maintenance`` queue, whose worker connects
  as the role that bypasses row-level security); management commands that work
  for one organisation run inside :func:`organisation_context`.

The network hub is a second axis (ADR-0040). Binding an organisation and person also
binds, in the same statement, the networks they may see: those the organisation is an
active member of, and those the person coordinates for it (``heard.network_ids``, with the
coordinated ones also in ``heard.coordinated_network_ids``). The database computes both
(``heard_network_scope()``), so binding stays one statement. The two paths into the hub
without a signed-in organisation, an anonymous survey answer through a member's link and a
member installation's figures sent with its network token, bind the one network their
secret names (:func:`bind_network`) after a narrow lookup by that secret.

On SQLite there is no row-level security and nothing here touches the database.
"""

from __future__ import annotations

import contextlib
import functools
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from heard.core import round_trips

ORGANISATION_SETTING = "heard.organisation_id"
USER_SETTING = "heard.user_id"
NETWORKS_SETTING = "heard.network_ids"
COORDINATED_SETTING = "heard.coordinated_network_ids"
SURVEY_LINK_SETTING = "heard.survey_link"
NETWORK_MEMBER_SETTING = "heard.network_member_id"
SETTINGS = (
    ORGANISATION_SETTING,
    USER_SETTING,
    NETWORKS_SETTING,
    COORDINATED_SETTING,
    SURVEY_LINK_SETTING,
    NETWORK_MEMBER_SETTING,
)
_KEEP = object()


def enforced(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether this database has row-level security to feed (PostgreSQL)."""
    return connections[using].vendor == "postgresql"


def _key(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "pk", value))


def bind(*, organisation=_KEEP, user=_KEEP, using: str = DEFAULT_DB_ALIAS) -> None:
    """Name the organisation (and/or person) the current transaction works for.

    ``None`` clears the binding, which makes the policies deny. It must be
    called inside a transaction: outside one ``SET LOCAL`` would not outlive
    the statement, so this refuses rather than silently doing nothing. The
    networks they may see are bound with them, in the same statement.
    """
    if not enforced(using):
        return
    connection = _connection_in_transaction(using)
    if organisation is _KEEP and user is _KEEP:
        return
    sql, params = _bind_statement(organisation, user)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _bind_statement(organisation, user) -> tuple[str, list[str]]:
    """The one ``SELECT set_config(...)`` statement :func:`bind` runs."""
    columns, params = [], []
    if organisation is not _KEEP:
        columns.append("set_config(%s, %s, true)")
        params += [ORGANISATION_SETTING, _key(organisation)]
        org_sql, org_params = "NULLIF(%s, '')::bigint", [_key(organisation)]
    else:
        org_sql, org_params = "heard_current_organisation()", []
    if user is not _KEEP:
        columns.append("set_config(%s, %s, true)")
        params += [USER_SETTING, _key(user)]
        user_sql, user_params = "NULLIF(%s, '')::bigint", [_key(user)]
    else:
        user_sql, user_params = "heard_current_user()", []
    for setting, coordinated in ((NETWORKS_SETTING, "false"), (COORDINATED_SETTING, "true")):
        columns.append(
            f"set_config(%s, heard_network_scope({org_sql}, {user_sql}, {coordinated}), true)"
        )
        params += [setting, *org_params, *user_params]
    for setting in (SURVEY_LINK_SETTING, NETWORK_MEMBER_SETTING):
        columns.append("set_config(%s, '', true)")
        params.append(setting)
    return "SELECT " + ", ".join(columns), params


def binding_statement(organisation, user=None) -> tuple[str, list[str]]:
    """The statement :func:`bind` runs for ``organisation`` and ``user`` (objects, ids or
    ``None``), for a connection of one's own (``heard.core.progress``) to run in its
    transaction."""
    return _bind_statement(organisation, user)


@contextmanager
def bound_by_next_statement(*, organisation=_KEEP, user=_KEEP, using: str = DEFAULT_DB_ALIAS):
    """:func:`bind`, sent in the same round trip as the block's first statement.

    The binding statement goes first in one simple-protocol query string, so PostgreSQL runs
    it before the block's statement, in the same transaction, and the block's statement
    already reads under the new binding; the cursor is moved on to the block's result, so
    the ORM reads that as usual. Every request pays the binding, so sparing it a round trip
    of its own lowers the floor of every page. A block that runs no statement binds on
    leaving, exactly as :func:`bind` would have.
    """
    if not enforced(using) or (organisation is _KEEP and user is _KEEP):
        yield
        return
    _connection_in_transaction(using)
    with round_trips.ahead_of_next_statement(*_bind_statement(organisation, user), using=using):
        yield


def _connection_in_transaction(using: str):
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("Binding the organisation needs a transaction (SET LOCAL).")
    return connection


def refresh_networks(using: str = DEFAULT_DB_ALIAS) -> None:
    """Recompute the bound networks after the actor's place in one changed (an invitation
    accepted): the rest of the transaction sees the network it has just joined."""
    if not enforced(using):
        return
    connection = _connection_in_transaction(using)
    sql = (
        "SELECT set_config(%s, heard_network_scope(heard_current_organisation(), "
        "heard_current_user(), false), true), set_config(%s, heard_network_scope("
        "heard_current_organisation(), heard_current_user(), true), true)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [NETWORKS_SETTING, COORDINATED_SETTING])


def admit_network(network_id, using: str = DEFAULT_DB_ALIAS) -> None:
    """Add a network the actor has just created (and so coordinates) to the bound sets."""
    if not enforced(using):
        return
    connection = _connection_in_transaction(using)
    sql = (
        "SELECT set_config(%s, concat_ws(',', NULLIF(current_setting(%s, true), ''), %s::text), true), "
        "set_config(%s, concat_ws(',', NULLIF(current_setting(%s, true), ''), %s::text), true)"
    )
    key = _key(network_id)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                NETWORKS_SETTING,
                NETWORKS_SETTING,
                key,
                COORDINATED_SETTING,
                COORDINATED_SETTING,
                key,
            ],
        )


def next_id(model, using: str = DEFAULT_DB_ALIAS) -> int:
    """Take the next id of ``model``'s table before inserting the row, for a row that must be
    bound before it is written (a network its creator is to coordinate)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [model._meta.db_table])
        return cursor.fetchone()[0]


def survey_link_network(token: str, using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The network of the survey a member's secret link belongs to (``None`` if no such link).

    The one lookup the anonymous survey page makes before anything is bound: a
    ``SECURITY DEFINER`` function that answers only for the exact token.
    """
    if not enforced(using) or not token:
        return None
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT heard_survey_link_network(%s)", [token])
        return cursor.fetchone()[0]


def network_token_member(token_hash: str, using: str = DEFAULT_DB_ALIAS) -> tuple[int, int] | None:
    """``(member_id, network_id)`` of the active network member whose token hashes to
    ``token_hash``: the one lookup the figures API makes before anything is bound."""
    if not enforced(using) or not token_hash:
        return None
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT member_id, network_id FROM heard_network_token_member(%s)", [token_hash]
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def bind_network(
    network_id, *, survey_link: str = "", member_id=None, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Bind one network, and no organisation or person, for a path that has only a secret:
    a member's survey link (``survey_link``, the token) or a member installation's network
    token (``member_id``, the member it names). Nothing is coordinated."""
    if not enforced(using):
        return
    connection = _connection_in_transaction(using)
    values = {
        ORGANISATION_SETTING: "",
        USER_SETTING: "",
        NETWORKS_SETTING: _key(network_id),
        COORDINATED_SETTING: "",
        SURVEY_LINK_SETTING: survey_link or "",
        NETWORK_MEMBER_SETTING: _key(member_id),
    }
    _set_raw(connection, values)


def _set_raw(connection, values: dict[str, str]) -> None:
    sql = "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in values)
    params = [item for pair in values.items() for item in pair]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def snapshot(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Every key the transaction is bound with, as stored ('' when unset)."""
    columns = ", ".join("coalesce(current_setting(%s, true), '')" for _ in SETTINGS)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + columns, list(SETTINGS))
        return dict(zip(SETTINGS, cursor.fetchone(), strict=True))


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
        if len(connections[using].atomic_blocks) > 1:
            outer = snapshot(using)
            bind(organisation=organisation, user=user, using=using)
            yield
            _set_raw(connections[using], outer)
            return
        # A transaction of its own (every background task's): the binding rides with the
        # block's first statement, as a request's does, rather than costing a round trip.
        with bound_by_next_statement(organisation=organisation, user=user, using=using):
            yield


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

    wrapper.binds_organisation = True
    return wrapper


def in_organisation_transactions(func):
    """Declare a background task that works for one organisation in transactions of its own.

    Enqueued with ``organisation_id=`` as :func:`in_organisation` is, but the body takes the
    id and opens each transaction with :func:`organisation_context`: for work that drains a
    queue, where one transaction would hold its locks until the last item is done.
    """
    func.binds_organisation = True
    return func


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
        with transaction.atomic(), contextlib.ExitStack() as binding:
            request.public_page_binding = binding  # for :func:`bind_public_page`
            response = view(request, *args, **kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response

    return wrapper


def bind_public_page(request, organisation) -> None:
    """:func:`bind` for a :func:`public_page` view, sent with the view's next statement.

    The view looks its organisation up by the address, then binds it: sending the binding
    with the statement that follows spares every public page (each step of the referral
    form, its final POST) a round trip of its own. Outside ``public_page``, a plain bind.
    """
    binding = getattr(request, "public_page_binding", None)
    if binding is None:
        bind(organisation=organisation)
        return
    binding.enter_context(bound_by_next_statement(organisation=organisation))


def statements_per_request(using: str = DEFAULT_DB_ALIAS) -> int:
    """Statements the organisation middleware adds to a signed-in request beyond reading the
    memberships: none, since binding the person and their organisation rides in the same
    round trip as that read (:func:`bound_by_next_statement`). Query budgets in tests add it,
    so a binding that costs a statement again shows up in every budget."""
    return 0

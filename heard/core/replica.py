"""Reading reports from a PostgreSQL streaming replica (docs/scaling.md, docs/deployment.md).

When ``DATABASE_REPLICA_URL`` is set the settings add a ``replica`` database. Nothing is
sent there implicitly: the heavy readers (reports, exports, trends, equality, the network
figures and picture) wrap their work in :func:`reading_from_replica`, and every other read,
and every write, stays on the primary. A report over twelve months then never competes
with an advocate saving a visit.

Replication lags a little, so a person who has just changed something reads from the
primary for ``HEARD_REPLICA_STICKY_SECONDS`` (:class:`ReadYourWritesMiddleware` stamps a
signed cookie on every request that may write). Row-level security holds on the replica
too: the block runs in a replica transaction bound to the same organisation and person as
the primary's (``heard.core.tenant_db``). If the replica cannot be reached, the primary
answers instead.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from . import tenant_db

logger = logging.getLogger(__name__)

REPLICA = "replica"
STAMP_COOKIE = "heard_primary_until"
_STAMP_SALT = "heard.core.replica"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_reading_alias: ContextVar[str] = ContextVar("heard_reading_alias", default="")
_primary_only: ContextVar[bool] = ContextVar("heard_primary_only", default=False)


def replica_alias() -> str:
    """The database reports read from when allowed ('' when there is no replica)."""
    alias = getattr(settings, "HEARD_READ_REPLICA", "")
    return alias if alias and alias in settings.DATABASES else ""


def _reachable(alias: str) -> bool:
    try:
        connections[alias].ensure_connection()
    except DatabaseError as error:
        logger.warning("Read replica %r unreachable, reading from the primary: %s", alias, error)
        return False
    return True


@contextmanager
def reading_from_replica():
    """Run the block's reads on the replica, bound to the primary's organisation and person.

    Does nothing (the primary answers) without a replica, inside a request that is writing
    or has just written (read-your-writes), or when the replica is unreachable. Querysets
    must be evaluated inside the block: a lazy one evaluated later reads the primary.
    """
    alias = replica_alias()
    if not alias or _primary_only.get() or _reading_alias.get() or not _reachable(alias):
        yield
        return
    organisation = user = None
    if tenant_db.enforced() and connections[DEFAULT_DB_ALIAS].in_atomic_block:
        organisation, user = tenant_db.current()
    with transaction.atomic(using=alias):
        # Unbound stays unbound: the policies then deny on the replica exactly as on the primary.
        tenant_db.bind(organisation=organisation or None, user=user or None, using=alias)
        token = _reading_alias.set(alias)
        try:
            yield
        finally:
            _reading_alias.reset(token)


def reading_alias() -> str:
    """The database the current block's reads go to (the replica inside
    :func:`reading_from_replica` when it answers, else the primary)."""
    return _reading_alias.get() or DEFAULT_DB_ALIAS


@contextmanager
def primary_only():
    """Keep every read of the block on the primary (a person who has just written)."""
    token = _primary_only.set(True)
    try:
        yield
    finally:
        _primary_only.reset(token)


class ReplicaRouter:
    """Reads inside :func:`reading_from_replica` go to the replica; everything else to default.

    Returning ``default`` (rather than nothing) keeps an object read from the replica from
    dragging later reads and its own save there.
    """

    def db_for_read(self, model, **hints):
        return reading_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


def _stamp_valid(request) -> bool:
    value = request.get_signed_cookie(STAMP_COOKIE, default=None, salt=_STAMP_SALT)
    try:
        return value is not None and time.time() < float(value)
    except ValueError:
        return False


class ReadYourWritesMiddleware:
    """After a request that may write, that browser reads from the primary for a while.

    A request with an unsafe method reads from the primary itself and stamps a signed
    cookie valid for ``HEARD_REPLICA_STICKY_SECONDS``; requests carrying a valid stamp read
    from the primary too. No replica, no stamp.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_alias():
            return self.get_response(request)
        writing = request.method not in _SAFE_METHODS
        if writing or _stamp_valid(request):
            with primary_only():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if writing:
            seconds = settings.HEARD_REPLICA_STICKY_SECONDS
            response.set_signed_cookie(
                STAMP_COOKIE,
                str(time.time() + seconds),
                salt=_STAMP_SALT,
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

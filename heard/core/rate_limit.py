"""Per-client rate limits for the public forms: one row per client and form, counted in SQL.

A limit used to live in the cache. With the database cache (the default without Redis)
every count ran four statements, one of them ``COUNT(*)`` over the whole cache table, and
once the table held more than 300 entries Django's cache culled a third of them, counts
included, so a busy form forgot whom it had limited. Here taking a place is one
``INSERT … ON CONFLICT DO UPDATE … WHERE`` (PostgreSQL and SQLite) on its own small table:
the check and the count in one statement, so two submissions at once cannot both pass
the last place; a window that has ended starts again at 1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

from .models import RateCount


def rate_key(scope: str, organisation, ip: str | None) -> str:
    """A keyed hash of what is counted, for which organisation, from which address."""
    message = f"{scope}:{organisation.pk}:{ip or 'unknown'}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def take(key: str, limit: int, window_seconds: int, *, now: dt.datetime | None = None) -> bool:
    """Count one more for ``key`` unless it has reached ``limit`` in a window that has not
    ended: True if counted (go ahead), False if limited. A window that has ended starts a new
    one of ``window_seconds``. Inside the caller's transaction, a submission that fails later
    gives its place back with the rollback."""
    if limit <= 0:
        return False
    now = now or timezone.now()
    connection = connections[router.db_for_write(RateCount)]
    table = connection.ops.quote_name(RateCount._meta.db_table)
    with connection.cursor() as cursor:
        # The table name is the model's own, quoted; every value is a parameter. The WHERE
        # leaves a full window untouched, so nothing comes back when the key is limited.
        cursor.execute(
            f'INSERT INTO {table} ("key", "count", "window_ends") VALUES (%s, 1, %s) '  # noqa: S608
            'ON CONFLICT ("key") DO UPDATE SET '
            f'"count" = CASE WHEN {table}."window_ends" > %s THEN {table}."count" + 1 ELSE 1 END, '
            f'"window_ends" = CASE WHEN {table}."window_ends" > %s THEN {table}."window_ends" '
            'ELSE excluded."window_ends" END '
            f'WHERE {table}."window_ends" <= %s OR {table}."count" < %s '
            "RETURNING 1",
            [key, now + dt.timedelta(seconds=window_seconds), now, now, now, limit],
        )
        return cursor.fetchone() is not None


def purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the counts whose window has ended (they limit nothing any more)."""
    deleted, _ = RateCount.objects.filter(window_ends__lte=now or timezone.now()).delete()
    return deleted

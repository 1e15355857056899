"""Inserting many rows at once, for imports (ADR-0051).

On PostgreSQL each chunk of rows goes in one ``INSERT … SELECT FROM unnest(…)`` with one
array parameter per column: a handful of parameters instead of one per cell, and no model
instance per row. ``COPY`` would be faster still, but PostgreSQL refuses ``COPY FROM`` into
a table under row-level security for a role subject to it, which the application role is
(ADR-0035). Elsewhere (SQLite) rows go through ``bulk_create``.
"""

from __future__ import annotations

import json

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000


def _columns(model) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if not field.primary_key]


def _value(field: models.Field, row: dict, now):
    if field.attname in row:
        value = row[field.attname]
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now
    else:
        value = field.get_default()
    if isinstance(field, models.JSONField) and value is not None:
        return json.dumps(value, cls=field.encoder)
    return value


def insert_rows(model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` (``{field attname: value}``; every other field takes its default, and
    ``auto_now`` fields the current time) and return the new ids, in the rows' order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objects = [model(**row) for row in rows]
        model.objects.bulk_create(objects, batch_size=CHUNK // 5)
        return [obj.pk for obj in objects]
    fields = _columns(model)
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({names}) "  # noqa: S608 - names from the model
        f"SELECT * FROM unnest({arrays}) RETURNING {quote(model._meta.pk.column)}"
    )
    now = timezone.now()
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            cursor.execute(sql, [[_value(field, row, now) for row in chunk] for field in fields])
            ids.extend(pk for (pk,) in cursor.fetchall())
    return ids

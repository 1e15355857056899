"""A hot query's SQL compiled once per process, not once per request (ADR-0058).

Django compiles a queryset's SQL afresh every time it runs. For the widest pages (the case
page's case with its person, service, referral and advocate: about 150 columns) compiling
costs more than PostgreSQL takes to answer. ``reused(queryset)`` marks a queryset whose
shape is fixed by the code that builds it: the first run in a process compiles it as usual
and keeps the SQL; later runs of the same shape compile only their ``WHERE`` clause and
selected annotations (to learn the shape and take their parameters) and send the kept SQL
with the new parameters.

The shape is everything that makes the SQL: the model, the ``WHERE`` clause's and the
annotations' SQL, the columns, joins, ordering, slicing and the rest (``_shape``). A query
is reused only when each of its parameters can be placed with certainty: the annotations'
first, then the ``WHERE`` clause's, and any others fixed by the shape. Anything else (a
``HAVING`` or window filter, a set operation, ``extra()``, a filtered relation, an
``EXPLAIN``, a subquery) is compiled as Django would. With ``HEARD_VERIFY_REUSED_SQL`` on
(the test settings), every reuse is compiled anyway and must match, so the whole suite
checks the shapes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import QuerySet
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler

__all__ = ["ReusedSQLMismatch", "forget_all", "reused"]

# Shapes kept per process: a page has a handful; the bound keeps a mistake from growing it.
KEPT_SHAPES = 512

_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()
_NOT_REUSABLE = object()


class ReusedSQLMismatch(AssertionError):
    """With verification on: the kept SQL differs from what Django compiles now."""


def reused(queryset: QuerySet) -> QuerySet:
    """``queryset``, compiled once per process for its shape (see the module docstring)."""
    clone = queryset.all()
    clone.query.__class__ = _ReusedQuery
    return clone


def forget_all() -> None:
    """Drop every kept shape (tests that change what a shape compiles to)."""
    with _lock:
        _kept.clear()


class _ReusedQuery(Query):
    """A ``Query`` whose top-level compiler reuses kept SQL. Clones stay reusable, so
    prefetches and ``.filter()`` after ``reused()`` are covered; a subquery is not."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        if self.compiler == "SQLCompiler" and isinstance(compiler, SQLCompiler):
            compiler.__class__ = _compiler_class(type(compiler))
        return compiler


_classes: dict[type, type] = {}


def _compiler_class(base: type) -> type:
    if base not in _classes:
        _classes[base] = type(f"Reused{base.__name__}", (_ReusingCompiler, base), {})
    return _classes[base]


class _ReusingCompiler:
    """Mixed in before a backend's ``SQLCompiler``."""

    def as_sql(self, with_limits=True, with_col_aliases=False):
        if not with_limits or with_col_aliases or self.query.subquery:
            return super().as_sql(with_limits, with_col_aliases)
        try:
            key, (selected_params, where_params) = self._shape()
        except (EmptyResultSet, FullResultSet, _NotReusable):
            return super().as_sql(with_limits, with_col_aliases)
        kept = _kept.get(key)
        if kept is _NOT_REUSABLE:
            return super().as_sql(with_limits, with_col_aliases)
        if kept is None:
            sql, params = super().as_sql(with_limits, with_col_aliases)
            around = _around(tuple(params), selected_params, where_params)
            with _lock:
                _kept[key] = (
                    (
                        sql,
                        *around,
                        self.select,
                        self.klass_info,
                        self.annotation_col_map,
                        self.col_count,
                        self.has_extra_select,
                    )
                    if around is not None
                    else _NOT_REUSABLE
                )
                while len(_kept) > KEPT_SHAPES:
                    _kept.popitem(last=False)
            return sql, params
        sql, between, after, *compiled = kept
        params = [*selected_params, *between, *where_params, *after]
        if settings.HEARD_VERIFY_REUSED_SQL:
            fresh_sql, fresh_params = super().as_sql(with_limits, with_col_aliases)
            if (fresh_sql, tuple(fresh_params)) != (sql, tuple(params)):
                raise ReusedSQLMismatch(
                    f"The kept SQL of a {self.query.model.__name__} query no longer matches:\n"
                    f"kept:  {sql}\nfresh: {fresh_sql}\n"
                    f"parameters kept: {params}\nparameters fresh: {fresh_params}"
                )
            return fresh_sql, fresh_params
        (
            self.select,
            self.klass_info,
            self.annotation_col_map,
            self.col_count,
            self.has_extra_select,
        ) = compiled
        return sql, params

    def _shape(self):
        """``(key, (annotations' parameters, WHERE clause's parameters))``: the key identifies
        this query's SQL but not its values, which the parameters carry."""
        query = self.query
        if (
            query.combinator
            or query.extra
            or query.extra_order_by
            or query.group_by
            or query._filtered_relations
            or query.explain_info
        ):
            raise _NotReusable
        where, having, qualify = query.where.split_having_qualify(
            must_group_by=query.group_by is not None
        )
        if having or qualify:
            raise _NotReusable
        where_sql, where_params = self.compile(where) if where else ("", ())
        selected, selected_params = [], []
        for alias, annotation in query.annotation_select.items():
            sql, params = self.compile(annotation)
            selected.append((alias, sql))
            selected_params.extend(params)
        key = (
            self.connection.alias,
            self.connection.vendor,
            query.model,
            where_sql,
            query.default_cols,
            tuple(query.select),
            _frozen(query.select_related),
            tuple(query.values_select),
            tuple(selected),
            tuple(
                (alias, _described(annotation))
                for alias, annotation in query.annotations.items()
                if alias not in query.annotation_select
            ),
            tuple(_described(part) for part in query.order_by),
            query.default_ordering,
            query.standard_ordering,
            query.low_mark,
            query.high_mark,
            query.distinct,
            tuple(query.distinct_fields),
            (
                query.deferred_loading[0] and frozenset(query.deferred_loading[0]),
                query.deferred_loading[1],
            ),
            query.select_for_update,
            query.select_for_update_nowait,
            query.select_for_update_skip_locked,
            tuple(query.select_for_update_of),
            query.select_for_no_key_update,
            tuple((alias, join.identity) for alias, join in query.alias_map.items()),
            tuple(query.alias_refcount.items()),
        )
        try:
            hash(key)
        except TypeError:
            raise _NotReusable from None
        return key, (tuple(selected_params), tuple(where_params))


class _NotReusable(Exception):
    pass


def _around(params: tuple, selected: tuple, where: tuple) -> tuple[tuple, tuple] | None:
    """The constant parameters between the columns' and the ``WHERE`` clause's, and after
    it (an ordering's constants, which the key describes), when ``params`` is laid out as
    the columns', those, the ``WHERE`` clause's, then the rest; else None (not reusable)."""
    if params[: len(selected)] != selected:
        return None
    rest = params[len(selected) :]
    if not where:
        return (), rest
    starts = [
        start
        for start in range(len(rest) - len(where) + 1)
        if rest[start : start + len(where)] == where
    ]
    if len(starts) != 1:
        return None
    return rest[: starts[0]], rest[starts[0] + len(where) :]


def _described(expression) -> str:
    """An expression's ``repr``, which names its parts and constants; an expression without
    one of its own (a subquery) cannot key a shape."""
    described = repr(expression)
    if " object at 0x" in described or "<QuerySet" in described:
        raise _NotReusable
    return described


def _frozen(value):
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(inner)) for key, inner in value.items()))
    return value

"""Keyset ("cursor") pages for long lists, in any order that ends in the id (ADR-0052).

An offset page (``LIMIT 50 OFFSET 150000``) makes the database walk past every
earlier row, so a deep page costs more the bigger the organisation. A keyset
page starts from the last row the reader saw instead (the row's sort key
compared with the cursor's) and reads one index range of 51 rows, whatever its
depth. The cursor is that row's sort key in the address
(``after=2026-03-01.1234`` for newest referral first; ``after=Jones.Aisha.88``
for name order), so paging works without JavaScript and the filters ride along
in the same query string. Counting stops at ``COUNT_CAP``: past it the page
says "more than".

One implementation serves every list: the case list, the people list, the
waiting list and triage. Each names its order (``Keyset("-received_on", "-id")``);
the order must end in ``id`` so that it is total, and its keys must not be null
(an annotation such as ``Coalesce`` makes a nullable column a key).

A list whose rows join other tables (the case list joins the person, service and
advocate, and works out access per row) and whose order has a composite index for
its filters names ``ids_first=True``: the page's ids are chosen by a narrow
subquery that the index answers alone, and only those rows are joined and
annotated (``page(..., rows=...)``), in the same statement. Otherwise the database
may join every one of an organisation's 200,000 cases before its LIMIT. The capped
count walks the same index range, in the list's order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict

from heard.core.planner import planned_for_their_values
from heard.core.reused_sql import reused

COUNT_CAP = 1000
SEPARATOR = "."


@dataclass(frozen=True)
class Cursor:
    """A row's sort key; as text, its values joined by dots (a dot inside one is escaped)."""

    values: tuple

    def __str__(self) -> str:
        return SEPARATOR.join(_token(value) for value in self.values)


def _token(value) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return quote(text, safe="-:+ ").replace(".", "%2E")


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    count: int  # exact up to COUNT_CAP; COUNT_CAP + 1 means "more than COUNT_CAP"
    next_cursor: Cursor | None
    previous_cursor: Cursor | None

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    # The shared pagination include reads these, so one template serves keyset and
    # numbered pages alike.
    @property
    def previous_query(self) -> str:
        return f"before={quote(str(self.previous_cursor), safe='')}" if self.previous_cursor else ""

    @property
    def next_query(self) -> str:
        return f"after={quote(str(self.next_cursor), safe='')}" if self.next_cursor else ""


class Keyset:
    """An order a list pages by: field names, ``-`` for descending, ending in ``id``."""

    def __init__(self, *order: str, ids_first: bool = False):
        if not order or order[-1].lstrip("-") != "id":
            raise ValueError("A keyset order must end in id, so that it is total")
        self.order = order
        self.ids_first = ids_first
        self.keys = [(name.lstrip("-"), name.startswith("-")) for name in order]

    def parse(self, queryset: QuerySet, text: str | None) -> Cursor | None:
        """A cursor from the address, or None when missing or malformed (the first page)."""
        if not text:
            return None
        tokens = text.split(SEPARATOR)
        if len(tokens) != len(self.keys):
            return None
        values = []
        for (name, _descending), token in zip(self.keys, tokens, strict=True):
            field = _output_field(queryset, name)
            try:
                value = field.to_python(unquote(token))
            except (ValidationError, ValueError, TypeError, OverflowError):
                return None
            if value is None:
                return None
            values.append(value)
        return Cursor(tuple(values))

    def _beyond(self, cursor: Cursor, *, forward: bool) -> Q:
        """Rows after the cursor in the list's order (``forward``), or before it.

        Written as an OR of prefixes plus a redundant bound on the first key, so the
        database starts its index range at the cursor instead of filtering every row on
        the way there.
        """
        condition = Q()
        equal = {}
        for (name, descending), value in zip(self.keys, cursor.values, strict=True):
            lookup = "lt" if descending == forward else "gt"
            condition |= Q(**equal, **{f"{name}__{lookup}": value})
            equal[name] = value
        first, descending = self.keys[0]
        bound = "lte" if descending == forward else "gte"
        return condition & Q(**{f"{first}__{bound}": cursor.values[0]})

    def _reversed(self) -> list[str]:
        return [name if descending else f"-{name}" for name, descending in self.keys]

    def page(
        self,
        queryset: QuerySet,
        *,
        per_page: int,
        after: str | None = None,
        before: str | None = None,
        count_cap: int = COUNT_CAP,
        rows: Callable[[QuerySet], QuerySet] | None = None,
    ) -> KeysetPage:
        """One page of ``queryset`` in this order: two queries at any depth.

        ``after`` pages forward, ``before`` backward; both are cursors as text from the
        address, and a malformed one is the first page. For an ids-first list, ``rows``
        makes the shown rows from the subquery of the page's ids (``queryset`` then only
        filters, and need not join or annotate what the page shows).
        """
        after_cursor = self.parse(queryset, after)
        before_cursor = None if after_cursor else self.parse(queryset, before)
        order = self._reversed() if before_cursor is not None else self.order
        if after_cursor is not None:
            rows_query = queryset.filter(self._beyond(after_cursor, forward=True))
        elif before_cursor is not None:
            rows_query = queryset.filter(self._beyond(before_cursor, forward=False))
        else:
            rows_query = queryset
        rows_query = rows_query.order_by(*order)[: per_page + 1]
        if self.ids_first:
            # One statement still: the page's ids from the index, then their rows joined.
            ids = rows_query.values("pk")
            rows_query = (rows(ids) if rows else queryset.filter(pk__in=ids)).order_by(*order)
        rows = list(reused(rows_query))  # compiled once per process for its shape (ADR-0058)
        more = len(rows) > per_page
        rows = rows[:per_page]
        if before_cursor is not None:
            rows.reverse()
        # The count reads ids only, and stops at the cap rather than counting every row; an
        # ids-first list counts in its own order, so the count walks the page's index range.
        counted = queryset.order_by(*self.order) if self.ids_first else queryset.order_by()
        with planned_for_their_values(queryset.db):  # how far the range runs depends on them
            count = counted.values("pk")[: count_cap + 1].count()

        if before_cursor is not None:
            has_earlier, has_later = more, True
        else:
            has_earlier, has_later = after_cursor is not None, more
        return KeysetPage(
            rows=rows,
            count=count,
            next_cursor=self.cursor(rows[-1]) if rows and has_later else None,
            previous_cursor=self.cursor(rows[0]) if rows and has_earlier else None,
        )

    def cursor(self, row) -> Cursor:
        return Cursor(tuple(getattr(row, name) for name, _descending in self.keys))


def _output_field(queryset: QuerySet, name: str):
    try:
        return queryset.model._meta.get_field(name)
    except FieldDoesNotExist:
        return queryset.query.annotations[name].output_field


PAGING_KEYS = frozenset({"after", "before", "page"})


def filters_query_string(data) -> str:
    """The filters of a list's address without its paging, for "previous" and "next" links."""
    kept = QueryDict(mutable=True)
    for key in data:
        if key not in PAGING_KEYS:
            kept.setlist(key, data.getlist(key) if hasattr(data, "getlist") else [data[key]])
    return kept.urlencode()

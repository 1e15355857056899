"""Keyset ("cursor") pages for long lists, newest first by a date and the id (ADR-0052).

An offset page (``LIMIT 50 OFFSET 150000``) makes the database walk past every
earlier row, so a deep page costs more the bigger the organisation. A keyset
page starts from the last row the reader saw instead (``received_on, id`` less
than the cursor's) and reads one index range of 51 rows, whatever its depth.
The cursor is that row's date and id in the address (``after=2026-03-01.1234``),
so paging works without JavaScript and the filters ride along in the same query
string. Counting stops at ``COUNT_CAP``: past it the page says "more than".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

COUNT_CAP = 1000
CURSOR_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(\d{1,18})$")


@dataclass(frozen=True)
class Cursor:
    day: dt.date
    pk: int

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}.{self.pk}"


def parse_cursor(text: str | None) -> Cursor | None:
    """A cursor from the address, or None when it is missing or malformed (the first page)."""
    match = CURSOR_RE.match(text or "")
    if not match:
        return None
    try:
        return Cursor(dt.date.fromisoformat(match[1]), int(match[2]))
    except ValueError:
        return None


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
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def keyset_page(
    queryset: QuerySet,
    *,
    date_field: str,
    per_page: int,
    after: Cursor | None = None,
    before: Cursor | None = None,
    count_cap: int = COUNT_CAP,
) -> KeysetPage:
    """One page of ``queryset`` newest first by ``date_field`` then id: two queries at any depth.

    ``after`` pages forward (older rows), ``before`` backward (newer rows). The
    redundant ``date <= cursor`` bound lets the database start its index range at
    the cursor instead of filtering every newer row on the way there.
    """
    rows_query = queryset
    if after is not None:
        rows_query = rows_query.filter(
            Q(**{f"{date_field}__lt": after.day})
            | Q(**{date_field: after.day, "pk__lt": after.pk}),
            **{f"{date_field}__lte": after.day},
        ).order_by(f"-{date_field}", "-pk")
    elif before is not None:
        rows_query = rows_query.filter(
            Q(**{f"{date_field}__gt": before.day})
            | Q(**{date_field: before.day, "pk__gt": before.pk}),
            **{f"{date_field}__gte": before.day},
        ).order_by(date_field, "pk")
    else:
        rows_query = rows_query.order_by(f"-{date_field}", "-pk")
    rows = list(rows_query[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if before is not None:
        rows.reverse()
    # The count reads ids only, and stops at the cap rather than counting every row.
    count = queryset.order_by().values("pk")[: count_cap + 1].count()

    def cursor(row) -> Cursor:
        return Cursor(getattr(row, date_field), row.pk)

    if before is not None:
        has_newer, has_older = more, True
    else:
        has_newer, has_older = after is not None, more
    return KeysetPage(
        rows=rows,
        count=count,
        next_cursor=cursor(rows[-1]) if rows and has_older else None,
        previous_cursor=cursor(rows[0]) if rows and has_newer else None,
    )

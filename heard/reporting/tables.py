"""The shape every measure returns: a table of raw figures, shaped once for every format.

The web report, the dashboards, XLSX, CSV, PDF and the API all read these tables, so a
figure is computed once and shown the same way everywhere (docs/reporting.md,
"Reconciliation").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

COUNT = "count"
HOURS = "hours"
DAYS = "days"
PERCENT = "percent"

TOTAL = "total"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT


@dataclass
class Row:
    """One row: ``values`` by column key; ``bases`` say how many people a derived value rests on."""

    key: str
    label: str
    values: dict[str, Any]
    bases: dict[str, int] = field(default_factory=dict)
    is_total: bool = False


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    note: str = ""
    # Rows add up to the total row (so secondary suppression applies to count columns).
    additive: bool = True
    suppressed: bool = False

    def value(self, row_key: str, column_key: str):
        for row in self.rows:
            if row.key == row_key:
                return row.values.get(column_key)
        raise KeyError(row_key)

    def copy(self, **changes) -> Table:
        return replace(
            self,
            rows=[replace(row, values=dict(row.values)) for row in self.rows],
            **changes,
        )


def hours(minutes: int | None) -> Decimal:
    """Minutes as hours to two decimal places (half up): the one rounding every format uses."""
    return (Decimal(minutes or 0) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage to one decimal place; None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

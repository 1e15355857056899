"""The shape every measure returns: a table of raw figures, shaped once for every format.

The web report, the dashboards, XLSX, CSV, PDF and the API all read these tables, so a
figure is computed once and shown the same way everywhere (docs/reporting.md,
"How the figures are checked").
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


Cell = tuple[str, str]  # (row key, column key)


@dataclass(frozen=True)
class Completeness:
    """Which of a table's cells count those who answered, those who did not, and everyone.

    The figures ("n answered of N") are worked out from the cells as the table shows them
    (``completeness_figures``), so a suppressed table's completeness can only repeat what
    its cells already tell: what they hide, it hides.
    """

    sentence: str  # translated, with %(answered)s, %(total)s and %(share)s
    answered: tuple[Cell, ...]
    unanswered: tuple[Cell, ...]
    total: tuple[Cell, ...] = ()


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
    completeness: Completeness | None = None

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


def _cells_sum(table: Table, cells) -> int | None:
    """The sum of the cells, or None if any is hidden (or there are none)."""
    values = [table.value(row, column) for row, column in cells]
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    return sum(values)


def _single_hidden(table: Table, cells):
    if len(cells) == 1:
        value = table.value(*cells[0])
        if isinstance(value, str):
            return value
    return None


def _shown(value: int | None, table: Table):
    from heard.core.suppression import SuppressedCount, suppress

    if value is None:
        return SuppressedCount(secondary=True)
    return suppress(value) if table.suppressed else value


def completeness_figures(table: Table):
    """``(answered, total, share)`` for a table with a completeness, else None.

    Each figure is computed from the table's cells as shown. On a suppressed table a figure
    that its cells do not already give is hidden ("not shown"), and 1 to 4 is "fewer than 5",
    with the share hidden too: the completeness never reveals a count the table hides.
    """
    spec = table.completeness
    if spec is None:
        return None
    answered = _cells_sum(table, spec.answered)
    unanswered = _cells_sum(table, spec.unanswered)
    total = _cells_sum(table, spec.total)
    # A figure that is one hidden cell is shown as the table shows that cell.
    hidden_as = {
        "answered": _single_hidden(table, spec.answered),
        "total": _single_hidden(table, spec.total),
    }
    if total is None and answered is not None and unanswered is not None:
        total = answered + unanswered
    if answered is None and total is not None and unanswered is not None:
        answered = total - unanswered
    answered_shown = _shown(answered, table) if answered is not None else hidden_as["answered"]
    total_shown = _shown(total, table) if total is not None else hidden_as["total"]
    answered_shown = _shown(None, table) if answered_shown is None else answered_shown
    total_shown = _shown(None, table) if total_shown is None else total_shown
    share = None
    if isinstance(answered_shown, int) and isinstance(total_shown, int) and total_shown:
        share = percent(answered_shown, total_shown)
    return answered_shown, total_shown, share


def hours(minutes: int | None) -> Decimal:
    """Minutes as hours to two decimal places (half up): the one rounding every format uses."""
    return (Decimal(minutes or 0) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage to one decimal place; None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

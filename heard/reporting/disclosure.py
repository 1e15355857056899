"""Suppression of report tables that leave the organisation (commissioners, shared exports).

Counts go through ``heard.core.suppression.suppress_table`` column by column, with the
total row as the column's total, so 1 to 4 shows as "fewer than 5" and no hidden cell
can be worked out from the total (secondary suppression). Any median, percentile,
percentage or hours figure resting on fewer than 5 people is hidden as well.
"""

from __future__ import annotations

from heard.core.suppression import DEFAULT_THRESHOLD, SuppressedCount, suppress, suppress_table

from .tables import COUNT, TOTAL, Table


def suppress_report_table(table: Table, threshold: int = DEFAULT_THRESHOLD) -> Table:
    shown = table.copy(suppressed=True)
    has_total = any(row.is_total for row in shown.rows)
    for column in shown.columns:
        if column.kind == COUNT:
            cells = {row.key: row.values[column.key] for row in shown.rows}
            # Where rows overlap (not additive) the total is still a bound, so it is treated
            # the same way: that only ever hides more.
            if has_total:
                hidden = suppress_table(cells, total_key=TOTAL, threshold=threshold)
            else:
                hidden = {key: suppress(value, threshold) for key, value in cells.items()}
            for row in shown.rows:
                row.values[column.key] = hidden[row.key]
        else:
            for row in shown.rows:
                base = row.bases.get(column.key)
                if base is not None and 0 < base < threshold:
                    row.values[column.key] = SuppressedCount(threshold)
    return shown

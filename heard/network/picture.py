"""The national picture and benchmarking, built only from the snapshots members sent.

Nothing here reads a member's own records: the inputs are ``AggregateSnapshot.figures``,
each member's reporting measures already suppressed before signing (ADR-0041). So the
same snapshots always give the same picture.

Combining: counts and hours add up across members. A cell's network figure is the sum of
the members' shown values; where some members' values were hidden ("fewer than 5" or
"not shown") the sum is a floor, reported as "at least" with how many members' values are
hidden ("not shown" when all are). A member's hidden counts can already be summed from
its own published total, so adding members together reveals nothing more than each member
published. Medians and shares do not add up: they are benchmarked, not summed.

Benchmarking shows an organisation its own figure beside the network's median and
quartiles and where it stands, never another member's figure, and nothing at all when
fewer than ``MIN_MEMBERS`` members have a shown figure (quartiles of three reveal them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from heard.core.advocacy_types import Nation
from heard.core.suppression import suppress
from heard.reporting.tables import COUNT, HOURS

from .figures import NETWORK_MEASURES, number

MIN_MEMBERS = 5
SUMMED = {COUNT, HOURS}


@dataclass
class Cell:
    known: int | Decimal = 0
    hidden_members: int = 0
    kind: str = COUNT

    @property
    def shown(self):
        """What the picture shows: the sum, "at least" it, "not shown" or "fewer than 5"."""
        if self.hidden_members and not self.known:
            return _("not shown")
        if self.hidden_members:
            return _("at least %(count)s") % {"count": self.known}
        if self.kind == COUNT:
            return suppress(int(self.known))
        return self.known


@dataclass
class RowView:
    key: str
    label: str
    total: bool
    cells: dict[str, Cell] = field(default_factory=dict)

    def cell_list(self, columns):
        return [self.cells.get(column["key"]) or Cell(kind=column["kind"]) for column in columns]


@dataclass
class Measure:
    key: str
    title: str
    columns: list[dict] = field(default_factory=list)
    rows: list[RowView] = field(default_factory=list)
    members: int = 0

    def table(self):
        return [(row, row.cell_list(self.columns)) for row in self.rows]

    def chart_rows(self):
        """The first summed column, by row (not the total), for a chart."""
        if not self.columns:
            return [], []
        key = self.columns[0]["key"]
        rows = [r for r in self.rows if not r.total]
        return [r.label for r in rows], [
            int(r.cells[key].known) if key in r.cells else 0 for r in rows
        ]


def _tables(snapshot):
    for key in NETWORK_MEASURES:
        table = snapshot.figures.get(key)
        if isinstance(table, dict) and isinstance(table.get("rows"), list):
            yield key, table


def combine(snapshots) -> list[Measure]:
    """One ``Measure`` per measure, each count and hours cell summed across the snapshots.

    Fifty members send some 13,000 figures for a period: each measure's rows and summed
    columns are looked up in dicts kept beside it, and a cell is made once, when first seen.
    """
    measures: dict[str, Measure] = {}
    row_index: dict[str, dict[str, RowView]] = {}
    summed: dict[str, list[tuple[str, str]]] = {}
    for snapshot in snapshots:
        for key, table in _tables(snapshot):
            measure = measures.get(key)
            if measure is None:
                measure = measures[key] = Measure(
                    key,
                    str(table.get("title", key)),
                    [c for c in table.get("columns", []) if c.get("kind") in SUMMED],
                )
                row_index[key] = {}
                summed[key] = [(c["key"], c["kind"]) for c in measure.columns]
            measure.members += 1
            rows, columns = row_index[key], summed[key]
            for shared in table["rows"]:
                row = rows.get(shared["key"])
                if row is None:
                    row = RowView(shared["key"], str(shared["label"]), bool(shared.get("total")))
                    measure.rows.append(row)
                    rows[row.key] = row
                values, cells = shared.get("values", {}), row.cells
                for column, kind in columns:
                    value = values.get(column)
                    cell = cells.get(column)
                    if cell is None:
                        cell = cells[column] = Cell(kind=kind)
                    amount = number(value)
                    if amount is None:
                        if value is not None:
                            cell.hidden_members += 1
                    else:
                        cell.known += amount
    result = [measures[key] for key in NETWORK_MEASURES if key in measures]
    for measure in result:
        measure.rows = [r for r in measure.rows if not r.total] + [
            r for r in measure.rows if r.total
        ]
    return [m for m in result if m.columns]


def scope_snapshots(snapshots, *, nation: str = "", region: str = ""):
    chosen = []
    for snapshot in snapshots:
        if nation and snapshot.nation != nation:
            continue
        if region and snapshot.member.region != region:
            continue
        chosen.append(snapshot)
    return chosen


def nation_label(code: str) -> str:
    return str(dict(Nation.choices).get(code, code))


# --- benchmarking ---------------------------------------------------------------------------


def quartiles(values: list) -> tuple:
    """Lower quartile, median and upper quartile (linear interpolation between ranks)."""
    ordered = sorted(Decimal(str(v)) for v in values)

    def at(share: str):
        position = (len(ordered) - 1) * Decimal(share)
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return at("0.25"), at("0.5"), at("0.75")


@dataclass
class Benchmark:
    measure: str
    title: str
    column: str
    label: str
    kind: str
    own: object
    members: int
    lower: Decimal | None = None
    median: Decimal | None = None
    upper: Decimal | None = None
    position: str = ""

    @property
    def shown(self) -> bool:
        return self.median is not None


def _position(own, lower, upper) -> str:
    own = number(own)
    if own is None:
        return _("Your figure is hidden (fewer than 5)")
    if own < lower:
        return _("Below the network's lower quartile")
    if own > upper:
        return _("Above the network's upper quartile")
    return _("In the middle half of the network")


def _total_row(table):
    return next((row for row in table["rows"] if row.get("total")), None)


def benchmarks(snapshots, own_snapshot) -> list[Benchmark]:
    """Each measure's total row, column by column: the organisation beside the network."""
    if own_snapshot is None:
        return []
    distributions: dict[tuple[str, str], list] = {}
    for snapshot in snapshots:
        for key, table in _tables(snapshot):
            total = _total_row(table)
            for column in table.get("columns", []) if total else []:
                amount = number(total["values"].get(column["key"]))
                if amount is not None:
                    distributions.setdefault((key, column["key"]), []).append(amount)
    result = []
    for key, table in _tables(own_snapshot):
        total = _total_row(table)
        if total is None:
            continue
        for column in table.get("columns", []):
            values = distributions.get((key, column["key"]), [])
            row = Benchmark(
                measure=key,
                title=str(table.get("title", key)),
                column=column["key"],
                label=str(column["label"]),
                kind=column["kind"],
                own=total["values"].get(column["key"]),
                members=len(values),
            )
            if row.own is None and not values:
                continue
            if len(values) >= MIN_MEMBERS:
                row.lower, row.median, row.upper = quartiles(values)
                row.position = _position(row.own, row.lower, row.upper)
            result.append(row)
    return result

"""The national picture and benchmarking, built only from the snapshots members sent.

Nothing here reads a member's own records: the inputs are ``AggregateSnapshot.figures``,
already suppressed by each member before signing (ADR-0041). So the same snapshots always
give the same picture.

Combining: a cell's network figure is the sum of the members' shown counts. Where some
members' counts were hidden ("fewer than 5" or "not shown") the sum is a floor, reported
as "at least" with how many members' counts are hidden. A member's hidden counts can
already be summed from its own published total, so adding members together reveals
nothing more than each member published.

Benchmarking shows an organisation its own figure beside the network's median and
quartiles and where it stands, never another member's figure, and nothing at all when
fewer than ``MIN_MEMBERS`` members have a shown figure (quartiles of three reveal them).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from heard.core.advocacy_types import AdvocacyType, Nation
from heard.core.suppression import suppress

from .figures import MEASURES, TOTAL

MIN_MEMBERS = 5


def cell_label(cell: str) -> str:
    if cell == TOTAL:
        return _("Total")
    labels = dict(AdvocacyType.choices)
    return str(labels.get(cell, cell))


@dataclass
class Cell:
    key: str
    label: str
    known: int = 0
    hidden_members: int = 0

    @property
    def shown(self):
        """What the picture shows: the sum, "at least" it, "not shown" or "fewer than 5"."""
        if self.hidden_members and not self.known:
            return _("not shown")
        if self.hidden_members:
            return _("at least %(count)s") % {"count": self.known}
        return suppress(self.known)


@dataclass
class Measure:
    key: str
    title: str
    cells: list[Cell] = field(default_factory=list)
    members: int = 0


def snapshot_nation(snapshot) -> str:
    try:
        return json.loads(snapshot.payload)["payload"]["member"]["nation"]
    except (ValueError, KeyError, TypeError):
        return ""


def combine(snapshots) -> list[Measure]:
    """One ``Measure`` per measure key, with each cell summed across the snapshots."""
    measures: dict[str, Measure] = {}
    for snapshot in snapshots:
        for key, cells in snapshot.figures.items():
            if key not in MEASURES or not isinstance(cells, dict):
                continue
            measure = measures.setdefault(key, Measure(key, _(MEASURES[key])))
            measure.members += 1
            by_key = {cell.key: cell for cell in measure.cells}
            for cell_key, value in cells.items():
                cell = by_key.get(cell_key)
                if cell is None:
                    cell = Cell(cell_key, cell_label(cell_key))
                    measure.cells.append(cell)
                    by_key[cell_key] = cell
                if isinstance(value, int) and not isinstance(value, bool):
                    cell.known += value
                else:
                    cell.hidden_members += 1
    order = list(MEASURES)
    result = sorted(measures.values(), key=lambda m: order.index(m.key))
    for measure in result:
        # The total last, other cells in their stored order; cells zero everywhere dropped.
        measure.cells = [
            c for c in measure.cells if c.key != TOTAL and (c.known or c.hidden_members)
        ] + [c for c in measure.cells if c.key == TOTAL]
    return result


def scope_snapshots(snapshots, *, nation: str = "", region: str = ""):
    chosen = []
    for snapshot in snapshots:
        if nation and snapshot_nation(snapshot) != nation:
            continue
        if region and snapshot.member.region != region:
            continue
        chosen.append(snapshot)
    return chosen


def nation_label(code: str) -> str:
    return str(dict(Nation.choices).get(code, code))


# --- benchmarking ---------------------------------------------------------------------------


def quartiles(values: list[int]) -> tuple[float, float, float]:
    """Lower quartile, median and upper quartile (linear interpolation between ranks)."""
    ordered = sorted(values)

    def at(share: float) -> float:
        position = (len(ordered) - 1) * share
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return at(0.25), at(0.5), at(0.75)


@dataclass
class Benchmark:
    measure: str
    title: str
    cell: str
    label: str
    own: object
    members: int
    lower: float | None = None
    median: float | None = None
    upper: float | None = None
    position: str = ""

    @property
    def shown(self) -> bool:
        return self.median is not None


def _position(own, lower, upper) -> str:
    if not isinstance(own, int):
        return _("Your figure is hidden (fewer than 5)")
    if own < lower:
        return _("Below the network's lower quartile")
    if own > upper:
        return _("Above the network's upper quartile")
    return _("In the middle half of the network")


def benchmarks(snapshots, own_snapshot) -> list[Benchmark]:
    """Each measure's total (and each cell) for the organisation beside the distribution."""
    values: dict[tuple[str, str], list[int]] = defaultdict(list)
    for snapshot in snapshots:
        for key, cells in snapshot.figures.items():
            if key not in MEASURES or not isinstance(cells, dict):
                continue
            for cell, value in cells.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    values[(key, cell)].append(value)
    result = []
    own_figures = own_snapshot.figures if own_snapshot else {}
    for key in MEASURES:
        cells = own_figures.get(key) or {}
        for cell in [TOTAL, *[c for c in cells if c != TOTAL]]:
            if cell not in cells:
                continue
            distribution = values.get((key, cell), [])
            if cell != TOTAL and not any(distribution):
                continue
            row = Benchmark(
                measure=key,
                title=_(MEASURES[key]),
                cell=cell,
                label=cell_label(cell),
                own=cells[cell],
                members=len(distribution),
            )
            if len(distribution) >= MIN_MEMBERS:
                row.lower, row.median, row.upper = quartiles(distribution)
                row.position = _position(row.own, row.lower, row.upper)
            result.append(row)
    return result

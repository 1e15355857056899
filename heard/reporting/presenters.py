"""Report figures as text: the one formatting every format's text shares."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from heard.core.suppression import is_suppressed

from . import counted
from .tables import COUNT, PERCENT, Table, completeness_figures

NO_FIGURE = "–"


def figure_text(value, kind: str) -> str:
    if value is None:
        return NO_FIGURE
    if is_suppressed(value):
        return str(value)
    if isinstance(value, float):
        value = Decimal(str(value)).normalize()
        text = format(value, "f")
    elif isinstance(value, Decimal):
        text = format(value, "f")
    else:
        text = str(value)
    return f"{text}%" if kind == PERCENT else text


@dataclass
class Cell:
    text: str
    url: str = ""
    numeric: bool = True


@dataclass
class DisplayRow:
    label: str
    cells: list[Cell]
    is_total: bool


def display_rows(table: Table, *, link_base: dict | None = None) -> list[DisplayRow]:
    """Rows of text; with ``link_base`` (staff only), counts link to the records they count."""
    rows = []
    for row in table.rows:
        cells = []
        for column in table.columns:
            value = row.values.get(column.key)
            url = ""
            if (
                link_base is not None
                and isinstance(value, int)
                and value > 0
                and counted.has_list(table.key, column.key)
            ):
                query = {**link_base, "measure": table.key, "column": column.key, "row": row.key}
                url = reverse("reporting:counted") + "?" + urlencode(query)
            cells.append(Cell(figure_text(value, column.kind), url))
        rows.append(DisplayRow(row.label, cells, row.is_total))
    return rows


def no_figure_hint() -> str:
    return _("“–” means there is no figure: nothing to compute it from.")


def completeness_text(table: Table) -> str:
    """ "Known for n of N people reached (x%)." beside an equality table; "" for other tables."""
    figures = completeness_figures(table)
    if figures is None:
        return ""
    answered, total, share = figures
    text = table.completeness.sentence % {
        "answered": figure_text(answered, COUNT),
        "total": figure_text(total, COUNT),
    }
    if share is not None:
        text += f" ({figure_text(share, PERCENT)})"
    return text + "."

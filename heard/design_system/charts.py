"""Server-rendered bar charts: geometry here, drawn as inline SVG by the templates (the
horizontal bar chart by ``bar_chart_svg``, as a page may show a dozen of them).

No JavaScript. Each chart is an ``<svg role="img">`` whose ``<title>`` is a one-line
text alternative that points to the table beside it; the table carries every
figure, so nothing is only in the picture (docs/system-change.md, "Charts").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK colours with at least 3:1 contrast against white (WCAG 1.4.11 non-text contrast).
BLUE = "#1d70b8"
DARK_GREY = "#505a5f"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"


def nice_maximum(value: int) -> int:
    """The axis maximum: the value rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def ticks(maximum: int) -> list[int]:
    """Axis ticks from 0 to a ``nice_maximum``: steps of a fifth (1, 5) or a quarter (2) of it."""
    parts = 4 if str(maximum)[0] == "2" else 5
    step = max(1, maximum // parts)
    return list(range(0, maximum + 1, step))


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    colour: str


@dataclass
class Group:
    label: str
    label_x: float
    label_y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Tick:
    """A value on the axis: its grid line and where its label goes."""

    value: int
    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float


@dataclass
class Series:
    label: str
    colour: str


@dataclass
class LegendItem:
    label: str
    colour: str
    x: float
    y: float


@dataclass
class BarChart:
    width: int
    height: int
    horizontal: bool
    groups: list[Group]
    ticks: list[Tick]
    series: list[Series]
    plot_left: float
    plot_top: float
    plot_right: float
    plot_bottom: float
    legend: list[LegendItem] = field(default_factory=list)


def column_chart(labels: list[str], values: list[int], *, colour: str = BLUE) -> BarChart:
    """Vertical bars, one per label (e.g. a month), for a series over time."""
    width, height = 640, 300
    left, right, top, bottom = 48, width - 12, 16, height - 40
    maximum = nice_maximum(max(values, default=0))
    slot = (right - left) / max(len(values), 1)
    bar_width = slot * 0.7
    groups = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_height = (bottom - top) * value / maximum
        x = left + index * slot + (slot - bar_width) / 2
        groups.append(
            Group(
                label=label,
                label_x=round(x + bar_width / 2, 1),
                label_y=bottom + 20,
                bars=[
                    Bar(
                        x=round(x, 1),
                        y=round(bottom - bar_height, 1),
                        width=round(bar_width, 1),
                        height=round(bar_height, 1),
                        value=value,
                        colour=colour,
                    )
                ],
            )
        )
    return BarChart(
        width=width,
        height=height,
        horizontal=False,
        groups=groups,
        ticks=[
            Tick(value, left, y, right, y, left - 6, y + 5)
            for value in ticks(maximum)
            for y in [round(bottom - (bottom - top) * value / maximum, 1)]
        ],
        series=[],
        plot_left=left,
        plot_top=top,
        plot_right=right,
        plot_bottom=bottom,
    )


def paired_bar_chart(
    labels: list[str], first: list[int], second: list[int], *, series: list[Series]
) -> BarChart:
    """Horizontal pairs of bars, one pair per label (e.g. the 90 days before, the last 90 days)."""
    width, left, right, top = 640, 260, 628, 36
    pair_height, gap = 36, 16
    height = top + len(labels) * (pair_height + gap) + 24
    bottom = height - 24
    maximum = nice_maximum(max([*first, *second], default=0))
    groups = []
    for index, label in enumerate(labels):
        y = top + index * (pair_height + gap)
        bars = []
        for offset, (value, one) in enumerate(
            ((first[index], series[0]), (second[index], series[1]))
        ):
            bars.append(
                Bar(
                    x=left,
                    y=y + offset * pair_height / 2,
                    width=round((right - left) * value / maximum, 1),
                    height=pair_height / 2 - 2,
                    value=value,
                    colour=one.colour,
                )
            )
        groups.append(
            Group(label=_truncate(label, 26), label_x=left - 8, label_y=y + 22, bars=bars)
        )
    return BarChart(
        width=width,
        height=height,
        horizontal=True,
        groups=groups,
        ticks=[
            Tick(value, x, top - 4, x, bottom, x, bottom + 18)
            for value in ticks(maximum)
            for x in [round(left + (right - left) * value / maximum, 1)]
        ],
        series=series,
        plot_left=left,
        plot_top=top,
        plot_right=right,
        plot_bottom=bottom,
        legend=[
            LegendItem(one.label, one.colour, left + index * 200, 8)
            for index, one in enumerate(series)
        ],
    )


# Further colours for more than two series, each at least 3:1 against white.
SERIES_COLOURS = (DARK_GREY, "#00703c", "#4c2c92", "#d4351c", "#d53880")


def series_colours(count: int) -> list[str]:
    """``count`` distinct colours, the last (the newest, by convention) always blue."""
    if count <= 0:
        return []
    earlier = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(count - 1)]
    return [*earlier, BLUE]


def grouped_bar_chart(
    labels: list[str],
    values: list[list[int]],
    *,
    series: list[Series],
    maximum: int | None = None,
) -> BarChart:
    """Horizontal groups of bars, one group per label and one bar per series in each.

    ``values[s][i]`` is series ``s``'s value for label ``i`` (e.g. one series per year).
    ``maximum`` fixes the axis (e.g. a score out of 3); otherwise it fits the values.
    """
    width, left, right = 640, 200, 628
    legend_rows = (len(series) + 2) // 3
    top = 12 + legend_rows * 24
    bar_height = 12 if len(series) > 2 else 16
    group_height = bar_height * len(series) + 4
    gap = 14
    height = top + len(labels) * (group_height + gap) + 24
    bottom = height - 24
    top_value = maximum or nice_maximum(max((v for row in values for v in row), default=0))
    groups = []
    for index, label in enumerate(labels):
        y = top + index * (group_height + gap)
        bars = [
            Bar(
                x=left,
                y=y + offset * bar_height,
                width=round((right - left) * min(row[index], top_value) / top_value, 1),
                height=bar_height - 2,
                value=row[index],
                colour=one.colour,
            )
            for offset, (row, one) in enumerate(zip(values, series, strict=True))
        ]
        groups.append(
            Group(
                label=_truncate(label, 20),
                label_x=left - 8,
                label_y=round(y + group_height / 2 + 4, 1),
                bars=bars,
            )
        )
    step = 1 if top_value <= 10 else None
    tick_values = list(range(0, top_value + 1, step)) if step else ticks(top_value)
    return BarChart(
        width=width,
        height=height,
        horizontal=True,
        groups=groups,
        ticks=[
            Tick(value, x, top - 4, x, bottom, x, bottom + 18)
            for value in tick_values
            for x in [round(left + (right - left) * value / top_value, 1)]
        ],
        series=series,
        plot_left=left,
        plot_top=top,
        plot_right=right,
        plot_bottom=bottom,
        legend=[
            LegendItem(one.label, one.colour, left + (index % 3) * 140, 8 + (index // 3) * 24)
            for index, one in enumerate(series)
        ],
    )


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(labels: list[str], values: list[int], *, colour: str = BLUE) -> BarChart:
    """Horizontal bars, one per label (a category), for a breakdown in a report."""
    width, left, right, top = 640, 260, 628, 12
    bar_height, gap = 22, 10
    height = top + len(labels) * (bar_height + gap) + 28
    bottom = height - 28
    maximum = nice_maximum(max(values, default=0))
    groups = [
        Group(
            label=_truncate(label, 30),
            label_x=left - 8,
            label_y=top + index * (bar_height + gap) + 16,
            bars=[
                Bar(
                    x=left,
                    y=top + index * (bar_height + gap),
                    width=round((right - left) * value / maximum, 1),
                    height=bar_height,
                    value=value,
                    colour=colour,
                )
            ],
        )
        for index, (label, value) in enumerate(zip(labels, values, strict=True))
    ]
    return BarChart(
        width=width,
        height=height,
        horizontal=True,
        groups=groups,
        ticks=[
            Tick(value, x, top - 4, x, bottom, x, bottom + 18)
            for value in ticks(maximum)
            for x in [round(left + (right - left) * value / maximum, 1)]
        ],
        series=[],
        plot_left=left,
        plot_top=top,
        plot_right=right,
        plot_bottom=bottom,
    )


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def bar_chart_svg(chart: BarChart, chart_id: str, description: str) -> SafeString:
    """The inline SVG of a ``bar_chart``: one ``<rect>`` per bar, ``role="img"`` with a
    ``<title>`` as its one text alternative (the table beside it has every figure).

    Built as one string, not through a template: the national picture draws 13 charts, and
    a template spent a variable look-up and an escape on each of some 2,000 attributes.
    Numbers go in as Python writes them, never localised (SVG reads no digit grouping).
    """
    chart_id = escape(chart_id)
    parts = [
        f'<svg class="heard-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 '
        f'{chart.width} {chart.height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title" focusable="false" font-family="{FONT}">',
        f'<title id="{chart_id}-title">{escape(description)}</title>',
    ]
    for tick in chart.ticks:
        parts.append(
            f'<line x1="{tick.x1}" y1="{tick.y1}" x2="{tick.x2}" y2="{tick.y2}" '
            f'stroke="{GRID}" stroke-width="1" />'
            f'<text x="{tick.label_x}" y="{tick.label_y}" text-anchor="middle" '
            f'font-size="14" fill="{TEXT}">{escape(tick.value)}</text>'
        )
    for group in chart.groups:
        for bar in group.bars:
            parts.append(
                f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" '
                f'height="{bar.height}" fill="{escape(bar.colour)}" />'
            )
        parts.append(
            f'<text x="{group.label_x}" y="{group.label_y}" text-anchor="end" '
            f'font-size="14" fill="{TEXT}">{escape(group.label)}</text>'
        )
    parts.append(
        f'<line x1="{chart.plot_left}" y1="{chart.plot_top}" x2="{chart.plot_left}" '
        f'y2="{chart.plot_bottom}" stroke="{TEXT}" stroke-width="1" /></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is a number or escaped

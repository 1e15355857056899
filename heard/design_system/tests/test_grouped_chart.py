"""Grouped bar charts: one bar per series in each group, on a fixed or fitted axis."""

import pytest

from heard.design_system.charts import BLUE, Series, grouped_bar_chart, series_colours


def test_one_bar_per_series_in_each_group_scaled_to_a_fixed_axis():
    """Scores out of 3 for two years: a 3 fills the plot, a 0 has no width, newest is blue."""
    series = [Series("2025", series_colours(2)[0]), Series("2026", series_colours(2)[1])]
    chart = grouped_bar_chart(["Board", "Paid"], [[0, 1], [3, 2]], series=series, maximum=3)
    plot = chart.plot_right - chart.plot_left
    assert [[bar.value for bar in group.bars] for group in chart.groups] == [[0, 3], [1, 2]]
    assert chart.groups[0].bars[0].width == 0
    assert chart.groups[0].bars[1].width == pytest.approx(plot)
    assert chart.groups[1].bars[0].width == pytest.approx(plot / 3, abs=0.1)
    assert [tick.value for tick in chart.ticks] == [0, 1, 2, 3]
    assert [item.label for item in chart.legend] == ["2025", "2026"]
    assert chart.groups[0].bars[1].colour == BLUE


def test_series_colours_are_distinct_and_end_in_blue():
    colours = series_colours(4)
    assert len(set(colours)) == 4 and colours[-1] == BLUE
    assert series_colours(0) == []


def test_fitted_axis_when_no_maximum_is_given():
    chart = grouped_bar_chart(["A"], [[7]], series=[Series("Only", BLUE)])
    assert chart.ticks[-1].value == 10

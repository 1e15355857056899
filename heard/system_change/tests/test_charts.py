"""Chart geometry: axis maxima, ticks, and bars scaled to the axis."""

import pytest

from heard.design_system.charts import (
    BLUE,
    DARK_GREY,
    Series,
    column_chart,
    nice_maximum,
    paired_bar_chart,
    ticks,
)


@pytest.mark.parametrize(
    ("value", "maximum"), [(0, 1), (1, 1), (2, 2), (3, 5), (7, 10), (11, 20), (23, 50), (101, 200)]
)
def test_axis_maximum_is_a_round_number_at_or_above_the_largest_value(value, maximum):
    """The axis ends at 1, 2 or 5 times a power of ten."""
    assert nice_maximum(value) == maximum


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [(1, [0, 1]), (2, [0, 1, 2]), (10, [0, 2, 4, 6, 8, 10]), (20, [0, 5, 10, 15, 20])],
)
def test_ticks_are_whole_numbers_from_zero_to_the_maximum(maximum, expected):
    """Counts of people are whole, so the ticks are too."""
    assert ticks(maximum) == expected


def test_column_heights_are_proportional_to_the_values():
    """A bar of 4 on an axis to 5 is four fifths of the plot's height; zero has no height."""
    chart = column_chart(["Jan", "Feb", "Mar"], [0, 4, 5])
    plot = chart.plot_bottom - chart.plot_top
    heights = [group.bars[0].height for group in chart.groups]
    assert heights[0] == 0
    assert heights[1] == pytest.approx(plot * 4 / 5, abs=0.1)
    assert heights[2] == pytest.approx(plot, abs=0.1)
    assert [group.label for group in chart.groups] == ["Jan", "Feb", "Mar"]


def test_paired_bars_have_a_legend_and_one_pair_per_label():
    """Each system issue gets the earlier and the recent window's bar, in the series' colours."""
    series = [Series("Before", DARK_GREY), Series("Last 90 days", BLUE)]
    chart = paired_bar_chart(
        ["A long system issue title that will be cut", "B"], [2, 0], [5, 1], series=series
    )
    assert [item.label for item in chart.legend] == ["Before", "Last 90 days"]
    assert [[bar.colour for bar in group.bars] for group in chart.groups] == [
        [DARK_GREY, BLUE],
        [DARK_GREY, BLUE],
    ]
    assert chart.groups[0].label.endswith("…") and len(chart.groups[0].label) <= 26
    assert chart.groups[0].bars[1].width == chart.plot_right - chart.plot_left

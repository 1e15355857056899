"""Tests for disclosure control (no database needed)."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heard.core.suppression import (
    SECONDARY_LABEL,
    SuppressedCount,
    is_suppressed,
    suppress,
    suppress_table,
)

# --- suppress ---------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_small_counts_are_fewer_than_5(count: int) -> None:
    value = suppress(count)
    assert value == "fewer than 5"
    assert str(value) == "fewer than 5"
    assert isinstance(value, SuppressedCount)
    assert is_suppressed(value)
    assert not value.secondary


@pytest.mark.parametrize("count", [0, 5, 6, 100, 10_000])
def test_zero_and_five_or_more_are_shown(count: int) -> None:
    value = suppress(count)
    assert value == count
    assert type(value) is int
    assert not is_suppressed(value)


def test_custom_threshold() -> None:
    assert suppress(9, threshold=10) == "fewer than 10"
    assert suppress(10, threshold=10) == 10
    assert suppress(4, threshold=3) == 4


@pytest.mark.parametrize("bad", [-1, -100])
def test_negative_counts_are_rejected(bad: int) -> None:
    with pytest.raises(ValueError):
        suppress(bad)


@pytest.mark.parametrize("bad", [None, 2.0, "3", True])
def test_non_integer_counts_are_rejected(bad: object) -> None:
    with pytest.raises(TypeError):
        suppress(bad)  # type: ignore[arg-type]


def test_suppressed_count_renders_as_text_and_never_holds_the_number() -> None:
    value = suppress(3)
    assert json.dumps({"count": value}) == '{"count": "fewer than 5"}'
    assert f"{value}" == "fewer than 5"
    assert "3" not in repr(value)
    # copy goes through __reduce__, as pickling (e.g. the cache framework) does.
    assert copy.deepcopy(value) == value
    assert copy.deepcopy(value).threshold == 5
    assert copy.copy(SuppressedCount(secondary=True)).secondary


def test_secondary_label() -> None:
    value = SuppressedCount(secondary=True)
    assert str(value) == SECONDARY_LABEL == "not shown"
    assert value.secondary


# --- suppress_table: primary only ------------------------------------------


def test_no_total_means_primary_only() -> None:
    result = suppress_table({"a": 3, "b": 10, "c": 0, "d": 7})
    assert result == {"a": "fewer than 5", "b": 10, "c": 0, "d": 7}
    assert not result["a"].secondary


def test_order_of_keys_is_kept() -> None:
    cells = {"z": 9, "a": 2, "m": 0, "total": 11}
    assert list(suppress_table(cells, total_key="total")) == ["z", "a", "m", "total"]


def test_nothing_small_means_nothing_hidden() -> None:
    cells = {"a": 5, "b": 12, "c": 0, "total": 17}
    assert suppress_table(cells, total_key="total") == cells


def test_input_is_not_modified() -> None:
    cells = {"a": 2, "b": 12, "total": 14}
    suppress_table(cells, total_key="total")
    assert cells == {"a": 2, "b": 12, "total": 14}


def test_unknown_total_key() -> None:
    with pytest.raises(KeyError):
        suppress_table({"a": 1}, total_key="total")


def test_negative_cell_rejected() -> None:
    with pytest.raises(ValueError):
        suppress_table({"a": -1, "total": 0}, total_key="total")


# --- suppress_table: secondary ---------------------------------------------


def test_one_small_cell_hides_the_next_smallest() -> None:
    cells = {"Asian": 3, "Black": 12, "Mixed": 8, "White": 40, "Other": 0, "total": 63}
    result = suppress_table(cells, total_key="total")
    assert result == {
        "Asian": "fewer than 5",
        "Black": 12,
        "Mixed": "not shown",
        "White": 40,
        "Other": 0,
        "total": 63,
    }
    assert result["Mixed"].secondary


def test_zero_cells_are_never_chosen_for_secondary() -> None:
    result = suppress_table({"a": 2, "b": 0, "c": 0, "d": 30, "total": 32}, total_key="total")
    assert result["b"] == 0 and result["c"] == 0
    assert result["d"] == "not shown"
    assert result["total"] == 32


def test_ties_are_broken_by_key_order() -> None:
    result = suppress_table({"a": 1, "b": 9, "c": 9, "total": 19}, total_key="total")
    assert result == {"a": "fewer than 5", "b": "not shown", "c": 9, "total": 19}


def test_total_is_hidden_when_no_other_cell_can_be() -> None:
    result = suppress_table({"yes": 3, "no": 0, "total": 3}, total_key="total")
    # The total is itself fewer than 5, so it is primary-suppressed.
    assert result == {"yes": "fewer than 5", "no": 0, "total": "fewer than 5"}

    result = suppress_table({"yes": 4, "no": 0, "prefer not to say": 0, "total": 9},
                            total_key="total")  # fmt: skip
    assert result["yes"] == "fewer than 5"
    assert result["total"] == "not shown"


def test_two_small_cells_usually_protect_each_other() -> None:
    cells = {"a": 2, "b": 3, "c": 50, "total": 55}
    assert suppress_table(cells, total_key="total") == {
        "a": "fewer than 5",
        "b": "fewer than 5",
        "c": 50,
        "total": 55,
    }


def test_two_ones_would_be_revealed_by_their_sum() -> None:
    # Hidden sum 2 with two "fewer than 5" cells means both are 1.
    cells = {"a": 1, "b": 1, "c": 20, "d": 30, "total": 52}
    result = suppress_table(cells, total_key="total")
    assert result["a"] == result["b"] == "fewer than 5"
    assert result["c"] == "not shown"
    assert result["d"] == 30


def test_two_fours_would_be_revealed_by_their_sum() -> None:
    cells = {"a": 4, "b": 4, "c": 20, "total": 28}
    result = suppress_table(cells, total_key="total")
    # Only c is left to hide; a, b and c then sum to 28 with c >= 5, which
    # leaves a and b anywhere in 1..4.
    assert result == {"a": "fewer than 5", "b": "fewer than 5", "c": "not shown", "total": 28}


def test_a_one_next_to_a_five_needs_a_third_cell() -> None:
    # 1 + 5 = 6: "fewer than 5" >= 1 and "not shown" >= 5 pins both down.
    cells = {"a": 1, "b": 5, "c": 7, "d": 100, "total": 113}
    result = suppress_table(cells, total_key="total")
    assert result == {
        "a": "fewer than 5",
        "b": "not shown",
        "c": "not shown",
        "d": 100,
        "total": 113,
    }


def test_suppressed_total_needs_no_secondary() -> None:
    result = suppress_table({"a": 2, "b": 1, "total": 3}, total_key="total")
    assert result == {"a": "fewer than 5", "b": "fewer than 5", "total": "fewer than 5"}


# --- suppress_table: properties ---------------------------------------------


def _possible_values(result: dict, hidden_sum: int, threshold: int = 5) -> dict[str, set[int]]:
    """Brute-force what a reader could infer for each hidden cell, given the total."""
    hidden = [key for key, value in result.items() if is_suppressed(value)]
    ranges = {
        key: range(threshold, hidden_sum + 1) if result[key].secondary else range(1, threshold)
        for key in hidden
    }
    possible: dict[str, set[int]] = {key: set() for key in hidden}

    def walk(index: int, remaining: int, chosen: dict[str, int]) -> None:
        if index == len(hidden):
            if remaining == 0:
                for key, value in chosen.items():
                    possible[key].add(value)
            return
        key = hidden[index]
        for value in ranges[key]:
            if value > remaining:
                break
            chosen[key] = value
            walk(index + 1, remaining - value, chosen)
        chosen.pop(key, None)

    walk(0, hidden_sum, {})
    return possible


cell_counts = st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=1, max_size=5)


@given(cell_counts)
def test_no_hidden_cell_can_be_worked_out_from_the_total(counts: list[int]) -> None:
    cells = {f"c{i}": count for i, count in enumerate(counts)}
    cells["total"] = sum(counts)
    result = suppress_table(cells, total_key="total")

    for key, count in cells.items():
        value = result[key]
        if 1 <= count <= 4:
            assert value == "fewer than 5"  # primary suppression always applies
        if count == 0:
            assert value == 0  # zeros are never hidden
        if not is_suppressed(value):
            assert value == count  # shown values are never altered

    if is_suppressed(result["total"]):
        return
    categories = {k: v for k, v in result.items() if k != "total"}
    hidden_sum = sum(cells[k] for k, v in categories.items() if is_suppressed(v))
    for key, values in _possible_values(categories, hidden_sum).items():
        assert cells[key] in values
        assert len(values) > 1, f"{key} can be worked out as {values}"


@given(cell_counts)
def test_without_a_total_only_primary_suppression_applies(counts: list[int]) -> None:
    cells = {f"c{i}": count for i, count in enumerate(counts)}
    assert suppress_table(cells) == {key: suppress(count) for key, count in cells.items()}

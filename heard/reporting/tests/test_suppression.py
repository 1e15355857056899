"""Suppression of report tables on hand-made figures."""

from decimal import Decimal

from heard.core.suppression import SuppressedCount
from heard.reporting.disclosure import suppress_report_table
from heard.reporting.tables import COUNT, DAYS, PERCENT, TOTAL, Column, Row, Table


def _table(counts: dict[str, int], *, additive=True) -> Table:
    rows = [Row(key, key, {"n": value}) for key, value in counts.items()]
    rows.append(Row(TOTAL, "Total", {"n": sum(counts.values())}, is_total=True))
    return Table("t", "T", [Column("n", "N", COUNT)], rows, additive=additive)


def _shown(table: Table) -> dict:
    return {row.key: row.values["n"] for row in table.rows}


def test_one_small_count_hides_the_next_smallest_too():
    """3 alone could be worked out from the total, so the next smallest (7) goes as well."""
    shown = _shown(suppress_report_table(_table({"a": 3, "b": 7, "c": 20})))
    assert shown["a"] == "fewer than 5" and not shown["a"].secondary
    assert isinstance(shown["b"], SuppressedCount) and shown["b"].secondary
    assert shown["c"] == 20
    assert shown[TOTAL] == 30


def test_zero_and_big_counts_stay():
    assert _shown(suppress_report_table(_table({"a": 0, "b": 12, "c": 5}))) == {
        "a": 0,
        "b": 12,
        "c": 5,
        TOTAL: 17,
    }


def test_a_small_total_is_hidden_and_so_are_its_cells():
    shown = _shown(suppress_report_table(_table({"a": 1, "b": 2})))
    assert all(isinstance(value, SuppressedCount) for value in shown.values())


def test_when_nothing_else_can_hide_it_the_total_goes():
    # 4 + 4 = 8: both hidden cells could only be 4, and there is no other cell to hide.
    shown = _shown(suppress_report_table(_table({"a": 4, "b": 4, "c": 0})))
    assert shown["a"] == "fewer than 5" and shown["b"] == "fewer than 5"
    assert isinstance(shown[TOTAL], SuppressedCount) and shown[TOTAL].secondary


def test_derived_figures_from_fewer_than_five_people_are_hidden():
    table = Table(
        "t",
        "T",
        [Column("n", "N"), Column("median", "Median", DAYS), Column("pc", "%", PERCENT)],
        [
            Row(
                "few", "Few", {"n": 4, "median": 3.0, "pc": Decimal("50.0")}, {"median": 4, "pc": 4}
            ),
            Row(
                "many",
                "Many",
                {"n": 9, "median": 2.5, "pc": Decimal("80.0")},
                {"median": 9, "pc": 9},
            ),
        ],
        additive=False,
    )
    shown = suppress_report_table(table)
    few, many = shown.rows
    assert few.values["median"] == "fewer than 5"
    assert few.values["pc"] == "fewer than 5"
    assert few.values["n"] == "fewer than 5"
    assert many.values == {"n": 9, "median": 2.5, "pc": Decimal("80.0")}
    # The original is untouched: staff still see exact figures.
    assert table.rows[0].values["n"] == 4

"""The one CSV exporter: formula guard, byte-order mark, file name — and nobody else writes CSV."""

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from heard.core.exports import BOM, csv_filename, csv_response, safe_cell

HEARD = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Plain text", "Plain text"),
        (7, 7),
        (-3, -3),
        (Decimal("1.5"), Decimal("1.5")),
        (True, "Yes"),
        (False, "No"),
        (None, ""),
        (dt.date(2026, 3, 7), "2026-03-07"),
    ],
)
def test_cells_are_safe_for_spreadsheets(value, cell):
    """Typed text that a spreadsheet would run as a formula stays text; numbers stay numbers."""
    assert safe_cell(value) == cell


def test_the_file_is_named_by_the_day_and_starts_with_a_bom():
    response = csv_response("people-by-month", ["Name", "When"], [["=1+1", dt.date(2026, 1, 2)]])
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="people-by-month-{today}.csv"'
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    assert list(csv.reader(io.StringIO(text[1:]))) == [["Name", "When"], ["'=1+1", "2026-01-02"]]


@pytest.mark.parametrize("name", ["Challenges", "challenges.csv", "a b", "", "-x"])
def test_export_names_are_checked(name):
    with pytest.raises(ValueError):
        csv_filename(name)


def test_csv_filename_takes_a_day():
    assert csv_filename("challenges", on=dt.date(2026, 3, 7)) == "challenges-2026-03-07.csv"


def test_no_other_module_writes_csv():
    """Every export goes through ``heard.core.exports`` (one guard, one BOM policy, one name)."""
    writers = [
        path.relative_to(HEARD)
        for path in (HEARD / "heard").rglob("*.py")
        if "tests" not in path.parts
        and path != HEARD / "heard" / "core" / "exports.py"
        and ("csv.writer(" in path.read_text() or "text/csv" in path.read_text())
        and path.name != "documents.py"  # uploaded files' types, not an export
    ]
    assert writers == []

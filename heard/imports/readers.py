"""Reading CSV and Excel files row by row, never the whole file into memory.

Each problem with the file itself (not with one row) is an ``ImportFileError`` whose message
says, in plain words, what is wrong and how to fix it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

EXTENSIONS = {"csv", "xlsx"}


class ImportFileError(Exception):
    """The file cannot be read; the message is shown to the person importing."""


def extension(name: str) -> str:
    return name.lower().rsplit(".", 1)[-1] if "." in name else ""


def _headers(raw: list) -> list[str]:
    names = []
    for number, value in enumerate(raw, start=1):
        name = str(value).strip() if value is not None else ""
        names.append(name or _("Column %(number)s") % {"number": number})
    seen = set()
    for name in names:
        if name in seen:
            raise ImportFileError(
                _("Two columns are both called “%(name)s”: rename one and upload the file again.")
                % {"name": name}
            )
        seen.add(name)
    return names


def _blank(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _csv_rows(fileobj) -> Iterator[list]:
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not saved as UTF-8 text. In Excel choose “Save as”, then "
                "“CSV UTF-8 (comma delimited)”, and upload it again."
            )
        ) from error
    except csv.Error as error:
        raise ImportFileError(
            _("The file is not a valid CSV file (%(error)s). Save it again as CSV.")
            % {"error": error}
        ) from error
    finally:
        with contextlib.suppress(ValueError):  # already closed
            text.detach()  # leave the file itself open for its owner to close


def _xlsx_rows(fileobj) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            _("The file is not an Excel workbook Heard can read. Save it as .xlsx or CSV.")
        ) from error
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def read_rows(fileobj, name: str) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """``(headers, rows)``: each row is ``(row number as the spreadsheet shows it, {header:
    value})``. Empty rows are skipped; the row numbers still count them."""
    kind = extension(name)
    if kind not in EXTENSIONS:
        raise ImportFileError(
            _("Heard reads CSV and Excel (.xlsx) files. Save the file as one of those.")
        )
    fileobj.seek(0)
    raw_rows = _csv_rows(fileobj) if kind == "csv" else _xlsx_rows(fileobj)
    header_row = None
    header_number = 0
    for number, values in enumerate(raw_rows, start=1):
        if not _blank(values):
            header_row, header_number = values, number
            break
    if header_row is None:
        raise ImportFileError(_("The file is empty. Add a header row and at least one row."))
    headers = _headers(header_row)
    width = len(headers)

    def rows():
        for number, values in enumerate(raw_rows, start=header_number + 1):
            if _blank(values):
                continue
            if len(values) > width and not _blank(values[width:]):
                raise ImportFileError(
                    _(
                        "Row %(row)s has more cells than there are column headings. Give every "
                        "column a heading, or remove the extra cells."
                    )
                    % {"row": number}
                )
            cells = list(values[:width]) + [None] * (width - len(values))
            yield number, dict(zip(headers, cells, strict=True))

    return headers, rows()

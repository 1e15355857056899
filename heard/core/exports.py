"""The one CSV exporter: every download in Heard goes through ``csv_response``.

Three policies, decided once:

* **Formula injection.** A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading apostrophe, so something someone typed cannot run as a
  formula when the file is opened in a spreadsheet. Numbers stay numbers.
* **Byte-order mark.** Files are UTF-8 with a BOM, so Excel reads accents and Welsh
  characters (ŵ, ŷ) correctly; other tools skip it.
* **File name.** ``<name>-<YYYY-MM-DD>.csv``, the date being the day of the download, so
  two downloads of the same list are told apart and sort by date.

Exports run to thousands of rows, not millions, so the file is built in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def safe_cell(value) -> str | int | float | Decimal:
    """A value as a spreadsheet-safe cell: dates in ISO form, yes/no for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="minutes")
            if timezone.is_aware(value)
            else value.isoformat(timespec="minutes")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_filename(name: str, *, on: dt.date | None = None) -> str:
    """``name`` (lower case, digits and hyphens) dated ``on`` (today by default)."""
    if not _NAME.match(name):
        raise ValueError(f"export names are lower case words joined by hyphens, not {name!r}")
    return f"{name}-{(on or timezone.localdate()).isoformat()}.csv"


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """The same file as ``csv_response`` as text, for a file inside a download (a zip)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([str(title) for title in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def csv_response(name: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download called ``csv_filename(name)``: a header row, then the rows made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(name)}"'
    response["Cache-Control"] = "no-store"
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow([str(title) for title in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response

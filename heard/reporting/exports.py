"""A report as XLSX, a zip of CSV files, or a PDF: all made from the same ``Report``.

* XLSX: a cover sheet (what the report covers, how each figure is computed, the
  suppression rule), then one sheet per table. Figures are numbers, not text; a
  suppressed figure is the text "fewer than 5" or "not shown".
* CSV: one file per table in a zip, with ``about.csv`` as the cover.
* PDF: WeasyPrint, the charts drawn as SVG so they print, each page headed with the
  organisation, service and period, and numbered.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from heard.core.exports import csv_text
from heard.core.suppression import is_suppressed
from heard.design_system import charts

from . import measures, presenters
from .report import Report
from .tables import COUNT, PERCENT, Table, completeness_figures


def cell_value(value):
    """A figure as a spreadsheet cell: numbers stay numbers, hidden ones are their text."""
    if value is None:
        return None
    if is_suppressed(value):
        return str(value)
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return value
    return value


def cover_lines(report: Report) -> list[tuple[str, str]]:
    lines = [
        (_("Report"), _("Contract report")),
        (_("Organisation"), report.organisation_name),
        (_("Services"), report.service_name),
        (_("Period"), report.period.label),
        (_("From"), report.period.start.isoformat()),
        (_("To"), report.period.end.isoformat()),
        (_("Made"), timezone.localtime(report.generated_at).strftime("%Y-%m-%d %H:%M")),
        (_("Definitions version"), report.definitions_version),
        (
            _("Suppression"),
            report.suppression_rule
            if report.suppressed
            else _("None: exact figures, for the organisation's own use only."),
        ),
        (_("Entered in error"), _("Records marked as entered in error are not counted.")),
    ]
    for table in report.tables:
        measure = measures.MEASURES.get(table.key)
        if measure:
            lines.append((table.title, measure.definition))
    return lines


def sheet_title(table: Table, used: set[str]) -> str:
    base = table.title.replace("/", " ").replace(":", "")[:28]
    for char in "[]*?\\":
        base = base.replace(char, "")
    title, number = base, 2
    while title in used:
        title = f"{base[:26]} {number}"
        number += 1
    used.add(title)
    return title


def to_xlsx(report: Report, progress=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    cover = workbook.active
    cover.title = _("About this report")[:31]
    for label, text in cover_lines(report):
        cover.append([label, text])
    for cell in cover["A"]:
        cell.font = Font(bold=True)
    for cell in cover["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    cover.column_dimensions["A"].width = 40
    cover.column_dimensions["B"].width = 100
    used = {cover.title}
    tables = report.tables
    for index, table in enumerate(tables):
        sheet = workbook.create_sheet(sheet_title(table, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(["", *[column.label for column in table.columns]])
        for row in table.rows:
            sheet.append([row.label, *[cell_value(row.values.get(c.key)) for c in table.columns]])
            if row.is_total:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for column_index, column in enumerate(table.columns, start=2):
            if column.kind == PERCENT:
                for (cell,) in sheet.iter_rows(
                    min_row=3, min_col=column_index, max_col=column_index
                ):
                    if not isinstance(cell.value, str):
                        cell.number_format = "0.0"
        if completeness := table_completeness(table):
            sheet.append([])
            sheet.append(completeness)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        sheet.column_dimensions["A"].width = 50
        if progress:
            progress(index + 1, len(tables))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_completeness(table) -> list | None:
    """The completeness as a row of real numbers: label, answered, of, total, share."""
    figures = completeness_figures(table)
    if figures is None:
        return None
    answered, total, share = figures
    return [
        str(_("Completeness (answered, of, share %)")),
        cell_value(answered),
        cell_value(total),
        cell_value(share),
    ]


def csv_value(value):
    value = cell_value(value)
    if isinstance(value, float):
        return presenters.figure_text(value, COUNT)
    return value


def csv_completeness_rows(table) -> list[list]:
    """The completeness under an equality table's figures, after a blank line: a heading
    row naming the three figures, then the sentence the web page shows with the figures
    beside it (the same ``completeness_figures``, so suppressed exactly as on the page)."""
    figures = completeness_figures(table)
    if figures is None:
        return []
    answered, total, share = figures
    return [
        [],
        [
            str(_("Completeness")),
            str(_("Answered")),
            str(_("Out of")),
            str(_("Share answered (%)")),
        ],
        [
            presenters.completeness_text(table),
            csv_value(answered),
            csv_value(total),
            csv_value(share),
        ],
    ]


def to_csv_zip(report: Report, progress=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("about.csv", csv_text([_("About"), ""], cover_lines(report)))
        tables = report.tables
        for index, table in enumerate(tables):
            rows = [
                [row.label, *[csv_value(row.values.get(c.key)) for c in table.columns]]
                for row in table.rows
            ]
            header = ["", *[column.label for column in table.columns]]
            rows.extend(csv_completeness_rows(table))
            archive.writestr(f"{index + 1:02d}-{table.key}.csv", csv_text(header, rows))
            if progress:
                progress(index + 1, len(tables))
    return out.getvalue()


def chart_for(table: Table):
    """A bar chart of a table's first count column (not its total), or None."""
    column = next((c for c in table.columns if c.kind == COUNT), None)
    rows = [row for row in table.rows if not row.is_total]
    if column is None or not rows or len(rows) > 20:
        return None
    values = [row.values.get(column.key) for row in rows]
    numbers = [
        value if isinstance(value, int) and not is_suppressed(value) else 0 for value in values
    ]
    if not any(numbers):
        return None
    return {
        "chart": charts.bar_chart([row.label for row in rows], numbers),
        "description": _("%(title)s: bar chart of %(column)s. The figures are in the table.")
        % {"title": table.title, "column": column.label.lower()},
    }


def to_pdf(report: Report, progress=None) -> bytes:
    from weasyprint import HTML

    sections = []
    for section in report.sections:
        sections.append(
            {
                "title": section.title,
                "tables": [
                    {
                        "table": table,
                        "rows": presenters.display_rows(table),
                        "completeness": presenters.completeness_text(table),
                        "chart": chart_for(table),
                    }
                    for table in section.tables
                ],
            }
        )
    html = render_to_string(
        "reporting/pdf.html",
        {
            "report": report,
            "sections": sections,
            "cover": cover_lines(report)[:10],
            "header": f"{report.organisation_name} · {report.service_name} · {report.period.label}",
        },
    )
    if progress:
        progress(1, 2)
    pdf = HTML(string=html).write_pdf()
    if progress:
        progress(2, 2)
    return pdf


WRITERS = {"xlsx": to_xlsx, "csv": to_csv_zip, "pdf": to_pdf}
EXTENSIONS = {"xlsx": "xlsx", "csv": "zip", "pdf": "pdf"}


def export_filename(report: Report, fmt: str) -> str:
    name = slugify(f"{report.service_name} {report.period.start} {report.period.end}")[:80]
    return f"report-{name}.{EXTENSIONS[fmt]}"

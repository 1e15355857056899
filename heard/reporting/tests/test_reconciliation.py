"""Reconciliation: every figure is the same on the web page, in XLSX, CSV, PDF and the API.

The known data (``world.py``) is reported on through the real pages and exports as a
manager would; each format's figures are read back and compared, cell by cell, with the
tables worked out by hand in ``expected.py`` (every row and column of every measure), so
every format is checked against the hand-worked figures, not only against each other.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from html.parser import HTMLParser

import pytest

from heard.organisations.models import Role
from heard.reporting.models import Commission, ReportExport
from heard.reporting.presenters import completeness_text
from heard.reporting.report import build_report
from heard.reporting.tables import completeness_figures
from heard.reporting.tests import expected as worked
from heard.reporting.tests.expected import canon
from heard.reporting.tests.world import PERIOD, build_world
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

QUERY = f"start={PERIOD.start.isoformat()}&end={PERIOD.end.isoformat()}"


class TableParser(HTMLParser):
    """``{table id: {row label: [cell text, ...]}}`` from the report page's tables."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, dict[str, list[str]]] = {}
        self.current = None
        self.row: list[str] | None = None
        self.text = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-measure"):
            self.current = self.tables.setdefault(attrs["data-measure"], {})
        elif self.current is not None and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("th", "td"):
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag == "tr" and self.row is not None:
            if self.row and self.row[0]:
                self.current[self.row[0]] = self.row[1:]
            self.row = None
        elif tag in ("th", "td") and self.text is not None:
            self.row.append(" ".join(self.text.split()))
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def web_figures(body: str, report) -> dict:
    parser = TableParser()
    parser.feed(body)
    figures = {}
    for table in report.tables:
        for row in table.rows:
            cells = parser.tables[table.key][row.label]
            for column, text in zip(table.columns, cells, strict=True):
                figures[(table.key, row.key, column.key)] = canon(text)
    return figures


def xlsx_figures(content: bytes, report) -> dict:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames[0] == "About this report"
    figures = {}
    for sheet_name, table in zip(workbook.sheetnames[1:], report.tables, strict=True):
        sheet = workbook[sheet_name]
        assert sheet["A1"].value == table.title
        rows = {r[0].value: r for r in sheet.iter_rows(min_row=3) if r[0].value}
        for row in table.rows:
            cells = rows[row.label]
            for index, column in enumerate(table.columns, start=1):
                value = cells[index].value
                # Real numbers, not text: only a hidden figure is text.
                assert not isinstance(value, str) or "fewer" in value or "not shown" in value
                figures[(table.key, row.key, column.key)] = canon(value)
    return figures


def csv_figures(content: bytes, report) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = sorted(name for name in archive.namelist() if name != "about.csv")
    assert "about.csv" in archive.namelist()
    figures = {}
    for name, table in zip(names, report.tables, strict=True):
        assert name.endswith(f"{table.key}.csv")
        text = archive.read(name).decode("utf-8-sig")
        rows = {r[0]: r for r in list(csv.reader(io.StringIO(text)))[1:] if r}
        for row in table.rows:
            for index, column in enumerate(table.columns, start=1):
                figures[(table.key, row.key, column.key)] = canon(rows[row.label][index])
    return figures


COMPLETENESS_SPAN = re.compile(r'id="([a-z_]+)-completeness" data-completeness>([^<]*)</span>')
XLSX_COMPLETENESS = "Completeness (answered, of, share %)"


def completeness_truth(report) -> dict:
    """``{table key: (sentence, (answered, total, share))}`` for each equality table."""
    return {
        table.key: (
            completeness_text(table),
            tuple(canon(figure) for figure in completeness_figures(table)),
        )
        for table in report.tables
        if table.completeness is not None
    }


def web_completeness(body: str) -> dict:
    """``{table key: sentence}``: the completeness in each equality table's caption."""
    return {key: " ".join(text.split()) for key, text in COMPLETENESS_SPAN.findall(body)}


def xlsx_completeness(content: bytes, report) -> dict:
    """``{table key: (answered, total, share)}`` from the completeness row of each sheet."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    found = {}
    for sheet_name, table in zip(workbook.sheetnames[1:], report.tables, strict=True):
        for row in workbook[sheet_name].iter_rows(min_row=3, max_col=4, values_only=True):
            if row and row[0] == XLSX_COMPLETENESS:
                # Real numbers where shown, the hidden text where not.
                assert all(not isinstance(v, str) or "fewer" in v or "not" in v for v in row[1:4])
                found[table.key] = tuple(canon(value) for value in row[1:4])
    return found


def csv_completeness(content: bytes, report) -> dict:
    """``{table key: (sentence, (answered, total, share))}``: the rows under each CSV table,
    after a blank line, headed "Completeness, Answered, Out of, Share answered (%)"."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = sorted(name for name in archive.namelist() if name != "about.csv")
    found = {}
    for name, table in zip(names, report.tables, strict=True):
        lines = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        heading = ["Completeness", "Answered", "Out of", "Share answered (%)"]
        if heading not in lines:
            continue
        at = lines.index(heading)
        assert lines[at - 1] == [], "a blank line between the table and its completeness"
        assert at == len(lines) - 2, "the completeness is the last thing in the file"
        sentence, *figures = lines[at + 1]
        found[table.key] = (sentence, tuple(canon(value) for value in figures))
    return found


def pdf_text(content: bytes) -> tuple[int, str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(content)
    pages = len(pdf)
    text = "\n".join(pdf[index].get_textpage().get_text_range() for index in range(pages))
    return pages, " ".join(text.split())


def api_figures(data: dict, report) -> dict:
    figures = {}
    for table in report.tables:
        for row in table.rows:
            for column in table.columns:
                value = data["measures"][table.key]["rows"][row.key][column.key]
                figures[(table.key, row.key, column.key)] = canon(value)
    return figures


def truth(report) -> dict:
    return {
        (table.key, row.key, column.key): canon(row.values.get(column.key))
        for table in report.tables
        for row in table.rows
        for column in table.columns
    }


def export(client, service, fmt: str, *, shared: bool = False, capture=None) -> bytes:
    data = {
        "format": fmt,
        "service": getattr(service, "pk", service),
        "start": PERIOD.start.isoformat(),
        "end": PERIOD.end.isoformat(),
    }
    if shared:
        data["shared"] = "on"
    with capture(execute=True):
        response = client.post("/reports/exports/new/", data)
    assert response.status_code == 302, response
    status_page = client.get(response["Location"])
    assert "Your export is ready" in status_page.content.decode()
    export = ReportExport.objects.latest("pk")
    download = client.get(f"/reports/exports/{export.pk}/download/")
    assert download.status_code == 200
    return b"".join(download) if download.streaming else download.content


@pytest.fixture
def world():
    return build_world()


EQUALITY_TABLES = {
    "equality_ethnic_group",
    "equality_age_band",
    "equality_sex",
    "equality_disability",
    "equality_religion",
}


def reconcile(
    client, report, worked_out: str, *, page_url: str, service, shared: bool, capture, names
):
    """Every figure and every completeness on the page, in XLSX, CSV and PDF equal to the
    hand-worked tables ``expected.<worked_out>`` (and its ``_COMPLETENESS``).

    Returns the completeness ``{table key: (sentence, figures)}`` every format agreed on.
    """
    expected = worked.figures(getattr(worked, worked_out))
    # The report itself first: exactly the hand-worked cells, none more, none fewer.
    assert truth(report) == expected
    page = client.get(f"{page_url}?{QUERY}{'&shared=1' if shared else ''}")
    assert page.status_code == 200
    assert web_figures(page.content.decode(), report) == expected

    xlsx = export(client, service, "xlsx", shared=shared, capture=capture)
    assert xlsx_figures(xlsx, report) == expected
    zipped = export(client, service, "csv", shared=shared, capture=capture)
    assert csv_figures(zipped, report) == expected

    # Completeness beside every equality table: the same sentence on the page and in the
    # CSV, and the same figures in the XLSX and the CSV, suppressed alike when shared.
    completeness = completeness_truth(report)
    assert set(completeness) == EQUALITY_TABLES
    assert {key: figures for key, (_, figures) in completeness.items()} == worked.completeness(
        getattr(worked, f"{worked_out}_COMPLETENESS")
    )
    assert web_completeness(page.content.decode()) == {
        key: sentence for key, (sentence, _) in completeness.items()
    }
    assert xlsx_completeness(xlsx, report) == {
        key: figures for key, (_, figures) in completeness.items()
    }
    assert csv_completeness(zipped, report) == completeness

    pages, text = pdf_text(export(client, service, "pdf", shared=shared, capture=capture))
    assert pages >= 2
    assert f"Page 1 of {pages}" in text
    for name in names:
        assert name in text
    for table in report.tables:
        for row in table.rows:
            line = " ".join(
                [row.label]
                + [
                    re.sub(r"^$", "–", canon_text)
                    for canon_text in (
                        _pdf_cell(row.values.get(column.key), column.kind)
                        for column in table.columns
                    )
                ]
            )
            assert line in text, (table.key, line)
        if table.completeness is not None:
            assert completeness[table.key][0] in text, (table.key, "completeness")
    return completeness


def api_completeness(data: dict) -> dict:
    return {
        key: tuple(
            canon(measure["completeness"][figure]) for figure in ("answered", "total", "share")
        )
        for key, measure in data["measures"].items()
        if "completeness" in measure
    }


@pytest.mark.parametrize("shared", [False, True], ids=["exact", "as-shared"])
def test_every_format_gives_every_figure_the_same(
    world, client, shared, django_capture_on_commit_callbacks
):
    client.force_login(world.manager.user)
    report = build_report(
        world.organisation, [world.care_act], PERIOD, all_services=False, suppressed=shared
    )
    completeness = reconcile(
        client,
        report,
        "CARE_ACT_SHARED" if shared else "CARE_ACT",
        page_url=f"/reports/services/{world.care_act.pk}/",
        service=world.care_act.pk,
        shared=shared,
        capture=django_capture_on_commit_callbacks,
        names=["Riverside Advocacy", "Leeds Care Act advocacy"],
    )
    # Hand-worked: one person reached in the Care Act service, who answered everything.
    # Shared, 1 is "fewer than 5" and the answered figure (a sum of several cells, one of
    # them hidden) is "not shown", with no share: as the page says it.
    ethnic_group = completeness["equality_ethnic_group"]
    if shared:
        assert ethnic_group == (
            "Known for not shown of fewer than 5 people reached.",
            ("not shown", "fewer than 5", ""),
        )
    else:
        assert ethnic_group == ("Known for 1 of 1 people reached (100.0%).", ("1", "1", "100"))

    if not shared:
        # The API too: every hand-worked cell (staff see exact figures; commissioners' API
        # is checked as shared below).
        api = client.get(f"/api/v1/reports/services/{world.care_act.pk}/measures/?{QUERY}")
        assert api.status_code == 200
        assert api_figures(api.json(), report) == worked.figures(worked.CARE_ACT)
        assert api_completeness(api.json()) == {
            key: figures for key, (_, figures) in completeness.items()
        }


@pytest.mark.parametrize("which", ["all-services-as-shared", "welsh-organisation"])
def test_the_all_services_and_welsh_reports_agree_in_every_format(
    world, client, which, django_capture_on_commit_callbacks
):
    """The other two reports of the known data: all of Riverside's services (as commissioners
    would see it) and the Welsh organisation's, page and downloads alike."""
    if which == "welsh-organisation":
        manager = MembershipFactory(organisation=world.wales, role=Role.MANAGER)
        client.force_login(manager.user)
        report = build_report(
            world.wales, [world.welsh_service], PERIOD, all_services=False, suppressed=False
        )
        page_url, service = f"/reports/services/{world.welsh_service.pk}/", world.welsh_service.pk
        names = [world.wales.name, world.welsh_service.name]
        shared = False
    else:
        client.force_login(world.manager.user)
        report = build_report(
            world.organisation,
            [world.care_act, world.imha],
            PERIOD,
            all_services=True,
            suppressed=True,
        )
        page_url, service, shared = "/reports/all-services/", "all", True
        names = ["Riverside Advocacy", "All services"]
    completeness = reconcile(
        client,
        report,
        "WALES" if which == "welsh-organisation" else "ALL_SERVICES_SHARED",
        page_url=page_url,
        service=service,
        shared=shared,
        capture=django_capture_on_commit_callbacks,
        names=names,
    )
    if which == "welsh-organisation":
        api = client.get(f"/api/v1/reports/services/{world.welsh_service.pk}/measures/?{QUERY}")
        assert api_figures(api.json(), report) == worked.figures(worked.WALES)
        assert api_completeness(api.json()) == {k: f for k, (_, f) in completeness.items()}
    else:
        # Two people reached, one with no answers: a total of 2 is "fewer than 5".
        assert completeness["equality_ethnic_group"][1][1] == "fewer than 5"
        # Secondary suppression reached every format: Care Act's 8 referrals are "not shown"
        # beside IMHA's "fewer than 5", under a total of 9.
        assert truth(report)[("referrals_by_type", "care_act", "referrals")] == "not shown"


def _pdf_cell(value, kind):
    from heard.reporting.presenters import figure_text

    return figure_text(value, kind)


def test_the_commissioners_api_figures_are_suppressed_like_the_page(world, client):
    member = MembershipFactory(organisation=world.organisation, role=Role.COMMISSIONER)
    Commission.objects.create(
        organisation=world.organisation, membership=member, service=world.care_act
    )
    client.force_login(member.user)
    report = build_report(
        world.organisation, [world.care_act], PERIOD, all_services=False, suppressed=True
    )
    api = client.get(f"/api/v1/reports/services/{world.care_act.pk}/measures/?{QUERY}")
    assert api.json()["suppressed"] is True
    assert api_figures(api.json(), report) == worked.figures(worked.CARE_ACT_SHARED)
    assert api_completeness(api.json()) == worked.completeness(worked.CARE_ACT_SHARED_COMPLETENESS)
    assert api_completeness(api.json())["equality_sex"][:2] == ("not shown", "fewer than 5")
    assert "fewer than 5" in api.content.decode()
    assert client.get(f"/api/v1/reports/services/{world.imha.pk}/measures/").status_code == 404

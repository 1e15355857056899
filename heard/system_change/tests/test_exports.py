"""CSV exports of the register, the evidence, the action plan and the dashboard tables."""

import csv
import datetime as dt
import io

import pytest

from heard.audit.models import AuditEvent
from heard.core.exports import safe_cell
from tests.factories import (
    CaseFactory,
    EvidenceLinkFactory,
    IssueFactory,
    PersonFactory,
    SystemIssueActionFactory,
    SystemIssueFactory,
)


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def system_issue(organisation):
    return SystemIssueFactory(organisation=organisation, title="Care homes refusing access")


def test_register_csv_has_a_row_per_issue_with_counts(advocate_client, organisation, system_issue):
    """The register export carries the counts and the trend, and no personal data."""
    person = PersonFactory(organisation=organisation, last_name="Okafor")
    EvidenceLinkFactory(
        system_issue=system_issue, case=CaseFactory(organisation=organisation, person=person)
    )
    rows = rows_of(advocate_client.get("/system-issues/export.csv"))
    assert rows[0][:5] == ["Title", "Theme", "Status", "Cases (evidence)", "People affected"]
    assert rows[1][:5] == ["Care homes refusing access", "Access to advocacy", "Open", "1", "1"]
    assert "Okafor" not in str(rows)


def test_register_csv_follows_the_filters(advocate_client, organisation):
    """What is downloaded is the list on screen."""
    SystemIssueFactory(organisation=organisation, title="Closed one", status="closed")
    SystemIssueFactory(organisation=organisation, title="Open one")
    titles = [row[0] for row in rows_of(advocate_client.get("/system-issues/export.csv"))[1:]]
    assert titles == ["Open one"]
    closed = rows_of(advocate_client.get("/system-issues/export.csv?status=closed"))
    assert [row[0] for row in closed[1:]] == ["Closed one"]


def test_evidence_csv_names_cases_and_is_audited(manager_client, organisation, system_issue):
    """The evidence export lists each link with the person; the export is in the audit log."""
    person = PersonFactory(organisation=organisation, first_name="Mary", last_name="Okafor")
    case = CaseFactory(organisation=organisation, person=person, received_on=dt.date(2026, 1, 5))
    EvidenceLinkFactory(system_issue=system_issue, case=case)
    EvidenceLinkFactory(
        system_issue=system_issue,
        case=case,
        issue=IssueFactory(case=case, in_their_words="Let my advocate in"),
    )
    rows = rows_of(manager_client.get(f"/system-issues/{system_issue.pk}/evidence.csv"))
    assert rows[0][0] == "Case reference"
    assert [(row[0], row[1], row[3], row[6]) for row in rows[1:]] == [
        (case.reference, "Mary Okafor", "2026-01-05", "The case as a whole"),
        (case.reference, "Mary Okafor", "2026-01-05", "Issue: “Let my advocate in”"),
    ]
    event = AuditEvent.objects.get(event_type="system_issue.evidence_exported")
    assert event.is_access and event.details["rows"] == 2
    assert event.actor == manager_client.user


def test_evidence_csv_keeps_restricted_cases_to_their_reference(
    manager_client, organisation, system_issue
):
    """A restricted case the exporter may not open is exported as a placeholder only."""
    person = PersonFactory(organisation=organisation, last_name="Hiddenname")
    case = CaseFactory(organisation=organisation, person=person, is_restricted=True)
    EvidenceLinkFactory(
        system_issue=system_issue,
        case=case,
        issue=IssueFactory(case=case, in_their_words="Secret words"),
    )
    rows = rows_of(manager_client.get(f"/system-issues/{system_issue.pk}/evidence.csv"))
    assert rows[1] == [case.reference, "Restricted case", "", "", "", "", "", "", ""]
    assert "Hiddenname" not in str(rows) and "Secret words" not in str(rows)


def test_actions_csv_lists_the_plan(advocate_client, organisation, system_issue):
    """Each action with owner, due date, status and what changed."""
    SystemIssueActionFactory(
        system_issue=system_issue,
        description="Meet the commissioner",
        due_on=dt.date(2026, 4, 1),
        status="done",
        what_changed="New visiting policy",
    )
    rows = rows_of(advocate_client.get(f"/system-issues/{system_issue.pk}/actions.csv"))
    assert rows == [
        ["Action", "Owner", "Due", "Status", "What changed"],
        ["Meet the commissioner", "", "2026-04-01", "Done", "New visiting policy"],
    ]


def test_people_by_month_csv_matches_the_table(advocate_client, organisation, system_issue):
    """Twelve months with new and running totals."""
    rows = rows_of(advocate_client.get(f"/system-issues/{system_issue.pk}/people-by-month.csv"))
    assert rows[0] == ["Month", "People newly affected", "People affected to date"]
    assert len(rows) == 13


def test_dashboard_csvs(manager_client, organisation, system_issue):
    """Each dashboard table downloads as CSV with its header."""
    issues = rows_of(manager_client.get("/system-issues/dashboard/system-issues.csv"))
    assert issues[1][0] == "Care homes refusing access"
    challenges = rows_of(manager_client.get("/system-issues/dashboard/challenges.csv"))
    assert challenges[0][:3] == ["Level", "Open: awaiting a response", "Open: response overdue"]
    assert len(challenges) == 5
    safeguarding = rows_of(manager_client.get("/system-issues/dashboard/safeguarding.csv"))
    assert safeguarding[0][0] == "Raised with" and safeguarding[-1][0] == "Total"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Plain text", "Plain text"),
        (7, 7),
        (True, "Yes"),
        (None, ""),
    ],
)
def test_cells_are_safe_for_spreadsheets(value, cell):
    """Text that a spreadsheet would run as a formula is kept as text."""
    assert safe_cell(value) == cell


def test_a_title_typed_as_a_formula_is_exported_as_text(advocate_client, organisation):
    """End to end: a formula-like title cannot run in the downloaded file."""
    SystemIssueFactory(organisation=organisation, title="=cmd|' /C calc'!A0")
    rows = rows_of(advocate_client.get("/system-issues/export.csv"))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"

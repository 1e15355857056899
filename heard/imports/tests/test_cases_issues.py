"""Importing cases (linked to the people and staff already in Heard, with their status
history) and issues with their outcomes: a good file, a file with faults in several rows,
another organisation's references, and a re-run that adds nothing twice."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heard.audit.models import AuditEvent
from heard.casework.models import Case, CaseStatus, InstructionChange, Issue
from heard.core.advocacy_types import AdvocacyType
from heard.imports import services
from heard.imports.models import ImportJob, Kind, SourceKey, StagedRow, Status
from heard.organisations.models import Role
from heard.people.models import Person
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    PersonFactory,
    ServiceFactory,
    UserFactory,
)

from .test_imports import csv_file

DATA = Path(__file__).resolve().parent.parent / "data"

PEOPLE_MAPPING = {
    "first_name": "Client forename",
    "last_name": "Client surname",
    "date_of_birth": "Date of birth",
    "postcode": "Postcode",
    "source_reference": "Client ID",
}
CASE_MAPPING = {
    "source_reference": "Case ID",
    "person": "Client ID",
    "advocacy_type": "Advocacy type",
    "received_on": "Referral date",
    "advocate": "Advocate",
    "status": "Case status",
    "closed_on": "Closure date",
    "closure_reason": "Closure reason",
}
CASE_VALUES = {
    "advocacy_type": {
        "Care Act Advocacy": "care_act",
        "IMHA": "imha",
        "IMCA - Accommodation": "imca",
        "IMCA - Serious Medical Treatment": "imca",
        "IMCA - Care Review": "imca",
        "RPR (DoLS)": "paid_rpr",
    },
    "status": {"Open": "active", "Closed": "closed"},
    "closure_reason": {
        "Outcome achieved": "issues_resolved",
        "Decision made": "issues_resolved",
        "Discharged from hospital": "no_longer_eligible",
        "Client withdrew": "person_withdrew",
    },
}
ISSUE_MAPPING = {
    "source_reference": "Issue ID",
    "case": "Case ID",
    "in_their_words": "Presenting issue",
    "category": "Issue type",
    "outcome": "Outcome",
    "outcome_on": "Outcome date",
    "outcome_note": "Outcome notes",
}
ISSUE_VALUES = {
    "category": {
        "Housing": "accommodation",
        "Health": "health_treatment",
        "Liberty": "liberty",
        "Mental health rights": "mental_health_rights",
    }
}


@pytest.fixture
def importer(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER).user


@pytest.fixture
def crm_world(organisation):
    """The services and advocates the sample export's cases name."""
    ServiceFactory(
        organisation=organisation,
        name="Leeds Advocacy Hub",
        advocacy_types=["care_act", "imha", "imca", "paid_rpr"],
    )
    for name in ("Jo Patel", "Sam Reid", "Alex Moore"):
        MembershipFactory(organisation=organisation, user=UserFactory(full_name=name))


def run(organisation, user, kind, upload, mapping, values=None, source=""):
    """Upload, match and check a file; import it when every row is right."""
    job = services.job_create(
        organisation=organisation, acting_user=user, kind=kind, upload=upload, source_name=source
    )
    services.mapping_save(job=job, column_mapping=mapping, value_mapping=values or {})
    services.job_check(job=job)
    if job.status == Status.CHECKED and not job.problem_rows:
        services.job_import(job=job)
    return job


def sample(name):
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def import_sample_cases(organisation, importer):
    people = run(
        organisation, importer, Kind.PEOPLE, sample("sample-crm-cases.csv"), PEOPLE_MAPPING
    )
    assert people.status == Status.IMPORTED, people.message
    return run(
        organisation,
        importer,
        Kind.CASES,
        sample("sample-crm-cases.csv"),
        CASE_MAPPING,
        CASE_VALUES,
        source="Sample CRM",
    )


def problems_by_row(job):
    return {
        row.row_number: [(p["column"], p["message"]) for p in row.problems]
        for row in StagedRow.objects.filter(job=job).exclude(problems=[])
    }


def test_the_crm_sample_cases_and_issues_import_with_their_history(
    organisation, importer, crm_world
):
    """Each case links to the person imported before (by the CRM's client ID) and to its
    advocate; its status history runs from the referral date to the closure date; its
    issues arrive by the CRM's case ID with their outcomes."""
    job = import_sample_cases(organisation, importer)
    assert (job.status, job.problem_rows, job.created_count) == (Status.IMPORTED, 0, 12)

    margaret = Case.objects.get(person__first_name="Margaret")
    assert margaret.advocacy_type == AdvocacyType.CARE_ACT
    assert margaret.allocated_to.user.full_name == "Jo Patel"
    assert margaret.received_on == dt.date(2024, 1, 3)
    history = list(margaret.statuses.values_list("previous_status", "status", "reason"))
    assert history == [
        ("", "waiting", "referral_accepted"),
        ("waiting", "allocated", "allocated"),
        ("allocated", "active", "first_contact"),
        ("active", "closed", "issues_resolved"),
    ]
    closed = margaret.statuses.last()
    assert closed.changed_at.astimezone().date() == dt.date(2024, 4, 18)
    assert closed.changed_by == importer and margaret.status == "closed"
    peter = Case.objects.get(person__first_name="Peter")
    assert (peter.status, peter.advocacy_type) == ("active", "paid_rpr")
    # An RPR acts for someone who lacks capacity: the case opened non-instructed, and says why.
    assert peter.instruction == "non_instructed"
    assert InstructionChange.objects.filter(case=peter, reason="advocacy_type").exists()
    assert SourceKey.objects.get(folded="cl-10234").object_id == peter.pk
    assert (
        AuditEvent.objects.filter(
            event_type="import.record_created", target_type="casework.case", actor=importer
        ).count()
        == 12
    )

    issues = run(
        organisation,
        importer,
        Kind.ISSUES,
        sample("sample-crm-issues.csv"),
        ISSUE_MAPPING,
        ISSUE_VALUES,
    )
    assert (issues.status, issues.problem_rows, issues.created_count) == (Status.IMPORTED, 0, 12)
    home = Issue.objects.get(case=margaret, category="accommodation")
    assert home.outcome == "achieved" and home.outcome_note == "Care package agreed at home."
    assert home.outcome_recorded_at.astimezone().date() == dt.date(2024, 4, 18)
    assert Issue.objects.get(case=peter).outcome == ""

    # Undo removes the issues, then (with no issues left on them) the cases.
    assert "issues" in services.undo_refusal(job)
    assert services.job_undo(job=issues, acting_user=importer) == 12
    assert services.job_undo(job=job, acting_user=importer) == 12
    assert not Case.objects.exists() and not CaseStatus.objects.exists()
    assert not SourceKey.objects.filter(model="casework.case").exists()


def test_a_rerun_of_the_same_files_adds_nothing_twice(organisation, importer, crm_world):
    """Rows already imported are matched by their ID in the source, or without one by the
    same person, type and referral date (cases) or the same words on the case (issues)."""
    import_sample_cases(organisation, importer)
    again = run(
        organisation,
        importer,
        Kind.CASES,
        sample("sample-crm-cases.csv"),
        CASE_MAPPING,
        CASE_VALUES,
        source="Sample CRM",
    )
    assert (again.matched_rows, again.created_count) == (12, 0)
    without_ids = {k: v for k, v in CASE_MAPPING.items() if k != "source_reference"}
    third = run(
        organisation,
        importer,
        Kind.CASES,
        sample("sample-crm-cases.csv"),
        without_ids,
        CASE_VALUES,
    )
    assert (third.matched_rows, third.created_count) == (12, 0)
    assert Case.objects.filter(organisation=organisation).count() == 12

    for _run in range(2):
        issues = run(
            organisation,
            importer,
            Kind.ISSUES,
            sample("sample-crm-issues.csv"),
            {k: v for k, v in ISSUE_MAPPING.items() if k != "source_reference"},
            ISSUE_VALUES,
        )
    assert (issues.matched_rows, issues.created_count) == (12, 0)
    assert Issue.objects.filter(organisation=organisation).count() == 12


CASE_COLUMNS = ["Ref", "Forename", "Surname", "DOB", "Type", "Referred", "Worker", "Status"]
CASE_COLUMNS += ["Closed", "Why closed"]
PLAIN_MAPPING = {
    "source_reference": "Ref",
    "first_name": "Forename",
    "last_name": "Surname",
    "date_of_birth": "DOB",
    "advocacy_type": "Type",
    "received_on": "Referred",
    "advocate": "Worker",
    "status": "Status",
    "closed_on": "Closed",
    "closure_reason": "Why closed",
}


def test_faults_in_several_rows_are_each_named_beside_their_row(organisation, importer, crm_world):
    PersonFactory(organisation=organisation, first_name="Amy", last_name="Lee")
    PersonFactory(
        organisation=organisation,
        first_name="Bo",
        last_name="Wu",
        date_of_birth=dt.date(1950, 1, 2),
    )
    good = ["R1", "Amy", "Lee", "", "Care Act advocacy", "01/02/2024", "Jo Patel", "Active", "", ""]
    rows = [
        good,
        ["R2", "Nobody", "Known", "", "IMHA", "01/02/2024", "", "", "", ""],
        ["R3", "Amy", "Lee", "", "Telepathy", "01/02/2024", "Jo Patel", "", "", ""],
        ["R4", "Bo", "Wu", "02/01/1950", "IMHA", "01/03/2024", "Pat Nobody", "Active", "", ""],
        ["R5", "Bo", "Wu", "", "IMHA", "01/03/2024", "Sam Reid", "Closed", "", ""],
        ["R6", "Bo", "Wu", "", "IMHA", "01/03/2024", "Sam Reid", "Closed", "01/02/2024", "Died"],
        ["R1", "Amy", "Lee", "", "IMHA", "05/02/2024", "", "", "", ""],
        [
            "R8",
            "Amy",
            "Lee",
            "",
            "Children and young people's advocacy",
            "01/02/2024",
            "",
            "",
            "",
            "",
        ],
    ]
    job = run(organisation, importer, Kind.CASES, csv_file(CASE_COLUMNS, rows), PLAIN_MAPPING)
    assert (job.status, job.total_rows, job.problem_rows) == (Status.CHECKED, 8, 7)
    found = problems_by_row(job)
    assert sorted(found) == [3, 4, 5, 6, 7, 8, 9]
    assert "There is no Nobody Known in Heard" in found[3][0][1]
    assert found[4][0][0] == "Type" and "Telepathy" in found[4][0][1]
    assert found[5] == [
        (
            "Worker",
            "No member of staff in Heard is called Pat Nobody. Check the name, or invite "
            "them first.",
        )
    ]
    assert {column for column, _message in found[6]} == {"Closed", "Why closed"}
    assert found[7] == [("Closed", "The case closed before its referral date. Check both dates.")]
    assert found[8] == [("Ref", "This row is the same record as row 2. Remove one of them.")]
    assert "None of your services delivers" in found[9][0][1]
    with pytest.raises(ValidationError):
        services.job_import(job=job)
    assert not Case.objects.exists()


def test_another_organisations_people_staff_services_and_cases_are_refused(
    organisation, other_organisation, importer, crm_world
):
    """A file can only name this organisation's records: another's person, advocate,
    service or case is "not in Heard", exactly as a record that does not exist."""
    theirs = CaseFactory(organisation=other_organisation)
    SourceKey.objects.create(
        organisation=other_organisation,
        model="casework.case",
        key="THEIR-1",
        folded="their-1",
        object_id=theirs.pk,
        job=ImportJob.objects.create(
            organisation=other_organisation,
            kind=Kind.CASES,
            token="x",
            original_name="theirs.csv",
            created_by=importer,
        ),
    )
    stranger = MembershipFactory(
        organisation=other_organisation, user=UserFactory(full_name="Kim Stranger")
    )
    ServiceFactory(organisation=other_organisation, name="Their Service")
    ours = PersonFactory(organisation=organisation)
    header = ["Person", "Type", "Referred", "Worker", "Service"]
    rows = [
        [theirs.person.reference, "Care Act advocacy", "01/02/2024", "", ""],
        [ours.reference, "Care Act advocacy", "01/02/2024", "Kim Stranger", ""],
        [ours.reference, "Care Act advocacy", "01/02/2024", stranger.user.email, ""],
        [ours.reference, "Care Act advocacy", "02/02/2024", "", "Their Service"],
    ]
    mapping = {
        "person": "Person",
        "advocacy_type": "Type",
        "received_on": "Referred",
        "advocate": "Worker",
        "service": "Service",
    }
    if theirs.person.reference == ours.reference:
        # References are numbered per organisation: name one only the other has.
        Person.objects.filter(pk=theirs.person.pk).update(reference="P900001")
        rows[0][0] = "P900001"
    job = run(organisation, importer, Kind.CASES, csv_file(header, rows), mapping)
    found = problems_by_row(job)
    assert sorted(found) == [2, 3, 4, 5]
    assert "There is no person" in found[2][0][1]
    assert "No member of staff in Heard is called Kim Stranger" in found[3][0][1]
    assert "No member of staff" in found[4][0][1]
    assert "There is no service called “Their Service”" in found[5][0][1]

    issues = run(
        organisation,
        importer,
        Kind.ISSUES,
        csv_file(
            ["Case", "Issue", "Category"],
            [["THEIR-1", "Hi", "Other"], [theirs.reference + "X", "Hi", "Other"]],
        ),
        {"case": "Case", "in_their_words": "Issue", "category": "Category"},
    )
    assert issues.problem_rows == 2
    assert (
        not Issue.objects.exists() and not Case.objects.filter(organisation=organisation).exists()
    )


def test_the_preview_costs_the_same_queries_for_few_or_many_rows(
    manager_client, organisation, crm_world
):
    """The cases preview (problems list, or the summary of what would be added) reads the
    staged rows in one query, however many rows the file has."""
    person = PersonFactory(organisation=organisation)

    def queries_for(rows: int, bad: bool) -> int:
        lines = [
            f"{person.reference},{'Telepathy' if bad else 'Care Act advocacy'},"
            f"{(dt.date(2020, 1, 1) + dt.timedelta(days=n)).strftime('%d/%m/%Y')}\n"
            for n in range(rows)
        ]
        content = "Person,Type,Referred\n" + "".join(lines)
        manager_client.post(
            "/imports/new/",
            {"kind": "cases", "file": SimpleUploadedFile("cases.csv", content.encode())},
        )
        job = ImportJob.objects.order_by("-id").first()
        services.mapping_save(
            job=job,
            column_mapping={"person": "Person", "advocacy_type": "Type", "received_on": "Referred"},
            value_mapping={},
        )
        services.job_check(job=job)
        assert bool(job.problem_rows) == bad and job.total_rows == rows
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(f"/imports/{job.pk}/").status_code == 200
        return len(captured)

    assert queries_for(3, bad=True) == queries_for(60, bad=True)
    assert queries_for(3, bad=False) == queries_for(60, bad=False)

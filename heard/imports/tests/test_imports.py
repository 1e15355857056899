"""Imports: a dry run that names every bad row, an all-or-nothing import, and undo."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from heard.audit.models import AuditEvent
from heard.casework.models import Activity
from heard.imports import services
from heard.imports.models import Kind, StagedRow, Status
from heard.organisations.models import Role
from heard.people.models import Person
from heard.reporting import time_summary
from heard.reporting.models import DailyTime
from tests.factories import ActivityFactory, CaseFactory, MembershipFactory, PersonFactory

ACTIVITY_COLUMNS = ["Case ref", "Type", "Date", "Time", "Duration (mins)", "Notes"]
ACTIVITY_MAPPING = {
    "case_reference": "Case ref",
    "kind": "Type",
    "occurred_on": "Date",
    "occurred_time": "Time",
    "minutes": "Duration (mins)",
    "note": "Notes",
}


def csv_file(header, rows, name="activities.csv", encoding="utf-8"):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding), content_type="text/csv")


@pytest.fixture
def importer(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER).user


@pytest.fixture
def cases(organisation):
    return [CaseFactory(organisation=organisation) for _ in range(3)]


def activity_rows(cases, count, bad=()):
    """``count`` rows in three date formats; the row indexes in ``bad`` each have one fault."""
    rows = []
    formats = ["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y"]
    for index in range(count):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=index % 300)
        row = [
            cases[index % 3].reference,
            ["Visit", "Phone call", "letter_email"][index % 3],
            day.strftime(formats[index % 3]),
            "10:15",
            "30",
            f"Note {index}",
        ]
        rows.append(row)
    faults = {0: (1, "Telepathy"), 1: (2, "31/02/2025"), 2: (0, "C999999")}
    for fault, index in enumerate(bad):
        column, value = faults[fault]
        rows[index][column] = value
    return rows


def run_check(job, mapping=ACTIVITY_MAPPING):
    services.mapping_save(job=job, column_mapping=mapping, value_mapping={})
    return services.job_check(job=job)


def test_three_bad_rows_among_a_thousand_are_reported_exactly(organisation, importer, cases):
    """The preview lists exactly the three faulty rows, in plain words; nothing is imported
    until they are put right; then all import, and undo removes them all."""
    upload = csv_file(ACTIVITY_COLUMNS, activity_rows(cases, 1000, bad=(10, 500, 998)))
    job = services.job_create(
        organisation=organisation, acting_user=importer, kind=Kind.ACTIVITIES, upload=upload
    )
    run_check(job)
    assert (job.status, job.total_rows, job.problem_rows) == (Status.CHECKED, 1000, 3)
    bad = StagedRow.objects.filter(job=job).exclude(problems=[]).order_by("row_number")
    # Spreadsheet row numbers: the header is row 1.
    assert [row.row_number for row in bad] == [12, 502, 1000]
    messages = [row.problems[0] for row in bad]
    assert messages[0]["column"] == "Type" and "Telepathy" in messages[0]["message"]
    assert messages[1]["column"] == "Date" and "31/02/2025" in messages[1]["message"]
    assert messages[2]["column"] == "Case ref" and "no case C999999" in messages[2]["message"]
    with pytest.raises(ValidationError):
        services.job_import(job=job)
    assert not Activity.objects.exists()

    fixed = csv_file(ACTIVITY_COLUMNS, activity_rows(cases, 1000))
    job = services.job_create(
        organisation=organisation, acting_user=importer, kind=Kind.ACTIVITIES, upload=fixed
    )
    run_check(job)
    assert job.problem_rows == 0
    services.job_import(job=job)
    assert job.status == Status.IMPORTED and job.created_count == 1000
    assert Activity.objects.filter(organisation=organisation).count() == 1000
    visit = Activity.objects.filter(note="Note 0").get()
    assert visit.kind == "visit" and visit.minutes == 30 and visit.recorded_by == importer
    assert visit.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M") == "2025-01-01 10:15"
    assert AuditEvent.objects.filter(event_type="import.completed", actor=importer).count() == 1
    assert not AuditEvent.objects.filter(event_type="import.record_created").exists()

    assert services.undo_refusal(job) == ""
    removed = services.job_undo(job=job, acting_user=importer)
    assert removed == 1000
    assert not Activity.objects.exists()
    job.refresh_from_db()
    assert job.status == Status.UNDONE


def test_undo_is_refused_once_a_record_has_changed(organisation, importer, cases):
    job = services.job_create(
        organisation=organisation,
        acting_user=importer,
        kind=Kind.ACTIVITIES,
        upload=csv_file(ACTIVITY_COLUMNS, activity_rows(cases, 5)),
    )
    run_check(job)
    services.job_import(job=job)
    activity = Activity.objects.first()
    activity.note = "Changed after the import"
    activity.save()
    assert "changed" in services.undo_refusal(job)
    with pytest.raises(ValidationError):
        services.job_undo(job=job, acting_user=importer)
    assert Activity.objects.count() == 5


def test_an_undone_import_takes_its_time_out_of_the_daily_summary(organisation, importer, cases):
    """Imported time enters the daily summary and an undo takes it out again in the same
    step, so the summary keeps equalling the activities (the time report reads it)."""
    ActivityFactory(
        case=cases[0], minutes=45, occurred_at=dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC)
    )

    def summary() -> dict:
        return {
            (row.service_id, row.day, row.kind): (row.activities, row.minutes)
            for row in DailyTime.objects.filter(organisation=organisation)
            if row.activities
        }

    def live() -> dict:
        return {
            (row["service_id"], row["day"], row["kind"]): (row["activities"], row["minutes"])
            for row in time_summary.live_rows(Activity.objects.filter(organisation=organisation))
        }

    before = summary()
    assert before == live()
    job = services.job_create(
        organisation=organisation,
        acting_user=importer,
        kind=Kind.ACTIVITIES,
        upload=csv_file(ACTIVITY_COLUMNS, activity_rows(cases, 40)),
    )
    run_check(job)
    services.job_import(job=job)
    assert summary() == live() != before
    services.job_undo(job=job, acting_user=importer)
    assert Activity.objects.count() == 1
    assert summary() == live() == before


def test_people_are_matched_by_the_duplicate_rules_never_duplicated(organisation, importer):
    existing = PersonFactory(
        organisation=organisation,
        first_name="Mary",
        last_name="Jones",
        date_of_birth=dt.date(1948, 2, 11),
    )
    upload = csv_file(
        ["Forename", "Surname", "DOB", "Postcode"],
        [["Mary", "Jones", "11/02/1948", "ls6 2ab"], ["Tom", "Reid", "1950-05-01", "LS1 5HD"]],
        name="people.csv",
    )
    job = services.job_create(
        organisation=organisation,
        acting_user=importer,
        kind=Kind.PEOPLE,
        upload=upload,
        source_name="Lamplight",
    )
    services.mapping_save(
        job=job,
        column_mapping={
            "first_name": "Forename",
            "last_name": "Surname",
            "date_of_birth": "DOB",
            "postcode": "Postcode",
        },
    )
    services.job_check(job=job)
    assert (job.problem_rows, job.matched_rows) == (0, 1)
    assert StagedRow.objects.get(job=job, row_number=2).matched_id == existing.pk
    services.job_import(job=job)
    assert Person.objects.filter(organisation=organisation).count() == 2
    tom = Person.objects.get(first_name="Tom")
    assert tom.postcode == "LS1 5HD" and tom.reference.startswith("P")
    assert services.imported_ids(job, Person).get() == tom
    # The mapping is saved for the source's next file.
    job.source.refresh_from_db()
    assert job.source.column_mapping["first_name"] == "Forename"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "CSV and Excel"),
        ("latin.csv", "Forename\nZo\xeb\n".encode("latin-1"), "UTF-8"),
        ("empty.csv", b"\n\n", "empty"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "Excel workbook"),
        ("twins.csv", b"Name,Name\nA,B\n", "both called"),
    ],
)
def test_a_malformed_file_gets_a_clear_message(organisation, importer, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as refused:
        job = services.job_create(
            organisation=organisation, acting_user=importer, kind=Kind.PEOPLE, upload=upload
        )
        # An encoding fault after the header shows when the rows are read.
        services.mapping_save(
            job=job, column_mapping={"first_name": "Forename", "last_name": "Forename"}
        )
        services.job_check(job=job)
        raise ValidationError(job.message)
    assert message in str(refused.value)


def test_an_xlsx_file_with_real_dates_and_times_imports(organisation, importer, cases):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(ACTIVITY_COLUMNS)
    sheet.append([cases[0].reference, "Meeting", dt.datetime(2025, 3, 7), dt.time(9, 5), 60, "x"])
    sheet.append([None, None, None, None, None, None])  # an empty row is skipped
    sheet.append([cases[1].reference, "Visit", "7 March 2025", "2:30 PM", 15.0, "<b>Hi</b>"])
    content = io.BytesIO()
    book.save(content)
    upload = SimpleUploadedFile("history.xlsx", content.getvalue())
    job = services.job_create(
        organisation=organisation, acting_user=importer, kind=Kind.ACTIVITIES, upload=upload
    )
    run_check(job)
    assert (job.total_rows, job.problem_rows) == (2, 0)
    services.job_import(job=job)
    meeting, visit = Activity.objects.order_by("occurred_at")
    assert meeting.minutes == 60 and meeting.occurred_at.astimezone().hour == 9
    assert visit.occurred_at.astimezone().hour == 14
    # Imported text is data: stored as the text it is (and escaped wherever it is shown).
    assert visit.note == "<b>Hi</b>"

"""Imports: upload, map, check (staged in committed batches), promote in one step, undo.

Checking streams the file and stages every row with its problems, committing a batch at a
time so the progress bar moves (on SQLite too). Importing promotes the staged rows in one
transaction: all of the file or none of it. Undo removes everything an import created, in
one transaction, while none of it has been changed since.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.audit.services import audit_record, audit_record_many
from heard.casework import time_summary
from heard.casework.models import Activity, Case
from heard.organisations.sequences import reserve
from heard.people.models import Person
from heard.people.selectors import possible_duplicates

from . import kinds
from .models import ImportedRecord, ImportJob, ImportSource, Kind, StagedRow, Status
from .readers import EXTENSIONS, ImportFileError, extension, read_rows

BATCH = 1000


def job_create(*, organisation, acting_user, kind: str, upload, source_name: str = "") -> ImportJob:
    """Keep the uploaded file and read its column headings; a file Heard cannot read is a
    ``ValidationError`` on the file, in plain words."""
    if extension(upload.name) not in EXTENSIONS:
        raise ValidationError(
            {"file": _("Heard reads CSV and Excel (.xlsx) files. Save the file as one of those.")}
        )
    if upload.size > settings.HEARD_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _(
                    "The file is larger than %(size)s MB. Split it into smaller files and "
                    "import them one after another."
                )
                % {"size": settings.HEARD_IMPORT_MAX_BYTES // (1024 * 1024)}
            }
        )
    try:
        headers, _rows = read_rows(upload, upload.name)
    except ImportFileError as error:
        raise ValidationError({"file": str(error)}) from error
    source = None
    if source_name.strip():
        source, _created = ImportSource.objects.get_or_create(
            organisation=organisation, kind=kind, name=source_name.strip()
        )
    upload.seek(0)
    job = ImportJob(
        organisation=organisation,
        kind=kind,
        source=source,
        token=secrets.token_hex(16),
        original_name=upload.name[:255],
        headers=headers,
        created_by=acting_user,
    )
    job.file.save(job.token, upload, save=False)
    job.save()
    return job


def suggested_mapping(job: ImportJob) -> dict:
    """The source's saved mapping where its columns are in this file; else same-named columns."""
    saved = job.source.column_mapping if job.source else {}
    suggestion = {}
    by_name = {header.casefold(): header for header in job.headers}
    for spec in kinds.fields_for(job.kind):
        column = saved.get(spec.name)
        if column in job.headers:
            suggestion[spec.name] = column
        else:
            for candidate in (spec.name, str(spec.label)):
                if candidate.casefold() in by_name:
                    suggestion[spec.name] = by_name[candidate.casefold()]
    return suggestion


def mapping_save(*, job: ImportJob, column_mapping: dict, value_mapping: dict | None = None):
    """Remember the mapping on the job and on its source, for that source's next file."""
    missing = [
        str(spec.label)
        for spec in kinds.fields_for(job.kind)
        if spec.required and not column_mapping.get(spec.name)
    ]
    if missing:
        raise ValidationError(
            _("Choose the column for: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    unknown = set(column_mapping.values()) - set(job.headers) - {""}
    if unknown:
        raise ValidationError(_("Choose columns from the file."))
    if job.source is not None:
        job.source.column_mapping = column_mapping
        if value_mapping is not None:
            job.source.value_mapping = value_mapping
        job.source.save(update_fields=["column_mapping", "value_mapping", "updated_at"])
    job.column_mapping = column_mapping
    if value_mapping is not None:
        job.value_mapping = value_mapping
    job.save(update_fields=["column_mapping", "value_mapping", "updated_at"])


def distinct_values(job: ImportJob, field_name: str, column: str, limit: int = 40) -> list[str]:
    """The different values in a coded column (for matching them to Heard's), streamed."""
    seen: dict[str, None] = {}
    with job.file.open("rb") as handle:
        _headers, rows = read_rows(handle, job.original_name)
        for _number, row in rows:
            text = kinds.as_text(row.get(column))
            if text and text not in seen:
                seen[text] = None
                if len(seen) >= limit:
                    break
    return sorted(seen)


def _context(job: ImportJob) -> dict:
    if job.kind == Kind.ACTIVITIES:
        cases = Case.objects.filter(organisation=job.organisation)
        return {"case_ids": {ref.upper(): pk for ref, pk in cases.values_list("reference", "pk")}}
    return {"people": Person.objects.filter(organisation=job.organisation)}


def _progress(job: ImportJob, **fields) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def job_check(*, job: ImportJob) -> ImportJob:
    """Stage every row with its problems (a dry run: nothing is created). Batches commit as
    they go, so the progress bar moves while the check runs."""
    StagedRow.objects.filter(job=job).delete()
    try:
        with job.file.open("rb") as handle:
            _headers, rows = read_rows(handle, job.original_name)
            total = sum(1 for _row in rows)
        _progress(job, status=Status.CHECKING, total_rows=total, processed_rows=0)
        context = _context(job)
        batch, processed, problem_rows, matched = [], 0, 0, 0
        with job.file.open("rb") as handle:
            _headers, rows = read_rows(handle, job.original_name)
            for number, raw in rows:
                values, problems = kinds.check_row(
                    job.kind,
                    raw,
                    mapping=job.column_mapping,
                    value_mapping=job.value_mapping,
                    context=context,
                )
                matched_id = None
                if job.kind == Kind.PEOPLE and not problems:
                    matched_id = _match_person(context["people"], values)
                matched += matched_id is not None
                problem_rows += bool(problems)
                batch.append(
                    StagedRow(
                        job=job,
                        row_number=number,
                        values=values,
                        problems=problems,
                        matched_id=matched_id,
                    )
                )
                if len(batch) >= BATCH:
                    processed += len(batch)
                    with transaction.atomic():
                        StagedRow.objects.bulk_create(batch)
                        _progress(job, processed_rows=processed)
                    batch = []
            processed += len(batch)
            StagedRow.objects.bulk_create(batch)
    except ImportFileError as error:
        _progress(job, status=Status.FAILED, message=str(error))
        return job
    _progress(
        job,
        status=Status.CHECKED,
        processed_rows=processed,
        total_rows=processed,
        problem_rows=problem_rows,
        matched_rows=matched,
        message="",
    )
    audit_record(
        "import.checked",
        organisation=job.organisation,
        actor=job.created_by,
        target=job,
        details={"rows": processed, "rows_with_problems": problem_rows, "kind": job.kind},
    )
    return job


def _match_person(people, values) -> int | None:
    """An existing person by the duplicate rules: never silently a second record."""
    born = values.get("date_of_birth")
    matches = possible_duplicates(
        people,
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
        date_of_birth=dt.date.fromisoformat(born) if born else None,
        postcode=values.get("postcode", ""),
    )
    return matches[0].pk if matches else None


def job_import(*, job: ImportJob) -> ImportJob:
    """Promote the staged rows in one transaction: the whole file, or (on any error) none."""
    if job.status != Status.CHECKED or job.problem_rows:
        raise ValidationError(_("Correct every row's problems and check the file again first."))
    _progress(job, status=Status.IMPORTING)
    try:
        with transaction.atomic():
            promote = _promote_people if job.kind == Kind.PEOPLE else _promote_activities
            created = promote(job)
            now = timezone.now()
            _progress(job, status=Status.IMPORTED, created_count=len(created), imported_at=now)
            audit_record(
                "import.completed",
                organisation=job.organisation,
                actor=job.created_by,
                target=job,
                details={
                    "kind": job.kind,
                    "created": len(created),
                    "matched": job.matched_rows,
                    "file": job.original_name,
                },
            )
    except Exception:
        _progress(job, status=Status.CHECKED)
        raise
    return job


INSERT_BATCH = 5000


def _staged(job):
    return (
        StagedRow.objects.filter(job=job).order_by("row_number").iterator(chunk_size=INSERT_BATCH)
    )


def id_runs(ids) -> list[tuple[int, int]]:
    """Consecutive ids as ``(first, last)`` runs: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs = []
    for pk in sorted(ids):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return [(first, last) for first, last in runs]


def _record(job, model, objects, *, audit_each: bool) -> None:
    ImportedRecord.objects.bulk_create(
        [
            ImportedRecord(job=job, model=model._meta.label_lower, first_id=first, last_id=last)
            for first, last in id_runs(o.pk for o in objects)
        ],
        batch_size=INSERT_BATCH,
    )
    if audit_each:
        for start in range(0, len(objects), BATCH):
            audit_record_many(
                "import.record_created",
                organisation=job.organisation,
                actor=job.created_by,
                targets=objects[start : start + BATCH],
                details={"import": job.pk},
            )


def imported_ids(job, model):
    """The query for the ids of ``model``'s records this import created."""
    runs = ImportedRecord.objects.filter(job=job, model=model._meta.label_lower)
    condition = Q(pk__in=[])
    for first, last in runs.values_list("first_id", "last_id"):
        condition |= Q(pk__gte=first, pk__lte=last)
    return model.objects.filter(condition, organisation=job.organisation)


def _promote_people(job) -> list:
    rows = [row for row in _staged(job) if row.matched_id is None]
    numbers = reserve(job.organisation, "person_sequence", len(rows)) if rows else []
    people = []
    for row, number in zip(rows, numbers, strict=True):
        values = dict(row.values)
        if values.get("date_of_birth"):
            values["date_of_birth"] = dt.date.fromisoformat(values["date_of_birth"])
        people.append(
            Person(
                organisation=job.organisation,
                reference=f"P{number:06d}",
                created_by=job.created_by,
                **values,
            )
        )
    Person.objects.bulk_create(people, batch_size=INSERT_BATCH)
    # Each person is personal data: each gets its own audit event under the importer.
    _record(job, Person, people, audit_each=True)
    return people


def _promote_activities(job) -> list:
    zone = timezone.get_current_timezone()
    activities = []
    for row in _staged(job):
        values = row.values
        day = dt.date.fromisoformat(values["occurred_on"])
        clock = dt.time.fromisoformat(values.get("occurred_time") or "12:00")
        activities.append(
            Activity(
                organisation=job.organisation,
                case_id=values["case_id"],
                kind=values["kind"],
                occurred_at=dt.datetime.combine(day, clock, tzinfo=zone),
                minutes=values.get("minutes", 0),
                travel_minutes=values.get("travel_minutes", 0),
                with_person=values.get("with_person", False),
                note=values.get("note", ""),
                recorded_by=job.created_by,
            )
        )
    Activity.objects.bulk_create(activities, batch_size=INSERT_BATCH)
    # Imported time counts in reports at once: add it to the daily time summary.
    cases = (
        Case.objects.for_organisation(job.organisation)
        .only("service_id", "advocacy_type")
        .in_bulk({activity.case_id for activity in activities})
    )
    time_summary.activity_changed(
        added=[time_summary.counted(activity, cases[activity.case_id]) for activity in activities]
    )
    # Activities are the case's history: the import's own event names them (by job), as
    # ``ImportedRecord`` does, rather than 100,000 events one by one.
    _record(job, Activity, activities, audit_each=False)
    return activities


MODELS = {"people.person": Person, "casework.activity": Activity}


def undo_refusal(job: ImportJob) -> str:
    """Why this import cannot be undone now, or "" when it can."""
    if job.status != Status.IMPORTED:
        return _("Only a finished import can be undone.")
    for model in MODELS.values():
        records = imported_ids(job, model)
        if records.filter(updated_at__gt=job.imported_at).exists():
            return _(
                "Some of the imported records have been changed since, so it cannot be undone."
            )
        if model is Person and Case.objects.filter(person__in=records).exists():
            return _("Some of the imported people now have cases, so it cannot be undone.")
    return ""


def job_undo(*, job: ImportJob, acting_user, request=None) -> int:
    """Remove everything the import created, in one step, while nothing has changed since."""
    refusal = undo_refusal(job)
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic():
        removed = 0
        for model in MODELS.values():
            removed += imported_ids(job, model).delete()[1].get(model._meta.label, 0)
        _progress(job, status=Status.UNDONE, undone_at=timezone.now())
        audit_record(
            "import.undone",
            organisation=job.organisation,
            actor=acting_user,
            target=job,
            details={"removed": removed},
            request=request,
        )
    return removed

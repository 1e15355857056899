"""Imports: upload, map, check (staged a batch at a time), promote in one step, undo.

Checking streams the file and stages every row with its problems a batch at a time; the
rows processed are written where the polling page sees them at once (``heard.core.progress``:
the task's own transaction shows nothing until it ends), so the progress bar moves on
PostgreSQL and on SQLite. Importing promotes the staged rows in one
transaction: all of the file or none of it. Undo removes everything an import created, in
one transaction, while none of it has been changed since.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.audit.services import audit_record, audit_record_many
from heard.casework import milestones, time_summary
from heard.casework.instruction import opens_non_instructed
from heard.casework.models import (
    Activity,
    Case,
    CaseStatus,
    Instruction,
    InstructionChange,
    Issue,
    SaidBy,
)
from heard.casework.models import Status as CaseStatusChoice
from heard.core import progress
from heard.core.bulk import insert_rows
from heard.organisations.models import Membership, Service
from heard.organisations.sequences import reserve
from heard.people.models import Person
from heard.people.selectors import duplicates_among

from . import kinds
from .models import ImportedRecord, ImportJob, ImportSource, Kind, SourceKey, StagedRow, Status
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


def _keyed(organisation, model) -> dict:
    """``{folded ID in the source: record id}`` for ``model``'s records imported before and
    still in Heard (a record erased since is imported afresh)."""
    keys = SourceKey.objects.filter(
        organisation=organisation,
        model=model._meta.label_lower,
        object_id__in=model.objects.filter(organisation=organisation).values("pk"),
    )
    return dict(keys.values_list("folded", "object_id"))


def _references(organisation, model) -> dict:
    """Records by Heard's reference or by the source's ID (Heard's reference wins a clash)."""
    found = _keyed(organisation, model)
    records = model.objects.filter(organisation=organisation)
    found.update((kinds.fold(ref), pk) for ref, pk in records.values_list("reference", "pk"))
    return found


def _context(job: ImportJob) -> dict:
    """What checking a row needs from the database, read once for the whole file."""
    organisation = job.organisation
    if job.kind in (Kind.ACTIVITIES, Kind.ISSUES):
        context = {"case_ids": _references(organisation, Case)}
    elif job.kind == Kind.CASES:
        context = _case_context(organisation)
    else:
        context = {}
    model = KIND_MODELS[job.kind]
    context["keys"] = _keyed(organisation, model)
    context["existing"] = _natural_keys(job.kind, organisation)
    return context


def _case_context(organisation) -> dict:
    people_by_name: dict[tuple, list[int]] = {}
    people = Person.objects.filter(organisation=organisation)
    for pk, first, last, born in people.values_list(
        "pk", "first_name", "last_name", "date_of_birth"
    ):
        name = (kinds.fold(first), kinds.fold(last))
        people_by_name.setdefault((*name, None), []).append(pk)
        if born:
            people_by_name.setdefault((*name, born.isoformat()), []).append(pk)
    services_by_name, services_by_type = {}, {}
    for pk, name, types in Service.objects.filter(organisation=organisation).values_list(
        "pk", "name", "advocacy_types"
    ):
        services_by_name[kinds.fold(name)] = (pk, types)
        for code in types:
            services_by_type.setdefault(code, []).append(pk)
    staff: dict[str, list[int]] = {}
    for pk, name, email in Membership.objects.filter(organisation=organisation).values_list(
        "pk", "user__full_name", "user__email"
    ):
        for key in {kinds.fold(name), kinds.fold(email)} - {""}:
            staff.setdefault(key, []).append(pk)
    return {
        "person_ids": _references(organisation, Person),
        "people_by_name": people_by_name,
        "services_by_name": services_by_name,
        "services_by_type": services_by_type,
        "staff": staff,
    }


def natural_key(kind: str, values: dict):
    """What makes a row the same record as one already in Heard (or earlier in the file),
    when the source gives no ID: a case is one person's referral for one type on one day; an
    issue is the same words on the same case. ``None`` when the row cannot say."""
    if kind == Kind.CASES and "person_id" in values:
        return (values["person_id"], values.get("advocacy_type"), values.get("received_on"))
    if kind == Kind.ISSUES and "case_id" in values:
        return (values["case_id"], kinds.fold(values.get("in_their_words", "")))
    return None


def _natural_keys(kind: str, organisation) -> dict:
    if kind == Kind.CASES:
        cases = Case.objects.filter(organisation=organisation)
        return {
            (person, advocacy_type, received.isoformat()): pk
            for pk, person, advocacy_type, received in cases.values_list(
                "pk", "person_id", "advocacy_type", "received_on"
            )
        }
    if kind == Kind.ISSUES:
        issues = Issue.objects.filter(organisation=organisation)
        return {
            (case, kinds.fold(words)): pk
            for pk, case, words in issues.values_list("pk", "case_id", "in_their_words")
        }
    return {}


def _progress(job: ImportJob, *, seen_now: bool = False, **fields) -> None:
    """Set ``fields`` on the job; ``seen_now``: where the page polling it sees them while the
    task's transaction is still open (``heard.core.progress``)."""
    if seen_now:
        progress.record(ImportJob, job.pk, **fields)
    else:
        ImportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def _check_stopped() -> str:
    return _("The check stopped before it finished. Match the columns to check the file again.")


class _Stager:
    """Checks rows, finds those already in Heard (by the source's ID, the duplicate rules
    for people, or the record's natural key) or repeated in the file, and writes them to
    ``StagedRow`` a committed batch at a time."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.context = _context(job)
        self.seen_keys: dict[str, int] = {}
        self.seen_natural: dict = {}
        self.batch: list[StagedRow] = []
        self.processed = self.problem_rows = self.matched = 0

    def add(self, number: int, raw: dict) -> None:
        job = self.job
        values, problems = kinds.check_row(
            job.kind,
            raw,
            mapping=job.column_mapping,
            value_mapping=job.value_mapping,
            context=self.context,
        )
        matched_id = None
        key = kinds.fold(values.get("source_reference", ""))
        if key:
            if key in self.seen_keys:
                problems.append(_repeat(job, self.seen_keys[key], "source_reference"))
            else:
                self.seen_keys[key] = number
                matched_id = self.context["keys"].get(key)
        natural = natural_key(job.kind, values) if not problems else None
        if natural is not None and matched_id is None:
            if natural in self.seen_natural:
                problems.append(_repeat(job, self.seen_natural[natural], ""))
            else:
                self.seen_natural[natural] = number
                matched_id = self.context["existing"].get(natural)
        self.batch.append(
            {
                "job_id": job.pk,
                "row_number": number,
                "values": values,
                "problems": problems,
                "matched_id": matched_id,
            }
        )
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.job.kind == Kind.PEOPLE:
            _match_people(self.job.organisation, self.batch)
        self.processed += len(self.batch)
        self.problem_rows += sum(1 for row in self.batch if row["problems"])
        self.matched += sum(1 for row in self.batch if row["matched_id"] is not None)
        with transaction.atomic():
            insert_rows(StagedRow, self.batch)
        _progress(self.job, seen_now=True, processed_rows=self.processed)
        self.batch = []


def _repeat(job, row: int, field_name: str) -> dict:
    return {
        "column": job.column_mapping.get(field_name, ""),
        "field": "",
        "name": field_name,
        "message": _("This row is the same record as row %(row)s. Remove one of them.")
        % {"row": row},
    }


def job_check(*, job: ImportJob) -> ImportJob:
    """Stage every row with its problems (a dry run: nothing is created). The rows processed
    are written where the page sees them as each batch is staged, so the progress bar moves
    while the check runs (``heard.core.progress``)."""
    StagedRow.objects.filter(job=job).delete()
    try:
        with job.file.open("rb") as handle:
            _headers, rows = read_rows(handle, job.original_name)
            total = sum(1 for _row in rows)
        _progress(job, seen_now=True, status=Status.CHECKING, total_rows=total, processed_rows=0)
        stager = _Stager(job)
        with job.file.open("rb") as handle:
            _headers, rows = read_rows(handle, job.original_name)
            for number, raw in rows:
                stager.add(number, raw)
            stager.flush()
    except ImportFileError as error:
        _progress(job, status=Status.FAILED, message=str(error))
        return job
    except Exception:
        # The task's transaction rolls back; the job must not stay "checking" for ever.
        _progress(job, seen_now=True, status=Status.UPLOADED, message=_check_stopped())
        raise
    _progress(
        job,
        status=Status.CHECKED,
        processed_rows=stager.processed,
        total_rows=stager.processed,
        problem_rows=stager.problem_rows,
        matched_rows=stager.matched,
        message="",
    )
    audit_record(
        "import.checked",
        organisation=job.organisation,
        actor=job.created_by,
        target=job,
        details={
            "rows": stager.processed,
            "rows_with_problems": stager.problem_rows,
            "kind": job.kind,
        },
    )
    return job


def job_check_abandoned(job_id: int) -> None:
    """The worker stopped while checking the file: back to matching its columns, with why,
    so the check can be run again. Nothing once the job has moved on."""
    ImportJob.objects.filter(pk=job_id, status=Status.CHECKING).update(
        status=Status.UPLOADED, message=_check_stopped()
    )


def _match_people(organisation, batch: list[dict]) -> None:
    """Existing people by the duplicate rules, for a batch of rows in one query: never
    silently a second record."""
    wanted = [
        row
        for row in batch
        if not row["problems"] and row["matched_id"] is None and row["values"].get("date_of_birth")
    ]
    if not wanted:
        return
    born = {dt.date.fromisoformat(row["values"]["date_of_birth"]) for row in wanted}
    candidates: dict[dt.date, list[Person]] = {}
    for person in Person.objects.filter(organisation=organisation, date_of_birth__in=born):
        candidates.setdefault(person.date_of_birth, []).append(person)
    for row in wanted:
        values = row["values"]
        matches = duplicates_among(
            candidates.get(dt.date.fromisoformat(values["date_of_birth"]), []),
            first_name=values.get("first_name", ""),
            last_name=values.get("last_name", ""),
            postcode=values.get("postcode", ""),
        )
        row["matched_id"] = matches[0].pk if matches else None


def job_import(*, job: ImportJob) -> ImportJob:
    """Promote the staged rows in one transaction: the whole file, or (on any error) none.
    Rows already in Heard (matched) are not added again, so importing a file twice adds its
    records once."""
    if job.status != Status.CHECKED or job.problem_rows:
        raise ValidationError(_("Correct every row's problems and check the file again first."))
    _progress(job, status=Status.IMPORTING)
    try:
        with transaction.atomic():
            created = PROMOTE[job.kind](job)
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
    """``(values, matched id)`` of each staged row, in the file's order, streamed."""
    rows = StagedRow.objects.filter(job=job).order_by("row_number")
    return rows.values_list("values", "matched_id").iterator(chunk_size=INSERT_BATCH)


def id_runs(ids) -> list[tuple[int, int]]:
    """Consecutive ids as ``(first, last)`` runs: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs = []
    for pk in sorted(ids):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return [(first, last) for first, last in runs]


def _record(job, model, ids: list[int], rows: list[dict], *, audit_each: bool) -> None:
    ImportedRecord.objects.bulk_create(
        [
            ImportedRecord(job=job, model=model._meta.label_lower, first_id=first, last_id=last)
            for first, last in id_runs(ids)
        ],
        batch_size=INSERT_BATCH,
    )
    if audit_each:
        for start in range(0, len(ids), BATCH):
            audit_record_many(
                "import.record_created",
                organisation=job.organisation,
                actor=job.created_by,
                targets=[
                    model(pk=pk, **row)
                    for pk, row in zip(
                        ids[start : start + BATCH], rows[start : start + BATCH], strict=True
                    )
                ],
                details={"import": job.pk},
            )


def _record_keys(job, model, keyed: list[tuple[str, int]]) -> None:
    """Remember each record's ID in the source, so a re-run or a later file finds it. An ID
    already remembered (a re-run) keeps the record it names; one whose record has gone is
    forgotten first."""
    label = model._meta.label_lower
    SourceKey.objects.filter(organisation=job.organisation, model=label).exclude(
        object_id__in=model.objects.filter(organisation=job.organisation).values("pk")
    ).delete()
    SourceKey.objects.bulk_create(
        [
            SourceKey(
                organisation=job.organisation,
                model=label,
                key=key,
                folded=kinds.fold(key),
                object_id=pk,
                job=job,
            )
            for key, pk in keyed
            if key
        ],
        batch_size=INSERT_BATCH,
        ignore_conflicts=True,
    )


def imported_ids(job, model):
    """The query for the ids of ``model``'s records this import created."""
    runs = ImportedRecord.objects.filter(job=job, model=model._meta.label_lower)
    condition = Q(pk__in=[])
    for first, last in runs.values_list("first_id", "last_id"):
        condition |= Q(pk__gte=first, pk__lte=last)
    return model.objects.filter(condition, organisation=job.organisation)


def _at(day: str, clock: str = "12:00") -> dt.datetime:
    """A date (and time) from the file, in the organisation's time zone (noon by default)."""
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(
        dt.date.fromisoformat(day), dt.time.fromisoformat(clock), tzinfo=zone
    )


def _promote(job, model, build, *, audit_each: bool) -> list[tuple[int, dict]]:
    """Insert the record ``build(values, number)`` describes for each staged row not already
    in Heard, in bulk; remember their IDs in the source (and those of the rows matched).
    Returns ``(id, values)`` for each record created."""
    rows = list(_staged(job))
    new = [values for values, matched_id in rows if matched_id is None]
    sequence = SEQUENCES.get(model)
    numbers = reserve(job.organisation, sequence, len(new)) if sequence and new else None
    records = [
        build(values, number)
        for values, number in zip(new, numbers or [None] * len(new), strict=True)
    ]
    ids = insert_rows(model, records)
    _record(job, model, ids, records, audit_each=audit_each)
    created = iter(ids)
    _record_keys(
        job,
        model,
        [
            (
                values.get("source_reference", ""),
                next(created) if matched_id is None else matched_id,
            )
            for values, matched_id in rows
        ],
    )
    return list(zip(ids, new, strict=True))


def _promote_people(job) -> list:
    organisation_id, user_id = job.organisation_id, job.created_by_id

    def build(values, number):
        values = {k: v for k, v in values.items() if k != "source_reference"}
        if values.get("date_of_birth"):
            values["date_of_birth"] = dt.date.fromisoformat(values["date_of_birth"])
        return {
            "organisation_id": organisation_id,
            "reference": f"P{number:06d}",
            "created_by_id": user_id,
            **values,
        }

    # Each person is personal data: each gets its own audit event under the importer.
    return _promote(job, Person, build, audit_each=True)


def case_history(values: dict) -> list[dict]:
    """The status rows an imported case's history is made of, from what the file says: on
    the waiting list from the referral date; allocated and in contact from then when it had
    an advocate; on hold, or closed on its closure date."""
    status, advocate = values["status"], values.get("advocate_id")
    received = _at(values["received_on"])
    steps = [(CaseStatusChoice.WAITING, "referral_accepted", received)]
    if advocate and status != CaseStatusChoice.WAITING:
        steps.append((CaseStatusChoice.ALLOCATED, "allocated", received))
        if status != CaseStatusChoice.ALLOCATED:
            steps.append((CaseStatusChoice.ACTIVE, "first_contact", received))
    if status == CaseStatusChoice.ON_HOLD:
        steps.append((CaseStatusChoice.ON_HOLD, "on_hold", received))
    if status == CaseStatusChoice.CLOSED:
        steps.append((CaseStatusChoice.CLOSED, values["closure_reason"], _at(values["closed_on"])))
    history, previous = [], ""
    for step, reason, at in steps:
        advocate_id = advocate if step != CaseStatusChoice.WAITING else None
        history.append(
            {
                "status": step,
                "previous_status": previous,
                "reason": reason,
                "changed_at": at,
                "advocate_id": advocate_id,
            }
        )
        previous = step
    return history


def _promote_cases(job) -> list:
    organisation_id, user_id = job.organisation_id, job.created_by_id

    def build(values, number):
        history = case_history(values)
        waiting = values["status"] == CaseStatusChoice.WAITING
        because = opens_non_instructed(advocacy_type=values["advocacy_type"])
        return {
            "organisation_id": organisation_id,
            "reference": f"C{number:06d}",
            "person_id": values["person_id"],
            "service_id": values["service_id"],
            "advocacy_type": values["advocacy_type"],
            "received_on": dt.date.fromisoformat(values["received_on"]),
            "status": values["status"],
            "status_changed_at": history[-1]["changed_at"],
            "allocated_to_id": None if waiting else values.get("advocate_id"),
            "instruction": Instruction.NON_INSTRUCTED if because else Instruction.INSTRUCTED,
        }

    created = _promote(job, Case, build, audit_each=True)
    statuses, instructions = [], []
    for case_id, values in created:
        history = case_history(values)
        common = {"organisation_id": organisation_id, "case_id": case_id, "changed_by_id": user_id}
        statuses.extend({**common, **step} for step in history)
        because = opens_non_instructed(advocacy_type=values["advocacy_type"])
        if because:
            instructions.append(
                {
                    **common,
                    "instruction": Instruction.NON_INSTRUCTED,
                    "reason": because,
                    "changed_at": history[0]["changed_at"],
                }
            )
    insert_rows(CaseStatus, statuses)
    insert_rows(InstructionChange, instructions)
    # An imported history's allocation is a milestone reports measure.
    milestones.refresh(
        {row["case_id"] for row in statuses if row["status"] == CaseStatusChoice.ALLOCATED}
    )
    return created


def _promote_issues(job) -> list:
    organisation_id, user_id = job.organisation_id, job.created_by_id
    imported_at = timezone.now()

    def build(values, _number):
        outcome = values.get("outcome", "")
        recorded = None
        if outcome:
            recorded = _at(values["outcome_on"]) if values.get("outcome_on") else imported_at
        return {
            "organisation_id": organisation_id,
            "case_id": values["case_id"],
            "in_their_words": values["in_their_words"],
            "said_by": values.get("said_by") or SaidBy.PERSON,
            "category": values["category"],
            "outcome": outcome,
            "outcome_note": values.get("outcome_note", ""),
            "outcome_recorded_at": recorded,
            "created_by_id": user_id,
        }

    # The person's own words: each issue gets its own audit event under the importer.
    return _promote(job, Issue, build, audit_each=True)


def _promote_activities(job) -> list:
    organisation_id, user_id = job.organisation_id, job.created_by_id
    zone = timezone.get_current_timezone()
    noon = dt.time(12)

    def build(values, _number):
        clock = values.get("occurred_time")
        return {
            "organisation_id": organisation_id,
            "case_id": values["case_id"],
            "kind": values["kind"],
            "occurred_at": dt.datetime.combine(
                dt.date.fromisoformat(values["occurred_on"]),
                dt.time.fromisoformat(clock) if clock else noon,
                tzinfo=zone,
            ),
            "minutes": values.get("minutes", 0),
            "travel_minutes": values.get("travel_minutes", 0),
            "with_person": values.get("with_person", False),
            "note": values.get("note", ""),
            "recorded_by_id": user_id,
        }

    # Activities are the case's history: the import's own event names them (by job), as
    # ``ImportedRecord`` does, rather than 100,000 events one by one.
    created = _promote(job, Activity, build, audit_each=False)
    # Imported time counts in reports at once: add it to the daily time summary.
    cases = (
        Case.objects.for_organisation(job.organisation)
        .only("service_id", "advocacy_type")
        .in_bulk({values["case_id"] for _id, values in created})
    )
    time_summary.activity_changed(
        added=[
            time_summary.counted(Activity(**build(values, None)), cases[values["case_id"]])
            for _id, values in created
        ]
    )
    # Imported contact with the person can be a case's first contact.
    milestones.refresh({values["case_id"] for _id, values in created if values.get("with_person")})
    return created


PROMOTE = {
    Kind.PEOPLE: _promote_people,
    Kind.CASES: _promote_cases,
    Kind.ISSUES: _promote_issues,
    Kind.ACTIVITIES: _promote_activities,
}
KIND_MODELS = {
    Kind.PEOPLE: Person,
    Kind.CASES: Case,
    Kind.ISSUES: Issue,
    Kind.ACTIVITIES: Activity,
}
SEQUENCES = {Person: "person_sequence", Case: "case_sequence"}
# In the order an undo removes them: what hangs off a case before the case, cases before
# their people.
UNDO_ORDER = [Issue, Activity, Case, Person]


def undo_refusal(job: ImportJob) -> str:
    """Why this import cannot be undone now, or "" when it can."""
    if job.status != Status.IMPORTED:
        return _("Only a finished import can be undone.")
    model = KIND_MODELS[job.kind]
    records = imported_ids(job, model)
    if records.filter(updated_at__gt=job.imported_at).exists():
        return _("Some of the imported records have been changed since, so it cannot be undone.")
    if model is Person and Case.objects.filter(person__in=records).exists():
        return _("Some of the imported people now have cases, so it cannot be undone.")
    if model is Case and (
        Issue.objects.filter(case__in=records).exists()
        or Activity.objects.filter(case__in=records).exists()
    ):
        return _(
            "Some of the imported cases now have issues or activities, so it cannot be undone."
        )
    return ""


def job_undo(*, job: ImportJob, acting_user, request=None) -> int:
    """Remove everything the import created, in one step, while nothing has changed since."""
    refusal = undo_refusal(job)
    if refusal:
        raise ValidationError(refusal)
    model = KIND_MODELS[job.kind]
    try:
        with transaction.atomic():
            records = imported_ids(job, model)
            removed = records.count()
            contacted = (
                set(records.filter(with_person=True).values_list("case_id", flat=True))
                if model is Activity
                else set()
            )
            # Removed time leaves the daily summary in the same transaction, as it does
            # when an activity is marked entered in error.
            uncounted = time_summary.counted_in(records) if model is Activity else []
            records.delete()
            time_summary.activity_changed(removed=uncounted)
            # Removed contact may have been a case's first contact.
            milestones.refresh(contacted)
            SourceKey.objects.filter(job=job).delete()
            _progress(job, status=Status.UNDONE, undone_at=timezone.now())
            audit_record(
                "import.undone",
                organisation=job.organisation,
                actor=acting_user,
                target=job,
                details={"removed": removed},
                request=request,
            )
    except ProtectedError as error:
        raise ValidationError(
            _("Other records in Heard now refer to the imported ones, so it cannot be undone.")
        ) from error
    return removed

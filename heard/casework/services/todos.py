"""Writing tasks: manual ones, and the ones the deadline rules generate from case facts.

Generated tasks are upserted by ``rule_key`` (one per rule per case) whenever
the facts may have changed: after an activity, an allocation, a status change
or an edit of the case's details. ``regenerate_tasks`` is idempotent: running
it twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record, diff, snapshot
from heard.casework.access import CaseAccess, case_access
from heard.casework.deadlines import CaseFacts, Deadline, deadlines_for
from heard.casework.models import Activity, Case, CaseStatus, Priority, Status, Task, TaskKind
from heard.core import nations

AUDITED_FIELDS = [
    "kind",
    "title",
    "due_on",
    "due_at",
    "citation",
    "assigned_to",
    "rule_key",
    "completed_at",
]


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def case_facts(case: Case) -> CaseFacts:
    """The facts the deadline rules read (two aggregate queries, whatever the case's size).

    Activities entered in error are not contact; an urgent case is held to the service's
    urgent first-contact target.
    """
    contact = (
        Activity.objects.in_effect()
        .filter(case=case, with_person=True)
        .aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    )
    allocated = CaseStatus.objects.filter(case=case, status=Status.ALLOCATED).aggregate(
        first=Min("changed_at")
    )
    service = case.service
    today = timezone.localdate()
    dob = case.person.date_of_birth
    return CaseFacts(
        advocacy_type=case.advocacy_type,
        status=case.status,
        received_on=case.received_on,
        first_contact_target_days=(
            service.urgent_first_contact_target_days
            if case.priority == Priority.URGENT
            else service.first_contact_target_days
        ),
        rpr_contact_frequency_days=service.rpr_contact_frequency_days,
        dols_authorisation=case.dols_authorisation,
        dols_authorised_on=case.dols_authorised_on,
        dols_expires_on=case.dols_expires_on,
        decision_date=case.decision_date,
        care_act_review_on=case.care_act_review_on,
        allocated_on=_local_date(allocated["first"]),
        first_contact_on=_local_date(contact["first"]),
        last_contact_on=_local_date(contact["last"]),
        nation=nations.nation_for(case),
        mha_status=case.mha_status,
        mha_began_at=(
            timezone.localtime(case.mha_status_began_at) if case.mha_status_began_at else None
        ),
        mha_detention_extended=case.mha_detention_extended,
        mha_hearing_kind=case.mha_hearing_kind,
        mha_hearing_on=case.mha_hearing_on,
        person_under_18=dob is not None and case.person.age_on(today) < 18,
        today=today,
    )


def _audit(event: str, task: Task, acting_user, *, changes=None, details=None, request=None):
    audit_record(
        event,
        organisation=task.organisation,
        actor=acting_user,
        target=task,
        changes=changes,
        details={"case_id": task.case_id, **(details or {})},
        request=request,
    )


def _apply(task: Task, deadline: Deadline, case: Case, acting_user, now) -> str | None:
    """Bring an existing generated task in line with its deadline; the audit event, if any."""
    task.kind, task.title = deadline.kind, deadline.title
    task.citation = deadline.citation
    moved = task.due_on != deadline.due_on or task.due_at != deadline.due_at
    task.due_on, task.due_at = deadline.due_on, deadline.due_at
    if task.completed_at is None:
        # Open generated tasks follow the case's advocate, through reallocation.
        task.assigned_to_id = case.allocated_to_id
    if deadline.satisfied and task.completed_at is None:
        task.completed_at, task.completed_by = now, acting_user
        return "task.completed"
    if not deadline.satisfied and task.completed_at is not None and moved:
        # New facts moved the date (a renewed authorisation, a later visit): a new deadline.
        task.completed_at, task.completed_by = None, None
        task.assigned_to_id = case.allocated_to_id
    return "task.updated"


def regenerate_tasks(*, case: Case, acting_user, request=None) -> dict[str, int]:
    """Upsert the case's generated tasks from its facts; returns how many of each change.

    - a rule that applies and has no task: the task is created, for the case's advocate;
    - a rule whose date or title changed: the task is updated (and reopened if it was
      done and its date moved: that is a new deadline, such as a renewed authorisation);
    - a rule that is met (first contact made): its task is completed;
    - a rule that no longer applies (a fact removed, the type changed, the case closed):
      an open task is **removed** (audited with what it was), because an open task nobody
      can act on would sit in "my day" and the overdue counts for ever; a task already
      done is **kept** as the record of work done.
    """
    counts = {"created": 0, "updated": 0, "completed": 0, "removed": 0}
    with transaction.atomic():
        # Lock the case so two regenerations cannot both create the same rule's task.
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("service", "organisation", "person")
            .get(pk=case.pk)
        )
        facts = case_facts(case)
        now = timezone.now()
        existing = {
            task.rule_key: task for task in Task.objects.filter(case=case).exclude(rule_key="")
        }
        for deadline in deadlines_for(facts):
            task = existing.pop(deadline.rule_key, None)
            if task is None:
                if deadline.satisfied:
                    continue  # met before it was ever generated: nothing to do
                task = Task(
                    organisation_id=case.organisation_id,
                    case=case,
                    kind=deadline.kind,
                    title=deadline.title,
                    due_on=deadline.due_on,
                    due_at=deadline.due_at,
                    citation=deadline.citation,
                    assigned_to_id=case.allocated_to_id,
                    rule_key=deadline.rule_key,
                    created_by=acting_user,
                )
                task.full_clean()
                task.save()
                _audit(
                    "task.created",
                    task,
                    acting_user,
                    changes=diff({}, snapshot(task, AUDITED_FIELDS)),
                    details={"generated": True},
                    request=request,
                )
                counts["created"] += 1
                continue
            before = snapshot(task, AUDITED_FIELDS)
            event = _apply(task, deadline, case, acting_user, now)
            changes = diff(before, snapshot(task, AUDITED_FIELDS))
            if not changes:
                continue
            task.full_clean()
            task.save()
            details = {"generated": True}
            if event == "task.completed":
                details["reason"] = "rule met"
                counts["completed"] += 1
            else:
                counts["updated"] += 1
            _audit(event, task, acting_user, changes=changes, details=details, request=request)
        for task in existing.values():
            if task.completed_at is not None:
                continue
            before = snapshot(task, AUDITED_FIELDS)
            _audit(
                "task.removed",
                task,
                acting_user,
                changes={field: [value, None] for field, value in before.items()},
                details={"generated": True, "reason": "rule no longer applies"},
                request=request,
            )
            task.delete()
            counts["removed"] += 1
    return counts


# Manual tasks ---------------------------------------------------------------------------------


def _check_assignee(case: Case, assigned_to) -> None:
    if assigned_to is None:
        return
    if assigned_to.organisation_id != case.organisation_id or not assigned_to.sees_personal_data:
        raise ValidationError({"assigned_to": _("Choose a member of staff who works on cases")})
    if case_access(assigned_to, case) is not CaseAccess.FULL:
        raise ValidationError(
            {
                "assigned_to": _(
                    "This case is restricted: choose its advocate or a manager named on it"
                )
            }
        )


def task_create(
    *, case: Case, title: str, due_on: dt.date, assigned_to, acting_user, request=None
) -> Task:
    """A manual task on a case."""
    _check_assignee(case, assigned_to)
    with transaction.atomic():
        task = Task(
            organisation_id=case.organisation_id,
            case=case,
            kind=TaskKind.MANUAL,
            title=title.strip(),
            due_on=due_on,
            assigned_to=assigned_to,
            created_by=acting_user,
        )
        task.full_clean()
        task.save()
        _audit(
            "task.created",
            task,
            acting_user,
            changes=diff({}, snapshot(task, AUDITED_FIELDS)),
            request=request,
        )
    return task


class TaskChangeRefused(Exception):
    """A change the task does not allow; the message is shown to the user."""


def task_update(
    *, task: Task, title: str, due_on: dt.date, assigned_to, acting_user, request=None
) -> Task:
    """Change a manual task. Generated tasks follow their case's facts instead."""
    if task.rule_key:
        raise TaskChangeRefused(
            _("This task comes from the case's facts: change the facts and it will follow")
        )
    _check_assignee(task.case, assigned_to)
    with transaction.atomic():
        stored = Task.objects.select_for_update().get(pk=task.pk)
        before = snapshot(stored, AUDITED_FIELDS)
        task.title, task.due_on, task.assigned_to = title.strip(), due_on, assigned_to
        task.full_clean()
        changes = diff(before, snapshot(task, AUDITED_FIELDS))
        if changes:
            task.save()
            _audit("task.updated", task, acting_user, changes=changes, request=request)
    return task


def task_complete(*, task: Task, acting_user, request=None) -> bool:
    """Mark a task done. Returns False (and changes nothing) when it was already done."""
    with transaction.atomic():
        stored = Task.objects.select_for_update().get(pk=task.pk)
        if stored.completed_at is not None:
            task.completed_at, task.completed_by_id = stored.completed_at, stored.completed_by_id
            return False
        task.completed_at, task.completed_by = timezone.now(), acting_user
        task.save(update_fields=["completed_at", "completed_by", "updated_at"])
        _audit(
            "task.completed",
            task,
            acting_user,
            changes={"completed_at": [None, task.completed_at.isoformat()]},
            request=request,
        )
    return True

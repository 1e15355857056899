"""Writing a case's details (not its status: that is ``heard.casework.services.lifecycle``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import (
    audit_record,
    audit_recorded_with_next_statement,
    diff,
    snapshot,
)
from heard.casework.deadlines import validate_dols_dates
from heard.casework.models import Case, Instruction, InstructionChange, NonInstructedApproach
from heard.casework.services.lifecycle import regenerate_case_tasks
from heard.organisations.models import Role

DETAIL_FIELDS = [
    "instruction",
    "non_instructed_approaches",
    "dols_authorisation",
    "dols_authorised_on",
    "dols_expires_on",
    "decision_date",
    "care_act_review_on",
    "nation",
]
RESTRICTION_FIELDS = ["is_restricted"]
# The facts deadline tasks are generated from: a change regenerates the case's tasks. The
# nation is one: it names the tribunal and the review in the tasks' titles and citations.
FACT_FIELDS = frozenset(DETAIL_FIELDS[2:])


def case_view_recorded_with_next_read(*, case: Case, acting_user, request=None):
    """Log that someone opened a case (for the person's "who has looked at this"), as a
    context manager: the row is written in the same round trip as the block's first read
    (the case page reads its records at once), not one of its own; on leaving if none."""
    return audit_recorded_with_next_statement(
        "case.viewed",
        organisation=case.organisation,
        actor=acting_user,
        target=case,
        details={"path": request.path if request else ""},
        request=request,
    )


def _check(data: dict, restricted_managers, organisation_id) -> dict[str, str]:
    errors: dict[str, str] = {}
    instruction = data.get("instruction")
    approaches = list(data.get("non_instructed_approaches") or [])
    if instruction not in Instruction.values:
        errors["instruction"] = _("Select whether the advocacy is instructed or non-instructed")
    elif instruction == Instruction.NON_INSTRUCTED and not approaches:
        errors["non_instructed_approaches"] = _("Select the approach or approaches used")
    if any(a not in NonInstructedApproach.values for a in approaches):
        errors["non_instructed_approaches"] = _("Select approaches from the list")
    errors.update(
        validate_dols_dates(
            authorisation=data.get("dols_authorisation", ""),
            authorised_on=data.get("dols_authorised_on"),
            expires_on=data.get("dols_expires_on"),
        )
    )
    if restricted_managers is not None:
        for manager in restricted_managers:
            if manager.organisation_id != organisation_id or manager.role not in (
                Role.MANAGER,
                Role.ADMIN,
            ):
                errors["restricted_managers"] = _("Select managers from your organisation")
        if data.get("is_restricted") and not restricted_managers:
            errors["restricted_managers"] = _(
                "Name at least one manager who may open the case while it is restricted"
            )
    return errors


def case_update_details(
    *, case: Case, data: dict, acting_user, restricted_managers=None, request=None
) -> Case:
    """Change how the advocacy is done and the facts deadlines come from; audited with a diff.

    ``data`` holds ``DETAIL_FIELDS`` (and ``is_restricted`` when ``restricted_managers`` is
    given: only managers restrict a case). Changed facts regenerate the case's deadline tasks.
    """
    data = dict(data)
    if data.get("instruction") == Instruction.INSTRUCTED:
        data["non_instructed_approaches"] = []
    if not data.get("dols_authorisation"):
        data["dols_authorisation"] = ""
    errors = _check(data, restricted_managers, case.organisation_id)
    if errors:
        raise ValidationError(errors)
    fields = DETAIL_FIELDS + (RESTRICTION_FIELDS if restricted_managers is not None else [])
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",)).select_related("service").get(pk=case.pk)
        )
        before = snapshot(locked, fields)
        for field in fields:
            value = data.get(field)
            if field == "non_instructed_approaches":
                value = sorted(set(value or []), key=NonInstructedApproach.values.index)
            setattr(locked, field, value if value is not None else _empty(field))
        locked.full_clean(exclude=["referral"])
        locked.save(update_fields=[*fields, "updated_at"])
        changes = diff(before, snapshot(locked, fields))
        if {"instruction", "non_instructed_approaches"} & changes.keys():
            InstructionChange.objects.create(
                organisation_id=locked.organisation_id,
                case=locked,
                previous_instruction=before["instruction"],
                instruction=locked.instruction,
                previous_approaches=before["non_instructed_approaches"],
                approaches=locked.non_instructed_approaches,
                changed_by=acting_user,
                changed_at=timezone.now(),
            )
        if restricted_managers is not None:
            old = sorted(
                m.user.full_name for m in locked.restricted_managers.select_related("user")
            )
            locked.restricted_managers.set(restricted_managers)
            new = sorted(m.user.full_name for m in restricted_managers)
            if old != new:
                changes["restricted_managers"] = [old, new]
        if changes:
            audit_record(
                "case.updated",
                organisation=case.organisation,
                actor=acting_user,
                target=locked,
                changes=changes,
                request=request,
            )
        if FACT_FIELDS & changes.keys():
            regenerate_case_tasks(locked, acting_user, request=request)
    for field in fields:
        setattr(case, field, getattr(locked, field))
    return case


def _empty(field: str):
    """What an absent value is stored as: dates are null, choices blank."""
    if field in {"dols_authorised_on", "dols_expires_on", "decision_date", "care_act_review_on"}:
        return None
    if field == "non_instructed_approaches":
        return []
    if field == "is_restricted":
        return False
    return ""

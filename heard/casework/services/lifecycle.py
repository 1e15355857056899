"""The one place a case changes status (shared domain ``case-lifecycle.md``).

Every entry point — pages, the API, imports — calls ``case_transition`` (or one
of the named functions below, which call it); a transition not in
``TRANSITIONS``, or one missing what the table says it needs, is refused with
``TransitionRefused`` and a message a person can act on. Each change writes an
immutable ``CaseStatus`` row and an audit event, with the case row locked.

What each row records:

- ``reason``: a closure reason code (``ClosureReason`` / ``PreAllocationClosureReason``)
  for closures, otherwise the kind of step (``allocated``, ``reallocated``,
  ``deallocated``, ``first_contact``, ``on_hold``, ``resumed``, ``reopened``);
- ``note``: the person's own words — the reason given for a reallocation,
  deallocation, hold or reopening, or the text of an "other" closure reason;
- ``advocate``: the advocate allocated (or taken off, for a deallocation);
- ``review_date``: for a hold; ``conflict_override_reason``: for an override.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record
from heard.casework import milestones
from heard.casework.instruction import opens_non_instructed
from heard.casework.models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    ClosureReason,
    Instruction,
    InstructionChange,
    PreAllocationClosureReason,
    Status,
)
from heard.casework.services.conflicts import blocking_conflicts
from heard.casework.services.mha import mha_facts_from_referral
from heard.casework.services.todos import regenerate_tasks
from heard.core.dates import long_date
from heard.core.text import plural
from heard.organisations.models import Organisation
from heard.organisations.sequences import next_number

# (from, to) -> what the transition needs. ``None`` is "no case yet".
TRANSITIONS = {
    (None, Status.WAITING): "a referral accepted at triage",
    (Status.WAITING, Status.ALLOCATED): "an advocate with capacity and no unresolved conflict",
    (Status.WAITING, Status.CLOSED): "a pre-allocation closure reason",
    (Status.ALLOCATED, Status.WAITING): "a reason for deallocation",
    (Status.ALLOCATED, Status.ALLOCATED): "a reason for reallocation",
    (Status.ALLOCATED, Status.ACTIVE): "the first-contact activity",
    (Status.ACTIVE, Status.ACTIVE): "a manager; another advocate; a reason for reallocation",
    (Status.ON_HOLD, Status.ON_HOLD): "a manager; another advocate; a reason for reallocation",
    (Status.ACTIVE, Status.ON_HOLD): "a reason and a review date",
    (Status.ON_HOLD, Status.ACTIVE): "nothing more",
    (Status.ACTIVE, Status.CLOSED): "a closure reason; every issue has an outcome",
    (Status.ON_HOLD, Status.CLOSED): "a closure reason; every issue has an outcome",
    (Status.CLOSED, Status.ACTIVE): "a reason, within the service's reopen window",
}


class TransitionRefused(Exception):
    """A status change the lifecycle does not allow; the message is shown to the user.

    ``errors`` maps a field name (``"reason"``, ``"advocate"``...) or ``None`` (the
    change as a whole) to a message, so a page can put each message beside its field.
    """

    def __init__(self, message: str | None = None, *, errors: dict | None = None):
        self.errors = dict(errors) if errors else {None: message}
        super().__init__(message or " ".join(str(m) for m in self.errors.values()))


def next_case_reference(organisation: Organisation) -> str:
    return f"C{next_number(organisation, 'case_sequence'):06d}"


def _record_status(
    case: Case,
    *,
    status: str,
    previous: str,
    acting_user,
    reason="",
    note="",
    advocate=None,
    review_date=None,
    conflict_override_reason="",
    at=None,
    case_updates=None,
) -> CaseStatus:
    at = at or timezone.now()
    row = CaseStatus.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        status=status,
        previous_status=previous or "",
        reason=reason,
        note=note,
        advocate=advocate,
        review_date=review_date,
        conflict_override_reason=conflict_override_reason,
        changed_by=acting_user,
        changed_at=at,
    )
    updates = {"status": status, "status_changed_at": at, **(case_updates or {})}
    if status == Status.ALLOCATED:
        # The first allocation is a milestone reports measure (heard.casework.milestones):
        # the earliest allocated row's day, kept in the same statement.
        day = milestones.local_day(at)
        if case.allocated_on is None or day < case.allocated_on:
            updates["allocated_on"] = day
    Case.objects.filter(pk=case.pk).update(**updates, updated_at=at)
    for field, value in updates.items():
        setattr(case, field, value)
    return row


def case_open_waiting(
    *,
    organisation,
    person,
    service,
    advocacy_type,
    priority,
    received_on,
    acting_user,
    referral=None,
    request=None,
) -> Case:
    """Open a case on the waiting list (the first transition: none → waiting).

    It opens non-instructed, with the approach for the advocate to choose, when the type or
    the referral says the person lacks capacity (``heard.casework.instruction``); a row in
    the case's instruction history says why. An IMHA case opens with the section and the
    day it began from the referral, and its statutory deadlines are generated at once; the
    referral's nation (where the hospital is) comes with it, so they name that nation's
    tribunal.
    """
    non_instructed_because = opens_non_instructed(advocacy_type=advocacy_type, referral=referral)
    mha_facts = mha_facts_from_referral(advocacy_type=advocacy_type, referral=referral)
    instruction = Instruction.NON_INSTRUCTED if non_instructed_because else Instruction.INSTRUCTED
    with transaction.atomic():
        case = Case(
            organisation=organisation,
            person=person,
            service=service,
            advocacy_type=advocacy_type,
            priority=priority,
            received_on=received_on,
            referral=referral,
            instruction=instruction,
            # Where the person is (for IMHA, the hospital), when the referral said: it
            # decides which nation's tribunal and law the case names (``nations.nation_for``).
            nation=(referral.nation if referral is not None else None) or None,
            **mha_facts,
        )
        case.reference = next_case_reference(organisation)
        case.full_clean(exclude=["referral"])
        case.save()
        row = _record_status(
            case,
            status=Status.WAITING,
            previous="",
            acting_user=acting_user,
            reason="referral_accepted",
        )
        changes = {"status": [None, Status.WAITING], "priority": [None, priority]}
        if case.nation:
            changes["nation"] = [None, case.nation]
        if non_instructed_because:
            InstructionChange.objects.create(
                organisation_id=organisation.pk,
                case=case,
                instruction=instruction,
                reason=non_instructed_because,
                changed_by=acting_user,
                changed_at=row.changed_at,
            )
            changes["instruction"] = [None, instruction]
        for field, value in mha_facts.items():
            changes[field] = [None, value.isoformat() if hasattr(value, "isoformat") else value]
        audit_record(
            "case.opened",
            organisation=organisation,
            actor=acting_user,
            target=case,
            changes=changes,
            request=request,
        )
        if mha_facts:
            regenerate_tasks(case=case, acting_user=acting_user, request=request)
    return case


# Each refusal is a whole sentence, so each language words it its own way (docs/welsh.md).
_REFUSALS = {
    (Status.WAITING, Status.WAITING): _("A waiting case cannot go on the waiting list"),
    (Status.WAITING, Status.ACTIVE): _("A waiting case cannot become active"),
    (Status.WAITING, Status.ON_HOLD): _("A waiting case cannot be put on hold"),
    (Status.ALLOCATED, Status.ON_HOLD): _("An allocated case cannot be put on hold"),
    (Status.ALLOCATED, Status.CLOSED): _("An allocated case cannot be closed"),
    (Status.ACTIVE, Status.WAITING): _("An active case cannot go on the waiting list"),
    (Status.ACTIVE, Status.ALLOCATED): _("An active case cannot be allocated"),
    (Status.ON_HOLD, Status.WAITING): _("An on hold case cannot go on the waiting list"),
    (Status.ON_HOLD, Status.ALLOCATED): _("An on hold case cannot be allocated"),
    (Status.CLOSED, Status.WAITING): _("A closed case cannot go on the waiting list"),
    (Status.CLOSED, Status.ALLOCATED): _("A closed case cannot be allocated"),
    (Status.CLOSED, Status.ON_HOLD): _("A closed case cannot be put on hold"),
    (Status.CLOSED, Status.CLOSED): _("A closed case cannot be closed"),
    (None, Status.ALLOCATED): _("A new case cannot be allocated"),
    (None, Status.ACTIVE): _("A new case cannot become active"),
    (None, Status.ON_HOLD): _("A new case cannot be put on hold"),
    (None, Status.CLOSED): _("A new case cannot be closed"),
}


def refusal_message(current: str | None, new: str) -> str:
    key = (Status(current) if current else None, Status(new))
    return str(_REFUSALS.get(key, _("The case cannot change to that status")))


def assert_transition_allowed(current: str | None, new: str) -> None:
    if (current, new) not in TRANSITIONS:
        raise TransitionRefused(refusal_message(current, new))


# The kind of step, stored in ``CaseStatus.reason`` when the reason itself is free text.
ALLOCATED = "allocated"
REALLOCATED = "reallocated"
DEALLOCATED = "deallocated"
FIRST_CONTACT = "first_contact"
ON_HOLD = "on_hold"
RESUMED = "resumed"
REOPENED = "reopened"

# An active or on-hold case moving to another advocate: a row with the same status.
REALLOCATIONS = frozenset({(Status.ACTIVE, Status.ACTIVE), (Status.ON_HOLD, Status.ON_HOLD)})


def _day(value: dt.date) -> str:
    return long_date(value)


def _in_english(texts) -> list[str]:
    """The audit trail keeps explanations in English, whatever language the page was in."""
    with translation.override("en"):
        return [str(text) for text in texts]


def _staff_name(membership) -> str:
    return membership.user.full_name or membership.user.email


def _check_advocate(case: Case, advocate, override_reason: str, errors: dict) -> list:
    """Errors about the advocate chosen; returns the blocking conflicts being overridden."""
    if advocate is None:
        errors["advocate"] = _("Select an advocate")
        return []
    if advocate.organisation_id != case.organisation_id or not advocate.is_active:
        errors["advocate"] = _("Select an advocate who works for your organisation")
        return []
    name = _staff_name(advocate)
    if not advocate.holds_caseload:
        errors["advocate"] = _(
            "%(name)s has no caseload capacity, so cannot be allocated cases. Select another advocate, or give them a capacity on the staff page"
        ) % {"name": name}
        return []
    if case.status in OPEN_STATUSES and advocate.pk == case.allocated_to_id:
        errors["advocate"] = _(
            "The case is already allocated to %(name)s. Select another advocate"
        ) % {"name": name}
        return []
    blocking = blocking_conflicts(case, advocate)
    if blocking and not override_reason:
        said = " and ".join(m.explanation[:1].lower() + m.explanation[1:] for m in blocking)
        errors["advocate"] = _(
            "%(name)s has %(said)s. Select another advocate, or give a reason to override the conflict"
        ) % {"name": name, "said": said}
    return blocking + _readiness_gaps(case, advocate, name, override_reason, errors)


@dataclass(frozen=True)
class ReadinessGap:
    """Why an advocate is not signed off or qualified for the case's type (ADR-0011)."""

    explanation: str


def _readiness_gaps(case: Case, advocate, name: str, override_reason: str, errors: dict) -> list:
    """Like a conflict: not ready for the case's type blocks unless a reason overrides it."""
    from heard.development.selectors import readiness_gaps

    gaps = readiness_gaps(
        case.organisation, case.advocacy_type, [advocate.pk], today=timezone.localdate()
    ).get(advocate.pk, [])
    if gaps and not override_reason and "advocate" not in errors:
        errors["advocate"] = gettext(
            "%(name)s is %(gaps)s. Select another advocate, or give a reason to override"
        ) % {"name": name, "gaps": gettext(" and ").join(gaps)}
    return [ReadinessGap(gap) for gap in gaps]


def _check_reopen(case: Case, today: dt.date, errors: dict) -> None:
    closed_row = case.statuses.filter(status=Status.CLOSED).order_by("-changed_at", "-id").first()
    closed_at = closed_row.changed_at if closed_row else case.status_changed_at
    closed_on = timezone.localdate(closed_at) if closed_at else today
    window = case.service.reopen_window_days
    if today > closed_on + dt.timedelta(days=window):
        errors[None] = plural(
            window,
            "Case %(reference)s closed on %(closed_on)s, more than %(count)s day ago (the "
            "%(service)s reopening window), so it cannot be reopened. Open a new case for the "
            "person instead",
            "Case %(reference)s closed on %(closed_on)s, more than %(count)s days ago (the "
            "%(service)s reopening window), so it cannot be reopened. Open a new case for the "
            "person instead",
            reference=case.reference,
            closed_on=_day(closed_on),
            service=case.service.name,
        )
    elif case.allocated_to_id is None:
        errors[None] = _(
            "Case %(reference)s closed before an advocate was allocated, so it cannot be reopened. Open a new case for the person instead"
        ) % {"reference": case.reference}
    elif not case.allocated_to.is_active:
        errors[None] = _(
            "Case %(reference)s's advocate, %(staff_name)s, no longer works here, so the case cannot be reopened with them. Open a new case for the person instead"
        ) % {"reference": case.reference, "staff_name": _staff_name(case.allocated_to)}


def check_transition(
    case: Case,
    to: str,
    *,
    reason: str = "",
    note: str = "",
    advocate=None,
    review_date: dt.date | None = None,
    override_reason: str = "",
    activity=None,
    today: dt.date | None = None,
) -> list:
    """Raise ``TransitionRefused`` unless ``case`` may move to ``to`` with what is given.

    Returns the blocking conflicts of interest that ``override_reason`` overrides (if any).
    """
    today = today or timezone.localdate()
    current = case.status
    assert_transition_allowed(current, to)
    errors: dict = {}
    overridden: list = []
    step = (current, to)
    if to == Status.ALLOCATED:
        overridden = _check_advocate(case, advocate, override_reason, errors)
        if current == Status.ALLOCATED and not reason:
            errors["reason"] = _("Enter why the case is being reallocated")
    elif step in REALLOCATIONS:
        overridden = _check_advocate(case, advocate, override_reason, errors)
        if not reason:
            errors["reason"] = _("Enter why the case is being reallocated")
    elif step == (Status.WAITING, Status.CLOSED):
        if reason not in PreAllocationClosureReason.values:
            errors["reason"] = _("Select why the case is closing before an advocate was allocated")
    elif step == (Status.ALLOCATED, Status.WAITING):
        if not reason:
            errors["reason"] = _("Enter why the advocate is coming off the case")
    elif step == (Status.ALLOCATED, Status.ACTIVE):
        if activity is None:
            errors[None] = _(
                "A case becomes active when first contact with the person is recorded. "
                "Record the contact as an activity"
            )
        elif activity.case_id != case.pk:
            errors[None] = _("That activity is recorded on another case")
        elif not activity.with_person:
            errors[None] = _(
                "That activity was not contact with the person, so it is not first contact"
            )
    elif step == (Status.ACTIVE, Status.ON_HOLD):
        if not reason:
            errors["reason"] = _("Enter why the case is going on hold")
        if review_date is None:
            errors["review_date"] = _("Enter the date to review the case")
        elif review_date <= today:
            errors["review_date"] = _("The review date must be in the future")
    elif to == Status.CLOSED:
        if reason not in ClosureReason.values:
            errors["reason"] = _("Select why the case is closing")
        elif reason == ClosureReason.OTHER and not note:
            errors["note"] = _("Enter why the case is closing")
        without_outcome = case.issues.filter(outcome="", entered_in_error_at__isnull=True).count()
        if without_outcome:
            errors[None] = plural(
                without_outcome,
                "%(count)s issue has no outcome. Record an outcome for it before closing the case",
                "%(count)s issues have no outcome. Record an outcome for each before closing "
                "the case",
            )
    elif step == (Status.CLOSED, Status.ACTIVE):
        if not reason:
            errors["reason"] = _("Enter why the case is being reopened")
        _check_reopen(case, today, errors)
    if errors:
        raise TransitionRefused(errors=errors)
    return overridden


def _lock(case: Case) -> Case:
    # Lock the case row only (not the organisation or service joined for reading).
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("organisation", "service", "person", "referral", "allocated_to__user")
        .get(pk=case.pk)
    )


def regenerate_case_tasks(case: Case, acting_user, request=None) -> None:
    """Keep generated deadline tasks in step with the case (rules: ``heard.casework.services.todos``)."""
    regenerate_tasks(case=case, acting_user=acting_user, request=request)


def _with_note(reason: str, note: str) -> str:
    return "\n\n".join(part for part in (reason, note) if part)


def _apply(
    case: Case,
    to: str,
    *,
    acting_user,
    reason: str,
    note: str,
    advocate,
    review_date,
    override_reason: str,
    overridden: list,
    activity,
    request,
) -> CaseStatus:
    """Write the status row, the case's copy of it, and the audit events (case is locked)."""
    current = case.status
    previous_advocate = case.allocated_to
    case_updates = {}
    row_advocate = previous_advocate
    if (current, to) in REALLOCATIONS:
        # An active or on-hold case moves to another advocate and keeps its status.
        code, text = REALLOCATED, _with_note(reason, note)
        case_updates["allocated_to"] = row_advocate = advocate
    elif to == Status.ALLOCATED:
        code = REALLOCATED if current == Status.ALLOCATED else ALLOCATED
        text = _with_note(reason, note)
        case_updates["allocated_to"] = row_advocate = advocate
    elif current == Status.ALLOCATED and to == Status.WAITING:
        code, text = DEALLOCATED, _with_note(reason, note)
        case_updates["allocated_to"] = None
    elif to == Status.CLOSED:
        code, text = reason, note
    elif current == Status.ALLOCATED and to == Status.ACTIVE:
        occurred = timezone.localtime(activity.occurred_at).date()
        code = FIRST_CONTACT
        text = _with_note(f"{activity.get_kind_display()} on {_day(occurred)}", note)
    elif to == Status.ON_HOLD:
        code, text = ON_HOLD, _with_note(reason, note)
    elif current == Status.CLOSED:
        code, text = REOPENED, _with_note(reason, note)
    else:
        code, text = RESUMED, _with_note(reason, note)
    row = _record_status(
        case,
        status=to,
        previous=current,
        acting_user=acting_user,
        reason=code,
        note=text,
        advocate=row_advocate,
        review_date=review_date if to == Status.ON_HOLD else None,
        conflict_override_reason=override_reason if overridden else "",
        case_updates=case_updates,
    )
    changes = {"status": [current, to]}
    if "allocated_to" in case_updates:
        changes["allocated_to"] = [
            _staff_name(previous_advocate) if previous_advocate else None,
            _staff_name(advocate) if advocate else None,
        ]
    details = {"reason": code, "note": text, "status_row_id": row.pk}
    if row.review_date:
        details["review_date"] = row.review_date.isoformat()
    if activity is not None:
        details["activity_id"] = activity.pk
    audit_record(
        "case.allocated"
        if to == Status.ALLOCATED or (current, to) in REALLOCATIONS
        else "case.status_changed",
        organisation=case.organisation,
        actor=acting_user,
        target=case,
        changes=changes,
        details=details,
        request=request,
    )
    gaps = [item for item in overridden if isinstance(item, ReadinessGap)]
    overridden = [item for item in overridden if not isinstance(item, ReadinessGap)]
    if gaps:
        audit_record(
            "case.readiness_overridden",
            organisation=case.organisation,
            actor=acting_user,
            target=case,
            details={
                "advocate": _staff_name(advocate),
                "membership_id": advocate.pk,
                "not_ready": _in_english(gap.explanation for gap in gaps),
                "override_reason": override_reason,
                "status_row_id": row.pk,
            },
            request=request,
        )
    if overridden:
        audit_record(
            "case.conflict_overridden",
            organisation=case.organisation,
            actor=acting_user,
            target=case,
            details={
                "advocate": _staff_name(advocate),
                "membership_id": advocate.pk,
                "conflicts": _in_english(match.explanation for match in overridden),
                "conflict_ids": [match.conflict.pk for match in overridden],
                "override_reason": override_reason,
                "status_row_id": row.pk,
            },
            request=request,
        )
    regenerate_case_tasks(case, acting_user, request=request)
    return row


def _sync(case: Case, locked: Case) -> None:
    """Bring the caller's copy of the case up to date with what was written."""
    case.status = locked.status
    case.status_changed_at = locked.status_changed_at
    case.allocated_to = locked.allocated_to
    case.allocated_on = locked.allocated_on


def case_transition(
    *,
    case: Case,
    to: str,
    acting_user,
    reason: str = "",
    note: str = "",
    advocate=None,
    review_date: dt.date | None = None,
    override_reason: str = "",
    activity=None,
    request=None,
) -> CaseStatus:
    """Move ``case`` to status ``to``, or raise ``TransitionRefused`` saying why not.

    ``reason`` is a closure reason code when closing, otherwise the person's own words
    (required to reallocate, deallocate, put on hold and reopen). ``note`` is the text
    of an "other" closure reason, or anything more to keep with the step.
    """
    try:
        to = Status(to)
    except ValueError:
        raise TransitionRefused(_("“%(status)s” is not a case status") % {"status": to}) from None
    reason, note, override_reason = (
        (reason or "").strip(),
        (note or "").strip(),
        (override_reason or "").strip(),
    )
    with transaction.atomic():
        locked = _lock(case)
        overridden = check_transition(
            locked,
            to,
            reason=reason,
            note=note,
            advocate=advocate,
            review_date=review_date,
            override_reason=override_reason,
            activity=activity,
        )
        row = _apply(
            locked,
            to,
            acting_user=acting_user,
            reason=reason,
            note=note,
            advocate=advocate,
            review_date=review_date,
            override_reason=override_reason,
            overridden=overridden,
            activity=activity,
            request=request,
        )
    _sync(case, locked)
    return row


# Named entry points: each says what it needs, and all go through ``case_transition``.


def case_allocate(
    *, case, advocate, acting_user, note="", override_reason="", request=None
) -> CaseStatus:
    """Waiting → allocated. A blocking conflict of interest needs ``override_reason``."""
    return case_transition(
        case=case,
        to=Status.ALLOCATED,
        acting_user=acting_user,
        advocate=advocate,
        note=note,
        override_reason=override_reason,
        request=request,
    )


def case_reallocate(
    *, case, advocate, reason, acting_user, override_reason="", request=None
) -> CaseStatus:
    """To another advocate, with a reason; the history keeps both.

    An allocated case stays allocated; an active or on-hold case keeps its status (the
    advocate leaves or is off sick). Pages offer it to managers only.
    """
    keeps = case.status if case.status in (Status.ACTIVE, Status.ON_HOLD) else Status.ALLOCATED
    return case_transition(
        case=case,
        to=keeps,
        acting_user=acting_user,
        advocate=advocate,
        reason=reason,
        override_reason=override_reason,
        request=request,
    )


def case_deallocate(*, case, reason, acting_user, request=None) -> CaseStatus:
    """Allocated → back on the waiting list, with a reason."""
    return case_transition(
        case=case, to=Status.WAITING, acting_user=acting_user, reason=reason, request=request
    )


def case_hold(*, case, reason, review_date, acting_user, request=None) -> CaseStatus:
    """Active → on hold, with a reason and a review date in the future."""
    return case_transition(
        case=case,
        to=Status.ON_HOLD,
        acting_user=acting_user,
        reason=reason,
        review_date=review_date,
        request=request,
    )


def case_resume(*, case, acting_user, note="", request=None) -> CaseStatus:
    """On hold → active."""
    return case_transition(
        case=case, to=Status.ACTIVE, acting_user=acting_user, note=note, request=request
    )


def case_close(
    *, case, reason, acting_user, note="", confirmed_loose_ends=False, request=None
) -> CaseStatus:
    """Active or on hold → closed, with a ``ClosureReason``; every issue needs an outcome.

    Loose ends (open tasks, challenges without an answer, safeguarding concerns without an
    outcome) must be confirmed; the confirmation and what was open are kept in the history.
    """
    from heard.casework.sections import loose_ends

    open_items = loose_ends(case)
    if open_items and not confirmed_loose_ends:
        # What always stops a close (the reason, issues without an outcome) is said first.
        check_transition(
            case, Status.CLOSED, reason=(reason or "").strip(), note=(note or "").strip()
        )
        raise TransitionRefused(
            errors={
                "confirm_loose_ends": plural(
                    len(open_items),
                    "%(count)s thing is still open: resolve it, or confirm you want to close "
                    "the case anyway",
                    "%(count)s things are still open: resolve them, or confirm you want to "
                    "close the case anyway",
                )
            }
        )
    if open_items:
        note = _with_note(
            (note or "").strip(),
            "Closed with these still open, confirmed by the advocate: " + "; ".join(open_items),
        )
    return case_transition(
        case=case,
        to=Status.CLOSED,
        acting_user=acting_user,
        reason=reason,
        note=note,
        request=request,
    )


def case_close_before_allocation(*, case, reason, acting_user, note="", request=None) -> CaseStatus:
    """Waiting → closed, with a ``PreAllocationClosureReason``."""
    return case_transition(
        case=case,
        to=Status.CLOSED,
        acting_user=acting_user,
        reason=reason,
        note=note,
        request=request,
    )


def case_reopen(*, case, reason, acting_user, request=None) -> CaseStatus:
    """Closed → active, with a reason, within the service's reopening window."""
    return case_transition(
        case=case, to=Status.ACTIVE, acting_user=acting_user, reason=reason, request=request
    )


def case_record_first_contact(*, case, activity, acting_user, request=None) -> CaseStatus | None:
    """Allocated → active when ``activity`` is contact with the person.

    Call it whenever an activity is recorded. It does nothing (returns ``None``) when
    the activity is not contact with the person (``with_person`` is false) or the case
    is not waiting for first contact (already active, on hold, closed, or not yet
    allocated); otherwise it returns the new status row.
    """
    if not activity.with_person:
        return None
    if activity.case_id != case.pk:
        raise TransitionRefused(_("That activity is recorded on another case"))
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != Status.ALLOCATED:
            return None
        check_transition(locked, Status.ACTIVE, activity=activity)
        row = _apply(
            locked,
            Status.ACTIVE,
            acting_user=acting_user,
            reason="",
            note="",
            advocate=None,
            review_date=None,
            override_reason="",
            overridden=[],
            activity=activity,
            request=request,
        )
    _sync(case, locked)
    return row

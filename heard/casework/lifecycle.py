"""The one place a case changes status (shared domain ``case-lifecycle.md``).

Every entry point — pages, the API, imports — calls ``case_transition``; a
transition not in ``TRANSITIONS`` is refused with a clear message.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from heard.audit.services import audit_record
from heard.organisations.models import Organisation
from heard.organisations.sequences import next_number

from .models import Case, CaseStatus, Status

# (from, to) -> what the transition needs. ``None`` is "no case yet".
TRANSITIONS = {
    (None, Status.WAITING): "a referral accepted at triage",
    (Status.WAITING, Status.ALLOCATED): "an advocate with capacity and no unresolved conflict",
    (Status.WAITING, Status.CLOSED): "a pre-allocation closure reason",
    (Status.ALLOCATED, Status.WAITING): "a reason for deallocation",
    (Status.ALLOCATED, Status.ALLOCATED): "a reason for reallocation",
    (Status.ALLOCATED, Status.ACTIVE): "the first-contact activity",
    (Status.ACTIVE, Status.ON_HOLD): "a reason and a review date",
    (Status.ON_HOLD, Status.ACTIVE): "nothing more",
    (Status.ACTIVE, Status.CLOSED): "a closure reason; every issue has an outcome",
    (Status.ON_HOLD, Status.CLOSED): "a closure reason; every issue has an outcome",
    (Status.CLOSED, Status.ACTIVE): "a reason, within the service's reopen window",
}


class TransitionRefused(Exception):
    """A status change the lifecycle does not allow; the message is shown to the user."""


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
    at=None,
) -> CaseStatus:
    at = at or timezone.now()
    row = CaseStatus.objects.create(
        organisation=case.organisation,
        case=case,
        status=status,
        previous_status=previous or "",
        reason=reason,
        note=note,
        advocate=advocate,
        review_date=review_date,
        changed_by=acting_user,
        changed_at=at,
    )
    Case.objects.filter(pk=case.pk).update(status=status, status_changed_at=at)
    case.status, case.status_changed_at = status, at
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
    """Open a case on the waiting list (the first transition: none → waiting)."""
    with transaction.atomic():
        case = Case(
            organisation=organisation,
            person=person,
            service=service,
            advocacy_type=advocacy_type,
            priority=priority,
            received_on=received_on,
            referral=referral,
        )
        case.reference = next_case_reference(organisation)
        case.full_clean(exclude=["referral"])
        case.save()
        _record_status(
            case,
            status=Status.WAITING,
            previous="",
            acting_user=acting_user,
            reason="referral_accepted",
        )
        audit_record(
            "case.opened",
            organisation=organisation,
            actor=acting_user,
            target=case,
            changes={"status": [None, Status.WAITING], "priority": [None, priority]},
            request=request,
        )
    return case


def assert_transition_allowed(current: str | None, new: str) -> None:
    if (current, new) not in TRANSITIONS:
        current_label = Status(current).label.lower() if current else "new"
        raise TransitionRefused(f"A {current_label} case cannot become {Status(new).label.lower()}")

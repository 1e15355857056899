"""Who may open a case: the one documented access function (shared domain ``case-lifecycle.md``).

Within an organisation, staff who see personal data may open any case, except
a **restricted** case (e.g. the person is a relative of a staff member): that
opens only for its allocated advocate and the managers named on it. Everyone
else who could otherwise see it gets a placeholder — "Restricted case" with its
reference, status and advocacy type, enough to avoid a duplicate referral —
and every attempt to open it is refused (403) and audited.

Another organisation's case is never reached at all: tenancy answers 404 first.
"""

from __future__ import annotations

import enum

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record
from heard.casework.models import Case
from heard.organisations.tenancy import get_scoped_or_404


class CaseAccess(enum.Enum):
    NONE = "none"  # may not see the case exists (commissioners, network coordinators)
    PLACEHOLDER = "placeholder"  # sees "Restricted case", reference, status and type only
    FULL = "full"  # may open the case and its content


RESTRICTED_LABEL = _("Restricted case")


def case_access(membership, case: Case) -> CaseAccess:
    """The access ``membership`` has to ``case``. Reads ``restricted_managers`` only for restricted cases."""
    if membership is None or not membership.sees_personal_data:
        return CaseAccess.NONE
    if membership.organisation_id != case.organisation_id:
        return CaseAccess.NONE
    if not case.is_restricted:
        return CaseAccess.FULL
    if case.allocated_to_id == membership.pk:
        return CaseAccess.FULL
    if case.restricted_managers.filter(pk=membership.pk).exists():
        return CaseAccess.FULL
    return CaseAccess.PLACEHOLDER


def _named(membership, case_ref) -> Exists:
    """The member is one of the managers named on the case ``case_ref`` points at."""
    return Exists(
        Case.restricted_managers.through.objects.filter(
            case_id=case_ref, membership_id=membership.pk
        )
    )


def can_open_condition(membership, *, case: str = ""):
    """``case_access`` as a SQL condition on a row that is (``case=""``) or joins to a case.

    ``case`` is the path to the case (``"case"`` from a task), so a list that already
    joins its case tests access on that join: no subquery re-reads the case.
    """
    if membership is None or not membership.sees_personal_data:
        return Value(False, output_field=BooleanField())
    prefix = f"{case}__" if case else ""
    return ExpressionWrapper(
        # "IS NOT NULL" keeps the answer False, never SQL NULL, for an unallocated case.
        Q(**{f"{prefix}is_restricted": False})
        | Q(
            **{f"{prefix}allocated_to_id": membership.pk, f"{prefix}allocated_to_id__isnull": False}
        )
        | _named(membership, OuterRef(f"{case}_id" if case else "pk")),
        output_field=BooleanField(),
    )


def with_access(queryset: QuerySet, membership) -> QuerySet:
    """Annotate ``can_open`` in SQL, so a list shows placeholders without a query per row."""
    return queryset.annotate(can_open=can_open_condition(membership))


def get_case_or_404(request, case_id: int, queryset: QuerySet | None = None) -> Case:
    """Fetch a case of the current organisation and check the user may open it.

    404 when it is not this organisation's; 403 (audited) when it is restricted
    and the user is neither its advocate nor a manager named on it.
    """
    case = get_scoped_or_404(request, queryset if queryset is not None else Case, pk=case_id)
    access = case_access(request.membership, case)
    if access is CaseAccess.FULL:
        return case
    if access is CaseAccess.PLACEHOLDER:
        audit_record(
            "case.restricted_access_refused",
            organisation=request.organisation,
            actor=request.user,
            target=case,
            target_label=case.reference,
            details={"path": request.path, "method": request.method},
            request=request,
        )
    raise PermissionDenied


def closed_to_member(membership, person_ref) -> Exists:
    """A restricted case of the person ``person_ref`` that ``membership`` may not open.

    One flat subquery on the restricted cases alone, with the named-manager check inside it.
    The member's organisation is written out (a person's cases are all in it): row
    security's own ``organisation_id`` condition does not reach the index inside a join, so
    without it PostgreSQL read every organisation's restricted cases
    (``case_restricted_org_person_idx``, docs/performance.md).
    """
    restricted = Case.objects.filter(person_id=person_ref, is_restricted=True)
    if membership is not None:
        # Django's negation is NULL-safe: an unallocated case is not the member's.
        restricted = restricted.filter(
            ~Q(allocated_to_id=membership.pk),
            ~_named(membership, OuterRef("pk")),
            organisation_id=membership.organisation_id,
        )
    return Exists(restricted.order_by())


def with_person_restriction(queryset: QuerySet, membership) -> QuerySet:
    """Annotate people with ``is_hidden``: they have a restricted case this member may not open.

    A restricted case's content includes the person's details, so such a person
    shows in lists only as a placeholder with their reference.
    """
    if membership is None:
        return queryset.annotate(is_hidden=Value(True, output_field=BooleanField()))
    return queryset.annotate(is_hidden=closed_to_member(membership, OuterRef("pk")))


def check_person_access(request, person) -> None:
    """403 (audited) when the person's details belong to a restricted case the user may not open."""
    hidden = with_person_restriction(
        type(person)._default_manager.filter(pk=person.pk), request.membership
    ).values_list("is_hidden", flat=True)
    if hidden.first():
        audit_record(
            "person.restricted_access_refused",
            organisation=request.organisation,
            actor=request.user,
            target=person,
            target_label=person.reference,
            details={"path": request.path, "method": request.method},
            request=request,
        )
        raise PermissionDenied


def with_person_hidden(queryset: QuerySet, membership, *, person="person_id") -> QuerySet:
    """Annotate ``person_hidden``: the row's person is on a restricted case this member may not
    open, so their details show only as a placeholder (``with_person_restriction``)."""
    if membership is None:
        hidden = ExpressionWrapper(Q(**{f"{person}__isnull": False}), output_field=BooleanField())
        return queryset.annotate(person_hidden=hidden)
    return queryset.annotate(person_hidden=closed_to_member(membership, OuterRef(person)))

"""Allocation: who can take a case, their weighted caseload, and their declared conflicts.

An advocate's **weighted caseload** is the sum, over their open cases (allocated,
active, on hold), of the organisation's weight for each case's advocacy type
(``organisation.settings["caseload_weights"]``, ``{type code: weight}``; a type
without a weight counts 1). It is compared with ``Membership.caseload_capacity``.
Going over capacity is a warning, never a block; a conflict of interest blocks
unless a manager overrides it with a reason (see ``heard.casework.services.conflicts``).
The status change itself is ``heard.casework.services.lifecycle.case_allocate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record
from heard.casework.models import OPEN_STATUSES, Case
from heard.casework.services.conflicts import ConflictMatch, conflict_matches
from heard.core.advocacy_types import AdvocacyType
from heard.organisations.models import Membership, Organisation, Role

WEIGHTS_KEY = "caseload_weights"
DEFAULT_WEIGHT = Decimal("1")
MAX_WEIGHT = Decimal("10")
CASELOAD_ROLES = (Role.ADVOCATE, Role.MANAGER)
_WEIGHT_FIELD = models.DecimalField(max_digits=8, decimal_places=2)


def caseload_weights_from(settings: dict | None) -> dict[str, Decimal]:
    """Every advocacy type's weight from an organisation's settings (1 unless set)."""
    stored = (settings or {}).get(WEIGHTS_KEY) or {}
    weights = {}
    for code in AdvocacyType.values:
        try:
            weight = Decimal(str(stored.get(code, DEFAULT_WEIGHT)))
        except (InvalidOperation, ValueError):
            weight = DEFAULT_WEIGHT
        weights[code] = weight if weight.is_finite() else DEFAULT_WEIGHT
    return weights


def caseload_weights(organisation: Organisation) -> dict[str, Decimal]:
    """The weight of every advocacy type for this organisation (1 unless set)."""
    return caseload_weights_from(organisation.settings)


def weight_expression(weights: dict[str, Decimal], prefix: str = "") -> models.Case:
    """SQL for the weight of a case by its advocacy type (``prefix`` reaches the case)."""
    whens = [
        When(**{f"{prefix}advocacy_type": code}, then=Value(weight))
        for code, weight in weights.items()
        if weight != DEFAULT_WEIGHT
    ]
    return models.Case(*whens, default=Value(DEFAULT_WEIGHT), output_field=_WEIGHT_FIELD)


def case_weight(case: Case, weights: dict[str, Decimal] | None = None) -> Decimal:
    weights = weights if weights is not None else caseload_weights(case.organisation)
    return weights.get(case.advocacy_type, DEFAULT_WEIGHT)


def _weight_text(weight: Decimal) -> str:
    """``1.50`` → ``"1.5"``, ``2.0`` → ``"2"``: how a weight is stored and shown."""
    return format(weight.normalize(), "f")


def with_caseload(queryset, weights: dict[str, Decimal]):
    """Annotate memberships with ``caseload``: their weighted open cases (grouped, one query)."""
    open_cases = Q(allocated_cases__status__in=OPEN_STATUSES)
    return queryset.annotate(
        caseload=Coalesce(
            Sum(weight_expression(weights, "allocated_cases__"), filter=open_cases),
            Value(Decimal("0")),
            output_field=_WEIGHT_FIELD,
        )
    )


@dataclass
class Candidate:
    """One person who could take the case: their caseload against capacity, and conflicts."""

    membership: Membership
    caseload: Decimal
    capacity: Decimal
    weight: Decimal  # what this case would add
    conflicts: list[ConflictMatch] = field(default_factory=list)
    # Why they are not signed off or qualified for the case's type (heard.development).
    not_ready: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.membership.user.full_name or self.membership.user.email

    @property
    def blocking(self) -> list[ConflictMatch]:
        return [c for c in self.conflicts if c.blocks]

    @property
    def warnings(self) -> list[ConflictMatch]:
        return [c for c in self.conflicts if not c.blocks]

    @property
    def has_conflict(self) -> bool:
        return bool(self.blocking)

    @property
    def needs_override(self) -> bool:
        return self.has_conflict or bool(self.not_ready)

    @property
    def over_capacity(self) -> bool:
        """Taking this case would put them over their capacity."""
        return self.caseload + self.weight > self.capacity

    @property
    def caseload_after(self) -> Decimal:
        return self.caseload + self.weight


def caseload_candidates(organisation: Organisation):
    """Active advocates and managers with a caseload capacity: who may be allocated cases."""
    return Membership.objects.filter(
        organisation=organisation,
        is_active=True,
        role__in=CASELOAD_ROLES,
        caseload_capacity__gt=0,
    )


def advocate_caseloads(organisation: Organisation, weights=None) -> list[Membership]:
    """Everyone who holds a caseload, annotated with ``caseload`` (weighted), in one query.

    For the manager's view of caseload against capacity, as well as allocation.
    """
    weights = weights if weights is not None else caseload_weights(organisation)
    return list(
        with_caseload(caseload_candidates(organisation), weights)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def candidates_for(case: Case) -> list[Candidate]:
    """Who could take ``case``: caseloads (one grouped query), conflicts (one query) and
    readiness for the case's type (three queries, only when the organisation checks it)."""
    from heard.development.selectors import readiness_gaps

    weights = caseload_weights(case.organisation)
    weight = case_weight(case, weights)
    memberships = advocate_caseloads(case.organisation, weights)
    conflicts = conflict_matches(case, [m.pk for m in memberships])
    gaps = readiness_gaps(
        case.organisation,
        case.advocacy_type,
        [m.pk for m in memberships],
        today=timezone.localdate(),
    )
    return [
        Candidate(
            membership=m,
            caseload=m.caseload,
            capacity=m.caseload_capacity,
            weight=weight,
            conflicts=conflicts.get(m.pk, []),
            not_ready=gaps.get(m.pk, []),
        )
        for m in memberships
    ]


def caseload_weights_update(
    *, organisation: Organisation, weights: dict, acting_user, request=None
) -> dict[str, Decimal]:
    """Set the weight of each advocacy type (0 to 10). Audited as ``organisation.updated``."""
    cleaned: dict[str, Decimal] = {}
    errors = {}
    for code, value in weights.items():
        if code not in AdvocacyType.values:
            errors[code] = _("Unknown advocacy type: %(code)s") % {"code": code}
            continue
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            errors[code] = _("Enter a weight as a number, like 1 or 1.5")
            continue
        if not number.is_finite() or number < 0 or number > MAX_WEIGHT:
            errors[code] = _("Enter a weight from 0 to %(MAX_WEIGHT)s") % {"MAX_WEIGHT": MAX_WEIGHT}
            continue
        cleaned[code] = number
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Locked: other settings live in the same JSON and must not be overwritten.
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        settings = dict(locked.settings or {})
        before = caseload_weights_from(settings)
        after = {**before, **cleaned}
        # Stored as strings (exact decimals in JSON); only types that differ from the default.
        settings[WEIGHTS_KEY] = {
            k: _weight_text(v) for k, v in after.items() if v != DEFAULT_WEIGHT
        }
        changed = {
            k: [_weight_text(before[k]), _weight_text(v)]
            for k, v in after.items()
            if v != before[k]
        }
        locked.settings = settings
        locked.save(update_fields=["settings"])
        organisation.settings = settings
        if changed:
            audit_record(
                "organisation.updated",
                organisation=locked,
                actor=acting_user,
                target=locked,
                changes={f"caseload_weights.{k}": v for k, v in changed.items()},
                request=request,
            )
    return caseload_weights(organisation)

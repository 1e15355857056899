"""Reads for advocates' development. Each takes querysets already scoped to the organisation
and costs a fixed number of queries whatever the number of staff, sessions or records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Window
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from heard.core.advocacy_types import AdvocacyType

from .models import (
    DEFAULT_FREQUENCY_DAYS,
    InductionItem,
    Readiness,
    SupervisionFrequency,
    SupervisionKind,
    TrainingItem,
    TrainingRecord,
    TrainingStatus,
)

READINESS_SETTING = "allocation_readiness_required"
EXPIRING_SOON_DAYS = 60


def readiness_required(organisation) -> bool:
    """Whether allocation checks induction and qualification readiness (ADR-0011)."""
    return bool((organisation.settings or {}).get(READINESS_SETTING))


def frequencies(organisation) -> dict[str, int]:
    """Days between sessions the organisation expects, for each kind (one query)."""
    days = dict(DEFAULT_FREQUENCY_DAYS)
    for row in SupervisionFrequency.objects.filter(organisation=organisation):
        days[row.kind] = row.every_days
    return days


# --- readiness for allocation -----------------------------------------------------------


def readiness_gaps(organisation, advocacy_type: str, membership_ids, *, today: dt.date) -> dict:
    """Why each of these staff is not ready for cases of ``advocacy_type`` (three queries).

    Ready means a current "ready for this type" sign-off, and every training item the
    organisation requires for the type achieved and not expired. Members missing from
    the result are ready. When the organisation has not turned the check on, nobody is
    missing anything.
    """
    membership_ids = list(membership_ids)
    if not membership_ids or not readiness_required(organisation):
        return {}
    label = AdvocacyType(advocacy_type).label if advocacy_type in AdvocacyType.values else ""
    signed = set(
        Readiness.objects.filter(
            organisation=organisation,
            advocacy_type=advocacy_type,
            membership_id__in=membership_ids,
            withdrawn_at__isnull=True,
        ).values_list("membership_id", flat=True)
    )
    required = [
        item
        for item in TrainingItem.objects.filter(organisation=organisation, is_active=True)
        if advocacy_type in (item.required_for or [])
    ]
    held = set()
    if required:
        held = set(
            TrainingRecord.objects.filter(
                organisation=organisation,
                item__in=required,
                membership_id__in=membership_ids,
                status=TrainingStatus.ACHIEVED,
            )
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            .values_list("membership_id", "item_id")
        )
    gaps: dict[int, list[str]] = {}
    for pk in membership_ids:
        reasons = []
        if pk not in signed:
            reasons.append(_("not signed off as ready for %(type)s cases") % {"type": label})
        reasons += [
            _("does not hold %(item)s") % {"item": item.name}
            for item in required
            if (pk, item.pk) not in held
        ]
        if reasons:
            gaps[pk] = reasons
    return gaps


# --- supervision -----------------------------------------------------------------------


@dataclass
class SupervisionDue:
    kind: str
    label: str
    last: dt.date | None
    due: dt.date
    overdue: bool


def supervision_expected(membership, profile) -> list[str]:
    """The kinds of supervision someone with a caseload is expected to have."""
    kinds = [SupervisionKind.ONE_TO_ONE, SupervisionKind.GROUP]
    if profile is not None and profile.external_supervisor_name:
        kinds.append(SupervisionKind.EXTERNAL)
    return kinds


def with_last_supervision(memberships: QuerySet) -> QuerySet:
    """Annotate ``last_<kind>``: the date of each member's latest session of each kind."""
    return memberships.annotate(
        **{
            f"last_{kind}": Max(
                "supervision_sessions__held_on", filter=Q(supervision_sessions__kind=kind)
            )
            for kind in SupervisionKind.values
        }
    )


def supervision_due(membership, *, every: dict[str, int], today: dt.date) -> list[SupervisionDue]:
    """When each expected kind is next due, from a member annotated by ``with_last_supervision``.

    Someone who has never had one is due ``every`` days after they started.
    """
    profile = getattr(membership, "development_profile", None)
    started = (profile.start_date if profile else None) or membership.created_at.date()
    rows = []
    for kind in supervision_expected(membership, profile):
        last = getattr(membership, f"last_{kind}", None)
        due = (last or started) + dt.timedelta(days=every[kind])
        rows.append(
            SupervisionDue(kind, SupervisionKind(kind).label, last, due, overdue=due < today)
        )
    return rows


@dataclass
class OverdueRow:
    membership: object
    overdue: list[SupervisionDue]


def overdue_supervision(
    organisation, memberships: QuerySet, *, today: dt.date, limit: int
) -> tuple[list[OverdueRow], int]:
    """Staff with a caseload whose supervision of any kind is overdue: the first ``limit`` by
    name, and how many there are in all (two queries).

    Who is overdue is decided in SQL (the rule of ``supervision_due``), so a national
    organisation's thousand staff are counted there, not read to show ten.
    """
    from heard.casework.services.allocation import CASELOAD_ROLES

    every = frequencies(organisation)
    # ``supervision_due``'s start: the profile's start date, else the day they joined (UTC).
    started = Coalesce("development_profile__start_date", TruncDate("created_at", tzinfo=dt.UTC))
    kinds = [SupervisionKind.ONE_TO_ONE, SupervisionKind.GROUP, SupervisionKind.EXTERNAL]
    people = with_last_supervision(
        memberships.filter(is_active=True, role__in=CASELOAD_ROLES, caseload_capacity__gt=0)
    ).alias(**{f"since_{kind}": Coalesce(f"last_{kind}", started) for kind in kinds})
    late = {
        kind: Q(**{f"since_{kind}__lt": today - dt.timedelta(days=every[kind])}) for kind in kinds
    }
    # External supervision is expected only of someone with an external supervisor.
    late[SupervisionKind.EXTERNAL] &= Q(development_profile__external_supervisor_name__gt="")
    page = list(
        people.filter(
            late[SupervisionKind.ONE_TO_ONE]
            | late[SupervisionKind.GROUP]
            | late[SupervisionKind.EXTERNAL]
        )
        .annotate(total=Window(Count("*")))
        .select_related("user", "development_profile")
        .order_by("user__full_name", "pk")[:limit]
    )
    rows = [
        OverdueRow(
            member,
            [due for due in supervision_due(member, every=every, today=today) if due.overdue],
        )
        for member in page
    ]
    return rows, page[0].total if page else 0


# --- the team view ----------------------------------------------------------------------


@dataclass
class TeamRow:
    membership: object
    caseload: Decimal
    supervision: list[SupervisionDue]
    induction_done: int
    induction_total: int
    ready_for: list[str] = field(default_factory=list)

    @property
    def over_capacity(self) -> bool:
        return self.caseload > self.membership.caseload_capacity

    @property
    def overdue(self) -> list[SupervisionDue]:
        return [row for row in self.supervision if row.overdue]


def team(organisation, memberships: QuerySet, *, today: dt.date) -> list[TeamRow]:
    """Everyone who holds a caseload, with caseload, supervision due and induction progress.

    Six queries whatever the number of staff or sessions.
    """
    from heard.casework.services.allocation import advocate_caseloads

    every = frequencies(organisation)
    loads = {m.pk: m.caseload for m in advocate_caseloads(organisation)}
    people = list(
        with_last_supervision(
            memberships.filter(pk__in=list(loads), is_active=True).select_related(
                "user", "development_profile"
            )
        ).order_by("user__full_name", "pk")
    )
    done = dict(
        InductionItem.objects.filter(organisation=organisation, is_active=True)
        .filter(sign_offs__membership__in=people)
        .values_list("sign_offs__membership")
        .annotate(n=Count("pk"))
    )
    total = InductionItem.objects.filter(organisation=organisation, is_active=True).count()
    ready = defaultdict(list)
    for pk, code in Readiness.objects.filter(
        organisation=organisation, membership__in=people, withdrawn_at__isnull=True
    ).values_list("membership_id", "advocacy_type"):
        ready[pk].append(AdvocacyType(code).label)
    return [
        TeamRow(
            membership=m,
            caseload=loads.get(m.pk, Decimal(0)),
            supervision=supervision_due(m, every=every, today=today),
            induction_done=done.get(m.pk, 0),
            induction_total=total,
            ready_for=sorted(ready[m.pk]),
        )
        for m in people
    ]


# --- the training matrix ------------------------------------------------------------------


@dataclass
class MatrixCell:
    record: TrainingRecord | None
    state: str  # "achieved", "expiring", "expired", "in_progress", "gap"


@dataclass
class Matrix:
    items: list
    rows: list  # (membership, [MatrixCell, ...])


def cell_state(record, *, today: dt.date) -> str:
    if record is None or record.status == TrainingStatus.NOT_STARTED:
        return "gap"
    if record.status == TrainingStatus.IN_PROGRESS:
        return "in_progress"
    if record.expires_on and record.expires_on < today:
        return "expired"
    if record.expires_on and record.expires_on <= today + dt.timedelta(days=EXPIRING_SOON_DAYS):
        return "expiring"
    return "achieved"


def training_matrix(items: QuerySet, memberships: QuerySet, records: QuerySet, *, today) -> Matrix:
    """People × training items, with gaps and expiry (three queries)."""
    items = list(items.filter(is_active=True))
    people = list(memberships.select_related("user").order_by("user__full_name", "pk"))
    by_key = {
        (r.membership_id, r.item_id): r
        for r in records.filter(item__in=items, membership__in=people)
    }
    rows = [
        (
            m,
            [
                MatrixCell(
                    by_key.get((m.pk, i.pk)), cell_state(by_key.get((m.pk, i.pk)), today=today)
                )
                for i in items
            ],
        )
        for m in people
    ]
    return Matrix(items=items, rows=rows)


# --- caseload over time, and supportive signals --------------------------------------------


def month_ends(today: dt.date, months: int) -> list[dt.date]:
    """The last day of each of the previous ``months - 1`` months, and today."""
    ends = [today]
    first = today.replace(day=1)
    for _i in range(months - 1):
        end = first - dt.timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return list(reversed(ends))


def caseload_history(
    membership, *, today: dt.date, months: int = 6
) -> list[tuple[dt.date, Decimal]]:
    """Weighted caseload at the end of each month, replayed from the case status history.

    One query: the status rows of every case this member has ever been allocated.
    """
    from django.utils import timezone

    from heard.casework.models import OPEN_STATUSES, CaseStatus
    from heard.casework.services.allocation import caseload_weights

    weights = caseload_weights(membership.organisation)
    ever = CaseStatus.objects.filter(
        organisation_id=membership.organisation_id, advocate=membership
    ).values("case_id")
    rows = (
        CaseStatus.objects.filter(organisation_id=membership.organisation_id, case_id__in=ever)
        .order_by("case_id", "changed_at", "id")
        .values_list("case_id", "status", "advocate_id", "changed_at", "case__advocacy_type")
    )
    ends = month_ends(today, months)
    totals = [Decimal(0)] * len(ends)
    by_case = defaultdict(list)
    for row in rows:
        by_case[row[0]].append(row)
    for history in by_case.values():
        weight = weights.get(history[0][4], Decimal(1))
        for index, end in enumerate(ends):
            # Each status row names who held the case at that step: the last row by ``end`` says.
            status, holder = None, None
            for _case, row_status, advocate_id, changed_at, _type in history:
                if timezone.localdate(changed_at) > end:
                    break
                status, holder = row_status, advocate_id
            if status in OPEN_STATUSES and holder == membership.pk:
                totals[index] += weight
    return list(zip(ends, totals, strict=True))


@dataclass
class Signal:
    key: str
    message: str


def signals(
    membership, *, history, supervision: list[SupervisionDue], today: dt.date
) -> list[Signal]:
    """Supportive signals for the advocate and their supervisor: never ranked, never a score."""
    from heard.challenges.models import Challenge

    found = []
    capacity = membership.caseload_capacity
    recent = [load for _day, load in history[-3:]]
    if capacity and len(recent) == 3 and all(load > capacity for load in recent):
        found.append(
            Signal(
                "over_capacity",
                _("Your caseload has been over your capacity for three months running."),
            )
        )
    unanswered = Challenge.objects.filter(
        organisation_id=membership.organisation_id,
        case__allocated_to=membership,
        answered_on__isnull=True,
        response_due_on__lt=today,
    ).count()
    if unanswered >= 3:
        found.append(
            Signal(
                "unanswered_challenges",
                _("%(n)s of your challenges are past their response date with no answer.")
                % {"n": unanswered},
            )
        )
    if any(row.overdue for row in supervision):
        found.append(Signal("supervision", _("Some of your supervision is overdue.")))
    profile = getattr(membership, "development_profile", None)
    started = (profile.start_date if profile else None) or membership.created_at.date()
    six_months = today - dt.timedelta(days=183)
    if started < six_months and not membership.leave.filter(ends_on__gte=six_months).exists():
        found.append(Signal("no_leave", _("No leave is recorded in the last six months.")))
    return found


def reflective_notes_naming(person) -> QuerySet:
    """Notes that name ``person``: only for a subject access or erasure request, reviewed by the
    data protection lead in an audited step. No page, export, search or API calls this."""
    from .models import ReflectiveNote

    return ReflectiveNote.objects.filter(
        organisation_id=person.organisation_id, people_named=person
    )

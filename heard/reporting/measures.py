"""One selector per contract measure, computed in the database, for some services and a period.

Each measure is a function ``measure(scope) -> Table`` registered in ``MEASURES`` under a
stable key, with its exact definition (docs/reporting.md lists them). Other parts of
Heard (dashboards, exports, the API, the network hub) read figures only through these.

Rules every measure follows:

* Records marked entered in error (``in_effect()``) are never counted.
* A period is two dates, both included, in the organisation's local time.
* Counts come from ``COUNT``/``SUM`` in SQL; only working-day arithmetic (bank holidays)
  is done in Python, over rows the database has already grouped. Measures that break down
  the same records (the five referral and the five equality breakdowns) share one grouped
  query per scope (``Scope.shared``) and each sums its own grouping from it.
* Time to first contact and allocation read the days each case keeps
  (``heard.casework.milestones``), not every case's activities and history.
* ``records(scope, measure, column, row)`` gives the queryset a figure counts, for the
  organisation's own staff to open.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case as CaseWhen,
)
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.casework.models import (
    OPEN_STATUSES,
    Activity,
    ActivityKind,
    Case,
    CaseStatus,
    FeltListenedTo,
    Issue,
    IssueCategory,
    IssueOutcome,
    Priority,
    Status,
)
from heard.challenges.models import Challenge, Level
from heard.challenges.models import Outcome as ChallengeOutcome
from heard.core import nations
from heard.core.advocacy_types import AdvocacyType
from heard.core.local_authorities import by_code
from heard.core.working_days import WorkingDaysSince
from heard.people import equality
from heard.people.models import Person
from heard.referrals.models import (
    PUBLIC_SOURCES,
    Decision,
    DeclineReason,
    Referral,
    ReferralBasis,
    Source,
    TriageDecision,
)
from heard.safeguarding.models import Outcome as SafeguardingOutcome
from heard.safeguarding.models import SafeguardingConcern
from heard.system_change.models import EvidenceLink, Theme

from . import time_summary
from .tables import (
    DAYS,
    HOURS,
    PERCENT,
    TOTAL,
    Column,
    Completeness,
    Row,
    Table,
    hours,
    percent,
)

#: Bumped whenever a definition below changes, and printed on every report and export.
DEFINITIONS_VERSION = "2026.1"


@dataclass(frozen=True)
class Scope:
    """What a report covers: one organisation's services (all, or some) and a period."""

    organisation: object
    services: tuple
    start: dt.date
    end: dt.date
    all_services: bool = False
    # Rows several measures share, read once per scope (see ``_referral_groups``).
    shared: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def service_ids(self) -> list[int]:
        return [service.pk for service in self.services]

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_before(self) -> dt.datetime:
        """The first moment after the period."""
        return timezone.make_aware(
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min)
        )

    def with_period(self, start: dt.date, end: dt.date) -> Scope:
        return Scope(self.organisation, self.services, start, end, self.all_services)


# --- The records a report draws on --------------------------------------------------------


def cases(scope: Scope) -> QuerySet:
    """The services' cases; for all services, every case of the organisation (as every
    referral is: ``referrals_in_scope``), which needs no list of services to test."""
    queryset = Case.objects.for_organisation(scope.organisation)
    if scope.all_services:
        return queryset
    return queryset.filter(service_id__in=scope.service_ids)


def on_cases(scope: Scope) -> Q:
    """A record whose case is one of the services' cases.

    For all services that is every record of the organisation (a record's case is always
    of the record's own organisation), so the record's table is read alone, without
    joining each record to its case. Otherwise the case's organisation is named too: it
    lets PostgreSQL read the cases from the report's covering index on (organisation,
    service) rather than every organisation's cases of those services.
    """
    if scope.all_services:
        return Q()
    return Q(case__organisation=scope.organisation, case__service_id__in=scope.service_ids)


def on_joined_cases(scope: Scope) -> Q:
    """``on_cases`` for a query that joins each record to its case anyway (to count by the
    case's advocacy type). The case's organisation is named even for all services: on a
    connection row-level security does not narrow (the owner's, as commands use), PostgreSQL
    otherwise matched the records against every organisation's cases, a scan of the whole
    table (docs/performance.md, "The manager's staff table in the database, and the
    binding's network scope planned once")."""
    if scope.all_services:
        return Q(case__organisation=scope.organisation)
    return on_cases(scope)


def _type_match(types) -> Q:
    # ``requested_types`` is a JSON list; matching its text works the same on every database.
    query = Q(pk__in=[])
    for code in types:
        query |= Q(requested_types__icontains=f'"{code}"')
    return query


def referrals_in_scope(scope: Scope) -> QuerySet:
    """Referrals for the services: those that became a case in one of them, and those not
    (yet) accepted that asked for a type one of them delivers. All services: every referral."""
    queryset = Referral.objects.for_organisation(scope.organisation).filter(is_suspected_spam=False)
    if scope.all_services:
        return queryset
    types = sorted({code for service in scope.services for code in service.advocacy_types})
    # One probe per referral of the period into the (organisation, referral) index: 1 when
    # one of its cases is in the services, 0 when its cases are all elsewhere, none when it
    # has no case. Two ``EXISTS`` tests (in the services; any case at all) gave the same
    # answer, but PostgreSQL answered them by hashing the services' cases and every case of
    # the organisation, on every report (docs/performance.md).
    case_here = Subquery(
        Case.objects.filter(organisation=scope.organisation, referral=OuterRef("pk"))
        .annotate(
            here=CaseWhen(
                When(service_id__in=scope.service_ids, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-here")
        .values("here")[:1],
        output_field=IntegerField(),
    )
    asked_for_here = CaseWhen(
        When(_type_match(types), then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return queryset.alias(in_scope=Coalesce(case_here, asked_for_here)).filter(in_scope=1)


def referrals_received(scope: Scope) -> QuerySet:
    return referrals_in_scope(scope).filter(
        received_at__gte=scope.start_at, received_at__lt=scope.end_before
    )


def _types_in_scope(scope: Scope) -> list[str]:
    delivered = {code for service in scope.services for code in service.advocacy_types}
    return [code for code in AdvocacyType.values if code in delivered]


def scope_nations(scope: Scope) -> set[str]:
    """The nations whose law the services work under (a service may cross the border)."""
    own = scope.organisation.nation
    return {service.nation or own for service in scope.services} or {own}


def scope_nation(scope: Scope) -> str:
    """The nation that names laws and bodies in the report: the services' one nation, else
    the organisation's (stored values are the same in both, so figures still add up)."""
    found = scope_nations(scope)
    return found.pop() if len(found) == 1 else scope.organisation.nation


def _types_that_apply(scope: Scope) -> list[str]:
    """Advocacy types with a law in at least one of the scope's nations (no Care Act
    advocacy for services all in Wales)."""
    found = scope_nations(scope)
    return [
        code
        for code in AdvocacyType.values
        if any(nations.advocacy_type_applies(code, nation) for nation in found)
    ]


def _labels(choices) -> dict[str, str]:
    return {str(value): label for value, label in choices}


def _grouped(queryset: QuerySet, expression) -> dict:
    """``{group: count}`` in one grouped query.

    ``COUNT`` rather than ``COUNT(DISTINCT id)``: every queryset given here reads one table's
    rows, narrowed by ``IN``/``EXISTS`` subqueries (semi-joins) and by joins along foreign
    keys to the one row each points at (an issue's case, a case's service), and neither
    repeats a row, so each id is counted once either way. The distinct count made
    PostgreSQL sort every group's rows instead of hashing them.
    """
    rows = queryset.annotate(group=expression).order_by().values("group").annotate(n=Count("pk"))
    return {row["group"]: row["n"] for row in rows}


def _shared_groups(scope: Scope, name: str, queryset: Callable[[Scope], QuerySet], *fields):
    """``queryset(scope)``'s rows counted by all ``fields`` at once: one grouped query for the
    measures that break down the same rows, read once per scope (``Scope.shared``)."""
    if name not in scope.shared:
        scope.shared[name] = list(
            queryset(scope).order_by().values(*fields).annotate(n=Count("pk"))
        )
    return scope.shared[name]


def _summed(rows: list[dict], field: str, **only) -> dict:
    """``{value of field: count}`` over shared grouped rows (those matching ``only``)."""
    counts: dict = {}
    for row in rows:
        if all(row[key] == value for key, value in only.items()):
            counts[row[field]] = counts.get(row[field], 0) + row["n"]
    return counts


def _count_table(
    key: str,
    title,
    counts: dict,
    order: list[tuple[str, str]],
    *,
    column: Column,
    total: int | None = None,
    keep_zero: bool = True,
    note: str = "",
    additive: bool = True,
) -> Table:
    rows = [
        Row(code, str(label), {column.key: counts.get(code, 0)})
        for code, label in order
        if keep_zero or counts.get(code, 0)
    ]
    rows.append(
        Row(
            TOTAL,
            str(_("Total")),
            {column.key: sum(counts.values()) if total is None else total},
            is_total=True,
        )
    )
    return Table(key, str(title), [column], rows, note=note, additive=additive)


REFERRALS = Column("referrals", str(_("Referrals")))

# --- Referrals -------------------------------------------------------------------------------


def _referral_groups(scope: Scope) -> list[dict]:
    """The referrals received, counted by every grouping the referral measures use at once:
    one grouped query for the five of them, read once per scope."""
    if "referrals" not in scope.shared:
        scope.shared["referrals"] = list(
            referrals_received(scope)
            .order_by()
            .values(
                "requested_types",
                "local_authority",
                referrer=referrer_expression(),
                channel=channel_expression(),
                eligibility=eligibility_expression(),
            )
            .annotate(n=Count("pk"))
        )
    return scope.shared["referrals"]


def _referral_counts(scope: Scope, grouping: str) -> dict:
    counts: dict = {}
    for row in _referral_groups(scope):
        counts[row[grouping]] = counts.get(row[grouping], 0) + row["n"]
    return counts


def referrals_by_type(scope: Scope) -> Table:
    """Referrals received in the period by each advocacy type asked for."""
    types = _types_in_scope(scope) if not scope.all_services else _types_that_apply(scope)
    counts = dict.fromkeys(AdvocacyType.values, 0)
    counts["__none"] = counts["__total"] = 0
    for row in _referral_groups(scope):
        asked = set(row["requested_types"] or [])
        for code in asked & counts.keys():
            counts[code] += row["n"]
        if not asked:
            counts["__none"] += row["n"]
        counts["__total"] += row["n"]
    labels = _labels(AdvocacyType.choices)
    shown = [code for code in AdvocacyType.values if code in types or counts[code]]
    order = [(code, labels[code]) for code in shown] + [("none", str(_("No type given")))]
    values = {code: counts[code] for code in shown}
    values["none"] = counts["__none"]
    return _count_table(
        "referrals_by_type",
        _("Referrals received by advocacy type"),
        values,
        order,
        column=REFERRALS,
        total=counts["__total"],
        note=str(_("A referral that asks for more than one type counts under each.")),
        additive=False,
    )


REFERRER_KINDS = [
    ("professional", _("Professional")),
    ("self", _("Self-referral")),
    ("family", _("Family member or friend")),
    ("not_recorded", _("Not recorded")),
]


def referrer_expression():
    return CaseWhen(
        When(source__in=[Source.PUBLIC_SELF, Source.EASY_READ], then=Value("self")),
        When(basis=ReferralBasis.SELF, then=Value("self")),
        When(source=Source.PUBLIC_FAMILY, then=Value("family")),
        When(source=Source.PUBLIC_PROFESSIONAL, then=Value("professional")),
        When(~Q(referrer_organisation="") | ~Q(referrer_role=""), then=Value("professional")),
        When(~Q(referrer_relationship=""), then=Value("family")),
        default=Value("not_recorded"),
        output_field=CharField(),
    )


def referrals_by_referrer(scope: Scope) -> Table:
    counts = _referral_counts(scope, "referrer")
    return _count_table(
        "referrals_by_referrer",
        _("Referrals received by who referred"),
        counts,
        [(code, str(label)) for code, label in REFERRER_KINDS],
        column=REFERRALS,
    )


CHANNELS = [
    ("web", _("Web form")),
    ("phone", _("Phone")),
    ("email", _("Email")),
    ("letter", _("Letter")),
    ("in_person", _("In person")),
]


def channel_expression():
    return CaseWhen(
        When(source__in=list(PUBLIC_SOURCES), then=Value("web")),
        default=F("source"),
        output_field=CharField(),
    )


def referrals_by_channel(scope: Scope) -> Table:
    counts = _referral_counts(scope, "channel")
    return _count_table(
        "referrals_by_channel",
        _("Referrals received by how they came in"),
        counts,
        [(code, str(label)) for code, label in CHANNELS],
        column=REFERRALS,
    )


def _service_areas(scope: Scope) -> set[str]:
    return {code for service in scope.services for code in service.local_authority_areas}


OUT_OF_AREA = "out_of_area"
NOT_RECORDED = "not_recorded"


def referrals_by_local_authority(scope: Scope) -> Table:
    """Referrals by the person's local authority: each covered area, then out of area."""
    counts = _referral_counts(scope, "local_authority")
    areas = _service_areas(scope)
    rows = []
    for code in sorted(areas, key=lambda c: _authority_name(c)):
        rows.append(Row(code, _authority_name(code), {"referrals": counts.get(code, 0)}))
    outside = {code: n for code, n in counts.items() if code and code not in areas}
    rows.append(Row(OUT_OF_AREA, str(_("Out of area")), {"referrals": sum(outside.values())}))
    rows.append(Row(NOT_RECORDED, str(_("Not recorded")), {"referrals": counts.get("", 0)}))
    rows.append(Row(TOTAL, str(_("Total")), {"referrals": sum(counts.values())}, is_total=True))
    return Table(
        "referrals_by_local_authority",
        str(_("Referrals received by local authority")),
        [REFERRALS],
        rows,
        note=str(_("Out of area: a local authority none of the services covers.")),
    )


def _authority_name(code: str) -> str:
    authority = by_code(code) if code else None
    return authority.name if authority else code


ELIGIBILITY = [
    ("eligible", _("Eligible for at least one type")),
    ("not_eligible", _("Not eligible")),
    ("not_known", _("Not known (more information needed or not checked)")),
]


def _result_says(decision: str) -> Contains:
    """The stored eligibility result gives ``decision`` for at least one type.

    Matched in the result's JSON text, case-sensitively: the engine writes its keys and
    decisions in lower case, and folding the whole text to upper case first (``icontains``)
    was a quarter of the referral figures' statement (docs/performance.md, "The manager's
    staff table in the database, and the binding's network scope planned once").
    """
    return Contains(Cast("eligibility_result", TextField()), f'"decision": "{decision}"')


def eligibility_expression():
    # The engine's stored result is JSON; "decision": "eligible" is one type met.
    return CaseWhen(
        When(_result_says("eligible"), then=Value("eligible")),
        When(
            Q(_result_says("not_eligible")) & ~Q(_result_says("need_more_information")),
            then=Value("not_eligible"),
        ),
        default=Value("not_known"),
        output_field=CharField(),
    )


def referrals_by_eligibility(scope: Scope) -> Table:
    counts = _referral_counts(scope, "eligibility")
    return _count_table(
        "referrals_by_eligibility",
        _("Referrals received: eligible or not"),
        counts,
        [(code, str(label)) for code, label in ELIGIBILITY],
        column=REFERRALS,
    )


def triage_decisions_made(scope: Scope) -> QuerySet:
    referrals = referrals_in_scope(scope)
    return TriageDecision.objects.filter(
        organisation=scope.organisation,
        referral__in=referrals,
        decided_at__gte=scope.start_at,
        decided_at__lt=scope.end_before,
    )


DECISIONS = Column("decisions", str(_("Decisions")))


def _triage_groups(scope: Scope) -> list[dict]:
    # Rows of one table narrowed by a semi-join: COUNT counts each decision once.
    return _shared_groups(scope, "triage", triage_decisions_made, "decision", "decline_reason")


def triage_decisions(scope: Scope) -> Table:
    counts = _summed(_triage_groups(scope), "decision")
    return _count_table(
        "triage_decisions",
        _("Triage decisions made"),
        counts,
        list(Decision.choices),
        column=DECISIONS,
    )


def triage_decline_reasons(scope: Scope) -> Table:
    counts: dict = {}
    for code, n in _summed(
        _triage_groups(scope), "decline_reason", decision=Decision.DECLINE
    ).items():
        reason = code or DeclineReason.OTHER
        counts[reason] = counts.get(reason, 0) + n
    return _count_table(
        "triage_decline_reasons",
        _("Referrals declined, by reason"),
        counts,
        list(DeclineReason.choices),
        column=DECISIONS,
    )


# --- Time to first contact and allocation ------------------------------------------------------


def first_contact_date():
    """The case's first contact day, as the case keeps it (``heard.casework.milestones``)."""
    return F("first_contact_on")


def allocation_date():
    """The case's first allocation day, as the case keeps it (``heard.casework.milestones``)."""
    return F("allocated_on")


def cases_received(scope: Scope) -> QuerySet:
    return cases(scope).filter(received_on__gte=scope.start, received_on__lte=scope.end)


def median(values: list[int]) -> float | None:
    """The middle value (the mean of the two middle values for an even count)."""
    return counted_median(Counter(values))


def percentile(values: list[int], share: float) -> int | None:
    """Nearest-rank percentile: the smallest value at or above ``share`` of the values."""
    return counted_percentile(Counter(values), share)


def _value_at(counts: dict[int, int], rank: int) -> int:
    """The ``rank``-th smallest value (from 1) of the values counted in ``counts``."""
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    raise IndexError(rank)


def counted_median(counts: dict[int, int]) -> float | None:
    """``median`` of values given as ``{value: how many times}``: a report's cases share a few
    dozen working-day values, so it sorts those rather than one value per case."""
    total = sum(counts.values())
    if not total:
        return None
    middle = total // 2
    if total % 2:
        return float(_value_at(counts, middle + 1))
    return (_value_at(counts, middle) + _value_at(counts, middle + 1)) / 2


def counted_percentile(counts: dict[int, int], share: float) -> int | None:
    """``percentile`` of values given as ``{value: how many times}``."""
    total = sum(counts.values())
    if not total:
        return None
    return _value_at(counts, max(1, math.ceil(share * total)))


PRIORITY_ROWS = [
    (Priority.URGENT, _("Urgent")),
    (Priority.STANDARD, _("Routine")),
    (TOTAL, _("All")),
]

TIMELINESS_COLUMNS = [
    Column("cases", str(_("Cases received"))),
    Column("done", str(_("Reached so far"))),
    Column("not_yet", str(_("Not yet"))),
    Column("median", str(_("Median working days")), DAYS),
    Column("p90", str(_("90th percentile working days")), DAYS),
    Column("within_target", str(_("% within target")), PERCENT),
]


#: The two timeliness measures: the day each counts to, and the services' target fields
#: (urgent, routine).
TIMELINESS = {
    "time_to_first_contact": (
        first_contact_date,
        ("urgent_first_contact_target_days", "first_contact_target_days"),
    ),
    "time_to_allocation": (
        allocation_date,
        ("urgent_allocation_target_days", "allocation_target_days"),
    ),
}


def _timeliness_groups(scope: Scope, key: str) -> list[tuple]:
    """The period's cases received, grouped by (received, reached, priority, targets), read
    once per scope."""
    name = f"timeliness:{key}"
    if name not in scope.shared:
        date_expression, (urgent_field, routine_field) = TIMELINESS[key]
        scope.shared[name] = list(
            cases_received(scope)
            .annotate(reached_on=date_expression())
            .order_by()
            .values_list(
                "received_on",
                "reached_on",
                "priority",
                f"service__{urgent_field}",
                f"service__{routine_field}",
            )
            .annotate(n=Count("pk"))
        )
    return scope.shared[name]


def _timeliness(scope: Scope, key: str, title) -> Table:
    urgent_field, routine_field = TIMELINESS[key][1]
    grouped = _timeliness_groups(scope, key)
    # Working days taken, counted by value ({days: cases}): a long range has tens of thousands
    # of groups but a few hundred distinct days, each counted once from the period's start
    # (every case here was received on or after it).
    days: dict[str, Counter] = {Priority.URGENT: Counter(), Priority.STANDARD: Counter()}
    within = {Priority.URGENT: 0, Priority.STANDARD: 0}
    totals = {Priority.URGENT: 0, Priority.STANDARD: 0}
    since = WorkingDaysSince(scope.start)
    for received_on, reached_on, priority, target_urgent, target_routine, n in grouped:
        totals[priority] += n
        if reached_on is None:
            continue
        taken = since.between(received_on, reached_on)
        days[priority][taken] += n
        if taken <= (target_urgent if priority == Priority.URGENT else target_routine):
            within[priority] += n
    days[TOTAL] = days[Priority.URGENT] + days[Priority.STANDARD]
    within[TOTAL] = within[Priority.URGENT] + within[Priority.STANDARD]
    totals[TOTAL] = totals[Priority.URGENT] + totals[Priority.STANDARD]
    rows = []
    for code, label in PRIORITY_ROWS:
        done = sum(days[code].values())
        rows.append(
            Row(
                str(code),
                str(label),
                {
                    "cases": totals[code],
                    "done": done,
                    "not_yet": totals[code] - done,
                    "median": counted_median(days[code]),
                    "p90": counted_percentile(days[code], 0.9),
                    "within_target": percent(within[code], done),
                },
                bases={"median": done, "p90": done, "within_target": done},
                is_total=code == TOTAL,
            )
        )
    targets = _target_note(scope, urgent_field, routine_field)
    return Table(key, str(title), list(TIMELINESS_COLUMNS), rows, note=targets)


def _target_note(scope: Scope, urgent_field: str, routine_field: str) -> str:
    parts = [
        str(
            _("%(service)s: urgent %(urgent)s, routine %(routine)s working days")
            % {
                "service": service.name,
                "urgent": getattr(service, urgent_field),
                "routine": getattr(service, routine_field),
            }
        )
        for service in scope.services
    ]
    return str(_("Targets: ")) + "; ".join(parts) if parts else ""


def time_to_first_contact(scope: Scope) -> Table:
    """Cases received in the period: working days from referral to first contact."""
    return _timeliness(
        scope, "time_to_first_contact", _("Working days from referral to first contact")
    )


def time_to_allocation(scope: Scope) -> Table:
    """Cases received in the period: working days from referral to allocation."""
    return _timeliness(scope, "time_to_allocation", _("Working days from referral to allocation"))


# --- Cases ---------------------------------------------------------------------------------------


def status_on(moment: dt.datetime):
    """The case's status just before ``moment`` (its latest status row before then).

    A case whose current status was set before ``moment`` still had it then, so only cases
    changed since need the history (``status_changed_at`` is kept by the lifecycle service).
    """
    history = Subquery(
        CaseStatus.objects.filter(case=OuterRef("pk"), changed_at__lt=moment)
        .order_by("-changed_at", "-id")
        .values("status")[:1],
        output_field=CharField(),
    )
    return CaseWhen(
        When(status_changed_at__lt=moment, then=F("status")),
        default=history,
        output_field=CharField(),
    )


def _not_closed_at_end(scope: Scope) -> QuerySet:
    """The services' cases received by the end of the period and not closed before its end,
    with their status at the end (``status_at_end``)."""
    return (
        cases(scope)
        .filter(received_on__lte=scope.end)
        .exclude(status=Status.CLOSED, status_changed_at__lt=scope.end_before)
        .annotate(status_at_end=status_on(scope.end_before))
    )


def waiting_at_end(scope: Scope) -> QuerySet:
    return _not_closed_at_end(scope).filter(status_at_end=Status.WAITING)


def _open_at_end_groups(scope: Scope) -> list[dict]:
    """The cases waiting or live at the end of the period, counted by status at the end and
    everything the waiting list and "live at the end" group by: one grouped query for both
    measures, read once per scope. Each read the same cases (every case of the services
    received by the end) and worked out the same status at the end (docs/performance.md)."""
    if "open_at_end" not in scope.shared:
        scope.shared["open_at_end"] = list(
            _not_closed_at_end(scope)
            .filter(status_at_end__in=[Status.WAITING, *OPEN_STATUSES])
            .order_by()
            .values(
                "status_at_end",
                "advocacy_type",
                "received_on",
                "priority",
                target_urgent=F("service__urgent_allocation_target_days"),
                target_routine=F("service__allocation_target_days"),
            )
            .annotate(n=Count("pk"))
        )
    return scope.shared["open_at_end"]


def waiting_list_at_end(scope: Scope) -> Table:
    """Cases waiting for an advocate at the end of the period, and those over target then."""
    grouped = [row for row in _open_at_end_groups(scope) if row["status_at_end"] == Status.WAITING]
    waiting = {Priority.URGENT: 0, Priority.STANDARD: 0}
    over = {Priority.URGENT: 0, Priority.STANDARD: 0}
    # Each day received counted up to the end once, however many groups share it.
    since = WorkingDaysSince(min((row["received_on"] for row in grouped), default=scope.end))
    for row in grouped:
        priority = row["priority"]
        waiting[priority] += row["n"]
        target = row["target_urgent"] if priority == Priority.URGENT else row["target_routine"]
        if since.between(row["received_on"], scope.end) > target:
            over[priority] += row["n"]
    rows = [
        Row(
            str(code),
            str(label),
            {"waiting": waiting[code], "over_target": over[code]},
        )
        for code, label in PRIORITY_ROWS[:2]
    ]
    rows.append(
        Row(
            TOTAL,
            str(_("Total")),
            {"waiting": sum(waiting.values()), "over_target": sum(over.values())},
            is_total=True,
        )
    )
    return Table(
        "waiting_list_at_end",
        str(_("Waiting list at the end of the period")),
        [
            Column("waiting", str(_("Waiting"))),
            Column("over_target", str(_("Over the allocation target"))),
        ],
        rows,
    )


def _status_rows_in_period(scope: Scope) -> QuerySet:
    # Driven by the status rows of the period (index on organisation and time), not the cases.
    return CaseStatus.objects.filter(
        organisation=scope.organisation,
        changed_at__gte=scope.start_at,
        changed_at__lt=scope.end_before,
    )


#: A case's first status row (no previous status): the case was opened then.
OPENING = Q(previous_status="")
#: A status row that closed its case.
CLOSING = Q(status=Status.CLOSED)


def cases_opened(scope: Scope) -> QuerySet:
    """Cases whose first status row (no previous status) was recorded in the period."""
    first = _status_rows_in_period(scope).filter(OPENING)
    return cases(scope).filter(pk__in=first.values("case_id"))


def cases_closed(scope: Scope) -> QuerySet:
    closed = _status_rows_in_period(scope).filter(CLOSING)
    return cases(scope).filter(pk__in=closed.values("case_id"))


def _opened_and_closed(scope: Scope) -> tuple[dict, dict]:
    """``cases_opened`` and ``cases_closed`` counted by advocacy type in one grouped query.

    The period's opening and closing status rows joined to their cases, each case counted
    once per column (``DISTINCT``: a case closed twice counts once). The same cases as the
    two querysets, which each hashed all the services' cases to match the status rows
    (docs/performance.md, "The contract report: one pass for ..."). Read once per scope.
    """
    if "opened_and_closed" in scope.shared:
        return scope.shared["opened_and_closed"]
    rows = (
        _status_rows_in_period(scope)
        .filter(OPENING | CLOSING)
        .filter(on_joined_cases(scope))
        .order_by()
        .values(group=F("case__advocacy_type"))
        .annotate(
            opened=Count("case_id", filter=OPENING, distinct=True),
            closed=Count("case_id", filter=CLOSING, distinct=True),
        )
    )
    opened, closed = {}, {}
    for row in rows:
        if row["opened"]:
            opened[row["group"]] = row["opened"]
        if row["closed"]:
            closed[row["group"]] = row["closed"]
    scope.shared["opened_and_closed"] = opened, closed
    return opened, closed


def cases_live_at_end(scope: Scope) -> QuerySet:
    return _not_closed_at_end(scope).filter(status_at_end__in=OPEN_STATUSES)


def _type_rows(scope: Scope, columns: dict[str, dict]) -> list[tuple[str, str]]:
    labels = _labels(AdvocacyType.choices)
    present = set(_types_in_scope(scope))
    for counts in columns.values():
        present |= {code for code, n in counts.items() if n}
    return [(code, labels[code]) for code in AdvocacyType.values if code in present]


def case_counts(scope: Scope) -> Table:
    """Cases opened and closed in the period, and live (allocated, active, on hold) at its end."""
    opened, closed = _opened_and_closed(scope)
    columns = {
        "opened": opened,
        "closed": closed,
        "live": _summed(
            [row for row in _open_at_end_groups(scope) if row["status_at_end"] in OPEN_STATUSES],
            "advocacy_type",
        ),
    }
    rows = [
        Row(code, label, {key: counts.get(code, 0) for key, counts in columns.items()})
        for code, label in _type_rows(scope, columns)
    ]
    rows.append(
        Row(
            TOTAL,
            str(_("Total")),
            {key: sum(counts.values()) for key, counts in columns.items()},
            is_total=True,
        )
    )
    return Table(
        "case_counts",
        str(_("Cases opened, closed and live")),
        [
            Column("opened", str(_("Opened"))),
            Column("closed", str(_("Closed"))),
            Column("live", str(_("Live at the end"))),
        ],
        rows,
    )


# --- Hours ------------------------------------------------------------------------------------


def activities_in_period(scope: Scope) -> QuerySet:
    return Activity.objects.in_effect().filter(
        on_cases(scope),
        organisation=scope.organisation,
        occurred_at__gte=scope.start_at,
        occurred_at__lt=scope.end_before,
    )


HOURS_COLUMNS = [
    Column("direct", str(_("Direct hours")), HOURS),
    Column("travel", str(_("Travel hours")), HOURS),
    Column("total_hours", str(_("Total hours")), HOURS),
    Column("cases", str(_("Cases"))),
]


def _hours_table(scope: Scope, key: str, title, group: str, order, summary_group: str) -> Table:
    if time_summary.is_long_range(scope.start, scope.end):
        found, totals = _hours_from_summary(scope, group, order, summary_group)
    else:
        activities = activities_in_period(scope)
        if group.startswith("case__"):
            activities = activities.filter(on_joined_cases(scope))
        grouped = (
            activities.order_by()
            .values(group=F(group))
            .annotate(
                direct=Sum("minutes"),
                travel=Sum("travel_minutes"),
                n_cases=Count("case", distinct=True),
            )
        )
        found = {row["group"]: row for row in grouped}
        totals = activities_in_period(scope).aggregate(
            direct=Sum("minutes"),
            travel=Sum("travel_minutes"),
            n_cases=Count("case", distinct=True),
        )

    def row_for(code, label, data, *, is_total=False):
        direct, travel = data.get("direct") or 0, data.get("travel") or 0
        cases_n = data.get("n_cases") or 0
        return Row(
            code,
            str(label),
            {
                "direct": hours(direct),
                "travel": hours(travel),
                "total_hours": hours(direct + travel),
                "cases": cases_n,
            },
            bases={"direct": cases_n, "travel": cases_n, "total_hours": cases_n},
            is_total=is_total,
        )

    rows = [row_for(code, label, found.get(code, {})) for code, label in order if code in found]
    rows.append(row_for(TOTAL, _("Total"), totals, is_total=True))
    return Table(
        key,
        str(title),
        list(HOURS_COLUMNS),
        rows,
        note=str(_("Hours are minutes recorded divided by 60, to two decimal places.")),
        # One case can have activities of several kinds or types: cases do not add up.
        additive=False,
    )


def _hours_from_summary(scope: Scope, group: str, order, summary_group: str):
    """A long range's hours from the daily time summary (one query), and the number of cases
    behind each figure, which no daily total can give, counted in one pass over the range."""
    rows = time_summary.rows_between(
        organisation_id=scope.organisation.pk,
        start=scope.start,
        end=scope.end,
        service_ids=scope.service_ids,
    )
    summed = {
        key[0]: figures
        for key, figures in time_summary.totals_by(rows, summary_group).items()
        if figures["activities"]
    }
    codes = [code for code, _label in order if code in summed]
    cases = _cases_with_time(scope)
    found = {
        code: {
            "direct": summed[code]["minutes"],
            "travel": summed[code]["travel_minutes"],
            "n_cases": cases[(group, code)],
        }
        for code in codes
    }
    totals = {
        "direct": sum(figures["minutes"] for figures in summed.values()),
        "travel": sum(figures["travel_minutes"] for figures in summed.values()),
        "n_cases": cases[TOTAL],
    }
    return found, totals


#: What the hours measures count cases by: the activity's lookup, and its codes.
HOURS_GROUPINGS = {"case__advocacy_type": AdvocacyType.values, "kind": ActivityKind.values}


def _cases_with_time(scope: Scope) -> dict:
    """How many cases have activities in the range: in all (``TOTAL``), and by each
    ``(lookup, code)`` of ``HOURS_GROUPINGS``. Read once per scope for both hours measures.

    Two queries: the cases with time by their advocacy type (each case once, so the total
    is their sum; read with the people reached, ``_reached``), and the range's activities
    with one distinct count of cases per kind, each over that kind's rows alone
    (``FILTER``). Grouping the activities by kind instead sorted all of them by kind before
    sorting each kind's cases; a distinct count per type as well (joining every activity to
    its case) was 2.5 to 3 times slower for a year of the largest organisation
    (docs/performance.md).
    """
    if "cases_with_time" not in scope.shared:
        by_type = _reached(scope)["cases"]
        found = {"case__advocacy_type": by_type, "kind": _cases_by_kind(scope)}
        cases = {
            (group, code): found[group].get(code, 0)
            for group, codes in HOURS_GROUPINGS.items()
            for code in codes
        }
        cases[TOTAL] = sum(by_type.values())
        scope.shared["cases_with_time"] = cases
    return scope.shared["cases_with_time"]


def _cases_by_kind(scope: Scope) -> dict[str, int]:
    """``{kind: cases}``: the cases with activities of each kind in the range (the second of
    ``_cases_with_time``'s two queries), read once per scope."""
    if "cases_by_kind" not in scope.shared:
        counted = activities_in_period(scope).aggregate(
            **{
                f"kind_{code}": Count("case", distinct=True, filter=Q(kind=code))
                for code in HOURS_GROUPINGS["kind"]
            }
        )
        scope.shared["cases_by_kind"] = {
            code: counted[f"kind_{code}"] for code in HOURS_GROUPINGS["kind"]
        }
    return scope.shared["cases_by_kind"]


def hours_by_type(scope: Scope) -> Table:
    return _hours_table(
        scope,
        "hours_by_type",
        _("Hours by advocacy type"),
        "case__advocacy_type",
        AdvocacyType.choices,
        "advocacy_type",
    )


def hours_by_activity(scope: Scope) -> Table:
    return _hours_table(
        scope,
        "hours_by_activity",
        _("Hours by kind of activity"),
        "kind",
        ActivityKind.choices,
        "kind",
    )


# --- Issues, challenges, safeguarding, system issues ---------------------------------------------


def issues_raised(scope: Scope) -> QuerySet:
    return Issue.objects.in_effect().filter(
        on_cases(scope),
        organisation=scope.organisation,
        created_at__gte=scope.start_at,
        created_at__lt=scope.end_before,
    )


def issue_outcomes_recorded(scope: Scope) -> QuerySet:
    return (
        Issue.objects.in_effect()
        .filter(
            on_cases(scope),
            organisation=scope.organisation,
            outcome_recorded_at__gte=scope.start_at,
            outcome_recorded_at__lt=scope.end_before,
        )
        .exclude(outcome="")
    )


ISSUES = Column("issues", str(_("Issues")))


def issues_by_category(scope: Scope) -> Table:
    counts = _grouped(issues_raised(scope), F("category"))
    return _count_table(
        "issues_by_category",
        _("Issues raised, by category"),
        counts,
        list(IssueCategory.choices),
        column=ISSUES,
    )


def _issue_outcome_groups(scope: Scope) -> list[dict]:
    # One table's rows joined to each one's case (a foreign key): COUNT counts each issue once.
    return _shared_groups(
        scope, "issue_outcomes", issue_outcomes_recorded, "outcome", "felt_listened_to"
    )


def issue_outcomes(scope: Scope) -> Table:
    counts = _summed(_issue_outcome_groups(scope), "outcome")
    return _count_table(
        "issue_outcomes",
        _("Issue outcomes recorded"),
        counts,
        list(IssueOutcome.choices),
        column=ISSUES,
    )


def issues_felt_listened_to(scope: Scope) -> Table:
    """The same outcomes by whether the person felt listened to (their answer, a code: what
    they said in their own words never leaves the case)."""
    counts = _summed(_issue_outcome_groups(scope), "felt_listened_to")
    counts[NOT_ANSWERED] = counts.pop("", 0)
    return _count_table(
        "issues_felt_listened_to",
        _("Issue outcomes recorded, by whether the person felt listened to"),
        counts,
        [*FeltListenedTo.choices, (NOT_ANSWERED, _("Not recorded"))],
        column=ISSUES,
    )


def challenges_in_scope(scope: Scope) -> QuerySet:
    return Challenge.objects.for_organisation(scope.organisation).filter(on_cases(scope))


CHALLENGE_OUTCOMES = [code for code, _label in ChallengeOutcome.choices]


def challenges(scope: Scope) -> Table:
    """Challenges raised in the period by level, and outcomes recorded in the period by level."""
    raised = _grouped(
        challenges_in_scope(scope).filter(raised_on__gte=scope.start, raised_on__lte=scope.end),
        F("level"),
    )
    outcomes = (
        challenges_in_scope(scope)
        .filter(outcome_recorded_at__gte=scope.start_at, outcome_recorded_at__lt=scope.end_before)
        .exclude(outcome="")
        .order_by()
        .values("level", "outcome")
        .annotate(n=Count("pk"))
    )
    by_level: dict[int, dict[str, int]] = {}
    for row in outcomes:
        by_level.setdefault(row["level"], {})[row["outcome"]] = row["n"]
    columns = [Column("raised", str(_("Raised")))] + [
        Column(code, str(label)) for code, label in ChallengeOutcome.choices
    ]
    rows = []
    for level, label in Level.choices:
        values = {"raised": raised.get(level, 0)}
        values.update({code: by_level.get(level, {}).get(code, 0) for code in CHALLENGE_OUTCOMES})
        rows.append(Row(str(level), str(label), values))
    rows.append(
        Row(
            TOTAL,
            str(_("Total")),
            {column.key: sum(row.values[column.key] for row in rows) for column in columns},
            is_total=True,
        )
    )
    return Table(
        "challenges",
        str(_("Challenges by level: raised, and outcomes recorded")),
        columns,
        rows,
    )


def concerns_in_scope(scope: Scope) -> QuerySet:
    queryset = SafeguardingConcern.objects.for_organisation(scope.organisation)
    if scope.all_services:
        return queryset.filter(Q(case__isnull=True) | Q(case__service_id__in=scope.service_ids))
    return queryset.filter(case__service_id__in=scope.service_ids)


def safeguarding(scope: Scope) -> Table:
    """Concerns raised in the period; of those, how many were acknowledged (answered)."""
    raised = concerns_in_scope(scope).filter(raised_on__gte=scope.start, raised_on__lte=scope.end)
    figures = raised.aggregate(
        raised=Count("pk"),
        answered=Count("pk", filter=Q(acknowledged_on__isnull=False)),
        outcome=Count("pk", filter=~Q(outcome="")),
    )
    rows = [
        Row("raised", str(_("Concerns raised")), {"concerns": figures["raised"]}),
        Row(
            "answered",
            str(_("Of those, answered by the agency")),
            {"concerns": figures["answered"]},
        ),
        Row("outcome", str(_("Of those, with an outcome known")), {"concerns": figures["outcome"]}),
    ]
    return Table(
        "safeguarding",
        str(_("Safeguarding concerns raised and answered")),
        [Column("concerns", str(_("Concerns")))],
        rows,
        additive=False,
    )


def safeguarding_outcomes(scope: Scope) -> Table:
    queryset = (
        concerns_in_scope(scope)
        .filter(outcome_on__gte=scope.start, outcome_on__lte=scope.end)
        .exclude(outcome="")
    )
    counts = _grouped(queryset, F("outcome"))
    return _count_table(
        "safeguarding_outcomes",
        _("Safeguarding outcomes recorded"),
        counts,
        nations.nation_choices(
            "safeguarding.outcome", SafeguardingOutcome.choices, scope_nation(scope)
        ),
        column=Column("concerns", str(_("Concerns"))),
    )


def evidence_in_period(scope: Scope) -> QuerySet:
    return EvidenceLink.objects.filter(
        on_cases(scope),
        organisation=scope.organisation,
        linked_at__gte=scope.start_at,
        linked_at__lt=scope.end_before,
    )


def system_issues_evidenced(scope: Scope) -> Table:
    """System issues given evidence from the services' cases in the period, by theme."""
    grouped = (
        evidence_in_period(scope)
        .order_by()
        .values(group=F("system_issue__theme"))
        .annotate(issues=Count("system_issue", distinct=True), links=Count("pk"))
    )
    found = {row["group"]: row for row in grouped}
    totals = evidence_in_period(scope).aggregate(
        issues=Count("system_issue", distinct=True), links=Count("pk")
    )
    rows = [
        Row(code, str(label), {"issues": found[code]["issues"], "links": found[code]["links"]})
        for code, label in Theme.choices
        if code in found
    ]
    rows.append(
        Row(
            TOTAL,
            str(_("Total")),
            {"issues": totals["issues"], "links": totals["links"]},
            is_total=True,
        )
    )
    return Table(
        "system_issues_evidenced",
        str(_("System issues evidenced")),
        [
            Column("issues", str(_("System issues"))),
            Column("links", str(_("Pieces of evidence"))),
        ],
        rows,
        # An issue may have more than one theme over time; counted once in the total.
        additive=False,
    )


# --- Feedback from people who used advocacy ------------------------------------------------------


def feedback(scope: Scope) -> Table:
    """Feedback answers for the services and period, from the voice app's shared selector."""
    from heard.voice.selectors import feedback_results

    results = feedback_results(
        scope.organisation,
        services=list(scope.services),
        start=scope.start,
        end=scope.end,
        quote_limit=0,
    )
    rows = [
        Row(
            result.field,
            result.question,
            {
                "answered": result.answered,
                "positive": result.positive,
                "positive_share": percent(result.positive, result.answered),
            },
            bases={"positive_share": result.answered},
        )
        for result in results.questions
    ]
    return Table(
        "feedback",
        str(_("Feedback from people who used advocacy")),
        [
            Column("answered", str(_("Answered"))),
            Column("positive", str(_("Yes or a bit"))),
            Column("positive_share", str(_("Yes or a bit (%)")), PERCENT),
        ],
        rows,
        note=str(_("Each response may answer several questions, so the rows are not added up.")),
        additive=False,
    )


# --- Equality of the people reached --------------------------------------------------------------


def cases_with_activity(scope: Scope) -> QuerySet:
    """The services' cases with at least one activity in effect in the period (each once)."""
    # The period's activities' cases as a list PostgreSQL makes unique (a semi-join), not a
    # join of every activity to its case.
    active_cases = (
        Activity.objects.in_effect()
        .filter(
            organisation=scope.organisation,
            occurred_at__gte=scope.start_at,
            occurred_at__lt=scope.end_before,
        )
        .values("case_id")
    )
    return cases(scope).filter(pk__in=active_cases)


def people_reached(scope: Scope) -> QuerySet:
    """People with at least one activity in effect, in the period, on a case of the services."""
    # From the period's activities to their cases (each case once), to those cases' people:
    # PostgreSQL makes each list unique before the next step, instead of joining every
    # activity to its case and then every activity to its person.
    reached = cases_with_activity(scope).values("person_id")
    return Person.objects.for_organisation(scope.organisation).filter(pk__in=reached)


NOT_ANSWERED = "not_answered"
PEOPLE = Column("people", str(_("People")))
SHARE = Column("share", str(_("% of those who answered")), PERCENT)


def ethnic_group_expression(prefix: str = ""):
    """The person's high-level ethnic group; ``prefix`` reaches the person from another
    model (``"person__"`` from a case)."""
    field = f"{prefix}ethnicity"
    whens = [
        When(**{f"{field}__startswith": f"{group}_"}, then=Value(group))
        for group in equality.ETHNIC_GROUPS
    ]
    return CaseWhen(
        *whens,
        When(**{field: equality.PREFER_NOT}, then=Value(equality.PREFER_NOT)),
        default=Value(NOT_ANSWERED),
        output_field=CharField(),
    )


def age_band_expression(on: dt.date, prefix: str = ""):
    """The person's age band on ``on`` from their date of birth, in the database."""
    field = f"{prefix}date_of_birth"
    whens = []
    for low, high, label in equality.AGE_BANDS:
        # Aged at least ``low``: born on or before ``on`` minus ``low`` years.
        latest = _years_before(on, low)
        earliest = _years_before(on, high + 1) + dt.timedelta(days=1)
        whens.append(
            When(**{f"{field}__lte": latest, f"{field}__gte": earliest}, then=Value(label))
        )
    return CaseWhen(*whens, default=Value(NOT_ANSWERED), output_field=CharField())


def _answer_expression(field: str):
    """A stored answer, or ``NOT_ANSWERED`` when left blank."""
    return CaseWhen(
        When(**{field: ""}, then=Value(NOT_ANSWERED)), default=F(field), output_field=CharField()
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
    except OverflowError:  # pragma: no cover
        return dt.date.min


def _reached(scope: Scope) -> dict:
    """The cases with activity in the period counted by advocacy type (``"cases"``:
    ``{type: cases}``, as ``cases_with_activity``), and their people counted by all five
    characteristics at once (``"people"``: rows of ``by_<characteristic>`` and ``n``, as
    ``people_reached``). One statement for the hours' case counts and the five equality
    measures, read once per scope.

    Both are the same cases: finding them (the period's activities hashed against the
    services' cases) was most of each of two statements. Here a ``WITH`` query finds them
    once, each with its person's characteristics (a case has exactly one person), and both
    counts read it: the cases as they are, the people once each (``DISTINCT`` on the
    person; the characteristics are the person's own). PostgreSQL computes a ``WITH`` query
    read twice once (docs/performance.md, "The contract report: one pass for the cases and
    people reached").
    """
    if "reached" in scope.shared:
        return scope.shared["reached"]
    keys = [f"by_{key}" for key in CHARACTERISTICS]
    reached = (
        cases_with_activity(scope)
        .filter(person__organisation=scope.organisation)
        .order_by()
        .values(
            reached_type=F("advocacy_type"),
            reached_person=F("person_id"),
            **{
                f"by_{key}": spec["expression"](scope, "person__")
                for key, spec in CHARACTERISTICS.items()
            },
        )
    )
    connection = connections[reached.db]  # the database the cases would be read from
    found: dict = {"cases": {}, "people": []}
    try:
        inner, params = reached.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:  # no services to read: nothing reached
        scope.shared["reached"] = found
        return found
    quote = connection.ops.quote_name
    names = ", ".join(quote(key) for key in keys)
    blanks = ", ".join("NULL" for _key in keys)
    # Names come from CHARACTERISTICS; values are parameters.
    sql = (
        f"WITH reached AS ({inner}) "  # noqa: S608
        f"SELECT 'cases', {quote('reached_type')}, {blanks}, COUNT(*) FROM reached "
        f"GROUP BY {quote('reached_type')} "
        f"UNION ALL SELECT 'people', NULL, {names}, COUNT(*) FROM "
        f"(SELECT DISTINCT {quote('reached_person')}, {names} FROM reached) AS people "
        f"GROUP BY {names}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for what, case_type, *groups, n in cursor.fetchall():
            if what == "cases":
                found["cases"][case_type] = n
            else:
                found["people"].append({**dict(zip(keys, groups, strict=True)), "n": n})
    scope.shared["reached"] = found
    return found


def _people_groups(scope: Scope) -> list[dict]:
    """The people reached, counted by all five characteristics at once (``_reached``)."""
    return _reached(scope)["people"]


def equality_table(scope: Scope, characteristic: str) -> Table:
    spec = CHARACTERISTICS[characteristic]
    counts: dict = {}
    for row in _people_groups(scope):
        group = row[f"by_{characteristic}"]
        counts[group] = counts.get(group, 0) + row["n"]
    order = spec["order"]()
    answered = sum(
        n for code, n in counts.items() if code not in (NOT_ANSWERED, equality.PREFER_NOT)
    )
    rows = []
    for code, label in order:
        n = counts.get(code, 0)
        rows.append(
            Row(
                code,
                str(label),
                {"people": n, "share": percent(n, answered)},
                bases={"share": answered},
            )
        )
    for code, label in (
        (equality.PREFER_NOT, _("Prefer not to say")),
        (NOT_ANSWERED, _("Not answered")),
    ):
        rows.append(Row(code, str(label), {"people": counts.get(code, 0), "share": None}))
    total = sum(counts.values())
    rows.append(Row(TOTAL, str(_("Total")), {"people": total, "share": None}, is_total=True))
    return Table(
        f"equality_{characteristic}",
        str(spec["title"]),
        [PEOPLE, SHARE],
        rows,
        completeness=Completeness(
            str(_("Known for %(answered)s of %(total)s people reached")),
            answered=tuple((code, "people") for code, _label in order),
            unanswered=((equality.PREFER_NOT, "people"), (NOT_ANSWERED, "people")),
            total=((TOTAL, "people"),),
        ),
    )


def _choices_without_prefer_not(choices):
    return [(code, label) for code, label in choices if code != equality.PREFER_NOT]


#: Each characteristic's title, its group as an expression on the person (``prefix`` reaches
#: the person from another model), and its rows in order.
CHARACTERISTICS = {
    "ethnic_group": {
        "title": _("People reached by ethnic group"),
        "expression": lambda scope, prefix="": ethnic_group_expression(prefix),
        "order": lambda: list(equality.ETHNIC_GROUPS.items()),
    },
    "age_band": {
        "title": _("People reached by age at the end of the period"),
        "expression": lambda scope, prefix="": age_band_expression(scope.end, prefix),
        "order": lambda: [(label, label) for _low, _high, label in equality.AGE_BANDS],
    },
    "sex": {
        "title": _("People reached by sex"),
        "expression": lambda scope, prefix="": _answer_expression(f"{prefix}sex"),
        "order": lambda: _choices_without_prefer_not(equality.Sex.choices),
    },
    "disability": {
        "title": _("People reached by disability"),
        "expression": lambda scope, prefix="": _answer_expression(f"{prefix}disability"),
        "order": lambda: _choices_without_prefer_not(equality.Disability.choices),
    },
    "religion": {
        "title": _("People reached by religion"),
        "expression": lambda scope, prefix="": _answer_expression(f"{prefix}religion"),
        "order": lambda: _choices_without_prefer_not(equality.Religion.choices),
    },
}


def _equality(characteristic: str) -> Callable[[Scope], Table]:
    def measure(scope: Scope) -> Table:
        return equality_table(scope, characteristic)

    measure.__name__ = f"equality_{characteristic}"
    return measure


# --- The registry -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    section: str
    compute: Callable[[Scope], Table]
    definition: str
    # The kind of record each count is made of, when staff can open the list it counts.
    counts: str = ""


def _register(*measures: Measure) -> dict[str, Measure]:
    return {measure.key: measure for measure in measures}


MEASURES: dict[str, Measure] = _register(
    Measure(
        "referrals_by_type",
        "referrals",
        referrals_by_type,
        "Referrals received in the period (received date in the period, suspected spam left "
        "out) for the services, by each advocacy type asked for. A referral counts for a service "
        "when it became a case in that service, or has no case yet and asked for a type the "
        "service delivers. A referral asking for two types counts under both; the total counts "
        "each referral once.",
        counts="referral",
    ),
    Measure(
        "referrals_by_referrer",
        "referrals",
        referrals_by_referrer,
        "The same referrals by who referred: self-referral (the self-referral or Easy Read form, "
        "or the basis 'referring themselves'), family member or friend (the family web form, or "
        "a relationship given without an organisation), professional (the professional web "
        "form, or an organisation or role given), otherwise not recorded.",
        counts="referral",
    ),
    Measure(
        "referrals_by_channel",
        "referrals",
        referrals_by_channel,
        "The same referrals by how they came in: web form (any public form, including Easy "
        "Read), phone, email, letter, in person.",
        counts="referral",
    ),
    Measure(
        "referrals_by_local_authority",
        "referrals",
        referrals_by_local_authority,
        "The same referrals by the person's local authority as the referrer gave it: each area "
        "the services cover, then 'out of area' (any other local authority) and 'not recorded'.",
        counts="referral",
    ),
    Measure(
        "referrals_by_eligibility",
        "referrals",
        referrals_by_eligibility,
        "The same referrals by the eligibility check stored with them: eligible when at least "
        "one advocacy type was found eligible; not eligible when every type checked was not; "
        "otherwise not known.",
        counts="referral",
    ),
    Measure(
        "triage_decisions",
        "referrals",
        triage_decisions,
        "Triage decisions made in the period (decision time in the period) on the services' "
        "referrals, by decision. A referral decided twice (awaiting information, then "
        "accepted) counts once under each.",
        counts="decision",
    ),
    Measure(
        "triage_decline_reasons",
        "referrals",
        triage_decline_reasons,
        "The triage decisions to decline made in the period on the services' referrals, by the "
        "reason given (none given counts as other).",
        counts="decision",
    ),
    Measure(
        "time_to_first_contact",
        "timeliness",
        time_to_first_contact,
        "Cases of the services whose referral was received in the period. First contact is the "
        "earliest activity in effect with the person (with_person). Working days are counted "
        "after the received date up to and including the contact date, Monday to Friday less "
        "England and Wales bank holidays. Median: the middle value (mean of the two middle "
        "values). 90th percentile: nearest rank. Within target: working days at most the "
        "service's first-contact target (urgent target for urgent cases), as a share of cases "
        "contacted. Cases not yet contacted are counted separately.",
        counts="case",
    ),
    Measure(
        "time_to_allocation",
        "timeliness",
        time_to_allocation,
        "As time to first contact, to the first time the case was allocated to an advocate, "
        "against the service's allocation targets.",
        counts="case",
    ),
    Measure(
        "waiting_list_at_end",
        "cases",
        waiting_list_at_end,
        "Cases of the services received by the end of the period whose status at the end of "
        "its last day was waiting. Over target: more working days from received to the last "
        "day of the period than the service's allocation target.",
        counts="case",
    ),
    Measure(
        "case_counts",
        "cases",
        case_counts,
        "By advocacy type: cases opened (first status recorded in the period), cases closed "
        "(a status 'closed' recorded in the period; a case closed twice counts once), and cases "
        "live at the end (status at the end of the period allocated, active or on hold).",
        counts="case",
    ),
    Measure(
        "hours_by_type",
        "hours",
        hours_by_type,
        "Activities in effect that took place in the period on the services' cases: direct "
        "minutes, travel minutes and both, as hours to two decimal places, by the case's "
        "advocacy type; and the number of cases they were on.",
        counts="activity",
    ),
    Measure(
        "hours_by_activity",
        "hours",
        hours_by_activity,
        "The same activities (in effect, in the period, on the services' cases) by kind of "
        "activity: direct, travel and total hours, and the cases they were on.",
        counts="activity",
    ),
    Measure(
        "issues_by_category",
        "outcomes",
        issues_by_category,
        "Issues in effect recorded in the period on the services' cases, by category.",
        counts="issue",
    ),
    Measure(
        "issue_outcomes",
        "outcomes",
        issue_outcomes,
        "Issues in effect whose outcome was recorded in the period, by outcome (achieved, "
        "partly achieved, not achieved, withdrawn).",
        counts="issue",
    ),
    Measure(
        "issues_felt_listened_to",
        "outcomes",
        issues_felt_listened_to,
        "The same issues by whether the person felt listened to (yes, partly, no, could not "
        "say or not asked, not recorded). What they said in their own words is never counted "
        "or shown.",
        counts="issue",
    ),
    Measure(
        "challenges",
        "outcomes",
        challenges,
        "Challenges on the services' cases raised in the period, by level; and challenges whose "
        "outcome was recorded in the period, by level and outcome.",
        counts="challenge",
    ),
    Measure(
        "safeguarding",
        "safeguarding",
        safeguarding,
        "Safeguarding concerns raised in the period on the services' cases (for all services, "
        "also concerns not on a case); of those, how many the agency acknowledged and how many "
        "have an outcome recorded.",
        counts="concern",
    ),
    Measure(
        "safeguarding_outcomes",
        "safeguarding",
        safeguarding_outcomes,
        "Safeguarding concerns whose outcome date is in the period, by outcome.",
        counts="concern",
    ),
    Measure(
        "system_issues_evidenced",
        "system_change",
        system_issues_evidenced,
        "System issues given evidence from the services' cases in the period (evidence linked "
        "in the period), by the issue's theme: how many issues, and how many pieces of "
        "evidence.",
    ),
    Measure(
        "feedback",
        "feedback",
        feedback,
        "Feedback forms from people who used advocacy, dated by the month they were given "
        "(anonymous responses keep only their month), for the services: for each question, "
        "how many answered it, how many answered 'yes' or 'a bit', and that as a share of "
        "those who answered. People's own words never appear in a report.",
    ),
    *[
        Measure(
            f"equality_{key}",
            "equality",
            _equality(key),
            "People reached in the period (at least one activity in effect, in the period, on "
            "a case of the services), by "
            + {
                "ethnic_group": "Census 2021 high-level ethnic group",
                "age_band": "age band on the last day of the period, from date of birth",
                "sex": "sex",
                "disability": "disability (day-to-day activities limited)",
                "religion": "religion",
            }[key]
            + ". Shares are of those who answered; 'prefer not to say' and 'not answered' are "
            "shown apart and left out of the shares.",
            counts="person",
        )
        for key in CHARACTERISTICS
    ],
)

SECTIONS = [
    ("referrals", _("Referrals")),
    ("timeliness", _("Time to first contact and allocation")),
    ("cases", _("Cases")),
    ("hours", _("Hours")),
    ("outcomes", _("Issues, outcomes and challenges")),
    ("safeguarding", _("Safeguarding")),
    ("system_change", _("System change")),
    ("feedback", _("Feedback")),
    ("equality", _("Equality")),
]


def shared_reads(scope: Scope) -> list[Callable[[], object]]:
    """The whole report's statements that several measures share, and the slowest a measure
    has alone, each as a read that keeps its rows for the scope (``Scope.shared``), slowest
    first for a national organisation's year (docs/performance.md): ``build_report`` runs
    them side by side (``heard.core.concurrent_reads``) before the measures, which then find
    their rows read. They depend on nothing but the scope, so any order gives the same rows.
    """
    reads: list[Callable[[Scope], object]] = [_reached, _opened_and_closed]
    if time_summary.is_long_range(scope.start, scope.end):
        reads.append(_cases_by_kind)  # a short range counts its hours' cases live instead
    reads += [
        _referral_groups,
        _open_at_end_groups,
        *(functools.partial(_timeliness_groups, key=key) for key in TIMELINESS),
        _issue_outcome_groups,
    ]
    return [functools.partial(read, scope) for read in reads]


def compute(scope: Scope, keys: list[str] | None = None) -> dict[str, Table]:
    """Every measure (or those named) for ``scope``, in registry order."""
    return {key: MEASURES[key].compute(scope) for key in (keys or MEASURES)}

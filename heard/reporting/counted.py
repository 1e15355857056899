"""The records behind a figure: what a count on the report counts, for the organisation's staff.

``counted(scope, measure, column, row)`` filters the very queryset the measure counted,
so the list's length is the figure. Measures without such a list return None.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.urls import reverse

from heard.casework.models import Priority
from heard.referrals.models import Referral

from . import measures as m
from .tables import TOTAL

LIMIT = 200


@dataclass(frozen=True)
class RecordRow:
    reference: str
    description: str
    day: object
    url: str


def _by(queryset: QuerySet, expression, row: str) -> QuerySet:
    if row == TOTAL:
        return queryset
    return queryset.annotate(group=expression).filter(group=row)


def _referrals(scope, key: str, row: str) -> QuerySet | None:
    queryset = m.referrals_received(scope)
    if key == "referrals_by_type":
        if row == TOTAL:
            return queryset
        if row == "none":
            return queryset.filter(requested_types=[])
        return queryset.filter(m._type_match([row]))
    if key == "referrals_by_referrer":
        return _by(queryset, m.referrer_expression(), row)
    if key == "referrals_by_channel":
        return _by(queryset, m.channel_expression(), row)
    if key == "referrals_by_eligibility":
        return _by(queryset, m.eligibility_expression(), row)
    if key == "referrals_by_local_authority":
        areas = m._service_areas(scope)
        if row == TOTAL:
            return queryset
        if row == m.OUT_OF_AREA:
            return queryset.exclude(local_authority__in=[*areas, ""])
        if row == m.NOT_RECORDED:
            return queryset.filter(local_authority="")
        return queryset.filter(local_authority=row)
    if key in ("triage_decisions", "triage_decline_reasons"):
        decisions = m.triage_decisions_made(scope)
        if key == "triage_decline_reasons":
            decisions = decisions.filter(decision="decline")
            if row != TOTAL:
                decisions = decisions.filter(
                    Q(decline_reason=row) | Q(decline_reason="")
                    if row == "other"
                    else Q(decline_reason=row)
                )
        elif row != TOTAL:
            decisions = decisions.filter(decision=row)
        return Referral.objects.filter(pk__in=decisions.values("referral_id"))
    return None


def _cases(scope, key: str, column: str, row: str) -> QuerySet | None:
    if key in ("time_to_first_contact", "time_to_allocation"):
        queryset = m.cases_received(scope)
        if row != TOTAL:
            queryset = queryset.filter(priority=row)
        date = m.first_contact_date() if key == "time_to_first_contact" else m.allocation_date()
        if column == "done":
            queryset = queryset.annotate(reached_on=date).filter(reached_on__isnull=False)
        elif column == "not_yet":
            queryset = queryset.annotate(reached_on=date).filter(reached_on__isnull=True)
        elif column != "cases":
            return None
        return queryset
    if key == "waiting_list_at_end" and column == "waiting":
        queryset = m.waiting_at_end(scope)
        return queryset if row == TOTAL else queryset.filter(priority=row)
    if key == "case_counts":
        source = {
            "opened": m.cases_opened,
            "closed": m.cases_closed,
            "live": m.cases_live_at_end,
        }.get(column)
        if source is None:
            return None
        queryset = source(scope)
        return queryset if row == TOTAL else queryset.filter(advocacy_type=row)
    return None


def counted(scope, key: str, column: str, row: str) -> tuple[list[RecordRow], int] | None:
    """The rows (at most ``LIMIT``) a figure counts and how many there are; None if no list."""
    referrals = _referrals(scope, key, row)
    if referrals is not None:
        queryset = referrals.order_by("received_at", "id")
        rows = [
            RecordRow(
                r.reference,
                r.get_status_display(),
                r.received_at,
                reverse("referrals:detail", kwargs={"referral_id": r.pk}),
            )
            for r in queryset[:LIMIT]
        ]
        return rows, queryset.count()
    cases = _cases(scope, key, column, row)
    if cases is None and key in ("issues_by_category", "issue_outcomes"):
        source = m.issues_raised if key == "issues_by_category" else m.issue_outcomes_recorded
        field = "category" if key == "issues_by_category" else "outcome"
        issues = source(scope).select_related("case").order_by("created_at", "id")
        if row != TOTAL:
            issues = issues.filter(**{field: row})
        rows = [
            RecordRow(
                issue.case.reference,
                issue.get_category_display(),
                issue.created_at,
                reverse("casework:case_detail", kwargs={"case_id": issue.case_id}),
            )
            for issue in issues[:LIMIT]
        ]
        return rows, issues.count()
    if cases is None and key == "challenges":
        challenges = m.challenges_in_scope(scope).order_by("raised_on", "id")
        if column == "raised":
            challenges = challenges.filter(raised_on__gte=scope.start, raised_on__lte=scope.end)
        else:
            challenges = challenges.filter(
                outcome=column,
                outcome_recorded_at__gte=scope.start_at,
                outcome_recorded_at__lt=scope.end_before,
            )
        if row != TOTAL:
            challenges = challenges.filter(level=row)
        challenges = challenges.select_related("case")
        rows = [
            RecordRow(
                c.case.reference,
                c.get_level_display(),
                c.raised_on,
                reverse("challenges:detail", kwargs={"challenge_id": c.pk}),
            )
            for c in challenges[:LIMIT]
        ]
        return rows, challenges.count()
    if cases is None:
        return None
    cases = cases.select_related("service").annotate(service_name=F("service__name"))
    cases = cases.order_by("received_on", "id")
    rows = [
        RecordRow(
            case.reference,
            f"{case.service_name}: {case.get_advocacy_type_display()}"
            + (" (urgent)" if case.priority == Priority.URGENT else ""),
            case.received_on,
            reverse("casework:case_detail", kwargs={"case_id": case.pk}),
        )
        for case in cases[:LIMIT]
    ]
    return rows, cases.count()


def has_list(key: str, column: str) -> bool:
    if key.startswith("referrals_") or key.startswith("triage_"):
        return True
    if key in ("time_to_first_contact", "time_to_allocation"):
        return column in ("cases", "done", "not_yet")
    if key == "waiting_list_at_end":
        return column == "waiting"
    if key == "case_counts":
        return column in ("opened", "closed", "live")
    return key in ("issues_by_category", "issue_outcomes", "challenges")

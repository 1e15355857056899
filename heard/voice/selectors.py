"""Reads for voice and co-production, including those the commissioner report uses:

- ``feedback_results(organisation, services=..., start=..., end=...)``
- ``feedback_by_service(organisation, start=..., end=...)``
- ``coproduction_activity(organisation, services=..., start=..., end=...)``

Both take whole dates (the period is inclusive) and return plain dataclasses with no personal
data: counts, and the words of people who agreed to be quoted. Pass ``services=None`` for
every service; an empty list means none. Each costs a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from heard.organisations.models import Service

from .models import (
    DIMENSION_SHORT,
    DIMENSIONS,
    QUESTIONS,
    ActionStatus,
    Answer,
    EngagementSession,
    FeedbackResponse,
    FormVersion,
    Involvement,
    InvolvementRole,
    SelfAssessment,
    SessionTheme,
    YouSaidWeDid,
)


def services_of(organisation):
    """The services a person may say they used (public form and filters)."""
    return Service.objects.for_organisation(organisation).order_by("name", "pk")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve whole and part months, ending today."""
    start = month_start(today)
    for _ in range(11):
        start = month_start(start - dt.timedelta(days=1))
    return start, today


# --- Feedback results ---------------------------------------------------------------------


@dataclass
class QuestionResult:
    field: str
    question: str
    counts: dict[str, int]  # answer value -> count
    answered: int

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(value, 0)) for value, label in Answer.choices]

    @property
    def positive(self) -> int:
        """Yes or a bit."""
        return self.counts.get(Answer.YES, 0) + self.counts.get(Answer.A_BIT, 0)

    @property
    def positive_percent(self) -> int | None:
        return round(100 * self.positive / self.answered) if self.answered else None


@dataclass
class Quote:
    words: str
    service: str


@dataclass
class FeedbackResults:
    start: dt.date
    end: dt.date
    total: int
    easy_read: int
    with_supporter: int
    anonymous: int
    questions: list[QuestionResult]
    quotes: list[Quote] = field(default_factory=list)
    unquoted_comments: int = 0


def _responses(organisation, *, services, start, end):
    queryset = FeedbackResponse.objects.for_organisation(organisation).for_period(start, end)
    if services is not None:
        queryset = queryset.filter(service__in=list(services))
    return queryset


def feedback_results(
    organisation, *, services=None, start: dt.date, end: dt.date, quote_limit: int = 50
) -> FeedbackResults:
    """Answers counted per question, and quotable words, for the services and period.

    Two queries: the counts, and the quotes.
    """
    queryset = _responses(organisation, services=services, start=start, end=end)
    aggregates = {
        "total": Count("pk"),
        "easy_read": Count("pk", filter=Q(form_version=FormVersion.EASY_READ)),
        "with_supporter": Count("pk", filter=Q(with_supporter=True)),
        "anonymous": Count("pk", filter=Q(is_anonymous=True)),
        "unquoted": Count("pk", filter=~Q(own_words="") & Q(may_quote=False)),
    }
    for question, _standard, _easy in QUESTIONS:
        for value in Answer.values:
            aggregates[f"{question}__{value}"] = Count("pk", filter=Q(**{question: value}))
    figures = queryset.aggregate(**aggregates)
    questions = []
    for question, standard, _easy in QUESTIONS:
        counts = {value: figures[f"{question}__{value}"] for value in Answer.values}
        questions.append(
            QuestionResult(
                field=question, question=str(standard), counts=counts, answered=sum(counts.values())
            )
        )
    quotes = [
        Quote(words=words, service=service_name or "")
        for words, service_name in queryset.filter(may_quote=True)
        .exclude(own_words="")
        .order_by("-month", "service__name", "own_words")
        .values_list("own_words", "service__name")[:quote_limit]
    ]
    return FeedbackResults(
        start=start,
        end=end,
        total=figures["total"],
        easy_read=figures["easy_read"],
        with_supporter=figures["with_supporter"],
        anonymous=figures["anonymous"],
        questions=questions,
        quotes=quotes,
        unquoted_comments=figures["unquoted"],
    )


@dataclass
class ServiceRow:
    service: str
    total: int
    positive_percent: dict[str, int | None]  # question field -> % answering yes or a bit

    @property
    def percents(self) -> list[int | None]:
        return [self.positive_percent[name] for name, _s, _e in QUESTIONS]


def feedback_by_service(organisation, *, start: dt.date, end: dt.date) -> list[ServiceRow]:
    """One row per service with responses in the period (and one for "not known"): how many,
    and for each question the percentage answering *Yes* or *A bit*. One query."""
    aggregates = {"total": Count("pk")}
    for name, _standard, _easy in QUESTIONS:
        aggregates[f"{name}__answered"] = Count("pk", filter=~Q(**{name: ""}))
        aggregates[f"{name}__positive"] = Count(
            "pk", filter=Q(**{f"{name}__in": [Answer.YES, Answer.A_BIT]})
        )
    rows = (
        _responses(organisation, services=None, start=start, end=end)
        .values("service_id", "service__name")
        .annotate(**aggregates)
        .order_by("service__name", "service_id")
    )
    return [
        ServiceRow(
            service=row["service__name"] or "",
            total=row["total"],
            positive_percent={
                name: round(100 * row[f"{name}__positive"] / row[f"{name}__answered"])
                if row[f"{name}__answered"]
                else None
                for name, _standard, _easy in QUESTIONS
            },
        )
        for row in rows
    ]


def unquoted_comments(organisation, *, services=None, start, end, limit=100) -> list[str]:
    """Words people did not agree to be quoted: for managers to read, never to publish."""
    return list(
        _responses(organisation, services=services, start=start, end=end)
        .filter(may_quote=False)
        .exclude(own_words="")
        .order_by("own_words")
        .values_list("own_words", flat=True)[:limit]
    )


# --- Co-production activity -------------------------------------------------------------------


@dataclass
class CoproductionActivity:
    start: dt.date
    end: dt.date
    people_involved: int
    involvement_by_role: list[tuple[str, int]]
    paid_or_recognised: int
    sessions: int
    session_attendees: int
    themes: int
    themes_linked_to_system_issues: int
    you_said_we_did: int
    you_said_we_did_done: int
    published: int
    latest_assessment_year: int | None
    latest_assessment_total: int | None
    assessment_maximum: int


def coproduction_activity(
    organisation, *, services=None, start: dt.date, end: dt.date
) -> CoproductionActivity:
    """Involvement, engagement and "you said, we did" in the period, and the latest assessment.

    Involvement and self-assessment belong to the whole organisation; engagement sessions
    are narrowed to ``services`` when given (sessions about no one service count for all).
    Six queries.
    """
    involvement = (
        Involvement.objects.for_organisation(organisation)
        .filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    )
    by_role = Counter(dict(involvement.values_list("role").annotate(n=Count("pk")).order_by()))
    paid = involvement.exclude(recognition__in=["none", "voluntary"]).count()
    sessions = EngagementSession.objects.for_organisation(organisation).filter(
        held_on__gte=start, held_on__lte=end
    )
    if services is not None:
        sessions = sessions.filter(Q(service__in=list(services)) | Q(service__isnull=True))
    session_figures = sessions.aggregate(
        sessions=Count("pk", distinct=True), attendees=Sum("attendees")
    )
    theme_figures = SessionTheme.objects.filter(session__in=sessions).aggregate(
        themes=Count("pk"), linked=Count("pk", filter=Q(system_issue__isnull=False))
    )
    items = YouSaidWeDid.objects.for_organisation(organisation).filter(
        status_on__gte=start, status_on__lte=end
    )
    item_figures = items.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        published=Count("pk", filter=Q(is_published=True)),
    )
    latest = (
        SelfAssessment.objects.for_organisation(organisation)
        .filter(year__lte=end.year)
        .order_by("-year")
        .first()
    )
    return CoproductionActivity(
        start=start,
        end=end,
        people_involved=sum(by_role.values()),
        involvement_by_role=[
            (str(label), by_role[value])
            for value, label in InvolvementRole.choices
            if by_role[value]
        ],
        paid_or_recognised=paid,
        sessions=session_figures["sessions"] or 0,
        session_attendees=session_figures["attendees"] or 0,
        themes=theme_figures["themes"] or 0,
        themes_linked_to_system_issues=theme_figures["linked"] or 0,
        you_said_we_did=item_figures["total"] or 0,
        you_said_we_did_done=item_figures["done"] or 0,
        published=item_figures["published"] or 0,
        latest_assessment_year=latest.year if latest else None,
        latest_assessment_total=latest.total if latest else None,
        assessment_maximum=len(DIMENSIONS) * 3,
    )


# --- Lists for the pages ------------------------------------------------------------------------


def published_items(organisation):
    """What the public "you said, we did" page shows."""
    return (
        YouSaidWeDid.objects.for_organisation(organisation)
        .filter(is_published=True)
        .order_by("-status_on", "-id")
    )


def sessions_list(queryset):
    return (
        queryset.select_related("service")
        .annotate(theme_count=Count("themes"))
        .order_by("-held_on", "-id")
    )


def items_list(queryset):
    return queryset.select_related("theme__session").order_by("-status_on", "-id")


@dataclass
class AssessmentProgress:
    years: list[int]
    rows: list[tuple[str, str, list[int]]]  # short name, question, score for each year
    totals: list[int]
    maximum: int = 3 * len(DIMENSIONS)


def assessment_progress(queryset) -> AssessmentProgress:
    assessments = list(queryset.order_by("year"))
    return AssessmentProgress(
        years=[a.year for a in assessments],
        rows=[
            (str(DIMENSION_SHORT[name]), str(label), [getattr(a, name) for a in assessments])
            for name, label in DIMENSIONS
        ],
        totals=[a.total for a in assessments],
    )

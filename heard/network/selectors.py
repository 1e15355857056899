"""Reading the network hub: what each page shows, fetched in a fixed number of queries."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Max, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from heard.core import tenant_db
from heard.core.replica import reading_from_replica
from heard.design_system.charts import BarChart, bar_chart

from .models import (
    ForumPost,
    ForumReport,
    ForumThread,
    MemberStatus,
    Network,
    QuestionKind,
    Survey,
    SurveyQuestion,
)


def network_members(network: Network):
    return network.members.select_related("organisation").annotate(
        accepted_version=Max("acceptances__agreement__version")
    )


def topics_with_counts(network: Network):
    return network.topics.annotate(
        thread_count=Count("threads", distinct=True),
        latest=Max("threads__last_post_at"),
    )


def threads_of(topic):
    return topic.threads.annotate(
        post_count=Count("posts", filter=Q(posts__hidden_at__isnull=True))
    )


def posts_of(thread: ForumThread):
    return (
        ForumPost.objects.filter(thread=thread)
        .select_related("author__user", "author__organisation")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
    )


def open_reports(network: Network):
    return (
        ForumReport.objects.filter(post__thread__topic__network=network, resolved_at__isnull=True)
        .select_related("post__thread", "post__author__user", "post__author__organisation")
        .order_by("created_at")
    )


def surveys_of(network: Network, *, coordinator: bool):
    surveys = network.surveys.annotate(response_count=Count("responses"))
    if not coordinator:
        surveys = surveys.filter(Q(status="open") | Q(report_published_at__isnull=False))
    return surveys


def survey_with_questions(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.all())


@dataclass
class OptionRow:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int
    rows: list[OptionRow] = field(default_factory=list)
    chart: BarChart | None = None
    chart_description: str = ""
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    total: int
    questions: list[QuestionResult]
    organisations: list[tuple[str, int]]
    undisclosed: int


def survey_results(survey: Survey) -> SurveyResults:
    """Counts per answer for each question, with a chart and its table; free text listed."""
    questions = list(survey.questions.all())
    responses = list(survey.responses.select_related("organisation"))
    results = []
    for question in questions:
        key = str(question.pk)
        values = [r.answers.get(key) for r in responses if r.answers.get(key)]
        result = QuestionResult(question=question, answered=len(values))
        if question.kind == QuestionKind.TEXT:
            result.texts = [str(v) for v in values]
        else:
            counter = Counter()
            for value in values:
                counter.update(value if isinstance(value, list) else [value])
            options = question.options()
            for option in options:
                count = counter.get(option, 0)
                percent = round(100 * count / len(values)) if values else 0
                result.rows.append(OptionRow(option, count, percent))
            result.chart = bar_chart(options, [row.count for row in result.rows])
            result.chart_description = _(
                "Bar chart of the answers to “%(question)s”. The table below has the figures."
            ) % {"question": question.text}
        results.append(result)
    by_organisation = Counter(r.organisation.name for r in responses if r.organisation)
    return SurveyResults(
        survey=survey,
        total=len(responses),
        questions=results,
        organisations=sorted(by_organisation.items()),
        undisclosed=sum(1 for r in responses if r.organisation is None),
    )


def active_member_count(network: Network) -> int:
    return network.members.filter(status=MemberStatus.ACTIVE).count()


def unread_notifications(user):
    return user.network_notifications.filter(read_at__isnull=True).select_related("network")


def recent_notifications(user):
    return user.network_notifications.select_related("network")[:50]


def snapshots_of(network: Network):
    return network.snapshots.select_related("member__organisation")


@reading_from_replica()
def periods_received(network: Network) -> list[tuple[str, object, object]]:
    """Distinct periods members sent figures for, latest first, as (key, start, end)."""
    rows = (
        network.snapshots.values_list("period_start", "period_end")
        .distinct()
        .order_by("-period_start", "-period_end")
    )
    return [(f"{start:%Y-%m-%d}_{end:%Y-%m-%d}", start, end) for start, end in rows]


def choose_period(network: Network, key: str | None):
    periods = periods_received(network)
    for period in periods:
        if period[0] == key:
            return period, periods
    return (periods[0] if periods else None), periods


@reading_from_replica()
def snapshots_for(network: Network, period):
    """The active members' snapshots for ``period``, with their member (its region): the
    picture and benchmarking never name a member, so its organisation is not read, nor
    the signed payload (its nation is stored beside it)."""
    if period is None:
        return []
    return list(
        network.snapshots.filter(
            period_start=period[1], period_end=period[2], member__status=MemberStatus.ACTIVE
        )
        .select_related("member")
        .defer("payload")
    )


@dataclass
class Theme:
    label: str
    organisations: int
    issues: list[dict]


@dataclass
class SharedIssue:
    organisation_id: int
    theme: str
    shared_summary: dict


def _shared_issues(network: Network) -> list[SharedIssue]:
    """Every active member's system issues shared with the network: only the shared summary.

    Each member's issues are behind its own row-level security policy, so on PostgreSQL
    the hub reads them through ``heard_network_shared_issues``, which returns these three
    columns for a network the transaction may see and nothing else (ADR-0035).
    """
    if tenant_db.enforced():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT organisation_id, theme, shared_summary "
                "FROM heard_network_shared_issues(%s::bigint)",
                [network.pk],
            )
            rows = cursor.fetchall()
        # Django reads JSON columns as text and decodes them itself; so do we here.
        return [
            SharedIssue(
                organisation_id,
                theme,
                summary if isinstance(summary, dict) else json.loads(summary or "{}"),
            )
            for organisation_id, theme, summary in rows
        ]
    from heard.system_change.models import SystemIssue

    issues = SystemIssue.objects.filter(  # every member's shared summary, and nothing else
        share_with_network=True,
        organisation__network_places__network=network,
        organisation__network_places__status=MemberStatus.ACTIVE,
    ).only("organisation_id", "theme", "shared_summary")
    return [SharedIssue(i.organisation_id, i.theme, i.shared_summary) for i in issues]


def shared_system_issues(network: Network) -> list[Theme]:
    """System issues active members share, grouped by theme: counts and actions, no names."""
    issues = _shared_issues(network)
    themes: dict[str, dict] = {}
    for issue in issues:
        summary = issue.shared_summary or {}
        entry = themes.setdefault(
            issue.theme,
            {"label": summary.get("theme_label", issue.theme), "orgs": set(), "issues": []},
        )
        entry["orgs"].add(issue.organisation_id)
        entry["issues"].append(
            {
                "title": summary.get("title", ""),
                "status": summary.get("status_label", ""),
                "cases": (summary.get("counts") or {}).get("cases", ""),
                "actions": summary.get("actions") or [],
            }
        )
    return sorted(
        (Theme(e["label"], len(e["orgs"]), e["issues"]) for e in themes.values()),
        key=lambda t: (-t.organisations, t.label),
    )


def network_users(network: Network, roles, *, organisation=None):
    """Whom to tell about something in ``network``: the users of active memberships with one
    of ``roles`` at its active member organisations (or at ``organisation``, which has a
    place in it, such as an invitee). Other organisations' staff lists are behind their own
    row-level security policies, so on PostgreSQL the user ids come from
    ``heard_network_recipients``, which answers only for a network the transaction may see."""
    from heard.organisations.models import Membership

    users = get_user_model().objects.order_by("pk")
    if tenant_db.enforced():
        ids = RawSQL(
            "SELECT heard_network_recipients(%s::bigint, %s::text[], %s::bigint)",
            [network.pk, [str(role) for role in roles], getattr(organisation, "pk", organisation)],
        )
        return list(users.filter(pk__in=ids))
    memberships = Membership.objects.active().filter(role__in=list(roles))
    if organisation is None:
        memberships = memberships.filter(
            organisation__network_places__network=network,
            organisation__network_places__status=MemberStatus.ACTIVE,
        )
    else:
        memberships = memberships.filter(organisation=organisation)
    return list(users.filter(pk__in=memberships.values("user_id")))


def library(network: Network, *, coordinator: bool, membership, filters: dict):
    """Published resources (and, for coordinators, proposals; for a proposer, their own)."""
    from django.db.models import Q as _Q

    from .models import ResourceStatus

    visible = _Q(status=ResourceStatus.PUBLISHED)
    if coordinator:
        visible |= _Q(status=ResourceStatus.PROPOSED)
    elif membership is not None:
        visible |= _Q(status=ResourceStatus.PROPOSED, proposed_by=membership)
    resources = network.resources.filter(visible).annotate(version_count=Count("versions"))
    for field_name in ("kind", "language", "nation"):
        if filters.get(field_name):
            resources = resources.filter(**{field_name: filters[field_name]})
    if filters.get("easy_read"):
        resources = resources.filter(easy_read=True)
    return resources


RECENT_DELIVERIES = 5


def remote_hubs_with_deliveries(hubs):
    """The organisation's remote hubs (``hubs``, already scoped), each with its latest
    deliveries as ``recent_deliveries``: two queries however many hubs and deliveries."""
    from django.db.models import Prefetch

    from .models import RemoteHubDelivery

    latest = RemoteHubDelivery.objects.order_by("-attempted_at", "-id")[:RECENT_DELIVERIES]
    return hubs.order_by("name", "id").prefetch_related(
        Prefetch("deliveries", queryset=latest, to_attr="recent_deliveries")
    )

"""System issues register pages: register, detail, create and edit, actions, tagging a case,
sharing with the network, the system-change dashboard, and CSV exports of each list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from heard.audit.services import csv_export_record
from heard.casework.access import get_case_or_404
from heard.casework.models import Case, Issue
from heard.challenges.models import Challenge
from heard.core.exports import csv_response
from heard.core.permissions import Perm
from heard.core.text import plural
from heard.design_system import charts
from heard.organisations.models import CASEWORK_ROLES, Membership
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped
from heard.safeguarding.models import SafeguardingConcern

from . import dashboard, exports, selectors, services
from .forms import (
    ActionForm,
    RegisterFilterForm,
    ShareForm,
    SystemIssueEditForm,
    SystemIssueForm,
    TagCaseForm,
)
from .models import Action, EvidenceLink, SystemIssue, SystemIssueStatus
from .presenters import (
    ActionRow,
    EvidenceRow,
    MonthTable,
    SystemIssuePresenter,
)
from .summary import build_shared_summary, find_identifiers

EVIDENCE_PAGE_SIZE = 25
DASHBOARD_CHART_ISSUES = 10


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's refusal beside the field it is about (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in field_errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _register_rows(request, *, status="current", growing_only=False):
    rows = selectors.register(
        scoped(request, SystemIssue),
        scoped(request, EvidenceLink),
        today=timezone.localdate(),
        status=status,
        growing_only=growing_only,
    )
    return [SystemIssuePresenter(row.system_issue, row.counts) for row in rows]


def _register_filters(request):
    filters = RegisterFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    return filters, cleaned.get("status") or "current", bool(cleaned.get("growing"))


@organisation_permission_required(Perm.SYSTEM_CHANGE_VIEW_SYSTEM_ISSUES)
def register(request):
    filters, status, growing = _register_filters(request)
    rows = _register_rows(request, status=status, growing_only=growing)
    return render(
        request,
        "system_change/register.html",
        {
            "filters": filters,
            "rows": rows,
            "growing_count": sum(1 for row in rows if row.trend.is_growing),
            "query_string": request.GET.urlencode(),
        },
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_VIEW_SYSTEM_ISSUES)
def register_csv(request):
    _filters, status, growing = _register_filters(request)
    rows = _register_rows(request, status=status, growing_only=growing)
    csv_export_record(request, "system-issues", rows=len(rows))
    return csv_response("system-issues", exports.REGISTER_HEADER, exports.register_rows(rows))


@organisation_permission_required(Perm.SYSTEM_CHANGE_PROPOSE_SYSTEM_ISSUE)
def system_issue_create(request):
    manages = request.user.has_perm(Perm.SYSTEM_CHANGE_MANAGE_SYSTEM_ISSUES, request.organisation)
    form = SystemIssueForm(request.POST or None, nation=request.organisation.nation)
    if request.method == "POST" and form.is_valid():
        try:
            system_issue = services.system_issue_create(
                organisation=request.organisation,
                acting_user=request.user,
                data=form.cleaned_data,
                status=SystemIssueStatus.OPEN if manages else SystemIssueStatus.PROPOSED,
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” has been added to the register") % {"title": system_issue.title}
                if manages
                else _("“%(title)s” has been proposed: a manager will review it")
                % {"title": system_issue.title},
            )
            return redirect("system_change:detail", system_issue_id=system_issue.pk)
    return render(
        request,
        "system_change/system_issue_form.html",
        {
            "form": form,
            "title": "Record a system issue" if manages else "Propose a system issue",
            "submit_label": "Save system issue" if manages else "Propose system issue",
        },
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_VIEW_SYSTEM_ISSUES)
def detail(request, system_issue_id: int):
    system_issue = get_scoped_or_404(
        request, scoped(request, SystemIssue).select_related("proposed_by"), pk=system_issue_id
    )
    today = timezone.localdate()
    links = scoped(request, EvidenceLink)
    counts = selectors.counts_by_issue(links.filter(system_issue=system_issue), today=today).get(
        system_issue.pk, selectors.IssueCounts()
    )
    over_time = MonthTable(selectors.people_over_time(system_issue, links, today=today))
    cases = selectors.evidence_cases(scoped(request, Case), links, system_issue, request.membership)
    page = Paginator(cases, EVIDENCE_PAGE_SIZE).get_page(request.GET.get("page"))
    actions = [
        ActionRow(action, today=today)
        for action in selectors.actions_for(scoped(request, Action), system_issue)
    ]
    return render(
        request,
        "system_change/detail.html",
        {
            "system_issue": SystemIssuePresenter(system_issue, counts),
            "evidence": [EvidenceRow(case) for case in page.object_list],
            "page": page,
            "actions": actions,
            # Themes heard in the Voice area's engagement sessions: evidence beside the cases.
            "engagement_themes": system_issue.engagement_themes.select_related("session").order_by(
                "-session__held_on", "pk"
            ),
            "months": over_time,
            "chart": charts.column_chart(
                [row["short"] for row in over_time.rows], [row["new"] for row in over_time.rows]
            ),
        },
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_MANAGE_SYSTEM_ISSUES)
def edit(request, system_issue_id: int):
    system_issue = get_scoped_or_404(request, SystemIssue, pk=system_issue_id)
    initial = {name: getattr(system_issue, name) for name in [*services.ISSUE_FIELDS, "status"]}
    form = SystemIssueEditForm(
        request.POST or None, initial=initial, nation=request.organisation.nation
    )
    if request.method == "POST" and form.is_valid():
        was_proposed = system_issue.status == SystemIssueStatus.PROPOSED
        try:
            services.system_issue_update(
                system_issue=system_issue,
                acting_user=request.user,
                data=form.cleaned_data,
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            accepted = was_proposed and system_issue.status == SystemIssueStatus.OPEN
            messages.success(
                request,
                _("“%(title)s” has been accepted onto the register") % {"title": system_issue.title}
                if accepted
                else _("Changes saved"),
            )
            return redirect("system_change:detail", system_issue_id=system_issue.pk)
    return render(
        request,
        "system_change/system_issue_form.html",
        {
            "form": form,
            "system_issue": system_issue,
            "title": f"Change “{system_issue.title}”",
            "submit_label": "Save changes",
        },
    )


def _members(request):
    return (
        scoped(request, Membership)
        .filter(is_active=True, role__in=CASEWORK_ROLES)
        .select_related("user")
        .order_by("user__full_name", "id")
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_MANAGE_SYSTEM_ISSUES)
def action_create(request, system_issue_id: int):
    system_issue = get_scoped_or_404(request, SystemIssue, pk=system_issue_id)
    return _action_form(request, system_issue, None)


@organisation_permission_required(Perm.SYSTEM_CHANGE_MANAGE_SYSTEM_ISSUES)
def action_edit(request, system_issue_id: int, action_id: int):
    system_issue = get_scoped_or_404(request, SystemIssue, pk=system_issue_id)
    action = get_scoped_or_404(request, Action, pk=action_id, system_issue=system_issue)
    return _action_form(request, system_issue, action)


def _action_form(request, system_issue: SystemIssue, action: Action | None):
    initial = {}
    if action is not None:
        initial = {
            "description": action.description,
            "owner": str(action.owner_id or ""),
            "due_on": action.due_on,
            "status": action.status,
            "what_changed": action.what_changed,
        }
    form = ActionForm(request.POST or None, initial=initial, members=_members(request))
    if request.method == "POST" and form.is_valid():
        try:
            if action is None:
                services.action_create(
                    system_issue=system_issue,
                    acting_user=request.user,
                    data=form.cleaned_data,
                    request=request,
                )
            else:
                services.action_update(
                    action=action,
                    acting_user=request.user,
                    data=form.cleaned_data,
                    request=request,
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, gettext("Action added") if action is None else gettext("Action updated")
            )
            return redirect("system_change:detail", system_issue_id=system_issue.pk)
    return render(
        request,
        "system_change/action_form.html",
        {
            "form": form,
            "system_issue": system_issue,
            "action": action,
            "title": "Add an action" if action is None else "Change an action",
        },
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_SHARE_SYSTEM_ISSUE)
def share(request, system_issue_id: int):
    system_issue = get_scoped_or_404(request, SystemIssue, pk=system_issue_id)
    form = ShareForm(
        request.POST or None,
        initial={"share": "yes" if system_issue.share_with_network else "no"},
    )
    if request.method == "POST" and form.is_valid():
        sharing = form.cleaned_data["share"] == "yes"
        try:
            services.system_issue_set_sharing(
                system_issue=system_issue,
                share=sharing,
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is shared with the network as an anonymised summary")
                % {"title": system_issue.title}
                if sharing
                else _("“%(title)s” is not shared with the network")
                % {"title": system_issue.title},
            )
            return redirect("system_change:detail", system_issue_id=system_issue.pk)
    # What would be shared now, and anything in it that would stop it being shared.
    counts = selectors.counts_for(system_issue, today=timezone.localdate())
    preview = build_shared_summary(
        system_issue,
        counts,
        actions=list(scoped(request, Action).filter(system_issue=system_issue)),
    )
    findings = find_identifiers(preview, selectors.identifiers_for(system_issue))
    return render(
        request,
        "system_change/share.html",
        {
            "form": form,
            "system_issue": system_issue,
            "preview": preview,
            "problems": [services.identifying_message(finding) for finding in findings],
            "is_proposed": system_issue.status == SystemIssueStatus.PROPOSED,
        },
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_TAG_CASE)
def tag_case(request, case_id: int):
    case = get_case_or_404(
        request, case_id, queryset=scoped(request, Case).select_related("person")
    )
    challenges = list(scoped(request, Challenge).filter(case=case).order_by("raised_on", "id"))
    form = TagCaseForm(
        request.POST or None,
        system_issues=list(selectors.open_issues_for_tagging(scoped(request, SystemIssue))),
        issues=list(scoped(request, Issue).filter(case=case)),
        challenges=challenges,
    )
    manages = request.user.has_perm(Perm.SYSTEM_CHANGE_MANAGE_SYSTEM_ISSUES, request.organisation)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_system_issue()
        try:
            link, stopped = services.case_tag(
                case=case,
                acting_user=request.user,
                system_issue=chosen,
                proposal=None if chosen else form.proposal(),
                proposal_status=SystemIssueStatus.OPEN if manages else SystemIssueStatus.PROPOSED,
                issue=form.chosen_issue(),
                challenge=form.chosen_challenge(),
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            system_issue = link.system_issue
            if chosen is None and not manages:
                messages.success(
                    request,
                    _(
                        "“%(title)s” has been proposed, with case %(reference)s as evidence: a manager will review it"
                    )
                    % {"title": system_issue.title, "reference": case.reference},
                )
            else:
                messages.success(
                    request,
                    _("Case %(reference)s added as evidence for “%(title)s”")
                    % {"reference": case.reference, "title": system_issue.title},
                )
            if stopped:
                messages.warning(request, stopped)
            return redirect("system_change:detail", system_issue_id=system_issue.pk)
    return render(
        request,
        "system_change/tag_case.html",
        {
            "form": form,
            "case": case,
            "manages": manages,
            "existing": list(selectors.case_links(scoped(request, EvidenceLink), case)),
        },
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_MANAGE_SYSTEM_ISSUES)
@require_http_methods(["GET", "POST"])
def evidence_remove(request, system_issue_id: int, evidence_id: int):
    system_issue = get_scoped_or_404(request, SystemIssue, pk=system_issue_id)
    link = get_scoped_or_404(
        request,
        scoped(request, EvidenceLink).select_related("case", "system_issue"),
        pk=evidence_id,
        system_issue=system_issue,
    )
    if request.method == "POST":
        stopped = services.evidence_link_remove(
            link=link, acting_user=request.user, request=request
        )
        messages.success(
            request,
            _("Case %(reference)s is no longer evidence for “%(title)s”")
            % {"reference": link.case.reference, "title": system_issue.title},
        )
        if stopped:
            messages.warning(request, stopped)
        return redirect("system_change:detail", system_issue_id=system_issue.pk)
    return render(
        request,
        "system_change/evidence_remove.html",
        {"system_issue": system_issue, "link": link},
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_EXPORT_EVIDENCE)
def evidence_csv(request, system_issue_id: int):
    system_issue = get_scoped_or_404(request, SystemIssue, pk=system_issue_id)
    cases = selectors.evidence_cases(
        scoped(request, Case), scoped(request, EvidenceLink), system_issue, request.membership
    )
    rows = exports.evidence_rows([EvidenceRow(case) for case in cases])
    services.evidence_export_record(
        system_issue=system_issue, acting_user=request.user, rows=len(rows), request=request
    )
    return csv_response(f"system-issue-{system_issue.pk}-evidence", exports.EVIDENCE_HEADER, rows)


@organisation_permission_required(Perm.SYSTEM_CHANGE_VIEW_SYSTEM_ISSUES)
def actions_csv(request, system_issue_id: int):
    system_issue = get_scoped_or_404(request, SystemIssue, pk=system_issue_id)
    today = timezone.localdate()
    rows = [
        ActionRow(action, today=today)
        for action in selectors.actions_for(scoped(request, Action), system_issue)
    ]
    csv_export_record(request, "system-issue-actions", rows=len(rows), target=system_issue)
    return csv_response(
        f"system-issue-{system_issue.pk}-actions",
        exports.ACTIONS_HEADER,
        exports.action_rows(rows),
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_VIEW_SYSTEM_ISSUES)
def people_over_time_csv(request, system_issue_id: int):
    system_issue = get_scoped_or_404(request, SystemIssue, pk=system_issue_id)
    table = MonthTable(
        selectors.people_over_time(
            system_issue, scoped(request, EvidenceLink), today=timezone.localdate()
        )
    )
    header, rows = exports.people_over_time_rows(table)
    csv_export_record(request, "system-issue-people-by-month", target=system_issue)
    return csv_response(f"system-issue-{system_issue.pk}-people-by-month", header, rows)


def _challenge_table(request, today):
    return dashboard.challenges_by_level_and_outcome(scoped(request, Challenge), today=today)


def _safeguarding_table(request, today):
    return dashboard.safeguarding_awaiting_response(
        scoped(request, SafeguardingConcern), today=today, organisation=request.organisation
    )


def _trend_chart(rows: list[SystemIssuePresenter]):
    """The issues with the most people newly affected lately, as paired bars (top 10)."""
    shown = sorted(
        rows, key=lambda row: (-row.counts.recent_people, -row.counts.people, row.title)
    )[:DASHBOARD_CHART_ISSUES]
    series = [
        charts.Series(_("The 90 days before"), charts.DARK_GREY),
        charts.Series(_("The last 90 days"), charts.BLUE),
    ]
    return charts.paired_bar_chart(
        [row.title for row in shown],
        [row.counts.previous_people for row in shown],
        [row.counts.recent_people for row in shown],
        series=series,
    ), shown


def _trend_chart_description(shown: int, total: int) -> str:
    which = (
        _("the %(shown)s open system issues with the most people newly affected lately")
        % {"shown": shown}
        if shown < total
        else "each open system issue"
    )
    return _(
        "Bar chart comparing people newly affected in the 90 days before the last 90 days with the last 90 days, for %(which)s. The table beside the chart gives the figures for every open system issue."
    ) % {"which": which}


@organisation_permission_required(Perm.SYSTEM_CHANGE_VIEW_DASHBOARD)
def dashboard_view(request):
    today = timezone.localdate()
    rows = _register_rows(request, status="open")
    proposed = scoped(request, SystemIssue).filter(status=SystemIssueStatus.PROPOSED).count()
    chart, charted = _trend_chart(rows) if rows else (None, [])
    return render(
        request,
        "system_change/dashboard.html",
        {
            "today": today,
            "challenges": _challenge_table(request, today),
            "safeguarding": _safeguarding_table(request, today),
            "rows": rows,
            "chart": chart,
            "chart_description": _trend_chart_description(len(charted), len(rows)),
            "proposed": proposed,
            "proposed_display": plural(
                proposed, "%(count)s proposed system issue", "%(count)s proposed system issues"
            ),
            "growing_count": sum(1 for row in rows if row.trend.is_growing),
        },
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_VIEW_DASHBOARD)
def dashboard_system_issues_csv(request):
    rows = _register_rows(request, status="open")
    csv_export_record(request, "system-change-dashboard-system-issues", rows=len(rows))
    return csv_response(
        "system-change-dashboard-system-issues",
        exports.REGISTER_HEADER,
        exports.register_rows(rows),
    )


@organisation_permission_required(Perm.SYSTEM_CHANGE_VIEW_DASHBOARD)
def dashboard_challenges_csv(request):
    table = _challenge_table(request, timezone.localdate())
    csv_export_record(request, "system-change-dashboard-challenges")
    if table is None:
        return csv_response("system-change-dashboard-challenges", ["Level"], [])
    header, rows = exports.challenge_rows(table)
    return csv_response("system-change-dashboard-challenges", header, rows)


@organisation_permission_required(Perm.SYSTEM_CHANGE_VIEW_DASHBOARD)
def dashboard_safeguarding_csv(request):
    table = _safeguarding_table(request, timezone.localdate())
    csv_export_record(request, "system-change-dashboard-safeguarding")
    if table is None:
        return csv_response("system-change-dashboard-safeguarding", ["Raised with"], [])
    header, rows = exports.safeguarding_rows(table)
    return csv_response("system-change-dashboard-safeguarding", header, rows)

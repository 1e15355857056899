"""Dashboards: the home page, "my day" for an advocate and the manager view.

The home page renders these too (an advocate's home is their day, a manager's
the manager view), so each page has a ``render_*`` function that the home view
can call with ``at_home=True``: same figures, a greeting as the heading.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.casework.models import Case, Task
from heard.casework.presenters.cases import CaseLinks
from heard.casework.selectors import waiting as waiting_list
from heard.casework.services.allocation import caseload_weights
from heard.challenges.dashboard import overdue_challenges_panel
from heard.core.concurrent_reads import run_together
from heard.core.permissions import Perm
from heard.core.text import plural
from heard.dashboards import selectors
from heard.dashboards.presenters import (
    NoContactRow,
    RecentRow,
    ServiceBreachRow,
    StaffRow,
    TaskRow,
    case_list_url,
    day,
)
from heard.development.dashboard import supervision_actions_panel, team_panel
from heard.organisations.models import DEFAULT_ORGANISATION_SETTINGS, Membership, Service
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import scoped
from heard.safeguarding.dashboard import awaiting_acknowledgement_panel

STAFF_PER_PAGE = 50


def _greeting(request) -> str:
    return _("Hello, %(get_short_name)s") % {"get_short_name": request.user.get_short_name()}


def no_contact_days(organisation) -> int:
    """The organisation's ``no_contact_alert_days``; the default if it is not a positive number."""
    try:
        days = int(organisation.setting("no_contact_alert_days"))
    except (TypeError, ValueError):
        days = 0
    return days if days > 0 else DEFAULT_ORGANISATION_SETTINGS["no_contact_alert_days"]


@organisation_permission_required(Perm.CASEWORK_VIEW_MY_DAY)
def my_day(request):
    return render_my_day(request)


def render_my_day(request, *, at_home: bool = False):
    membership = request.membership
    today, now = timezone.localdate(), timezone.now()
    days = no_contact_days(request.organisation)
    cases = scoped(request, Case)
    due = selectors.tasks_due(scoped(request, Task), membership, today=today)
    due_tasks = selectors.due_tasks(due, today=today)
    tasks = due_tasks.panel
    silent = selectors.capped(
        selectors.cases_without_contact(cases, membership, today=today, days=days),
        rows=selectors.without_contact_rows(cases, membership),
    )
    recent = selectors.capped(
        selectors.recently_allocated(cases, membership, now=now),
        rows=selectors.recent_rows(cases, membership),
    )
    links = CaseLinks()  # each row's two links without a walk of the URL resolver
    return render(
        request,
        "dashboards/my_day.html",
        {
            "page_title": "Home" if at_home else "My day",
            "heading": _greeting(request) if at_home else "My day",
            "today": today,
            "tasks": tasks,
            "task_rows": [TaskRow(task, today=today, links=links) for task in tasks.rows],
            "overdue_count": due_tasks.overdue,
            "due_today_count": tasks.total - due_tasks.overdue,
            "silent": silent,
            "silent_rows": [NoContactRow(case, today=today, links=links) for case in silent.rows],
            "no_contact_days": days,
            "recent": recent,
            "recent_rows": [RecentRow(case, links=links) for case in recent.rows],
            "recent_days": selectors.RECENT_ALLOCATION_DAYS,
            "my_cases_url": case_list_url(advocate=membership.pk),
            # Panels from heard.challenges, heard.safeguarding and heard.development: one
            # query each.
            **overdue_challenges_panel(request, today=today, mine=True),
            **awaiting_acknowledgement_panel(request, today=today, mine=True),
            **supervision_actions_panel(request, today=today),
        },
    )


@organisation_permission_required(Perm.CASEWORK_VIEW_MANAGER_DASHBOARD)
def manager(request):
    return render_manager(request)


def _missing_public_contact(request) -> bool:
    """An admin is told when people referred would have no phone or email to reach us by."""
    organisation = request.organisation
    if not request.user.has_perm(Perm.ORGANISATIONS_CHANGE_ORGANISATION, organisation):
        return False
    return not (organisation.setting("contact_phone") or organisation.setting("contact_email"))


def _page_number(asked: str | None) -> int:
    """The page asked for, as ``Paginator.get_page`` reads it: 1 unless a whole number;
    past the end is settled by the paginator."""
    try:
        return max(int(asked), 1)
    except (TypeError, ValueError):
        return 1


def render_manager(request, *, at_home: bool = False):
    today = timezone.localdate()
    read = {}

    def staff_table():
        # Busiest first, a page at a time: a national organisation has over a thousand staff.
        read["staff"] = selectors.staff_page(
            scoped(request, Case),
            scoped(request, Task),
            scoped(request, Membership),
            weights=caseload_weights(request.organisation),
            today=today,
            page=_page_number(request.GET.get("page")),
            per_page=STAFF_PER_PAGE,
        )

    def supervision():
        read.update(team_panel(request, today=today))

    def challenges_and_safeguarding():
        # Panels from heard.challenges and heard.safeguarding: one query each.
        read.update(overdue_challenges_panel(request, today=today, mine=False))
        read.update(awaiting_acknowledgement_panel(request, today=today, mine=False))

    def waiting_lists():
        cases = scoped(request, Case)
        services = list(scoped(request, Service).order_by("name"))
        read["waiting"] = waiting_list.waiting_by_service(cases, services, today=today)
        read["oldest"] = selectors.oldest_waiting(cases)

    # Independent reads, slowest first, side by side on PostgreSQL (heard.core.concurrent_reads).
    run_together(
        [staff_table, supervision, challenges_and_safeguarding, waiting_lists],
        alias=DEFAULT_DB_ALIAS,
        readers=settings.HEARD_DATABASE_READERS,
    )
    staff, waiting, oldest = read.pop("staff"), read.pop("waiting"), read.pop("oldest")
    oldest_wait = waiting_list.waiting_cases([oldest], today=today)[0] if oldest else None
    staff_page = Paginator(staff, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    case_list_path = reverse("casework:case_list")
    return render(
        request,
        "dashboards/manager.html",
        {
            "page_title": "Home" if at_home else "Manager view",
            "heading": _greeting(request) if at_home else "Manager view",
            "today": today,
            "service_rows": [ServiceBreachRow(line) for line in waiting],
            "breaches": sum(line.over_target for line in waiting),
            "waiting": sum(line.waiting for line in waiting),
            "oldest": oldest_wait,
            "oldest_received": day(oldest.received_on) if oldest else "",
            "oldest_waited": plural(
                oldest_wait.working_days, "%(count)s working day", "%(count)s working days"
            )
            if oldest
            else "",
            "staff_rows": [
                StaffRow(figures, case_list_path=case_list_path) for figures in staff_page
            ],
            "staff_count": len(staff),
            "page": staff_page,
            "overdue_total": staff.overdue_total,
            "overdue_unassigned": staff.overdue_unassigned,
            "over_capacity": staff.over_capacity,
            "missing_public_contact": _missing_public_contact(request),
            **read,  # the supervision, challenges and safeguarding panels
        },
    )


@login_required
def home(request):
    # Managers and admins start from the manager view, advocates from their day; others as before.
    organisation = request.organisation
    if organisation is not None:
        if request.user.has_perm(Perm.CASEWORK_VIEW_MANAGER_DASHBOARD, organisation):
            return render_manager(request, at_home=True)
        if request.user.has_perm(Perm.CASEWORK_VIEW_MY_DAY, organisation):
            return render_my_day(request, at_home=True)
        if request.user.has_perm(Perm.REPORTING_VIEW_REPORTS, organisation):
            # A commissioner's home is the reports of the services they commission.
            from heard.reporting.views import render_index

            return render_index(request, at_home=True)
    return render(request, "dashboards/home.html", {"summary": selectors.home_summary(request)})

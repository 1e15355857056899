"""Dashboards: "my day" for an advocate and the manager view.

The home page renders these too (an advocate's home is their day, a manager's
the manager view), so each page has a ``render_*`` function that the home view
can call with ``at_home=True``: same figures, a greeting as the heading.
"""

from django.shortcuts import render
from django.utils import timezone

from heard.challenges.dashboard import overdue_challenges_panel
from heard.organisations.models import DEFAULT_ORGANISATION_SETTINGS, Membership, Service
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import scoped
from heard.safeguarding.dashboard import awaiting_acknowledgement_panel

from . import dashboards, selectors
from .allocation import caseload_weights
from .models import Case, Task
from .presenters_dashboards import (
    NoContactRow,
    RecentRow,
    ServiceBreachRow,
    StaffRow,
    TaskRow,
    case_list_url,
    day,
    plural,
)


def _greeting(request) -> str:
    return f"Hello, {request.user.get_short_name()}"


def no_contact_days(organisation) -> int:
    """The organisation's ``no_contact_alert_days``; the default if it is not a positive number."""
    try:
        days = int(organisation.setting("no_contact_alert_days"))
    except (TypeError, ValueError):
        days = 0
    return days if days > 0 else DEFAULT_ORGANISATION_SETTINGS["no_contact_alert_days"]


@organisation_permission_required("casework.view_my_day")
def my_day(request):
    return render_my_day(request)


def render_my_day(request, *, at_home: bool = False):
    membership = request.membership
    today, now = timezone.localdate(), timezone.now()
    days = no_contact_days(request.organisation)
    cases = scoped(request, Case)
    due = dashboards.tasks_due(scoped(request, Task), membership, today=today)
    task_counts = dashboards.task_counts(due, today=today)
    tasks = dashboards.capped(due, total=task_counts["total"])
    silent = dashboards.capped(
        dashboards.cases_without_contact(cases, membership, today=today, days=days)
    )
    recent = dashboards.capped(dashboards.recently_allocated(cases, membership, now=now))
    return render(
        request,
        "casework/dashboards/my_day.html",
        {
            "page_title": "Home" if at_home else "My day",
            "heading": _greeting(request) if at_home else "My day",
            "today": today,
            "tasks": tasks,
            "task_rows": [TaskRow(task, today=today) for task in tasks.rows],
            "overdue_count": task_counts["overdue"],
            "due_today_count": task_counts["total"] - task_counts["overdue"],
            "silent": silent,
            "silent_rows": [NoContactRow(case, today=today) for case in silent.rows],
            "no_contact_days": days,
            "recent": recent,
            "recent_rows": [RecentRow(case) for case in recent.rows],
            "recent_days": dashboards.RECENT_ALLOCATION_DAYS,
            "my_cases_url": case_list_url(advocate=membership.pk),
            # Panels from heard.challenges and heard.safeguarding: one query each.
            **overdue_challenges_panel(request, today=today, mine=True),
            **awaiting_acknowledgement_panel(request, today=today, mine=True),
        },
    )


@organisation_permission_required("casework.view_manager_dashboard")
def manager(request):
    return render_manager(request)


def render_manager(request, *, at_home: bool = False):
    today = timezone.localdate()
    cases = scoped(request, Case)
    services = list(scoped(request, Service).order_by("name"))
    waiting = selectors.waiting_by_service(cases, services, today=today)
    oldest = dashboards.oldest_waiting(cases)
    oldest_wait = selectors.waiting_cases([oldest], today=today)[0] if oldest else None
    loads = dashboards.caseloads(cases, caseload_weights(request.organisation))
    overdue = dashboards.overdue_tasks_by_assignee(scoped(request, Task), today=today)
    staff = dashboards.staff_figures(scoped(request, Membership), loads=loads, overdue=overdue)
    return render(
        request,
        "casework/dashboards/manager.html",
        {
            "page_title": "Home" if at_home else "Manager view",
            "heading": _greeting(request) if at_home else "Manager view",
            "today": today,
            "service_rows": [ServiceBreachRow(line) for line in waiting],
            "breaches": sum(line.over_target for line in waiting),
            "waiting": sum(line.waiting for line in waiting),
            "oldest": oldest_wait,
            "oldest_received": day(oldest.received_on) if oldest else "",
            "oldest_waited": plural(oldest_wait.working_days, "working day") if oldest else "",
            "staff_rows": [StaffRow(figures) for figures in staff],
            "overdue_total": sum(overdue.values()),
            "overdue_unassigned": overdue.get(None, 0),
            "over_capacity": sum(1 for figures in staff if figures.over_capacity),
            # Panels from heard.challenges and heard.safeguarding: one query each.
            **overdue_challenges_panel(request, today=today, mine=False),
            **awaiting_acknowledgement_panel(request, today=today, mine=False),
        },
    )

"""Display shaping for "my day" and the manager view: labels, tags and links."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from heard.casework.models import Case, Status, Task
from heard.casework.presenters.cases import CaseLabel, CaseLinks
from heard.casework.selectors.waiting import ServiceWaiting
from heard.casework.services.allocation import CASELOAD_ROLES
from heard.core.dates import short_date
from heard.core.text import plural
from heard.dashboards.selectors import StaffFigures

STATUS_COLOURS = {
    Status.WAITING: "grey",
    Status.ALLOCATED: "blue",
    Status.ACTIVE: "green",
    Status.ON_HOLD: "yellow",
    Status.CLOSED: "light-blue",
}


def number(value: float) -> str:
    """12.0 → "12", 12.5 → "12.5": caseloads are weighted, capacities usually whole."""
    value = round(float(value), 1)
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def day(value: dt.date) -> str:
    return short_date(value)


def case_list_url(**filters) -> str:
    """The case list filtered by ``status``, ``service`` or ``advocate`` (a membership id)."""
    path = reverse("casework:case_list")
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


class TaskRow:
    def __init__(self, task: Task, *, today: dt.date, links: CaseLinks):
        self.task = task
        self.today = today
        self.case = (
            CaseLabel(
                task.case,
                can_open=task.case_can_open,
                person_hidden=task.person_hidden,
                links=links,
            )
            if task.case_id
            else None
        )

    @property
    def title(self) -> str:
        return self.task.title

    @property
    def overdue(self) -> bool:
        return self.task.due_on < self.today

    @property
    def due_display(self) -> str:
        return day(self.task.due_on)

    @property
    def tag(self) -> tuple[str, str]:
        if self.overdue:
            return _("Overdue"), "red"
        return _("Due today"), "yellow"

    @property
    def lateness(self) -> str:
        late = (self.today - self.task.due_on).days
        return plural(late, "%(count)s day overdue", "%(count)s days overdue") if late > 0 else ""


class NoContactRow:
    def __init__(self, case: Case, *, today: dt.date, links: CaseLinks):
        self.label = CaseLabel(
            case, can_open=case.can_open, person_hidden=case.person_hidden, links=links
        )
        self.case = case
        self.today = today

    def _days_since(self, moment: dt.datetime) -> int:
        return (self.today - timezone.localdate(moment)).days

    @property
    def last_contact_display(self) -> str:
        if self.case.last_contact:
            when = timezone.localdate(self.case.last_contact)
            return plural(
                self._days_since(self.case.last_contact),
                "%(day)s (%(count)s day ago)",
                "%(day)s (%(count)s days ago)",
                day=day(when),
            )
        if self.case.allocated_at:
            since = self._days_since(self.case.allocated_at)
            return plural(
                since,
                "None since allocation on %(day)s (%(count)s day)",
                "None since allocation on %(day)s (%(count)s days)",
                day=day(timezone.localdate(self.case.allocated_at)),
            )
        return _("None recorded")


class RecentRow:
    def __init__(self, case: Case, *, links: CaseLinks):
        self.label = CaseLabel(
            case, can_open=case.can_open, person_hidden=case.person_hidden, links=links
        )
        self.case = case

    @property
    def allocated_display(self) -> str:
        return day(timezone.localdate(self.case.allocated_at))

    @property
    def service_name(self) -> str:
        return self.case.service.name


class ServiceBreachRow:
    def __init__(self, line: ServiceWaiting):
        self.line = line
        self.service = line.service

    @property
    def waiting_list_url(self) -> str:
        return f"{reverse('casework:waiting_list')}?{urlencode({'service': self.service.pk})}"

    @property
    def case_list_url(self) -> str:
        return case_list_url(status=Status.WAITING, service=self.service.pk)


class StaffRow:
    """One member of staff in the manager view's table.

    ``case_list_path`` is the case list's path, reversed once for the whole page rather than
    once per row.
    """

    def __init__(self, figures: StaffFigures, *, case_list_path: str):
        self.figures = figures
        self.membership = figures.membership
        self.case_list_path = case_list_path

    @property
    def name(self) -> str:
        return self.membership.name

    @property
    def role_label(self) -> str:
        label = self.membership.role_label
        return label if self.membership.is_active else f"{label} (deactivated)"

    @property
    def open_cases(self) -> int:
        return self.figures.caseload.cases

    @property
    def caseload_display(self) -> str:
        return f"{number(self.figures.caseload.weighted)} of {number(self.figures.capacity)}"

    @property
    def over_capacity(self) -> bool:
        return self.figures.over_capacity

    @property
    def overdue_tasks(self) -> int:
        return self.figures.overdue_tasks

    @property
    def open_cases_label(self) -> str:
        """The open-cases link's accessible name (built here: a template's blocktranslate
        per row was a tenth of the manager view's time)."""
        count = self.open_cases
        return ngettext(
            "%(counter)s open case of %(name)s", "%(counter)s open cases of %(name)s", count
        ) % {"counter": number_format(count), "name": self.name}

    @property
    def overdue_tasks_label(self) -> str:
        count = self.overdue_tasks
        return ngettext(
            "%(counter)s overdue task of %(name)s", "%(counter)s overdue tasks of %(name)s", count
        ) % {"counter": number_format(count), "name": self.name}

    @property
    def cases_url(self) -> str:
        """Their cases on the case list, which filters by those who may hold cases."""
        if self.membership.role not in CASELOAD_ROLES:
            return ""
        return f"{self.case_list_path}?{urlencode({'advocate': self.membership.pk})}"

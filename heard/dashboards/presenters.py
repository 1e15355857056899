"""Display shaping for "my day" and the manager view: labels, tags and links."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize, number_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from heard.casework.models import Case, Status, Task
from heard.casework.presenters.cases import CaseLabel, CaseLinks
from heard.casework.selectors.waiting import ServiceWaiting
from heard.casework.services.allocation import CASELOAD_ROLES
from heard.core.dates import short_date
from heard.core.text import plural
from heard.dashboards.selectors import StaffFigures
from heard.design_system.templatetags.govuk import govuk_tag

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


def case_cell_html(label: CaseLabel) -> str:
    """A case in a table cell: its reference (a link when the viewer may open the case), and
    the person's name only when the row shows the person (a link to them when it does)."""
    if label.can_open:
        reference = format_html(
            '<a class="govuk-link" href="{}">{}</a>', label.case_url, label.reference
        )
    else:
        reference = conditional_escape(label.reference)
    if label.person_id:
        person = format_html(
            '<a class="govuk-link govuk-body-s" href="{}">{}</a>',
            label.person_url,
            label.person_label,
        )
    else:
        person = format_html('<span class="govuk-body-s">{}</span>', label.person_label)
    return format_html("{}<br>{}", reference, person)


def task_rows_html(rows: list[TaskRow]) -> str:
    """My day's task table rows, built in Python as ``staff_rows_html`` is: the template's
    look-ups through each row's properties were a quarter of rendering my day's template
    (docs/performance.md, "The manager's staff table in the database, and the binding's
    network scope planned once")."""
    not_linked = _("Not linked to a case")

    def row_html(row: TaskRow) -> str:
        title = format_html("<strong>{}</strong>", row.title) if row.overdue else row.title
        lateness = row.lateness
        due = format_html("{}, {}", row.due_display, lateness) if lateness else row.due_display
        return format_html(
            '<tr class="govuk-table__row"><td class="govuk-table__cell">{}<br>{} '
            '<span class="govuk-body-s">{}</span></td><td class="govuk-table__cell">{}</td></tr>',
            title,
            govuk_tag(*row.tag),
            due,
            case_cell_html(row.case) if row.case else not_linked,
        )

    return format_html_join("", "{}", ((row_html(row),) for row in rows))


def no_contact_rows_html(rows: list[NoContactRow]) -> str:
    """My day's no-contact table rows, built in Python (``task_rows_html``)."""
    return format_html_join(
        "",
        '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td></tr>',
        (
            (
                case_cell_html(row.label),
                govuk_tag(row.label.status_label, row.label.status_colour),
                row.last_contact_display,
            )
            for row in rows
        ),
    )


def recent_rows_html(rows: list[RecentRow]) -> str:
    """My day's recently allocated table rows, built in Python (``task_rows_html``)."""
    return format_html_join(
        "",
        '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}<br><span class="govuk-body-s">{}</span></td>'
        '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td></tr>',
        (
            (
                case_cell_html(row.label),
                row.service_name,
                row.label.advocacy_type_label,
                row.allocated_display,
                govuk_tag(row.label.status_label, row.label.status_colour),
            )
            for row in rows
        ),
    )


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

    Every value the row shows is worked out once, here, as a plain attribute: the template
    reads each of them once or more per row, and 50 rows of properties (labels built with
    ``ngettext``, the link's query string encoded up to three times) were most of the page's
    rendering. ``case_list_path`` is the case list's path, reversed once for the whole page.
    """

    def __init__(self, figures: StaffFigures, *, case_list_path: str):
        membership = figures.membership
        self.figures = figures
        self.membership = membership
        self.name = membership.name
        label = membership.role_label
        self.role_label = (
            label if membership.is_active else _("%(role)s (deactivated)") % {"role": label}
        )
        self.open_cases = figures.caseload.cases
        self.caseload_display = _("%(caseload)s of %(capacity)s") % {
            "caseload": number(figures.caseload.weighted),
            "capacity": number(figures.capacity),
        }
        self.over_capacity = figures.over_capacity
        self.overdue_tasks = figures.overdue_tasks
        # Their cases on the case list, which filters by those who may hold cases.
        self.cases_url = (
            f"{case_list_path}?{urlencode({'advocate': membership.pk})}"
            if membership.role in CASELOAD_ROLES
            else ""
        )

    @property
    def open_cases_label(self) -> str:
        """The open-cases link's accessible name (built here: a template's blocktranslate
        per row was a tenth of the manager view's time)."""
        return _open_cases_text(self.open_cases) % {
            "counter": number_format(self.open_cases),
            "name": self.name,
        }

    @property
    def overdue_tasks_label(self) -> str:
        return _overdue_tasks_text(self.overdue_tasks) % {
            "counter": number_format(self.overdue_tasks),
            "name": self.name,
        }


def _open_cases_text(count: int) -> str:
    return ngettext(
        "%(counter)s open case of %(name)s", "%(counter)s open cases of %(name)s", count
    )


def _overdue_tasks_text(count: int) -> str:
    return ngettext(
        "%(counter)s overdue task of %(name)s", "%(counter)s overdue tasks of %(name)s", count
    )


def staff_rows_html(rows: list[StaffRow]) -> str:
    """The caseload table's rows, as ``dashboards/manager.html`` showed them row by row.

    Built in Python (as ``govuk_tag`` is): the template's variable look-ups, escaping and
    tags for 50 rows of four cells were over half of the page's rendering. Every value is
    escaped by ``format_html``. A count's localised form and its labels' plural forms depend
    only on the count, so each is worked out once per count for the table (caseloads repeat:
    50 rows hold a few dozen distinct counts), in the language of this request.
    """
    over_capacity = govuk_tag(_("Over capacity"), "red")
    numbers = _Memo(localize)
    open_texts = _Memo(_open_cases_text)
    overdue_texts = _Memo(_overdue_tasks_text)
    return format_html_join(
        "",
        "{}",
        (
            (_staff_row_html(row, over_capacity, numbers, open_texts, overdue_texts),)
            for row in rows
        ),
    )


class _Memo(dict):
    """``function(key)``, worked out once per key."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def __missing__(self, key):
        value = self[key] = self.function(key)
        return value


def _staff_row_html(row: StaffRow, over_capacity: str, numbers, open_texts, overdue_texts) -> str:
    open_cases = numbers[row.open_cases]
    if row.cases_url:
        label = open_texts[row.open_cases] % {"counter": open_cases, "name": row.name}
        open_cases = format_html(
            '<a class="govuk-link" href="{}" aria-label="{}">{}</a>',
            row.cases_url,
            label,
            open_cases,
        )
    if row.overdue_tasks and row.cases_url:
        count = numbers[row.overdue_tasks]
        label = overdue_texts[row.overdue_tasks] % {"counter": count, "name": row.name}
        overdue = format_html(
            '<a class="govuk-link" href="{}" aria-label="{}"><strong>{}</strong></a>',
            row.cases_url,
            label,
            count,
        )
    elif row.overdue_tasks:
        overdue = format_html("<strong>{}</strong>", numbers[row.overdue_tasks])
    else:
        overdue = "0"
    return format_html(
        '<tr class="govuk-table__row">'
        '<th scope="row" class="govuk-table__header">{}<br><span class="govuk-body-s">{}</span></th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
        '<td class="govuk-table__cell">{}{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
        "</tr>",
        row.name,
        row.role_label,
        open_cases,
        row.caseload_display,
        format_html(" {}", over_capacity) if row.over_capacity else "",
        overdue,
    )

"""Display shaping for the records inside a case: labels, dates, durations and tag colours."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.accounts.models import User
from heard.casework import time_summary
from heard.casework.models import Activity, Case, Document, Issue, IssueOutcome, OutcomeTag, Task
from heard.casework.selectors import records as selectors
from heard.casework.services.documents import size_label
from heard.core.dates import short_date, short_datetime
from heard.core.planner import planned_for_their_values
from heard.core.text import plural

CASE_PAGE_URL_NAME = "casework:case_detail"


def case_url(case: Case, anchor: str = "") -> str:
    """The case page (built by the case pages), optionally at one of its sections."""
    url = reverse(CASE_PAGE_URL_NAME, kwargs={"case_id": case.pk})
    return f"{url}#{anchor}" if anchor else url


def duration(minutes: int | None) -> str:
    """45 -> '45 minutes'; 125 -> '2 hours 5 minutes'; 0 -> '0 minutes'."""
    minutes = minutes or 0
    hours, rest = divmod(minutes, 60)
    if not hours:
        return plural(rest, "%(count)s minute", "%(count)s minutes")
    if not rest:
        return plural(hours, "%(count)s hour", "%(count)s hours")
    return _("%(hours)s %(minutes)s") % {
        "hours": plural(hours, "%(count)s hour", "%(count)s hours"),
        "minutes": plural(rest, "%(count)s minute", "%(count)s minutes"),
    }


def day(value: dt.date | None) -> str:
    return short_date(value) if value else ""


def moment(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return short_datetime(value)


class EnteredInErrorShown:
    """What every record shows once marked entered in error: struck through, with why."""

    record_url_name = ""  # e.g. "casework:activity_entered_in_error"
    record_kwarg = ""  # e.g. "activity_id"

    @property
    def record(self):
        raise NotImplementedError

    @property
    def is_entered_in_error(self) -> bool:
        return self.record.entered_in_error_at is not None

    @property
    def entered_in_error_note(self) -> str:
        record = self.record
        if record.entered_in_error_at is None:
            return ""
        return _("Entered in error on %(day)s: %(reason)s") % {
            "day": day(timezone.localdate(record.entered_in_error_at)),
            "reason": record.entered_in_error_reason,
        }

    @property
    def entered_in_error_url(self) -> str:
        return reverse(
            self.record_url_name,
            kwargs={"case_id": self.record.case_id, self.record_kwarg: self.record.pk},
        )


OUTCOME_COLOURS = {
    IssueOutcome.ACHIEVED: "green",
    IssueOutcome.PARTLY_ACHIEVED: "turquoise",
    IssueOutcome.NOT_ACHIEVED: "orange",
    IssueOutcome.WITHDRAWN: "grey",
}
OUTCOME_TAG_LABELS = dict(OutcomeTag.choices)


class IssuePresenter(EnteredInErrorShown):
    record_url_name, record_kwarg = "casework:issue_entered_in_error", "issue_id"

    def __init__(self, issue: Issue):
        self.issue = issue

    @property
    def record(self):
        return self.issue

    @property
    def pk(self) -> int:
        return self.issue.pk

    @property
    def in_their_words(self) -> str:
        return self.issue.in_their_words

    @property
    def said_by(self) -> str:
        return self.issue.get_said_by_display()

    @property
    def category(self) -> str:
        return self.issue.get_category_display()

    @property
    def has_outcome(self) -> bool:
        return bool(self.issue.outcome)

    @property
    def outcome_tag(self) -> tuple[str, str]:
        """(text, colour) for the outcome tag."""
        if not self.issue.outcome:
            return _("No outcome yet"), "yellow"
        return self.issue.get_outcome_display(), OUTCOME_COLOURS[self.issue.outcome]

    @property
    def outcome_tags(self) -> list[str]:
        return [OUTCOME_TAG_LABELS.get(tag, tag) for tag in self.issue.outcome_tags]

    @property
    def outcome_note(self) -> str:
        return self.issue.outcome_note

    @property
    def outcome_in_their_words(self) -> str:
        return self.issue.outcome_in_their_words

    @property
    def felt_listened_to(self) -> str:
        """The person's answer, as words; empty when nobody recorded one."""
        return self.issue.get_felt_listened_to_display() if self.issue.felt_listened_to else ""

    @property
    def outcome_recorded_at(self):
        return self.issue.outcome_recorded_at

    @property
    def outcome_recorded(self) -> str:
        recorded_at = self.issue.outcome_recorded_at
        return day(timezone.localdate(recorded_at)) if recorded_at else ""

    @property
    def short_label(self) -> str:
        words = self.issue.in_their_words
        return words if len(words) <= 60 else words[:57].rstrip() + "…"


class ActivityPresenter(EnteredInErrorShown):
    record_url_name, record_kwarg = "casework:activity_entered_in_error", "activity_id"

    def __init__(self, activity: Activity):
        self.activity = activity

    @property
    def record(self):
        return self.activity

    @property
    def pk(self) -> int:
        return self.activity.pk

    # Kept once worked out: a row of the case page shows each three times (the cell and its
    # two links' hidden text), and formatting a moment in the active language is not cheap.
    @cached_property
    def kind(self) -> str:
        return self.activity.get_kind_display()

    @cached_property
    def when(self) -> str:
        return moment(self.activity.occurred_at)

    @property
    def minutes(self) -> str:
        return duration(self.activity.minutes)

    @property
    def travel(self) -> str:
        return duration(self.activity.travel_minutes) if self.activity.travel_minutes else _("None")

    @property
    def with_person(self) -> bool:
        return self.activity.with_person

    @property
    def present(self) -> str:
        return self.activity.present

    @property
    def note(self) -> str:
        return self.activity.note

    @property
    def recorded_by(self) -> str:
        return self.activity.recorded_by.full_name


class TaskPresenter(EnteredInErrorShown):
    record_url_name, record_kwarg = "casework:task_entered_in_error", "task_id"

    def __init__(self, task: Task, *, today: dt.date):
        self.task = task
        self.today = today

    @property
    def record(self):
        return self.task

    @property
    def due_time(self) -> str:
        """An hour-based deadline's time, like "14:30"; empty for a day's deadline."""
        if self.task.due_at is None:
            return ""
        return f"{timezone.localtime(self.task.due_at):%H:%M}"

    @property
    def citation(self) -> str:
        return self.task.citation

    @property
    def pk(self) -> int:
        return self.task.pk

    @property
    def title(self) -> str:
        return self.task.title

    @property
    def due(self) -> str:
        return day(self.task.due_on)

    @property
    def is_done(self) -> bool:
        return self.task.completed_at is not None

    @property
    def is_overdue(self) -> bool:
        """Due before today, not done, and not entered in error."""
        return not self.is_done and not self.is_entered_in_error and self.task.due_on < self.today

    @property
    def is_generated(self) -> bool:
        return bool(self.task.rule_key)

    @property
    def source(self) -> str:
        return _("From the case's facts") if self.is_generated else _("Added by hand")

    @property
    def assignee(self) -> str:
        member = self.task.assigned_to
        return member.user.full_name if member is not None else _("Nobody yet")

    @property
    def status(self) -> tuple[str, str]:
        """(text, tag colour)."""
        if self.is_entered_in_error:
            return _("Entered in error"), "grey"
        if self.is_done:
            return _("Done"), "green"
        if self.is_overdue:
            return _("Overdue"), "red"
        if self.task.due_on == self.today:
            return _("Due today"), "yellow"
        return _("To do"), "blue"

    @property
    def completed(self) -> str:
        return day(timezone.localdate(self.task.completed_at)) if self.is_done else ""


class DocumentPresenter(EnteredInErrorShown):
    record_url_name, record_kwarg = "casework:document_entered_in_error", "document_id"

    def __init__(self, document: Document):
        self.document = document

    @property
    def record(self):
        return self.document

    @property
    def pk(self) -> int:
        return self.document.pk

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def kind(self) -> str:
        return self.document.get_kind_display()

    @property
    def original_name(self) -> str:
        return self.document.original_name

    @property
    def size(self) -> str:
        return size_label(self.document.size)

    @property
    def uploaded(self) -> str:
        return f"{day(timezone.localdate(self.document.created_at))} by {self.document.uploaded_by.full_name}"


@dataclass(frozen=True)
class TimeTotals:
    """Activities and minutes, as the database summed them."""

    activities: int = 0
    minutes: int = 0
    travel_minutes: int = 0
    contacts: int = 0

    @property
    def total_minutes(self) -> int:
        return self.minutes + self.travel_minutes

    @property
    def minutes_display(self) -> str:
        return duration(self.minutes)

    @property
    def travel_display(self) -> str:
        return duration(self.travel_minutes)

    @property
    def total_display(self) -> str:
        return duration(self.total_minutes)

    @property
    def hours_decimal(self) -> str:
        """Total time in hours to one decimal place, as contract reports give it."""
        return f"{self.total_minutes / 60:,.1f}"


def time_totals_from(values: dict) -> TimeTotals:
    """The selectors' sums (``TOTALS`` keys) as ``TimeTotals``."""
    return TimeTotals(
        activities=values["total_activities"],
        minutes=values["total_minutes"],
        travel_minutes=values["total_travel_minutes"],
        contacts=values["total_contacts"],
    )


# The case page's record sections --------------------------------------------------------------


def activity_section(case: Case) -> dict:
    """The case page's activities: the latest few, the count, and the time totals (1 query).

    Activities entered in error are listed (struck through) but not counted.
    """
    latest, counts = selectors.latest_activities_and_counts(case)
    return {
        "activities": [ActivityPresenter(a) for a in latest],
        "activity_count": counts["all_activities"],
        "time_totals": time_totals_from(counts),
    }


def task_section(case: Case, *, today: dt.date | None = None) -> dict:
    """Open tasks (soonest first), then the most recently done or entered in error (1 query)."""
    today = today or timezone.localdate()
    open_tasks, done = selectors.case_tasks(case)
    presented = [TaskPresenter(task, today=today) for task in [*open_tasks, *done]]
    return {
        "tasks": presented,
        "next_task": presented[0] if open_tasks else None,
        "open_task_count": len(open_tasks),
        "overdue_task_count": sum(1 for task in presented if task.is_overdue),
    }


def case_records(case: Case, *, today: dt.date | None = None) -> dict:
    """What the case page's record sections show, in 4 queries whatever the case's size.

    Keys: ``issues``, ``open_issue_count``, ``activities`` (the latest 20),
    ``activity_count``, ``time_totals``, ``tasks`` (open first), ``open_task_count``,
    ``overdue_task_count``, ``documents``.
    """
    issues = [IssuePresenter(issue) for issue in selectors.case_issues(case)]
    return {
        "issues": issues,
        "open_issue_count": sum(
            1 for issue in issues if not issue.has_outcome and not issue.is_entered_in_error
        ),
        **activity_section(case),
        **task_section(case, today=today),
        "documents": [DocumentPresenter(d) for d in selectors.case_documents(case)],
    }


# The time report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeRow:
    label: str
    totals: TimeTotals
    key: object = None
    restricted: bool = False  # a restricted case: its reference only, no link to open it


def _row(values: dict, label: str, key, restricted: bool = False) -> TimeRow:
    return TimeRow(label=label, key=key, totals=time_totals_from(values), restricted=restricted)


def _totals_of(rows) -> TimeTotals:
    return TimeTotals(
        activities=sum(row.totals.activities for row in rows),
        minutes=sum(row.totals.minutes for row in rows),
        travel_minutes=sum(row.totals.travel_minutes for row in rows),
        contacts=sum(row.totals.contacts for row in rows),
    )


def _most_time_first(rows: list[TimeRow]) -> list[TimeRow]:
    return sorted(rows, key=lambda row: (-row.totals.minutes, str(row.label), str(row.key)))


def _summed(values: dict) -> dict:
    """A live grouped row (``TOTALS`` keys) in the summary's figure names."""
    return {
        "activities": values["total_activities"],
        "minutes": values["total_minutes"],
        "travel_minutes": values["total_travel_minutes"],
        "contacts": values["total_contacts"],
    }


def _service_figures(organisation, activities, *, start, end, service, today) -> dict:
    """``{service_id: figures}``: days before today from the daily summary (one query), today
    and later from the activities (one grouped query); everything live if no summary."""
    summarised, live = time_summary.summarised_and_live(start, end, today)
    rows = []
    if summarised is not None:
        from_summary = time_summary.daily_totals(
            organisation_id=organisation.pk,
            start=summarised[0],
            end=summarised[1],
            service_id=service.pk if service else None,
        )
        if from_summary is None:  # no summary kept: the whole range is live
            live = (start, end)
        else:
            rows.extend(from_summary)
    if live is not None:
        rows.extend(
            {"service_id": values["service_id"], **_summed(values)}
            for values in selectors.activities_between(activities, start=live[0], end=live[1])
            .filter(case__organisation=organisation)
            .order_by()
            .values(service_id=F("case__service_id"))
            .annotate(**selectors.TOTALS)
        )
    figures: dict = {}
    for row in rows:
        into = figures.setdefault(row["service_id"], dict.fromkeys(time_summary.FIGURES, 0))
        for name in time_summary.FIGURES:
            into[name] += row[name]
    return {key: value for key, value in figures.items() if value["activities"]}


def _by_service(organisation, activities, *, start, end, service, services, today) -> list:
    """Per service, most time first (``_service_figures``)."""
    names = {item.pk: item.name for item in services}
    figures = _service_figures(
        organisation, activities, start=start, end=end, service=service, today=today
    )
    return _most_time_first(
        [
            TimeRow(label=names.get(service_id, ""), key=service_id, totals=TimeTotals(**values))
            for service_id, values in figures.items()
        ]
    )


def _page_number(number) -> int:
    try:
        return max(int(number or 1), 1)
    except (TypeError, ValueError):
        return 1


def _staff_rows(grouped: list[dict], number, per_page: int) -> tuple[Page, list[TimeRow]]:
    """One page of totals per member of staff who recorded the time, most time first.

    A national organisation has ~1,200 staff, so every group is fetched and sorted here;
    then the page's names in one query.
    """
    grouped = sorted(
        grouped, key=lambda values: (-values["total_minutes"], values["recorded_by_id"])
    )
    page = Paginator(grouped, per_page).get_page(_page_number(number))
    names = dict(
        User.objects.filter(
            pk__in=[values["recorded_by_id"] for values in page.object_list]
        ).values_list("pk", "full_name")
    )
    return page, [
        _row(values, names.get(values["recorded_by_id"], ""), values["recorded_by_id"])
        for values in page.object_list
    ]


def _case_and_staff_pages(
    organisation, activities, number, staff_number, per_page: int
) -> tuple[Page, list[TimeRow], Page, list[TimeRow]]:
    """One page of per-case totals (most time first, with how many cases there are) and one
    of per-staff totals, from one grouped statement (``case_and_staff_totals``); then the
    page's case references and staff names (one query each)."""
    number = _page_number(number)
    grouped = selectors.case_and_staff_totals(
        activities, offset=(number - 1) * per_page, limit=per_page
    )
    last = max(math.ceil(grouped.case_count / per_page), 1)
    if number > last:
        # Past the end: show the last page, as Django's ``get_page`` would.
        number = last
        grouped = selectors.case_and_staff_totals(
            activities, offset=(number - 1) * per_page, limit=per_page
        )
    paginator = Paginator([], per_page)
    paginator.count = grouped.case_count  # known from the statement; Paginator would count
    page = Page(grouped.cases, number, paginator)
    cases = {
        case.pk: case
        for case in Case.objects.for_organisation(organisation)
        .filter(pk__in=[values["case_id"] for values in grouped.cases])
        .only("reference", "is_restricted")
    }
    by_case = []
    for values in grouped.cases:
        case = cases.get(values["case_id"])
        if case is not None:
            by_case.append(_row(values, case.reference, case.pk, case.is_restricted))
    staff_page, by_advocate = _staff_rows(grouped.staff, staff_number, per_page)
    return page, by_case, staff_page, by_advocate


@planned_for_their_values()  # grouped over the organisation's range: planned for its size
def time_report(
    organisation,
    *,
    start: dt.date,
    end: dt.date,
    service=None,
    services=(),
    page=None,
    staff_page=None,
    per_page: int = 50,
    today: dt.date | None = None,
) -> dict:
    """The time report's figures in a fixed number of queries whatever the data (4 to 6).

    Every live query reads one organisation's activities in the range by an index-only scan
    of the covering ``(organisation_id, occurred_at)`` index. The service rows come from the
    daily summary for the days before today and live for today (``_service_figures``);
    totals are their sum; the case and staff tables, and the number of cases, come from one
    grouped statement, so nothing reads the range's activities twice. Keys: ``totals``,
    ``staff_page``, ``by_advocate`` (one page), ``by_service``, ``page``, ``by_case`` (one
    page).
    """
    activities = selectors.activities_between(
        Activity.objects.for_organisation(organisation).in_effect(),
        start=start,
        end=end,
    )
    if service is not None:
        activities = activities.filter(case__organisation=organisation, case__service=service)
    by_service = _by_service(
        organisation,
        activities,
        start=start,
        end=end,
        service=service,
        services=services,
        today=today or timezone.localdate(),
    )
    case_page, by_case, staff, by_advocate = _case_and_staff_pages(
        organisation, activities, page, staff_page, per_page
    )
    return {
        "totals": _totals_of(by_service),
        "staff_page": staff,
        "by_advocate": by_advocate,
        "by_service": by_service,
        "page": case_page,
        "by_case": by_case,
    }

"""Display shaping for the register: labels, tag colours, trend wording, evidence rows."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from heard.casework.access import RESTRICTED_LABEL
from heard.core import dates
from heard.core.dates import short_date
from heard.core.text import plural

from .models import Action, ActionStatus, SystemIssue, SystemIssueStatus
from .selectors import GROWTH_WINDOW_DAYS, IssueCounts, PeopleOverTime, Trend

STATUS_COLOURS = {
    SystemIssueStatus.PROPOSED: "yellow",
    SystemIssueStatus.OPEN: "blue",
    SystemIssueStatus.CLOSED: "grey",
}
ACTION_COLOURS = {
    ActionStatus.NOT_STARTED: "grey",
    ActionStatus.IN_PROGRESS: "blue",
    ActionStatus.DONE: "green",
}
# Words, not only arrows: the arrow is decoration, the label is what a screen reader hears.
TRENDS = {
    Trend.GROWING: (_("Growing"), "red", "↑"),
    Trend.STEADY: (_("Steady"), "grey", "→"),
    Trend.SLOWING: (_("Slowing"), "green", "↓"),
    Trend.QUIET: (_("No new people"), "grey", ""),
}


def day(value: dt.date | None, empty: str = "") -> str:
    return short_date(value) if value else empty


def month_label(value: dt.date, long: bool = False) -> str:
    return dates.month(value, long=long)


class TrendPresenter:
    def __init__(self, counts: IssueCounts):
        self.counts = counts
        self.label, self.colour, self.arrow = TRENDS[counts.trend]

    @property
    def is_growing(self) -> bool:
        return self.counts.trend is Trend.GROWING

    @property
    def explanation(self) -> str:
        return plural(
            self.counts.recent_people,
            "%(count)s person newly affected in the last %(days)s days, %(previous)s in the "
            "%(days)s days before",
            "%(count)s people newly affected in the last %(days)s days, %(previous)s in the "
            "%(days)s days before",
            days=GROWTH_WINDOW_DAYS,
            previous=self.counts.previous_people,
        )


class SystemIssuePresenter:
    """One system issue with its counts, for the register, dashboard and detail page."""

    def __init__(self, system_issue: SystemIssue, counts: IssueCounts):
        self.system_issue = system_issue
        self.counts = counts
        self.trend = TrendPresenter(counts)

    def __getattr__(self, name):
        return getattr(self.system_issue, name)

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[self.system_issue.status]

    @property
    def evidence_display(self) -> str:
        return plural(self.counts.cases, "%(count)s case", "%(count)s cases")

    @property
    def people_display(self) -> str:
        return plural(self.counts.people, "%(count)s person", "%(count)s people")


class EvidenceRow:
    """One case in a system issue's evidence: a placeholder when the viewer may not open it."""

    def __init__(self, case):
        self.case = case
        self.can_open = bool(getattr(case, "can_open", False))
        self.reference = case.reference
        self.links = getattr(case, "links", [])

    @property
    def person_label(self) -> str:
        return self.case.person.display_name if self.can_open else RESTRICTED_LABEL

    @property
    def person_id(self) -> int | None:
        return self.case.person_id if self.can_open else None

    @property
    def received_display(self) -> str:
        return day(self.case.received_on) if self.can_open else ""

    @property
    def status_display(self) -> str:
        return self.case.get_status_display()

    @property
    def advocacy_type_display(self) -> str:
        return self.case.get_advocacy_type_display()

    @property
    def evidence(self) -> list[str]:
        """What each link names: the case as a whole, an issue in the person's words, a challenge."""
        if not self.can_open:
            return []
        lines = []
        for link in self.links:
            if link.challenge_id:
                lines.append(_("Challenge: %(challenge)s") % {"challenge": link.challenge})
            elif link.issue_id:
                lines.append(
                    _("Issue: “%(in_their_words)s”") % {"in_their_words": link.issue.in_their_words}
                )
            else:
                lines.append(_("The case as a whole"))
        return lines

    @property
    def linked_display(self) -> str:
        first = self.links[0] if self.links else None
        if first is None:
            return ""
        return f"{day(first.linked_at.date())} by {first.linked_by}"

    @property
    def first_link(self):
        return self.links[0] if self.links else None


class ActionRow:
    def __init__(self, action: Action, *, today: dt.date):
        self.action = action
        self.today = today

    def __getattr__(self, name):
        return getattr(self.action, name)

    @property
    def owner_display(self) -> str:
        return self.action.owner.user.full_name if self.action.owner_id else _("No owner yet")

    @property
    def due_display(self) -> str:
        return day(self.action.due_on, _("No due date"))

    @property
    def status_colour(self) -> str:
        return ACTION_COLOURS[self.action.status]

    @property
    def is_overdue(self) -> bool:
        return (
            self.action.due_on is not None
            and self.action.due_on < self.today
            and self.action.status != ActionStatus.DONE
        )


class MonthTable:
    """The people-over-time table that sits beside the chart."""

    def __init__(self, over_time: PeopleOverTime):
        self.over_time = over_time
        self.rows = [
            {
                "label": month_label(row.month, long=True),
                "short": date_format(row.month, "M"),
                "new": row.new_people,
                "total": row.total_people,
            }
            for row in over_time.months
        ]

    @property
    def earlier_label(self) -> str:
        first = self.over_time.first_month
        return (
            _("Before %(month_label)s") % {"month_label": month_label(first, long=True)}
            if first
            else ""
        )

    @property
    def period_label(self) -> str:
        months = self.over_time.months
        if not months:
            return ""
        return f"{month_label(months[0].month, long=True)} to {month_label(months[-1].month, long=True)}"

    @property
    def total(self) -> int:
        return self.over_time.months[-1].total_people if self.over_time.months else 0

    @property
    def description(self) -> str:
        """The chart's text alternative: what it shows, its peak, and where the figures are."""
        if not self.rows:
            return ""
        peak = max(self.rows, key=lambda row: row["new"])
        if peak["new"] == 0:
            shape = _("Nobody was newly affected in these months")
        else:
            shape = plural(
                peak["new"],
                "The most in one month was %(count)s person, in %(month)s",
                "The most in one month was %(count)s people, in %(month)s",
                month=peak["label"],
            )
        return plural(
            self.total,
            "Bar chart of people newly affected each month, %(period)s. %(shape)s. %(count)s "
            "person affected in all. The table beside the chart gives each month's figures.",
            "Bar chart of people newly affected each month, %(period)s. %(shape)s. %(count)s "
            "people affected in all. The table beside the chart gives each month's figures.",
            period=self.period_label,
            shape=shape,
        )

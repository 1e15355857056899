"""Display shaping for cases: waiting-list rows with their wait against target."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from heard.casework.models import Case, Priority, PriorityChange
from heard.casework.selectors.waiting import WaitingCase
from heard.core.text import plural

RESTRICTED = "Restricted case"


def person_label(case: Case) -> str:
    """The person's name, or "Restricted case" (its content opens only to those named on it)."""
    return RESTRICTED if case.is_restricted else case.person.display_name


def priority_colour(priority: str) -> str:
    return "orange" if priority == Priority.URGENT else "grey"


class WaitingRowPresenter:
    """One row of the waiting list."""

    def __init__(self, row: WaitingCase):
        self.row = row
        self.case = row.case

    @property
    def person_label(self) -> str:
        return person_label(self.case)

    @property
    def show_person_link(self) -> bool:
        return not self.case.is_restricted

    @property
    def priority_colour(self) -> str:
        return priority_colour(self.case.priority)

    @property
    def received_display(self) -> str:
        return date_format(self.case.received_on, "j M Y")

    @property
    def waited_display(self) -> str:
        return plural(self.row.working_days, "%(count)s working day", "%(count)s working days")

    @property
    def target_display(self) -> str:
        return (
            f"Target {plural(self.row.target, '%(count)s working day', '%(count)s working days')}"
        )

    @property
    def breached(self) -> bool:
        return self.row.breached

    @property
    def target_status(self) -> tuple[str, str]:
        """(text, tag colour) for the target column."""
        if self.row.breached:
            return "Target missed", "red"
        if self.row.due_today:
            return "Due today", "yellow"
        return f"{plural(self.row.days_left, '%(count)s day', '%(count)s days')} left", "green"

    @property
    def over_display(self) -> str:
        return (
            f"{plural(self.row.days_over, '%(count)s working day', '%(count)s working days')} over"
            if self.row.breached
            else ""
        )


class PriorityChangePresenter:
    def __init__(self, change: PriorityChange):
        self.change = change

    def __getattr__(self, name):
        return getattr(self.change, name)

    @property
    def summary(self) -> str:
        c = self.change
        return (
            f"{c.get_previous_priority_display()} to {c.get_priority_display().lower()}, "
            f"by {c.changed_by.full_name} on "
            f"{date_format(timezone.localtime(c.changed_at), 'j M Y')}"
        )

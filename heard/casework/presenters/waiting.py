"""Display shaping for cases: waiting-list rows with their wait against target."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.casework.models import Case, Priority, PriorityChange
from heard.casework.selectors.waiting import WaitingCase
from heard.core.dates import short_date
from heard.core.text import plural

RESTRICTED = _("Restricted case")


def person_label(case: Case) -> str:
    """The person's name, or "Restricted case": the case is restricted, or the person is on
    another restricted case closed to the viewer (restriction belongs to the person, ADR-0008)."""
    return RESTRICTED if _hides_person(case) else case.person.display_name


def _hides_person(case: Case) -> bool:
    return case.is_restricted or getattr(case, "person_hidden", False)


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
        return not _hides_person(self.case)

    @property
    def priority_colour(self) -> str:
        return priority_colour(self.case.priority)

    @property
    def received_display(self) -> str:
        return short_date(self.case.received_on)

    @property
    def waited_display(self) -> str:
        return plural(self.row.working_days, "%(count)s working day", "%(count)s working days")

    @property
    def target_display(self) -> str:
        return plural(
            self.row.target, "Target %(count)s working day", "Target %(count)s working days"
        )

    @property
    def breached(self) -> bool:
        return self.row.breached

    @property
    def target_status(self) -> tuple[str, str]:
        """(text, tag colour) for the target column."""
        if self.row.breached:
            return _("Target missed"), "red"
        if self.row.due_today:
            return _("Due today"), "yellow"
        return plural(self.row.days_left, "%(count)s day left", "%(count)s days left"), "green"

    @property
    def over_display(self) -> str:
        return (
            plural(self.row.days_over, "%(count)s working day over", "%(count)s working days over")
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
            f"{short_date(timezone.localtime(c.changed_at))}"
        )

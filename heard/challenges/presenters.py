"""Display shaping for challenges: labels, tags and dates, so templates stay logic-free."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from heard.casework.access import RESTRICTED_LABEL
from heard.core import nations
from heard.core.dates import long_date, short_date
from heard.core.text import plural
from heard.core.working_days import working_days_between

from .models import Challenge, Level, Outcome
from .response_times import response_days

OUTCOME_COLOURS = {
    Outcome.UPHELD: "green",
    Outcome.PARTLY_UPHELD: "turquoise",
    Outcome.NOT_UPHELD: "orange",
    Outcome.WITHDRAWN: "grey",
    Outcome.NO_RESPONSE: "red",
}

LEVEL_NAMES = {
    Level.INFORMAL: _("Informal challenge"),
    Level.FORMAL_COMPLAINT: _("Formal complaint"),
    Level.REGULATOR: _("Regulator or safeguarding route"),
    Level.LEGAL: _("Legal action, ombudsman or court"),
}


def day(value: dt.date | None, empty: str = "Not recorded") -> str:
    return short_date(value) if value else empty


def long_day(value: dt.date) -> str:
    return long_date(value)


def level_hint(level: int, days: int) -> str:
    return plural(
        days,
        "Response due %(count)s working day after raising, unless you enter a date",
        "Response due %(count)s working days after raising, unless you enter a date",
    )


class ChallengeRow:
    """One challenge in a list or a dashboard panel. Content only when the case may be opened."""

    def __init__(self, challenge: Challenge, *, today: dt.date):
        self.challenge = challenge
        self.today = today
        self.can_open = bool(getattr(challenge, "can_open", True))

    @property
    def pk(self) -> int:
        return self.challenge.pk

    @property
    def case_reference(self) -> str:
        return self.challenge.case.reference

    @property
    def person_label(self) -> str:
        return self.challenge.case.person.display_name if self.can_open else RESTRICTED_LABEL

    @property
    def level_label(self) -> str:
        return _("Level %(level)s") % {"level": self.challenge.level}

    @property
    def level_name(self) -> str:
        level = Level(self.challenge.level)
        return nations.nation_label(
            "challenges.level_name",
            level.value,
            LEVEL_NAMES[level],
            nations.nation_for(self.challenge),
        )

    @property
    def challenged(self) -> str:
        c = self.challenge
        return (
            f"{c.challenged_organisation} ({c.challenged_role})"
            if c.challenged_role
            else (c.challenged_organisation)
        )

    @property
    def subject_label(self) -> str:
        return self.challenge.get_subject_display()

    @property
    def raised_display(self) -> str:
        return day(self.challenge.raised_on)

    @property
    def due_display(self) -> str:
        return day(self.challenge.response_due_on)

    @property
    def is_overdue(self) -> bool:
        return self.challenge.is_overdue(self.today)

    @property
    def lateness(self) -> str:
        """'3 working days overdue' (working days, as response times are counted)."""
        if not self.is_overdue:
            return ""
        late = working_days_between(self.challenge.response_due_on, self.today)
        if late == 0:
            return _("overdue")
        return plural(late, "%(count)s working day overdue", "%(count)s working days overdue")

    @property
    def tag(self) -> tuple[str, str]:
        c = self.challenge
        if c.outcome:
            return c.get_outcome_display(), OUTCOME_COLOURS[Outcome(c.outcome)]
        if self.is_overdue:
            return _("Overdue"), "red"
        return _("Awaiting response"), "blue"


class ChallengePage(ChallengeRow):
    """The challenge page: its facts as summary-list rows, and the chain it belongs to."""

    def __init__(self, challenge: Challenge, *, today: dt.date, chain: list[Challenge]):
        super().__init__(challenge, today=today)
        self.can_open = True  # the page is only reached through get_case_or_404
        self.chain = [ChallengeRow(link, today=today) for link in chain]
        self.escalation = next(
            (row for row in self.chain if row.challenge.previous_id == challenge.pk), None
        )

    @property
    def title(self) -> str:
        return f"{self.level_label}: {self.level_name.lower()} to {self.challenge.challenged_organisation}"

    @property
    def rows(self) -> list[tuple[str, str]]:
        c = self.challenge
        rows = [
            (_("Level"), f"{self.level_label}: {self.level_name}"),
            (_("Who is challenged"), self.challenged),
            (_("What is challenged"), self.subject_label),
            (_("The challenge"), c.summary),
        ]
        if c.issue_id:
            rows.append((_("The person's issue"), c.issue.in_their_words))
        rows += [
            (_("Raised"), f"{day(c.raised_on)} by {c.raised_by}"),
            (
                _("Response due"),
                self.due_display + (f" ({self.lateness})" if self.lateness else ""),
            ),
        ]
        if c.outcome:
            rows += [
                (_("Answered"), day(c.answered_on, _("No answer"))),
                (_("Outcome"), c.get_outcome_display()),
            ]
            if c.response:
                rows.append((_("What they said"), c.response))
        return rows

    @property
    def can_record_response(self) -> bool:
        return self.escalation is None

    @property
    def can_escalate(self) -> bool:
        return self.escalation is None and self.challenge.can_escalate


def response_days_rows(organisation) -> list[tuple[str, str]]:
    days = response_days(organisation)
    return [
        (
            _("Level %(level)s: %(value)s")
            % {"level": level, "value": LEVEL_NAMES[Level(level)].lower()},
            plural(days[level], "%(count)s working day", "%(count)s working days"),
        )
        for level in Level.values
    ]

"""Display shaping for speaking-up concerns.

Times are shown for what leads do; for the raising of an anonymous concern only
the day exists, so only the day is shown.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from heard.audit.events import SYSTEM_ACTORS
from heard.challenges.presenters import day
from heard.core.dates import short_date, short_datetime

from .models import About, SpeakingUpConcern

ANONYMOUS_LABEL = _("Anonymous")


def _excerpt(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ConcernRow:
    def __init__(self, concern: SpeakingUpConcern):
        self.concern = concern

    @property
    def pk(self):
        return self.concern.pk

    @property
    def raised_display(self) -> str:
        return day(self.concern.raised_on)

    @property
    def raiser(self) -> str:
        c = self.concern
        return ANONYMOUS_LABEL if c.is_anonymous else str(c.raised_by)

    @property
    def about(self) -> str:
        c = self.concern
        if c.about == About.OUTSIDE:
            return c.about_organisation or c.get_about_display()
        return _("Our organisation")

    @property
    def excerpt(self) -> str:
        return _excerpt(self.concern.concern)

    @property
    def tag(self) -> tuple[str, str]:
        c = self.concern
        if c.outcome:
            return _("Outcome recorded"), "green"
        if getattr(c, "action_count", 0):
            return _("Being looked into"), "blue"
        return "New", "yellow"


class HistoryRow:
    """One recorded change. An anonymous raise carries its day only, so it shows only the day."""

    def __init__(self, event):
        self.event = event

    @property
    def when(self) -> str:
        event = self.event
        if event.actor_id is None and event.actor_label == SYSTEM_ACTORS["anonymous"]:
            return short_date(event.occurred_at.astimezone(dt.UTC).date())
        return short_datetime(event.occurred_at)

    @property
    def who(self) -> str:
        return self.event.actor_label

    @property
    def what(self) -> str:
        return self.event.description


class ConcernPage(ConcernRow):
    def __init__(self, concern: SpeakingUpConcern, *, actions=(), history=()):
        super().__init__(concern)
        self.actions = list(actions)
        self.history = [HistoryRow(event) for event in history]

    @property
    def rows(self) -> list[tuple[str, str]]:
        c = self.concern
        rows = [
            (_("Raised"), self.raised_display),
            (_("Raised by"), self.raiser),
            (_("About"), self.about),
            (_("The concern"), c.concern),
        ]
        if c.outcome:
            rows += [
                (_("Outcome"), f"{c.get_outcome_display()} ({day(c.outcome_on)})"),
                (_("What was done"), c.outcome_note or _("Not recorded")),
            ]
        else:
            rows.append((_("Outcome"), _("Not decided yet")))
        return rows

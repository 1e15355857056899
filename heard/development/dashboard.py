"""Panels for "my day" (supervision actions) and the manager view (supervision and capacity).

Each is a fixed number of queries whatever the number of staff, sessions or actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from heard.core.reused_sql import reused
from heard.organisations.models import Membership
from heard.organisations.tenancy import scoped

from . import selectors
from .models import SupervisionAction

PANEL_LIMIT = 10


@dataclass
class ActionsPanel:
    rows: list
    more: bool  # there are more than PANEL_LIMIT


def supervision_actions_panel(request, *, today: dt.date) -> dict:
    """The member's open supervision actions, soonest due first (one query)."""
    actions = (
        scoped(request, SupervisionAction)
        .filter(owner=request.membership, done_on__isnull=True)
        .select_related("session")
    )
    rows = list(reused(actions)[: PANEL_LIMIT + 1])
    for row in rows:
        row.is_overdue = row.due_on is not None and row.due_on < today
    return {
        "supervision_actions": ActionsPanel(rows=rows[:PANEL_LIMIT], more=len(rows) > PANEL_LIMIT)
    }


@dataclass
class TeamPanel:
    overdue: list  # TeamRow, with supervision overdue: the first PANEL_LIMIT
    more: int = 0  # how many more are overdue (listed on the team page)


def team_panel(request, *, today: dt.date) -> dict:
    """Who has overdue supervision, for the manager view (its staff table shows capacity)."""
    overdue, total = selectors.overdue_supervision(
        request.organisation, scoped(request, Membership), today=today, limit=PANEL_LIMIT
    )
    return {"development_team": TeamPanel(overdue=overdue, more=max(total - len(overdue), 0))}

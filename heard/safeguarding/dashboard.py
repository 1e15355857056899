"""The "awaiting acknowledgement" panel on "my day" and the manager view.

The dashboard views call ``awaiting_acknowledgement_panel`` and include
``safeguarding/_awaiting_panel.html``; one query whatever the number of concerns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from heard.core.reused_sql import reused

from .flags import acknowledgement_days
from .presenters import ConcernRow
from .selectors import concerns_awaiting_acknowledgement

PANEL_LIMIT = 10


@dataclass(frozen=True)
class AwaitingPanel:
    rows: list[ConcernRow]
    total: int
    flagged: int
    days: int
    mine: bool

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


def awaiting_acknowledgement_panel(request, *, today: dt.date, mine: bool) -> dict:
    """Context for the panel: concerns the member raised (``mine``) or the organisation's."""
    days = acknowledgement_days(request.organisation)
    concerns = list(
        reused(
            concerns_awaiting_acknowledgement(
                request.organisation,
                today=today,
                days=days,
                raised_by=request.user if mine else None,
                viewer=request.membership,
            )
        )[:PANEL_LIMIT]
    )
    first = concerns[0] if concerns else None
    panel = AwaitingPanel(
        rows=[ConcernRow(concern, today=today, days=days) for concern in concerns],
        total=first.total if first else 0,
        flagged=(first.flagged_total or 0) if first else 0,
        days=days,
        mine=mine,
    )
    return {"safeguarding_awaiting": panel}

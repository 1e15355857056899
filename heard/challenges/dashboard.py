"""The overdue-challenges panel on "my day" and the manager view.

The dashboard views call ``overdue_challenges_panel`` and include
``challenges/_overdue_panel.html``; one query whatever the number of challenges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from heard.core.reused_sql import reused

from .presenters import ChallengeRow
from .selectors import overdue_challenges

PANEL_LIMIT = 10


@dataclass(frozen=True)
class OverduePanel:
    rows: list[ChallengeRow]
    total: int
    mine: bool

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


def overdue_challenges_panel(request, *, today: dt.date, mine: bool) -> dict:
    """Context for the panel: the member's own overdue challenges (``mine``) or everyone's."""
    membership = request.membership
    challenges = list(
        reused(
            overdue_challenges(
                request.organisation,
                membership=membership if mine else None,
                viewer=membership,
                today=today,
            )
        )[:PANEL_LIMIT]
    )
    total = challenges[0].total if challenges else 0
    rows = [ChallengeRow(challenge, today=today) for challenge in challenges]
    return {"overdue_challenges": OverduePanel(rows=rows, total=total, mine=mine)}

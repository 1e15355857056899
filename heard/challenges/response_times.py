"""How long a challenged body has to respond at each level, in working days.

The defaults are ``DEFAULT_RESPONSE_DAYS``; an organisation may set its own in
``Organisation.settings["challenge_response_days"]`` as ``{"1": 10, "2": 20, ...}``
(JSON keys are strings). A missing or unusable value falls back to the default
for that level, so a bad setting can never stop a challenge being recorded.
"""

from __future__ import annotations

import datetime as dt

from heard.core.working_days import add_working_days

from .models import DEFAULT_RESPONSE_DAYS, Level

SETTING_KEY = "challenge_response_days"
MAX_DAYS = 260  # about a working year


def response_days(organisation) -> dict[int, int]:
    """Working days for a response at each level, for this organisation."""
    days = {int(level): n for level, n in DEFAULT_RESPONSE_DAYS.items()}
    configured = organisation.settings.get(SETTING_KEY) if organisation.settings else None
    if not isinstance(configured, dict):
        return days
    for level in days:
        value = configured.get(str(level), configured.get(level))
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 1 <= number <= MAX_DAYS:
            days[level] = number
    return days


def default_response_due(organisation, level: int, raised_on: dt.date) -> dt.date:
    """The day a response is due when none was entered: the level's working days after raising."""
    return add_working_days(raised_on, response_days(organisation)[int(Level(level))])

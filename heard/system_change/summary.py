"""The anonymised summary of a system issue that may be shared with the network hub.

Two pure functions, no database access:

* ``build_shared_summary`` picks the few things that may leave the organisation —
  title, theme, status, counts (with 1 to 4 shown as "fewer than 5"), and each
  action's description and status. Nothing else: no description (free text
  about people), no case links or references, no dates, no staff names.
* ``find_identifiers`` checks the free text that does go (the title and action
  descriptions, typed by staff) for the names, references and dates of birth of
  the people whose cases are linked, and for anything shaped like a Heard
  reference. Sharing is refused while it finds anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from heard.core.suppression import suppress

from .models import ActionStatus, SystemIssueStatus, Theme

SUMMARY_VERSION = 1


def build_shared_summary(system_issue, counts, *, actions: Iterable) -> dict:
    """The anonymised summary: a JSON-safe dict with counts from 1 to 4 suppressed.

    ``system_issue`` needs ``title``, ``theme`` and ``status``; ``counts`` is an
    ``IssueCounts``; ``actions`` the issue's actions (``description``, ``status``).
    Actions are passed in, not read from the issue, so this never touches the database.
    """
    return {
        "version": SUMMARY_VERSION,
        "title": system_issue.title,
        "theme": system_issue.theme,
        "theme_label": Theme(system_issue.theme).label,
        "status": system_issue.status,
        "status_label": SystemIssueStatus(system_issue.status).label,
        # SuppressedCount is a str, so "fewer than 5" is what is stored; the real count never is.
        "counts": {
            "cases": _shareable(counts.cases),
            "people_affected": _shareable(counts.people),
            "people_newly_affected_last_90_days": _shareable(counts.recent_people),
            "people_newly_affected_previous_90_days": _shareable(counts.previous_people),
        },
        "actions": [
            {
                "description": action.description,
                "status": action.status,
                "status_label": ActionStatus(action.status).label,
            }
            for action in actions
        ],
    }


def _shareable(count: int) -> int | str:
    value = suppress(count)
    return value if isinstance(value, int) else str(value)


@dataclass(frozen=True)
class Identifiers:
    """What could identify the people behind a system issue's evidence."""

    names: frozenset[str] = field(default_factory=frozenset)
    references: frozenset[str] = field(default_factory=frozenset)
    dates_of_birth: frozenset[dt.date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Finding:
    where: str  # "title", or "actions.<n>.description" (n from 0)
    text: str  # what was found, as it appears in the text

    @property
    def field_label(self) -> str:
        if self.where == "title":
            return "the title"
        return f"action {int(self.where.split('.')[1]) + 1}"


# Heard's own reference shapes: people (P000123), cases (C000123), referrals (RIA-2025-000123,
# each organisation's own prefix of 2 to 6 letters).
REFERENCE_PATTERN = re.compile(
    r"(?<![\w-])(?:[PC]\d{6}|[A-Z]{2,6}-\d{4}-\d{6})(?![\w-])", re.IGNORECASE
)
MIN_NAME_LENGTH = 2


def _date_forms(day: dt.date) -> list[str]:
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    month = months[day.month - 1]
    return [
        day.isoformat(),
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.day} {month} {day.year}",
        f"{day.day} {month[:3]} {day.year}",
    ]


def _word_pattern(text: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


def find_identifiers(summary: dict, identifiers: Identifiers) -> list[Finding]:
    """Names, references or dates of birth found in the summary's free text (empty is good)."""
    texts = [("title", summary.get("title", ""))]
    texts += [
        (f"actions.{index}.description", action.get("description", ""))
        for index, action in enumerate(summary.get("actions", []))
    ]
    names = sorted(
        {name.strip() for name in identifiers.names if len(name.strip()) >= MIN_NAME_LENGTH},
        key=lambda name: (-len(name), name),
    )
    references = sorted({ref for ref in identifiers.references if ref})
    dates = [form for day in sorted(identifiers.dates_of_birth) for form in _date_forms(day)]
    findings = []
    for where, text in texts:
        seen = set()
        for candidate in [*names, *references, *dates]:
            match = _word_pattern(candidate).search(text)
            if match and match.group(0).casefold() not in seen:
                seen.add(match.group(0).casefold())
                findings.append(Finding(where, match.group(0)))
        for match in REFERENCE_PATTERN.finditer(text):
            if match.group(0).casefold() not in seen:
                seen.add(match.group(0).casefold())
                findings.append(Finding(where, match.group(0)))
    return findings

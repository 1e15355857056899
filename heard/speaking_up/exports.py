"""The speaking-up CSV for leads: one row per concern, in day order and random order within a day.

An anonymous concern's row says "Anonymous" and nothing else about who raised it;
there is nothing else to say. The concern's text and the leads' notes stay in Heard.
"""

from __future__ import annotations

from .presenters import ANONYMOUS_LABEL

HEADER = [
    "Concern ID",
    "Raised on",
    "Raised by",
    "About",
    "About organisation",
    "Actions recorded",
    "Outcome",
    "Outcome on",
]


def rows(concerns):
    for c in concerns:
        yield [
            c.pk,
            c.raised_on,
            ANONYMOUS_LABEL if c.is_anonymous else c.raised_by.full_name,
            c.get_about_display(),
            c.about_organisation,
            c.action_count,
            c.get_outcome_display() if c.outcome else "",
            c.outcome_on,
        ]

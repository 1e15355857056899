"""Challenges: an advocate questioning another body's decision or process, level by level.

A challenge starts at a level (informal, formal complaint, regulator or
safeguarding route, legal) and is either answered with an outcome or
escalated: escalation closes it and opens the next-level challenge, linked
back through ``previous``, so the chain from the first informal challenge to
the ombudsman stays on record.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from heard.core.models import OrganisationOwned


class Level(models.IntegerChoices):
    INFORMAL = 1, "Level 1: informal challenge"
    FORMAL_COMPLAINT = 2, "Level 2: formal complaint"
    REGULATOR = 3, "Level 3: regulator or safeguarding route"
    LEGAL = 4, "Level 4: legal action, ombudsman or court"


HIGHEST_LEVEL = Level.LEGAL

# Working days for a response when none is entered; an organisation may override each
# in ``Organisation.settings["challenge_response_days"]`` (docs/challenges-and-safeguarding.md).
DEFAULT_RESPONSE_DAYS = {
    Level.INFORMAL: 10,
    Level.FORMAL_COMPLAINT: 20,
    Level.REGULATOR: 30,
    Level.LEGAL: 40,
}


class Subject(models.TextChoices):
    """What is being challenged."""

    DECISION = "decision", "A decision"
    PROCESS = "process", "A process or the way something was done"
    ACCESS = "access", "Access to the person, a service or a place"
    INFORMATION = "information", "Information: missing, wrong or not accessible"
    DELAY = "delay", "A delay"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NO_RESPONSE = "no_response", "No response"


# Outcomes that come with an answer (and so an answer date).
ANSWERED_OUTCOMES = frozenset({Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD})
# What may have happened to a challenge that is taken to the next level.
ESCALATABLE_OUTCOMES = frozenset({Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD, Outcome.NO_RESPONSE})


class Challenge(OrganisationOwned):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="challenges")
    issue = models.ForeignKey(
        "casework.Issue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        help_text="The person's issue this challenge is about, if it is about one.",
    )
    # The challenge this one escalates. RESTRICT: a link in a chain cannot be deleted on its
    # own, only with its case.
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="escalation",
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    challenged_organisation = models.CharField(max_length=200)
    challenged_role = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=20, choices=Subject.choices)
    summary = models.TextField()
    raised_on = models.DateField()
    response_due_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True, help_text="What they said, in short.")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    raised_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["response_due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="challenge_level_1_to_4"
            ),
            models.CheckConstraint(
                condition=models.Q(response_due_on__gte=models.F("raised_on")),
                name="challenge_due_after_raised",
            ),
        ]
        indexes = [
            # Overdue and open challenges: outcome "" and due date, per organisation.
            models.Index(
                fields=["organisation", "outcome", "response_due_on"], name="challenge_due_idx"
            ),
            models.Index(fields=["organisation", "case"], name="challenge_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} to {self.challenged_organisation}"

    @property
    def is_open(self) -> bool:
        return not self.outcome

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.response_due_on < today

    @property
    def can_escalate(self) -> bool:
        return self.level < HIGHEST_LEVEL and (self.is_open or self.outcome in ESCALATABLE_OUTCOMES)

    def clean(self):
        errors = {}
        if self.issue_id and self.case_id and self.issue.case_id != self.case_id:
            errors["issue"] = "Choose one of this case's issues"
        if self.previous_id:
            if self.previous.case_id != self.case_id:
                errors["previous"] = "A challenge can only escalate a challenge on the same case"
            elif self.level is not None and self.level <= self.previous.level:
                errors["level"] = (
                    f"Choose a level higher than the challenge it escalates (level "
                    f"{self.previous.level})"
                )
        if self.raised_on and self.response_due_on and self.response_due_on < self.raised_on:
            errors["response_due_on"] = "Response due date must be on or after the date raised"
        if self.answered_on and self.raised_on and self.answered_on < self.raised_on:
            errors["answered_on"] = "Date answered must be on or after the date raised"
        if self.outcome in ANSWERED_OUTCOMES and not self.answered_on:
            errors["answered_on"] = "Enter the date they answered"
        if self.outcome == Outcome.NO_RESPONSE and self.answered_on:
            errors["answered_on"] = "Leave the date answered empty when there was no response"
        if errors:
            raise ValidationError(errors)

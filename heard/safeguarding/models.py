"""Safeguarding concerns an organisation raises with the local authority, CQC, police or others.

A concern is raised from a case, or about an organisation (a care home, a
ward) without being tied to one case. It is tracked until the body it went to
acknowledges it and tells us the outcome; a concern nobody has acknowledged
after the organisation's ``safeguarding_acknowledgement_days`` working days is
flagged (``heard.safeguarding.flags``). A manager signs it off.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from heard.core import nations
from heard.core.models import OrganisationOwned


class AbuseType(models.TextChoices):
    """The ten types of abuse and neglect in the Care and Support Statutory Guidance (England)."""

    PHYSICAL = "physical", "Physical abuse"
    DOMESTIC = "domestic", "Domestic abuse"
    SEXUAL = "sexual", "Sexual abuse"
    PSYCHOLOGICAL = "psychological", "Psychological abuse"
    FINANCIAL = "financial", "Financial or material abuse"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery"
    DISCRIMINATORY = "discriminatory", "Discriminatory abuse"
    ORGANISATIONAL = "organisational", "Organisational abuse"
    NEGLECT = "neglect", "Neglect and acts of omission"
    SELF_NEGLECT = "self_neglect", "Self-neglect"


class RaisedTo(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority (adult or children's safeguarding)"
    CQC = "cqc", "Care Quality Commission (CQC)"
    POLICE = "police", "Police"
    NHS_TRUST = "nhs_trust", "NHS trust"
    OTHER = "other", "Someone else"


class Outcome(models.TextChoices):
    SECTION_42_ENQUIRY = "section_42_enquiry", "Safeguarding enquiry (Care Act section 42)"
    OTHER_ENQUIRY = "other_enquiry", "Other enquiry or investigation"
    ACTION_WITHOUT_ENQUIRY = "action_without_enquiry", "Action taken without an enquiry"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    PASSED_ON = "passed_on", "Passed to another agency"
    OTHER = "other", "Other"


class SafeguardingConcern(OrganisationOwned):
    case = models.ForeignKey(
        "casework.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="safeguarding_concerns",
    )
    about_organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="The organisation or service the concern is about (needed without a case).",
    )
    summary = models.TextField()
    abuse_types = models.JSONField(default=list, help_text="Codes from AbuseType.")
    raised_to = models.CharField(max_length=20, choices=RaisedTo.choices)
    raised_to_other = models.CharField(max_length=200, blank=True)
    raised_on = models.DateField()
    their_reference = models.CharField(max_length=100, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    chase_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    raised_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    signed_off_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | ~models.Q(about_organisation=""),
                name="safeguarding_case_or_organisation",
            ),
        ]
        indexes = [
            # Awaiting acknowledgement: not acknowledged, no outcome, by date raised.
            models.Index(
                fields=["organisation", "acknowledged_on", "outcome", "raised_on"],
                name="safeguarding_awaiting_idx",
            ),
            models.Index(fields=["organisation", "case"], name="safeguarding_case_idx"),
        ]

    def __str__(self) -> str:
        return f"Safeguarding concern raised {self.raised_on:%d/%m/%Y}"

    @property
    def raised_to_label(self) -> str:
        if self.raised_to == RaisedTo.OTHER and self.raised_to_other:
            return self.raised_to_other
        return nations.nation_label(
            "safeguarding.raised_to",
            self.raised_to,
            self.get_raised_to_display(),
            nations.nation_for(self),
        )

    @property
    def outcome_label(self) -> str:
        """The outcome, naming the enquiry under the law of the case's nation."""
        if not self.outcome:
            return ""
        return nations.nation_label(
            "safeguarding.outcome",
            self.outcome,
            self.get_outcome_display(),
            nations.nation_for(self),
        )

    @property
    def abuse_type_labels(self) -> list[str]:
        labels = dict(AbuseType.choices)
        return [labels.get(code, code) for code in self.abuse_types]

    @property
    def is_awaiting_acknowledgement(self) -> bool:
        return self.acknowledged_on is None and not self.outcome

    def clean(self):
        errors = {}
        if not self.case_id and not self.about_organisation.strip():
            errors["about_organisation"] = "Enter the organisation or service the concern is about"
        valid = set(AbuseType.values)
        if not self.abuse_types:
            errors["abuse_types"] = "Select at least one type of abuse or neglect"
        elif not isinstance(self.abuse_types, list) or not set(self.abuse_types) <= valid:
            errors["abuse_types"] = "Select types of abuse or neglect from the list"
        if self.raised_to == RaisedTo.OTHER and not self.raised_to_other.strip():
            errors["raised_to_other"] = "Enter who the concern was raised with"
        if self.acknowledged_on and self.raised_on and self.acknowledged_on < self.raised_on:
            errors["acknowledged_on"] = "Date acknowledged must be on or after the date raised"
        if self.outcome_on and self.raised_on and self.outcome_on < self.raised_on:
            errors["outcome_on"] = "Date of the outcome must be on or after the date raised"
        if self.chase_on and self.raised_on and self.chase_on < self.raised_on:
            errors["chase_on"] = "Chase date must be on or after the date raised"
        if errors:
            raise ValidationError(errors)

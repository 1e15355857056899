"""Cases: one person's advocacy under one advocacy type and one service.

The status history is a series of immutable ``CaseStatus`` rows (who, when,
why). ``Case.status`` is a copy of the latest row's status, kept only so lists
can filter and index on it; it is written by ``heard.casework.lifecycle`` alone.
"""

from django.core.exceptions import ValidationError
from django.db import models

from heard.core.advocacy_types import AdvocacyType
from heard.core.models import OrganisationOwned


class Status(models.TextChoices):
    WAITING = "waiting", "Waiting"
    ALLOCATED = "allocated", "Allocated"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    CLOSED = "closed", "Closed"


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    STANDARD = "standard", "Standard"


class Case(OrganisationOwned):
    reference = models.CharField(max_length=20, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    service = models.ForeignKey(
        "organisations.Service", on_delete=models.PROTECT, related_name="cases"
    )
    advocacy_type = models.CharField(max_length=30, choices=AdvocacyType.choices)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.STANDARD)
    received_on = models.DateField(
        help_text="When the referral was received: targets count from here."
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.WAITING, editable=False
    )
    status_changed_at = models.DateTimeField(null=True, editable=False)
    allocated_to = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_cases",
    )
    is_restricted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="case_reference_unique_per_org"
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "status", "service", "priority", "received_on"],
                name="case_waiting_idx",
            ),
            models.Index(
                fields=["organisation", "allocated_to", "status"], name="case_advocate_idx"
            ),
            models.Index(fields=["organisation", "person"], name="case_person_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self):
        # A case belongs to one organisation throughout, and its type is one its service delivers.
        errors = {}
        if self.service_id and self.organisation_id:
            if self.service.organisation_id != self.organisation_id:
                errors["service"] = "Choose one of your organisation's services"
            elif self.advocacy_type and self.advocacy_type not in self.service.advocacy_types:
                errors["advocacy_type"] = (
                    f"{self.service.name} does not deliver {self.get_advocacy_type_display()}"
                )
        if (
            self.person_id
            and self.organisation_id
            and self.person.organisation_id != self.organisation_id
        ):
            errors["person"] = "Choose a person recorded by your organisation"
        if errors:
            raise ValidationError(errors)


class CaseStatus(models.Model):
    """One immutable step in a case's life. Never updated or deleted."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=12, choices=Status.choices)
    previous_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    reason = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True)
    advocate = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_date = models.DateField(null=True, blank=True)
    changed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["case", "changed_at"], name="case_status_history_idx")]

    def __str__(self) -> str:
        return f"{self.case} → {self.status}"


class PriorityChange(models.Model):
    """One immutable change of a case's priority, with the manager's reason. Never updated."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="priority_changes")
    previous_priority = models.CharField(max_length=10, choices=Priority.choices)
    priority = models.CharField(max_length=10, choices=Priority.choices)
    reason = models.TextField()
    changed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["case", "changed_at"], name="case_priority_history_idx")]

    def __str__(self) -> str:
        return f"{self.case}: {self.previous_priority} → {self.priority}"

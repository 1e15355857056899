"""Speaking up: staff raising concerns about poor practice, named or anonymously.

Anonymous means the raiser cannot be found from anything Heard stores
(docs/challenges-and-safeguarding.md). So ``SpeakingUpConcern`` deliberately
does not inherit ``OrganisationOwned``: its ``created_at``/``updated_at``
would record the moment of raising to the microsecond, which, set against
who was signed in at that moment, can identify the raiser. It keeps the day
only (``raised_on``), its key is a random UUID (version 4: no clock, no
machine address) so neither the key nor the order of rows says which was
raised first, and an anonymous concern has no link to any user at all.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models

from heard.core.models import OrganisationOwned, OrganisationOwnedQuerySet


class About(models.TextChoices):
    INSIDE = "inside", "Something in our organisation"
    OUTSIDE = "outside", "Something in another organisation we work with"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld: practice has changed"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    REFERRED_EXTERNALLY = "referred_externally", "Referred to an outside body"
    COULD_NOT_INVESTIGATE = "could_not_investigate", "Could not be looked into"


class SpeakingUpConcern(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    is_anonymous = models.BooleanField()
    # Only for a named concern. An anonymous concern has no user link of any kind.
    raised_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateField(help_text="The day only: a time could identify the raiser.")
    about = models.CharField(max_length=10, choices=About.choices)
    about_organisation = models.CharField(max_length=200, blank=True)
    concern = models.TextField()
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True, help_text="What was done.")
    outcome_on = models.DateField(null=True, blank=True)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        # Newest day first; within a day by the random key, never by when rows were written.
        ordering = ["-raised_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(is_anonymous=True, raised_by__isnull=True)
                    | models.Q(is_anonymous=False, raised_by__isnull=False)
                ),
                name="speaking_up_anonymous_has_no_raiser",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "raised_on"], name="speaking_up_day_idx"),
            models.Index(fields=["organisation", "raised_by"], name="speaking_up_raiser_idx"),
        ]

    def __str__(self) -> str:
        return f"Speaking-up concern raised {self.raised_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return not self.outcome

    def clean(self):
        errors = {}
        if self.is_anonymous and self.raised_by_id is not None:
            errors["raised_by"] = "An anonymous concern cannot record who raised it"
        if not self.is_anonymous and self.raised_by_id is None:
            errors["raised_by"] = "A named concern records who raised it"
        if self.about == About.OUTSIDE and not self.about_organisation.strip():
            errors["about_organisation"] = "Enter the organisation the concern is about"
        if self.outcome_on and self.raised_on and self.outcome_on < self.raised_on:
            errors["outcome_on"] = "Date of the outcome must be on or after the day it was raised"
        if errors:
            raise ValidationError(errors)


class SpeakingUpAction(OrganisationOwned):
    """Something a speaking-up lead did about a concern. Leads are named; their times are kept."""

    concern = models.ForeignKey(SpeakingUpConcern, on_delete=models.CASCADE, related_name="actions")
    taken_on = models.DateField()
    description = models.TextField()
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["taken_on", "created_at", "id"]
        indexes = [models.Index(fields=["organisation", "concern"], name="speaking_up_action_idx")]

    def __str__(self) -> str:
        return f"Action on {self.taken_on:%d/%m/%Y}"

"""People's data protection rights: subject access requests and the organisation's settings.

A subject access request (UK GDPR article 15) is answered within one calendar
month of receipt, or of the requester's identity being confirmed when that
comes later, extendable by two further months with a reason.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.core.models import OrganisationOwned

from .deadlines import add_calendar_months, respond_by


class DataProtectionSettings(OrganisationOwned):
    """One per organisation: who its data protection lead is."""

    data_protection_lead = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("data protection lead"),
        help_text=_(
            "Reviews private notes before a subject access export is released, and approves "
            "erasures."
        ),
    )

    closed_case_years = models.PositiveSmallIntegerField(
        _("years to keep a person's record after their last case closed"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    declined_referral_months = models.PositiveSmallIntegerField(
        _("months to keep a declined or signposted referral"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_dp_settings_per_org")
        ]

    def __str__(self) -> str:
        return f"Data protection settings {self.organisation_id}"


class Requester(models.TextChoices):
    PERSON = "person", _("The person themselves")
    REPRESENTATIVE = "representative", _("Someone acting with the person's authority")


class IdentityMethod(models.TextChoices):
    KNOWN = "known", _("Known to us: the request came from contact details we hold")
    SEEN_ID = "seen_id", _("Identity document seen")
    IN_PERSON = "in_person", _("Confirmed in person by a member of staff")
    AUTHORITY = "authority", _("Representative's identity and authority checked")


class SarStatus(models.TextChoices):
    AWAITING_IDENTITY = "awaiting_identity", _("Waiting for identity check")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Answered")


class ExportState(models.TextChoices):
    NOT_STARTED = "", _("Not started")
    QUEUED = "queued", _("Waiting to start")
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def archive_path(instance, filename: str) -> str:
    return f"subject-access/{instance.organisation_id}/{instance.pk}/{instance.archive_token}.zip"


class SubjectAccessRequest(OrganisationOwned):
    person = models.ForeignKey(
        "people.Person",
        null=True,
        on_delete=models.SET_NULL,
        related_name="subject_access_requests",
    )
    # Kept if the person's record is later erased: the request's own reference only.
    person_reference = models.CharField(max_length=20)
    requester = models.CharField(max_length=20, choices=Requester.choices)
    representative_name = models.CharField(_("representative's name"), max_length=200, blank=True)
    received_on = models.DateField(_("date received"))
    status = models.CharField(
        max_length=20, choices=SarStatus.choices, default=SarStatus.AWAITING_IDENTITY
    )
    identity_method = models.CharField(max_length=20, choices=IdentityMethod.choices, blank=True)
    identity_confirmed_on = models.DateField(null=True, blank=True)
    identity_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    extended = models.BooleanField(default=False)
    extension_reason = models.TextField(blank=True)
    # The export: a zip built by a background task.
    export_state = models.CharField(
        max_length=10, choices=ExportState.choices, blank=True, default=ExportState.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    archive = models.FileField(upload_to=archive_path, max_length=300, blank=True)
    archive_token = models.CharField(max_length=64, blank=True, editable=False)
    archive_sha256 = models.CharField(max_length=64, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    # The data protection lead's review of private notes (reflective notes naming the person).
    private_reviewed_at = models.DateTimeField(null=True, blank=True)
    private_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    private_note_ids = models.JSONField(
        default=list, blank=True, help_text="Private notes the lead released for the export."
    )
    private_withheld_reason = models.TextField(blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="sar_open_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SAR-{self.pk:05d}" if self.pk else "SAR"

    @property
    def clock_starts_on(self) -> dt.date:
        if self.identity_confirmed_on and self.identity_confirmed_on > self.received_on:
            return self.identity_confirmed_on
        return self.received_on

    def compute_due_on(self) -> dt.date:
        return respond_by(self.clock_starts_on, months=3 if self.extended else 1)

    @property
    def latest_extension_on(self) -> dt.date:
        return add_calendar_months(self.clock_starts_on, 3)

    @property
    def is_open(self) -> bool:
        return self.status != SarStatus.COMPLETED

    def days_left(self, today: dt.date) -> int:
        return (self.due_on - today).days


class ErasureStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Waiting for a second person's approval")
    CARRIED_OUT = "carried_out", _("Erased")
    REFUSED = "refused", _("Refused")


class ErasureRequest(OrganisationOwned):
    """Erasing one person's record, asked for by one member and approved by another.

    It keeps the record's reference only; the reason stays here (never in the audit
    trail, whose tombstone holds no personal data).
    """

    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="erasure_requests"
    )
    person_reference = models.CharField(max_length=20)
    reason = models.TextField(_("why the record should be erased"))
    status = models.CharField(
        max_length=20, choices=ErasureStatus.choices, default=ErasureStatus.AWAITING_APPROVAL
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="erasure_status_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"ERA-{self.pk:05d}" if self.pk else "ERA"


class RetentionStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Waiting for a manager's approval")
    APPROVED = "approved", _("Approved: being carried out")
    CARRIED_OUT = "carried_out", _("Carried out")
    DISCARDED = "discarded", _("Discarded")


class RetentionReview(OrganisationOwned):
    """A dry run of the retention rules: what would be erased, for a manager to approve."""

    closed_before = models.DateField(help_text="People whose last case closed before this day.")
    received_before = models.DateTimeField(
        help_text="Declined or signposted referrals received before this."
    )
    person_ids = models.JSONField(default=list)
    referral_ids = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=RetentionStatus.choices, default=RetentionStatus.AWAITING_APPROVAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    carried_out_at = models.DateTimeField(null=True, blank=True)
    people_erased = models.PositiveIntegerField(default=0)
    referrals_erased = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"RET-{self.pk:05d}" if self.pk else "RET"

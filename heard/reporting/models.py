"""Reports: which services a commissioner sees, report exports, and population figures.

Figures themselves are never stored: each is computed from the records when asked
(``heard.reporting.measures``), so every format gives the same number.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.core.models import OrganisationOwned


class Commission(OrganisationOwned):
    """A commissioner's membership tied to one service they commission: they see its reports."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="commissions"
    )
    service = models.ForeignKey(
        "organisations.Service", on_delete=models.CASCADE, related_name="commissions"
    )

    class Meta:
        ordering = ["service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "service"], name="one_commission_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} commissions {self.service}"


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Spreadsheet (XLSX)")
    CSV = "csv", _("CSV files (zip)")
    PDF = "pdf", _("PDF report")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


CONTENT_TYPES = {
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.CSV: "application/zip",
    ExportFormat.PDF: "application/pdf",
}


class ReportExport(OrganisationOwned):
    """One export asked for by one user. The file is kept until ``expires_at``, then erased."""

    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateField()
    end = models.DateField()
    format = models.CharField(max_length=8, choices=ExportFormat.choices)
    # Figures in the file are suppressed (as shared with commissioners).
    suppressed = models.BooleanField(default=False)
    # The language the file is written in: a Welsh organisation may have either.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    filename = models.CharField(max_length=120, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["organisation", "requested_by", "-created_at"], name="export_owner_idx"
            ),
            models.Index(fields=["status", "expires_at"], name="export_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.filename or f"{self.get_format_display()} {self.start}–{self.end}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


class PopulationArea(models.Model):
    """Census 2021 usual residents of one area by ethnic group (ONS TS021), for comparison.

    Public figures, not an organisation's data: shared by every organisation. ``counts``
    maps each ethnicity code (``heard.people.equality.Ethnicity``) to the count; the
    high-level groups are sums of their categories. ``age_band`` is blank for all ages.
    """

    code = models.CharField(max_length=9)
    name = models.CharField(max_length=200)
    age_band = models.CharField(max_length=10, blank=True)
    counts = models.JSONField(default=dict)
    total = models.PositiveIntegerField()
    source = models.CharField(max_length=200)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "age_band"]
        constraints = [
            models.UniqueConstraint(fields=["code", "age_band"], name="population_area_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class DailyTime(OrganisationOwned):
    """Activity time summed per service, advocacy type, local day and kind of activity.

    Kept by the activity services in the same transaction as the activity (so it is exact
    for everything recorded through Heard) and rebuilt from the activities by
    ``heard rebuild-time-summary`` or the nightly maintenance task. Long report ranges read
    it instead of every activity (docs/reporting.md, "The daily time summary").
    Only activities in effect count. Counts may go negative only if the table is out of step
    with the activities (a rebuild puts it right); they have no database check, so an
    activity is never refused because of the summary.
    """

    service = models.ForeignKey("organisations.Service", on_delete=models.CASCADE, related_name="+")
    advocacy_type = models.CharField(max_length=30)
    day = models.DateField()
    kind = models.CharField(max_length=20)
    activities = models.IntegerField(default=0)
    minutes = models.BigIntegerField(default=0)
    travel_minutes = models.BigIntegerField(default=0)
    contacts = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service", "day", "kind", "advocacy_type"],
                name="one_daily_time_row_per_key",
            )
        ]
        indexes = [models.Index(fields=["organisation", "day"], name="daily_time_org_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}: {self.minutes} minutes"

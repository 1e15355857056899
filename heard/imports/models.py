"""Imports of an organisation's history from spreadsheets: sources, jobs, staged rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.core.models import OrganisationOwned


class Kind(models.TextChoices):
    PEOPLE = "people", _("People")
    CASES = "cases", _("Cases")
    ISSUES = "issues", _("Issues and outcomes")
    ACTIVITIES = "activities", _("Activities")


class ImportSource(OrganisationOwned):
    """Where files come from (e.g. "Charitylog export"): its saved column and value mappings."""

    name = models.CharField(_("source"), max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # {heard field: source column}
    column_mapping = models.JSONField(default=dict, blank=True)
    # {heard field: {source value: heard value}}
    value_mapping = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "name"], name="import_source_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Could not be read")
    UNDONE = "undone", _("Undone")


def import_path(instance, filename: str) -> str:
    return f"imports/{instance.organisation_id}/{instance.token}"


class ImportJob(OrganisationOwned):
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.ForeignKey(
        ImportSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    token = models.CharField(max_length=40)
    file = models.FileField(upload_to=import_path)
    original_name = models.CharField(max_length=255)
    headers = models.JSONField(default=list, blank=True)
    column_mapping = models.JSONField(default=dict, blank=True)
    value_mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    problem_rows = models.PositiveIntegerField(default=0)
    matched_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in (Status.CHECKING, Status.IMPORTING)


class StagedRow(models.Model):
    """One row of the file, checked: the values Heard will store, or what is wrong with it."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    values = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    matched_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["row_number"]
        indexes = [models.Index(fields=["job", "row_number"], name="staged_row_idx")]

    def __str__(self) -> str:
        return f"{self.job} row {self.row_number}"


class ImportedRecord(models.Model):
    """A run of records an import created (ids ``first_id`` to ``last_id``, each one created by
    this import), so the whole import can be undone while nothing has changed."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="records")
    model = models.CharField(max_length=100)
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["job", "model"], name="imported_record_idx")]

    def __str__(self) -> str:
        return f"{self.model} {self.first_id}–{self.last_id}"


class SourceKey(OrganisationOwned):
    """A record's ID in the system it came from (e.g. a CRM's case "CL-10231").

    A second import of the same row finds the record rather than adding it again, and later
    files can refer to it by that ID (an issues file names its cases by the CRM's case IDs).
    """

    model = models.CharField(max_length=100)
    key = models.CharField(max_length=100)
    # The key as compared: case and surrounding spaces ignored.
    folded = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="keys")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "model", "folded"], name="import_source_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.key}"

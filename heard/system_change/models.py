"""The system issues register: patterns across cases that need change beyond one person.

A ``SystemIssue`` is evidenced by ``EvidenceLink`` rows, each naming a case (and
optionally one of its issues). Counts are never stored: evidence and people
affected are counted from the links whenever they are shown, so they are
always current (see ``heard.system_change.selectors`` and docs/system-change.md).
"""

from django.db import models

from heard.core.models import OrganisationOwned


class Theme(models.TextChoices):
    ACCESS_TO_ADVOCACY = "access_to_advocacy", "Access to advocacy"
    INFORMATION = (
        "information_and_communication",
        "Information and communication (for example, not in Easy Read)",
    )
    DECISIONS_WITHOUT_INVOLVEMENT = "decisions_without_involvement", "Decisions without involvement"
    RESTRICTIVE_PRACTICE = "restrictive_practice", "Restrictive practice"
    DELAYS = "delays", "Delays"
    DISCHARGE_AND_PLACEMENTS = "discharge_and_placements", "Discharge and placements"
    QUALITY_OF_CARE = "quality_of_care", "Quality of care"
    RIGHTS_NOT_EXPLAINED = "rights_not_explained", "Rights not explained"
    OTHER = "other", "Other"


class SystemIssueStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SystemIssue(OrganisationOwned):
    """A theme that recurs across cases, with the bodies who could change it."""

    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=40, choices=Theme.choices)
    description = models.TextField()
    who_it_affects = models.TextField(blank=True)
    bodies_responsible = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=SystemIssueStatus.choices, default=SystemIssueStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Sharing with the network hub: only the anonymised summary ever leaves the organisation.
    share_with_network = models.BooleanField(default=False)
    shared_summary = models.JSONField(default=dict, blank=True)
    shared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the shared summary was last built."
    )

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["organisation", "status", "title"], name="system_issue_status_idx")
        ]

    def __str__(self) -> str:
        return self.title


class EvidenceLink(OrganisationOwned):
    """One case that evidences a system issue, optionally narrowed to one issue or challenge on it."""

    system_issue = models.ForeignKey(SystemIssue, on_delete=models.CASCADE, related_name="evidence")
    case = models.ForeignKey(
        "casework.Case", on_delete=models.CASCADE, related_name="system_issue_links"
    )
    issue = models.ForeignKey(
        "casework.Issue",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="system_issue_links",
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="system_issue_links",
    )
    linked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField()

    class Meta:
        ordering = ["linked_at", "id"]
        # One link per piece of evidence: a challenge, else an issue, else the case as a whole.
        # (A plain unique constraint would not do: NULLs are distinct in SQL.)
        constraints = [
            models.UniqueConstraint(
                fields=["system_issue", "challenge"],
                condition=models.Q(challenge__isnull=False),
                name="evidence_unique_challenge",
            ),
            models.UniqueConstraint(
                fields=["system_issue", "case", "issue"],
                condition=models.Q(challenge__isnull=True, issue__isnull=False),
                name="evidence_unique_case_issue",
            ),
            models.UniqueConstraint(
                fields=["system_issue", "case"],
                condition=models.Q(challenge__isnull=True, issue__isnull=True),
                name="evidence_unique_whole_case",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "system_issue", "case"], name="evidence_issue_idx"
            ),
            models.Index(fields=["organisation", "case"], name="evidence_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.system_issue}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class Action(OrganisationOwned):
    """One step of a system issue's action plan: who does what by when, and what changed."""

    system_issue = models.ForeignKey(SystemIssue, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="system_issue_actions",
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    what_changed = models.TextField(blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        # Undated actions last on every database (SQLite would put NULLs first).
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]
        indexes = [
            models.Index(fields=["organisation", "system_issue", "due_on"], name="action_issue_idx")
        ]

    def __str__(self) -> str:
        return self.description[:60]

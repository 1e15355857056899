"""Cases: one person's advocacy under one advocacy type and one service.

The status history is a series of immutable ``CaseStatus`` rows (who, when,
why). ``Case.status`` is a copy of the latest row's status, kept only so lists
can filter and index on it; it is written by ``heard.casework.services.lifecycle`` alone.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.core.advocacy_types import AdvocacyType, Nation
from heard.core.models import EnteredInError, OrganisationOwned


class Status(models.TextChoices):
    WAITING = "waiting", "Waiting"
    ALLOCATED = "allocated", "Allocated"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    CLOSED = "closed", "Closed"


# On someone's caseload: allocated to them and not yet closed.
OPEN_STATUSES = (Status.ALLOCATED, Status.ACTIVE, Status.ON_HOLD)


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    STANDARD = "standard", "Standard"


class Instruction(models.TextChoices):
    INSTRUCTED = "instructed", "Instructed"
    NON_INSTRUCTED = "non_instructed", "Non-instructed"


class NonInstructedApproach(models.TextChoices):
    HUMAN_RIGHTS = "human_rights", "Human rights approach"
    WATCHING_BRIEF = "watching_brief", "Watching brief"
    PERSON_CENTRED = "person_centred", "Person-centred approach"
    QUESTIONING = "questioning", "Questioning approach"
    COMBINED = "combined", "Combined approach"


class DolsAuthorisation(models.TextChoices):
    URGENT = "urgent", "Urgent authorisation"
    STANDARD = "standard", "Standard authorisation"


class MhaStatus(models.TextChoices):
    """The person's status under the Mental Health Act 1983 (the ``mha.status`` codes)."""

    S2 = "s2", _("Section 2 (assessment)")
    S3 = "s3", _("Section 3 (treatment)")
    S4 = "s4", _("Section 4 (emergency assessment)")
    S5_2 = "s5_2", _("Section 5(2) (doctor's holding power)")
    S5_4 = "s5_4", _("Section 5(4) (nurse's holding power)")
    S35 = "s35", _("Section 35 (remand for a report)")
    S36 = "s36", _("Section 36 (remand for treatment)")
    S37 = "s37", _("Section 37 (hospital order)")
    S37_41 = "s37_41", _("Section 37/41 (hospital order with restrictions)")
    S38 = "s38", _("Section 38 (interim hospital order)")
    S45A = "s45a", _("Section 45A (hospital direction)")
    S47 = "s47", _("Section 47 (transfer from prison)")
    S47_49 = "s47_49", _("Section 47/49 (transfer from prison with restrictions)")
    S48 = "s48", _("Section 48 (urgent transfer from prison)")
    S48_49 = "s48_49", _("Section 48/49 (urgent transfer with restrictions)")
    S135 = "s135", _("Section 135 (warrant to a place of safety)")
    S136 = "s136", _("Section 136 (removal to a place of safety)")
    GUARDIANSHIP = "guardianship", _("Guardianship (section 7)")
    CTO = "cto", _("Community treatment order (section 17A)")
    CONDITIONAL_DISCHARGE = "conditional_discharge", _("Conditional discharge")
    INFORMAL_INPATIENT = "informal_inpatient", _("Informal in-patient")


class MhaHearingKind(models.TextChoices):
    TRIBUNAL = "tribunal", _("Tribunal hearing")
    MANAGERS = "managers", _("Hospital managers' hearing")


class ClosureReason(models.TextChoices):
    ISSUES_RESOLVED = "issues_resolved", "Issues resolved"
    PERSON_WITHDREW = "person_withdrew", "Person withdrew"
    NO_LONGER_ELIGIBLE = "no_longer_eligible", "Person no longer eligible"
    MOVED_OUT_OF_AREA = "moved_out_of_area", "Moved out of area"
    DIED = "died", "Died"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred to another service"
    OTHER = "other", "Other"


class PreAllocationClosureReason(models.TextChoices):
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_ELIGIBLE = "not_eligible", "Not eligible after all"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    MOVED_OUT_OF_AREA = "moved_out_of_area", "Moved out of area"
    DIED = "died", "Died"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"


class Case(OrganisationOwned):
    reference = models.CharField(max_length=20, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    service = models.ForeignKey(
        "organisations.Service", on_delete=models.PROTECT, related_name="cases"
    )
    advocacy_type = models.CharField(max_length=30, choices=AdvocacyType.choices)
    nation = models.CharField(
        max_length=10,
        choices=Nation.choices,
        null=True,
        blank=True,
        help_text="Where the person is (for IMHA, the hospital), when not the service's nation.",
    )
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
    # Milestones contract reports measure (heard.casework.milestones keeps them): the local
    # day of first contact (earliest activity in effect with the person) and of first
    # allocation. Derived from the activities and status rows; never edited by hand.
    first_contact_on = models.DateField(null=True, blank=True, editable=False)
    allocated_on = models.DateField(null=True, blank=True, editable=False)
    is_restricted = models.BooleanField(default=False)
    restricted_managers = models.ManyToManyField(
        "organisations.Membership",
        blank=True,
        related_name="restricted_cases",
        help_text="Managers named on a restricted case: with its advocate, the only staff who may open it.",
    )
    instruction = models.CharField(
        max_length=20, choices=Instruction.choices, default=Instruction.INSTRUCTED
    )
    non_instructed_approaches = models.JSONField(default=list, blank=True)
    # Facts that statutory deadlines are generated from (see heard.casework.deadlines).
    dols_authorisation = models.CharField(
        max_length=10, choices=DolsAuthorisation.choices, blank=True
    )
    dols_authorised_on = models.DateField(null=True, blank=True)
    dols_expires_on = models.DateField(null=True, blank=True)
    decision_date = models.DateField(
        null=True, blank=True, help_text="When the decision an IMCA reports on will be made."
    )
    care_act_review_on = models.DateField(null=True, blank=True)
    # Mental Health Act facts (IMHA): the deadlines in heard.casework.deadlines come from them.
    mha_status = models.CharField(
        _("status under the Mental Health Act"),
        max_length=24,
        choices=MhaStatus.choices,
        blank=True,
    )
    mha_status_began_at = models.DateTimeField(
        _("when the status began"),
        null=True,
        blank=True,
        help_text=_(
            "The admission, order or holding power's start. The time matters for the "
            "hour-based sections (4, 5(2), 5(4), 135 and 136)."
        ),
    )
    mha_detention_extended = models.BooleanField(
        _("place of safety detention extended by 12 hours (section 136B)"), default=False
    )
    mha_hearing_kind = models.CharField(
        _("kind of hearing"), max_length=10, choices=MhaHearingKind.choices, blank=True
    )
    mha_hearing_on = models.DateField(_("hearing date"), null=True, blank=True)

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
            # The restricted-person check on people lists and search reads only these rows.
            models.Index(
                fields=["person"],
                condition=models.Q(is_restricted=True),
                name="case_restricted_person_idx",
            ),
            # The same rows led by the organisation and covering the "person hidden" test
            # (``closed_to_member``): search and people lists read one organisation's
            # restricted cases from the index alone, not every organisation's from the table.
            models.Index(
                fields=["organisation", "person"],
                include=["allocated_to", "id"],
                condition=models.Q(is_restricted=True),
                name="case_restricted_org_person_idx",
            ),
            # The case list's default order (newest referral first), paged by the database.
            models.Index(fields=["organisation", "received_on", "id"], name="case_list_idx"),
            # The case list's filters, each ending in its order so a keyset page (ADR-0052)
            # is one index range at any depth. Open cases are the default view and a
            # minority of an organisation's years of cases: partial indexes pay there.
            models.Index(
                fields=["organisation", "received_on", "id"],
                condition=~models.Q(status="closed"),
                name="case_list_open_idx",
            ),
            models.Index(
                fields=["organisation", "status", "received_on", "id"], name="case_list_status_idx"
            ),
            models.Index(
                fields=["organisation", "service", "status", "received_on", "id"],
                name="case_list_service_idx",
            ),
            models.Index(
                fields=["organisation", "service", "received_on", "id"],
                condition=~models.Q(status="closed"),
                name="case_list_open_service_idx",
            ),
            models.Index(
                fields=["organisation", "allocated_to", "received_on", "id"],
                name="case_list_advocate_idx",
            ),
            # Everyone's caseload on the manager view: open cases by advocate, with the
            # advocacy type that weighs them, read from the index alone (no table rows).
            models.Index(
                fields=["organisation", "allocated_to", "advocacy_type"],
                condition=models.Q(status__in=OPEN_STATUSES, allocated_to__isnull=False),
                name="case_open_caseload_idx",
            ),
            # The waiting list's order (urgent first, longest wait first) for its keyset
            # pages; waiting cases are few among years of cases, so partial indexes.
            models.Index(
                "organisation",
                models.F("priority").desc(),
                "received_on",
                "id",
                condition=models.Q(status="waiting"),
                name="case_waiting_order_idx",
            ),
            models.Index(
                "organisation",
                "service",
                models.F("priority").desc(),
                "received_on",
                "id",
                condition=models.Q(status="waiting"),
                name="case_waiting_service_order_idx",
            ),
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
    conflict_override_reason = models.TextField(
        blank=True, help_text="Why a manager allocated despite a declared conflict of interest."
    )
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


class InstructionChange(models.Model):
    """One immutable change of how the advocacy is done: instructed or non-instructed, and the
    non-instructed approaches. The first row of a case that opened non-instructed says why
    (``reason``); later rows are the advocate's or a manager's changes. Never updated."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="instruction_changes")
    previous_instruction = models.CharField(max_length=20, choices=Instruction.choices, blank=True)
    instruction = models.CharField(max_length=20, choices=Instruction.choices)
    previous_approaches = models.JSONField(default=list, blank=True)
    approaches = models.JSONField(default=list, blank=True)
    reason = models.CharField(
        max_length=40,
        blank=True,
        help_text="Why a case opened non-instructed (a code); blank for a change made later.",
    )
    changed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["case", "changed_at"], name="case_instruction_history_idx")]

    def __str__(self) -> str:
        return f"{self.case}: {self.previous_instruction or '(opened)'} → {self.instruction}"


class ConflictKind(models.TextChoices):
    PERSON = "person", "The person"
    FAMILY = "family", "Their family"
    PROVIDER = "provider", "A provider involved in their care"
    COMMISSIONER = "commissioner", "A commissioner of the service"


class ConflictOfInterest(OrganisationOwned):
    """A staff member's declared conflict: blocks allocating them unless a manager overrides."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(max_length=20, choices=ConflictKind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(
        max_length=200, blank=True, help_text="The family name or the provider's name."
    )
    description = models.TextField(blank=True)
    declared_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-declared_at"]
        indexes = [
            models.Index(
                fields=["organisation", "membership", "resolved_at"], name="conflict_member_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.get_kind_display()}"


class IssueOutcome(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    PARTLY_ACHIEVED = "partly_achieved", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    WITHDRAWN = "withdrawn", "Withdrawn"


class OutcomeTag(models.TextChoices):
    VIEWS_HEARD = "views_heard", "Views and wishes heard"
    DECISION_CHANGED = "decision_changed", "Decision changed"
    RIGHTS_UPHELD = "rights_upheld", "Rights upheld"
    MORE_CONFIDENT = "more_confident", "Person more confident to speak up"
    CHALLENGE_MADE = "challenge_made", "Challenge made"
    INFORMATION_UNDERSTOOD = "information_understood", "Information understood"


class FeltListenedTo(models.TextChoices):
    """Whether the person felt listened to, in their own answer (recorded with the outcome)."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_ASKED = "not_asked", _("They could not say, or were not asked")


class IssueCategory(models.TextChoices):
    CARE_AND_SUPPORT = "care_and_support", "Care and support"
    ACCOMMODATION = "accommodation", "Where to live"
    HEALTH_TREATMENT = "health_treatment", "Health and treatment"
    MENTAL_HEALTH_RIGHTS = "mental_health_rights", "Rights under the Mental Health Act"
    LIBERTY = "liberty", "Liberty and restrictions"
    SAFEGUARDING = "safeguarding", "Safety and safeguarding"
    MONEY = "money", "Money and benefits"
    COMPLAINT = "complaint", "Making a complaint"
    FAMILY_AND_RELATIONSHIPS = "family_and_relationships", "Family and relationships"
    OTHER = "other", "Other"


class SaidBy(models.TextChoices):
    PERSON = "person", "The person, in their own words"
    ADVOCATE = "advocate", "The advocate (non-instructed)"


class Issue(EnteredInError, OrganisationOwned):
    """Something the person wants to change, in their own words; it ends with an outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="issues")
    in_their_words = models.TextField()
    said_by = models.CharField(max_length=10, choices=SaidBy.choices, default=SaidBy.PERSON)
    category = models.CharField(max_length=30, choices=IssueCategory.choices)
    outcome = models.CharField(max_length=20, choices=IssueOutcome.choices, blank=True)
    outcome_tags = models.JSONField(default=list, blank=True)
    outcome_note = models.TextField(blank=True)
    # What the person said about the outcome, in their own words (kept out of every report),
    # and whether they felt listened to (a code, counted in the contract report).
    outcome_in_their_words = models.TextField("what the person said about the outcome", blank=True)
    felt_listened_to = models.CharField(
        "felt listened to", max_length=10, choices=FeltListenedTo.choices, blank=True
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organisation", "case"], name="issue_case_idx")]

    def __str__(self) -> str:
        return self.in_their_words[:60]


class ActivityKind(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE_CALL = "phone_call", "Phone call"
    VIDEO_CALL = "video_call", "Video call"
    MEETING = "meeting", "Meeting"
    LETTER_EMAIL = "letter_email", "Letter or email"
    REPORT_WRITING = "report_writing", "Report writing"
    RESEARCH = "research", "Research"
    TRAVEL = "travel", "Travel"


# Kinds of activity that are contact with the person (the first one makes a case active).
CONTACT_KINDS = frozenset(
    {ActivityKind.VISIT, ActivityKind.PHONE_CALL, ActivityKind.VIDEO_CALL, ActivityKind.MEETING}
)


class Activity(EnteredInError, OrganisationOwned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    occurred_at = models.DateTimeField()
    minutes = models.PositiveIntegerField(default=0)
    travel_minutes = models.PositiveIntegerField(default=0)
    with_person = models.BooleanField(
        default=False, help_text="Contact with the person themselves (counts as first contact)."
    )
    present = models.CharField(max_length=300, blank=True, help_text="Who else was there")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["organisation", "case", "-occurred_at"], name="activity_case_idx"),
            models.Index(
                fields=["organisation", "recorded_by", "-occurred_at"], name="activity_staff_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%Y-%m-%d}"


class TaskKind(models.TextChoices):
    MANUAL = "manual", "Task"
    FIRST_CONTACT = "first_contact", "First contact target"
    DOLS_REVIEW = "dols_review", "Review before the DoLS authorisation ends"
    DOLS_EXPIRY = "dols_expiry", "DoLS authorisation ends"
    RPR_CONTACT = "rpr_contact", "RPR visit due"
    IMCA_REPORT = "imca_report", "IMCA report due"
    CARE_ACT_REVIEW = "care_act_review", "Care Act review"
    MHA_ENDS = "mha_ends", _("Mental Health Act section or order ends")
    MHA_TRIBUNAL = "mha_tribunal", _("Tribunal application")
    MHA_REFERRAL = "mha_referral", _("Referral to the tribunal")
    MHA_HEARING = "mha_hearing", _("Prepare for a hearing")


class Task(EnteredInError, OrganisationOwned):
    """A thing to do by a date: entered by hand, or generated by a deadline rule from case facts."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    kind = models.CharField(max_length=20, choices=TaskKind.choices, default=TaskKind.MANUAL)
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    # Hour-based deadlines (Mental Health Act holding powers) are due at a time, not a day.
    due_at = models.DateTimeField(null=True, blank=True)
    # The law a generated task rests on, e.g. "Mental Health Act 1983 s66(1)(a), (2)(a)".
    citation = models.CharField(max_length=300, blank=True)
    assigned_to = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    # A generated task's rule key (e.g. "dols_expiry"), so regenerating updates rather than duplicates.
    rule_key = models.CharField(max_length=40, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule_key"],
                condition=~models.Q(rule_key=""),
                name="one_generated_task_per_rule_per_case",
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "assigned_to", "completed_at", "due_on"],
                name="task_assignee_idx",
            ),
            models.Index(fields=["organisation", "case", "due_on"], name="task_case_idx"),
            # Overdue tasks by assignee on the manager view: only tasks still to do.
            models.Index(
                fields=["organisation", "assigned_to", "due_on"],
                condition=models.Q(completed_at__isnull=True, entered_in_error_at__isnull=True),
                name="task_open_assignee_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    LETTER = "letter", "Letter"
    REPORT = "report", "Report"
    ASSESSMENT = "assessment", "Assessment"
    CARE_PLAN = "care_plan", "Care plan"
    CORRESPONDENCE = "correspondence", "Other correspondence"
    OTHER = "other", "Other"


def document_path(instance, filename: str) -> str:
    # Never the uploaded name: it may hold personal data and is not safe as a path.
    return f"documents/{instance.organisation_id}/{instance.case_id}/{instance.token}"


class Document(EnteredInError, OrganisationOwned):
    """A file on a case. Stored outside the web root and served only through a checked view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    token = models.CharField(max_length=64, editable=False)
    file = models.FileField(upload_to=document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "case", "-created_at"], name="document_case_idx")
        ]

    def __str__(self) -> str:
        return self.title

"""Advocates' development: profile, induction, readiness, training, supervision,
reflective notes, wellbeing, leave and barriers to independence.

Everything here is about a staff member (a ``Membership``), not about the people
the organisation supports. Reflective notes are private to their author; see
``heard.development.access`` and ADR-0011.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.core.advocacy_types import AdvocacyType
from heard.core.models import OrganisationOwned


class AdvocateProfile(OrganisationOwned):
    """Who supports an advocate and what they may practise. One per membership."""

    membership = models.OneToOneField(
        "organisations.Membership", on_delete=models.CASCADE, related_name="development_profile"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    advocacy_types = models.JSONField(
        default=list, blank=True, help_text="Advocacy type codes they may practise."
    )
    line_supervisor = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisees",
    )
    # An external supervisor is often outside the organisation: a name, not a user.
    external_supervisor_name = models.CharField(max_length=200, blank=True)
    external_supervisor_organisation = models.CharField(max_length=200, blank=True)
    mentor = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentees",
    )

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "line_supervisor"], name="dev_profile_sup_idx")
        ]

    def __str__(self) -> str:
        return f"Development profile {self.pk}"

    def clean(self):
        unknown = [c for c in self.advocacy_types if c not in AdvocacyType.values]
        if unknown:
            raise ValidationError({"advocacy_types": _("Select advocacy types from the list")})


class InductionStage(models.TextChoices):
    BEFORE_START = "before_start", _("Before starting")
    FIRST_WEEK = "first_week", _("First week")
    FIRST_MONTH = "first_month", _("First month")
    BEFORE_CASES = "before_cases", _("Before taking cases")


class SignOffBy(models.TextChoices):
    LINE_SUPERVISOR = "line_supervisor", _("Line supervisor")
    MANAGER = "manager", _("A service manager")
    MENTOR = "mentor", _("Mentor")
    SELF = "self", _("The new starter")


class InductionItem(OrganisationOwned):
    """One step of the organisation's induction checklist."""

    stage = models.CharField(max_length=20, choices=InductionStage.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    signed_off_by = models.CharField(
        max_length=20, choices=SignOffBy.choices, default=SignOffBy.LINE_SUPERVISOR
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["organisation", "is_active", "position"])]

    def __str__(self) -> str:
        return self.title


class InductionSignOff(OrganisationOwned):
    """A checklist item done by one new starter, and who signed it off."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="induction_sign_offs"
    )
    item = models.ForeignKey(InductionItem, on_delete=models.CASCADE, related_name="sign_offs")
    completed_on = models.DateField()
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "item"], name="one_sign_off_per_item")
        ]
        indexes = [models.Index(fields=["organisation", "membership"])]

    def __str__(self) -> str:
        return f"Induction sign-off {self.pk}"


class ShadowVisit(OrganisationOwned):
    """A new starter shadowing a visit: linked to the activity on the real case."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="shadow_visits"
    )
    activity = models.ForeignKey(
        "casework.Activity", on_delete=models.CASCADE, related_name="shadow_visits"
    )
    reflection = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "activity"], name="one_shadow_per_visit")
        ]
        indexes = [models.Index(fields=["organisation", "membership"])]

    def __str__(self) -> str:
        return f"Shadowed visit {self.pk}"


class Readiness(OrganisationOwned):
    """A manager's sign-off that someone is ready to take cases of one advocacy type.

    Withdrawn rather than deleted, so the history of who signed what stays.
    """

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="readiness"
    )
    advocacy_type = models.CharField(max_length=30, choices=AdvocacyType.choices)
    signed_off_on = models.DateField()
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "advocacy_type"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_current_readiness_per_type",
            )
        ]
        indexes = [models.Index(fields=["organisation", "membership", "advocacy_type"])]

    def __str__(self) -> str:
        return f"Ready for {self.get_advocacy_type_display()}"


class TrainingKind(models.TextChoices):
    QUALIFICATION = "qualification", _("Advocacy qualification")
    UNIT = "unit", _("Qualification unit")
    TRAINING = "training", _("Training")


class TrainingItem(OrganisationOwned):
    """Something the organisation expects staff to hold: the qualification, a unit, a course."""

    kind = models.CharField(max_length=20, choices=TrainingKind.choices)
    name = models.CharField(max_length=200)
    qualification = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="units",
        help_text="For a unit: the qualification it belongs to.",
    )
    refresh_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months after completion when it must be refreshed."
    )
    required_for = models.JSONField(
        default=list,
        blank=True,
        help_text="Advocacy type codes an advocate must hold this for, to be allocated cases.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name", "id"]
        indexes = [models.Index(fields=["organisation", "is_active", "position"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.kind == TrainingKind.UNIT and self.qualification_id is None:
            errors["qualification"] = _("Select the qualification this unit belongs to")
        if [c for c in self.required_for if c not in AdvocacyType.values]:
            errors["required_for"] = _("Select advocacy types from the list")
        if errors:
            raise ValidationError(errors)


class TrainingStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")


class TrainingRecord(OrganisationOwned):
    """One person's progress on one training item."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="training_records"
    )
    item = models.ForeignKey(TrainingItem, on_delete=models.CASCADE, related_name="records")
    status = models.CharField(
        max_length=20, choices=TrainingStatus.choices, default=TrainingStatus.NOT_STARTED
    )
    started_on = models.DateField(null=True, blank=True)
    achieved_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "item"], name="one_record_per_item")
        ]
        indexes = [models.Index(fields=["organisation", "item", "expires_on"])]

    def __str__(self) -> str:
        return f"Training record {self.pk}"


class SupervisionKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one supervision")
    GROUP = "group", _("Group reflective practice")
    EXTERNAL = "external", _("External case supervision")


# How often each kind is expected when the organisation has not said (days).
DEFAULT_FREQUENCY_DAYS = {
    SupervisionKind.ONE_TO_ONE: 42,
    SupervisionKind.GROUP: 30,
    SupervisionKind.EXTERNAL: 91,
}


class SupervisionFrequency(OrganisationOwned):
    """How often the organisation expects each kind of supervision."""

    kind = models.CharField(max_length=20, choices=SupervisionKind.choices)
    every_days = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="one_frequency_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} every {self.every_days} days"


class Theme(models.TextChoices):
    PROFESSIONAL_CURIOSITY = "professional_curiosity", _("Professional curiosity")
    UNCONSCIOUS_COMPLIANCE = "unconscious_compliance", _("Unconscious compliance")
    BARRIERS_TO_INDEPENDENCE = "barriers_to_independence", _("Barriers to independence")
    CHALLENGE = "challenge", _("Challenging decisions")
    NON_INSTRUCTED = "non_instructed", _("Non-instructed advocacy")
    SAFEGUARDING = "safeguarding", _("Safeguarding")
    WELLBEING = "wellbeing", _("Wellbeing and workload")
    LEARNING = "learning", _("Learning and development")


class SupervisionSession(OrganisationOwned):
    """One supervision session of one kind, with who was there and which cases were discussed."""

    kind = models.CharField(max_length=20, choices=SupervisionKind.choices)
    held_on = models.DateField()
    supervisor = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisions_given",
    )
    external_supervisor = models.CharField(max_length=200, blank=True)
    attendees = models.ManyToManyField(
        "organisations.Membership", related_name="supervision_sessions"
    )
    cases = models.ManyToManyField("casework.Case", blank=True, related_name="supervision_sessions")
    themes = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%Y-%m-%d}"


class SupervisionAction(OrganisationOwned):
    """Something agreed in supervision: who does it, by when. Shows on the owner's "my day"."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        "organisations.Membership", on_delete=models.PROTECT, related_name="supervision_actions"
    )
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    system_issue = models.ForeignKey(
        "system_change.SystemIssue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervision_actions",
    )

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]
        indexes = [models.Index(fields=["organisation", "owner", "done_on", "due_on"])]

    def __str__(self) -> str:
        return f"Supervision action {self.pk}"


class ReflectiveNote(OrganisationOwned):
    """An advocate's private reflection. Only its author (and their supervisor when shared) see it.

    ``__str__`` never includes its words: audit labels are shown to admins.
    """

    author = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="reflective_notes"
    )
    written_on = models.DateField()
    title = models.CharField(max_length=200)
    was_i_brave_enough = models.TextField(blank=True)
    face_value = models.TextField(blank=True)
    rights = models.TextField(blank=True)
    reflection = models.TextField(blank=True)
    # People named, so a subject access or erasure request can find the note (data protection lead).
    people_named = models.ManyToManyField("people.Person", blank=True, related_name="+")
    shared_with = models.ForeignKey(
        "organisations.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflective_notes_shared",
        help_text="The supervisor the author chose to share it with.",
    )
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-written_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "author", "written_on"]),
            models.Index(fields=["organisation", "shared_with"]),
        ]

    def __str__(self) -> str:
        return f"Reflective note {self.pk}"


class Feeling(models.IntegerChoices):
    STRUGGLING = 1, _("Struggling")
    LOW = 2, _("Low")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    GREAT = 5, _("Great")


class WellbeingCheckIn(OrganisationOwned):
    """A short, optional check-in: for the advocate and their supervisor, never a performance figure."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="wellbeing_check_ins"
    )
    checked_on = models.DateField()
    feeling = models.PositiveSmallIntegerField(choices=Feeling.choices)
    note = models.TextField(blank=True)
    would_like_to_talk = models.BooleanField(default=False)

    class Meta:
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["organisation", "membership", "checked_on"])]

    def __str__(self) -> str:
        return f"Wellbeing check-in {self.pk}"


class Leave(OrganisationOwned):
    """Annual leave taken: its absence for months is a supportive signal."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="leave"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["organisation", "membership", "ends_on"])]

    def __str__(self) -> str:
        return f"Leave {self.pk}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day must be on or after the first day")})


class BarrierKind(models.TextChoices):
    SELF_INTEREST = "self_interest", _("Self-interest")
    FAMILIARITY = "familiarity", _("Familiarity")
    CONFIDENCE = "confidence", _("Lack of confidence")
    KNOWLEDGE = "knowledge", _("Lack of knowledge")
    COERCION = "coercion", _("Coercion or bullying")
    OTHER = "other", _("Something else")


class Barrier(OrganisationOwned):
    """A barrier to independence an advocate noticed, and how it was addressed."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="barriers"
    )
    noticed_on = models.DateField()
    kind = models.CharField(max_length=20, choices=BarrierKind.choices)
    description = models.TextField()
    how_addressed = models.TextField(blank=True)
    addressed_on = models.DateField(null=True, blank=True)
    reviewed_in = models.ForeignKey(
        SupervisionSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="barriers_reviewed",
    )

    class Meta:
        ordering = ["-noticed_on", "-id"]
        indexes = [models.Index(fields=["organisation", "membership", "noticed_on"])]

    def __str__(self) -> str:
        return f"Barrier to independence {self.pk}"
